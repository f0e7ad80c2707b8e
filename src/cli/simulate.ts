// `adamw-lens simulate`: runs the ridge simulation of seed 000 (or the user's data) and prints heatmaps.
import { readFileSync, statSync } from 'node:fs';
import { DataFileError, dataFileRefusal, parseDataFile } from '../simulation/data-files';
import { LIMITS, logspace, preset, PRESETS, SimConfigError, simulate, validateConfig, VARIANTS } from '../simulation/index';
import type { ScheduleName, SimConfig, SimResult, Variant } from '../simulation/types';
import { formatResult, type OutputFormat } from './simulate-format';

const HELP = `usage: adamw-lens simulate [options]

Runs AdamW on the ridge-regression problem of seed 000 over a grid of learning rates α and weight decays λ
and prints the final validation loss per cell, averaged over the seeds.

options:
  --preset NAME          starting configuration: ${Object.keys(PRESETS).join(', ')} (default seed-fig3)
  --variants LIST        pt,lh,l2,constant,lr-squared (default pt,lh)
  --schedule NAME        constant | sqrt | cosine | warmup-cosine
  --warmup-epochs N      warm-up length of warmup-cosine (default a tenth of the epochs)
  --lrs a,b,…            learning rates α          --lr-range lo:hi:n  n log-spaced values from lo to hi
  --wds a,b,…            weight decays λ (every variant)  --wd-range lo:hi:n
  --epochs N  --batch-size N  --seeds N  --first-seed N  --noise X (synthetic data)
  --data FILE            JSON (A, b, A_val, b_val, optional order, batch_size, epochs) or CSV (features then target)
  --val-fraction F       CSV rows kept for validation, from the end (default 0.2)
  --threads N            worker threads (default: the number of cores)
  --format json|csv|text (default text)

limits: ${LIMITS.lrs} α values, ${LIMITS.weightDecays} λ values per variant, ${LIMITS.cells} cells, ${LIMITS.seeds} seeds,
${LIMITS.epochs} epochs, ${LIMITS.dataEntries.toExponential(0)} data entries, ${LIMITS.stateEntries / 3} cells × weights,
${LIMITS.flops.toExponential(0)} floating-point operations per run.
Invalid input exits with code 2 and one error line.`;

class UsageError extends Error {}

function parseNumber(option: string, text: string): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (Number.isNaN(value)) throw new UsageError(`${option}: '${text}' is not a number`);
  if (!Number.isFinite(value)) throw new UsageError(`${option}: '${text}' must be finite`);
  return value;
}

function parseInteger(option: string, text: string): number {
  const value = parseNumber(option, text);
  if (!Number.isInteger(value)) throw new UsageError(`${option}: '${text}' is not an integer`);
  return value;
}

function parseList(option: string, text: string): number[] {
  return text.split(',').map((t) => parseNumber(option, t));
}

/** lo:hi:n → n log-spaced values from lo to hi. */
function parseRange(option: string, text: string): number[] {
  const parts = text.split(':');
  if (parts.length !== 3) throw new UsageError(`${option}: expected lo:hi:n, got '${text}'`);
  const [lo, hi] = parts.slice(0, 2).map((p) => parseNumber(option, p));
  const n = parseInteger(option, parts[2]);
  if (!(lo > 0 && hi > 0)) throw new UsageError(`${option}: the range ends must be positive, got '${text}'`);
  if (n < 1 || n > 1000) throw new UsageError(`${option}: the number of values must be from 1 to 1000, got ${n}`);
  return logspace(Math.log10(lo), Math.log10(hi), n);
}

interface ParsedArgs {
  config: SimConfig;
  format: OutputFormat;
  dataFile?: string;
  help: boolean;
}

const VALUE_OPTIONS = new Set(['--preset', '--variants', '--schedule', '--warmup-epochs', '--lrs', '--lr-range', '--wds',
  '--wd-range', '--epochs', '--batch-size', '--seeds', '--first-seed', '--noise', '--data', '--val-fraction', '--threads', '--format']);

/** Reads a data file after a stat: a device, a FIFO or a file over the limit is refused before a byte is read. */
function readDataFile(file: string): string {
  const st = statSync(file);
  const refusal = dataFileRefusal(file, { isFile: st.isFile(), size: st.size });
  if (refusal) throw new DataFileError(refusal);
  return readFileSync(file, 'utf8');
}

