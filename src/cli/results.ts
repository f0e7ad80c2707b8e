// `adamw-lens results FILE`: a finished sweep (CSV/TSV, JSON Lines, Optuna SQLite) through the α·λ lens.
// Exit 0 with the analysis, 2 with one error line for bad usage, an unreadable file or no usable run.
import { formatNumber, formatSteps, groupThousands } from '../engine/format';
import {
  analyzeRuns, describeEdges, readResultsFile, RESULT_LIMITS, resultsJson, ResultsError, type ResultsAnalysis, type ReadOptions,
} from '../engine/results/index';

const HELP = `usage: adamw-lens results FILE [options]

Reads the runs of a finished learning-rate / weight-decay sweep and re-reads them in the coordinates that
matter for AdamW: α against α·λ (the decay timescale τ_iter = 1/(α·λ)). Prints the sweep's design
(S1, S2, grid, random), the best run and whether it is on the edge of what was tried, the coupling
measured in the runs (slope of log λ* against log α), and the next S2 sweep.

FILE is a CSV/TSV table (a W&B sweep export, Optuna's trials_dataframe), JSON Lines (one run per line),
or an Optuna study in SQLite (optuna.db, *.sqlite3).

options:
  --metric NAME          the metric column, key or Optuna objective (default: a guess such as val_loss, eval/loss, loss, accuracy)
  --maximize             higher is better (default: from the metric's name or the Optuna study)
  --study NAME           the Optuna study, when the database holds several
  --steps-per-epoch N    also give τ in epochs
  --format text|json     (default text)

limits: ${RESULT_LIMITS.textBytes / 1024 / 1024} MiB for CSV and JSON Lines, ${RESULT_LIMITS.sqliteBytes / 1024 / 1024} MiB for SQLite, ${groupThousands(RESULT_LIMITS.runs)} runs.
Exit codes: 0 analysed, 2 usage error, unreadable file or no usable run (one error line).`;

class UsageError extends Error {}

interface ResultsArgs {
  file?: string;
  read: ReadOptions;
  stepsPerEpoch?: number;
  format: 'text' | 'json';
  help: boolean;
}

const VALUE_OPTIONS = new Set(['--metric', '--study', '--steps-per-epoch', '--format']);

export function parseResultsArgs(args: string[]): ResultsArgs {
  const parsed: ResultsArgs = { read: {}, format: 'text', help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') { parsed.help = true; continue; }
    if (arg === '--maximize') { parsed.read.maximize = true; continue; }
    if (!arg.startsWith('--') || arg === '-') {
      if (parsed.file !== undefined) throw new UsageError(`one file at a time (got '${parsed.file}' and '${arg}')`);
      parsed.file = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option '${arg}' (see --help)`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    if (name === '--metric') parsed.read.metric = value;
    if (name === '--study') parsed.read.study = value;
    if (name === '--steps-per-epoch') {
      const n = Number(value);
      if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`--steps-per-epoch: expected a positive number, got '${value}'`);
      parsed.stepsPerEpoch = n;
    }
    if (name === '--format') {
      if (value !== 'text' && value !== 'json') throw new UsageError(`--format must be text or json, got '${value}'`);
      parsed.format = value;
    }
  }
  return parsed;
}

const list = (xs: readonly number[]) => xs.map(formatNumber).join(', ');

export function formatResultsText(file: string, analysis: ResultsAnalysis, seen: number): string {
  const { best } = analysis;
  const left = seen - analysis.runs;
  const goal = analysis.direction === 'minimize' ? 'lower is better' : 'higher is better';
  const tauEpoch = best.tauEpoch !== undefined ? `, τ_epoch = ${formatNumber(best.tauEpoch)} epochs` : '';
  const lines = [
    `${file}: ${analysis.runs} run${analysis.runs === 1 ? '' : 's'}${left > 0 ? ` (${left} left out)` : ''}, metric '${analysis.metric}' (${goal})`,
    `design: ${analysis.designText}`,
    `best: ${analysis.metric} = ${formatNumber(best.value)} at lr = ${formatNumber(best.lr)}, weight_decay = ${formatNumber(best.weightDecay)} ` +
      `(α·λ = ${formatNumber(best.lr * best.weightDecay)}, τ_iter = ${formatSteps(best.tauIter)} steps${tauEpoch})`,
    `edges: the best run is ${describeEdges(analysis.edges)}`,
    `coupling: ${analysis.couplingText}`,
  ];
  if (analysis.coupling) {
    lines.push(...analysis.coupling.points.map(([lr, wd]) => `  lr = ${formatNumber(lr)}: best weight_decay = ${formatNumber(wd)}`));
  }
  lines.push(`next S2 sweep (α·λ = ${formatNumber(analysis.suggestionProduct)}):`,
    `  lr:           ${list(analysis.suggestion.lrs)}`,
    `  weight_decay: ${list(analysis.suggestion.weightDecays)}`);
  if (analysis.notes.length) lines.push('notes:', ...analysis.notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}

export interface ResultsIO {
  out(text: string): void;
  err(text: string): void;
}

const processIO: ResultsIO = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(text); },
};

export async function runResults(args: string[], io: ResultsIO = processIO): Promise<number> {
  const fail = (message: string) => {
    io.err(`adamw-lens results: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 2;
  };
  let parsed: ResultsArgs;
  try {
    parsed = parseResultsArgs(args);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  if (parsed.help) {
    io.out(`${HELP}\n`);
    return 0;
  }
  if (parsed.file === undefined) return fail('expected a results file (CSV, JSON Lines or an Optuna SQLite database); see --help');
  const file = parsed.file;
  try {
    const { table } = await readResultsFile(file, parsed.read);
    if (table.runs.length === 0) {
      const why = table.notes.filter((n) => /left out|skipped/.test(n)).join('; ');
      return fail(`${file}: no usable runs${table.seen ? ` among ${table.seen}` : ''}${why ? ` (${why})` : ''}`);
    }
    const analysis = analyzeRuns(table, { stepsPerEpoch: parsed.stepsPerEpoch });
    if (parsed.format === 'json') {
      io.out(`${JSON.stringify(resultsJson(file, analysis), null, 2)}\n`);
      // The JSON keeps the issue's shape; what was left out or assumed goes to stderr.
      for (const note of analysis.notes) io.err(`adamw-lens results: note: ${note}\n`);
    } else {
      io.out(formatResultsText(file, analysis, table.seen));
    }
    return 0;
  } catch (error) {
    if (error instanceof ResultsError) return fail(`${file}: ${error.message}`);
    throw error;
  }
}