export function parseSimulateArgs(args: string[], readFile: (path: string) => string = readDataFile): ParsedArgs {
  const values = new Map<string, string>();
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') { help = true; continue; }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option '${arg}' (see --help)`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    values.set(name, value);
  }
  let config: SimConfig;
  try {
    const name = values.get('--preset') ?? 'seed-fig3';
    // Own keys only: `constructor` or `__proto__` are not presets.
    if (!Object.hasOwn(PRESETS, name)) throw new UsageError(`--preset: unknown preset '${name}' (known: ${Object.keys(PRESETS).join(', ')})`);
    config = preset(name);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const get = (name: string) => values.get(name);
  const v = get('--variants');
  if (v !== undefined) {
    const names = v.split(',').map((s) => s.trim());
    for (const name of names) if (!VARIANTS.includes(name as Variant)) throw new UsageError(`--variants: unknown variant '${name}' (known: ${VARIANTS.join(', ')})`);
    config.variants = names as Variant[];
  }
  if (get('--schedule') !== undefined) config.schedule = get('--schedule') as ScheduleName;
  if (get('--warmup-epochs') !== undefined) config.warmupEpochs = parseNumber('--warmup-epochs', get('--warmup-epochs')!);
  if (get('--lrs') !== undefined && get('--lr-range') !== undefined) throw new UsageError('give either --lrs or --lr-range, not both');
  if (get('--wds') !== undefined && get('--wd-range') !== undefined) throw new UsageError('give either --wds or --wd-range, not both');
  if (get('--lrs') !== undefined) config.lrs = parseList('--lrs', get('--lrs')!);
  if (get('--lr-range') !== undefined) config.lrs = parseRange('--lr-range', get('--lr-range')!);
  const wds = get('--wds') !== undefined ? parseList('--wds', get('--wds')!)
    : get('--wd-range') !== undefined ? parseRange('--wd-range', get('--wd-range')!) : undefined;
  if (wds) config.weightDecays = Object.fromEntries(VARIANTS.map((name) => [name, [...wds]]));
  const dataFile = get('--data');
  if (dataFile !== undefined) {
    let text: string;
    try {
      text = readFile(dataFile);
    } catch (error) {
      if (error instanceof DataFileError) throw new UsageError(`--data: ${error.message}`);
      throw new UsageError(`--data: cannot read ${dataFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const valFraction = get('--val-fraction') !== undefined ? parseNumber('--val-fraction', get('--val-fraction')!) : 0.2;
    const loaded = parseDataFile(text, dataFile, valFraction);
    config.data = loaded.data;
    config.seeds = 1;
    delete config.firstSeed;
    if (loaded.batchSize !== undefined) config.batchSize = loaded.batchSize;
    if (loaded.epochs !== undefined) config.epochs = loaded.epochs;
  } else if (get('--val-fraction') !== undefined) {
    throw new UsageError('--val-fraction only applies to --data with a CSV file');
  }
  if (get('--noise') !== undefined) {
    if (config.data.kind !== 'synthetic') throw new UsageError('--noise only applies to the synthetic data');
    config.data = { ...config.data, noise: parseNumber('--noise', get('--noise')!) };
  }
  if (get('--epochs') !== undefined) config.epochs = parseInteger('--epochs', get('--epochs')!);
  if (get('--batch-size') !== undefined) config.batchSize = parseInteger('--batch-size', get('--batch-size')!);
  if (get('--seeds') !== undefined) config.seeds = parseInteger('--seeds', get('--seeds')!);
  if (get('--first-seed') !== undefined) config.firstSeed = parseInteger('--first-seed', get('--first-seed')!);
  if (get('--threads') !== undefined) config.threads = parseInteger('--threads', get('--threads')!);
  config.weightDecays = Object.fromEntries(config.variants.map((name) => [name, config.weightDecays[name]]));
  const format = (get('--format') ?? 'text') as OutputFormat;
  if (!['json', 'csv', 'text'].includes(format)) throw new UsageError(`--format must be json, csv or text, got '${format}'`);
  return { config, format, dataFile, help };
}

function progressBar(done: number, total: number, seconds: number): string {
  const width = 24;
  const filled = Math.round(width * done / total);
  return `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] seed ${done}/${total}  ${seconds.toFixed(1)} s`;
}

/** Where the command writes; tests pass their own. */
export interface SimulateIO {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (the progress bar is drawn only then). */
  errIsTTY: boolean;
}

const processIO: SimulateIO = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(text); },
  get errIsTTY() { return process.stderr.isTTY === true; },
};

export async function runSimulate(args: string[], io: SimulateIO = processIO): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseSimulateArgs(args);
    if (parsed.help) {
      io.out(`${HELP}\n`);
      return 0;
    }
    validateConfig(parsed.config);
  } catch (error) {
    if (error instanceof UsageError || error instanceof SimConfigError || error instanceof DataFileError) {
      io.err(`adamw-lens simulate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const tty = io.errIsTTY;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let result: SimResult;
  try {
    result = await simulate(parsed.config, {
      signal: controller.signal,
      onProgress: tty ? (p) => io.err(progressBar(p.seedsDone, p.seedsTotal, p.partial.seconds)) : undefined,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      io.err('\nadamw-lens simulate: cancelled\n');
      return 130;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
    if (tty) io.err('\n');
  }
  io.out(formatResult(result, parsed.format, parsed.dataFile));
  return 0;
}
