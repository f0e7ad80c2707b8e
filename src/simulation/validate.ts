// Input checks: every bad configuration gets one clear message (SimConfigError) before any work starts.
import { VARIANTS, type ScheduleName, type SimConfig } from './types';

export class SimConfigError extends Error {
  override name = 'SimConfigError';
}

/** Documented limits of one run (README, `adamw-lens simulate --help`). */
export const LIMITS = {
  lrs: 100,
  weightDecays: 100,
  cells: 5000,
  seeds: 100,
  epochs: 10000,
  /** Entries of the training plus validation matrices. */
  dataEntries: 20_000_000,
  /** Optimizer state entries (w, m, v: 3 per weight per cell), split over the workers' wasm memories. */
  stateEntries: 60_000_000,
  /** Floating-point operations of the whole run (4 per weight per batch row per step per cell). */
  flops: 2e12,
  threads: 64,
} as const;

const SCHEDULES: readonly ScheduleName[] = ['constant', 'sqrt', 'cosine', 'warmup-cosine'];

function fail(message: string): never {
  throw new SimConfigError(message);
}

function checkInteger(name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    fail(`${name} must be an integer from ${lo} to ${hi}, got ${String(value)}`);
  }
  return value;
}

function checkMatrix(name: string, rows: unknown, width: number | undefined): number {
  if (!Array.isArray(rows) || rows.length === 0) fail(`${name} must be a non-empty array of rows`);
  const d = width ?? (Array.isArray(rows[0]) ? rows[0].length : 0);
  if (d === 0) fail(`${name} has no columns`);
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row)) fail(`${name}[${i}] is not an array`);
    if (row.length !== d) fail(`mismatched shapes: ${name}[${i}] has ${row.length} columns, expected ${d}`);
    row.forEach((x: unknown, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${name}[${i}][${j}] is ${String(x)}, not a finite number (NaN in data?)`);
    });
  });
  return d;
}

function checkVector(name: string, values: unknown, length: number): void {
  if (!Array.isArray(values)) fail(`${name} must be an array of numbers`);
  if (values.length !== length) fail(`mismatched shapes: ${name} has ${values.length} entries, expected ${length}`);
  values.forEach((x: unknown, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${name}[${i}] is ${String(x)}, not a finite number (NaN in data?)`);
  });
}

/** Number of training rows of the configuration's data. */
export function trainingRows(config: SimConfig): number {
  return config.data.kind === 'synthetic' ? config.data.n : config.data.A.length;
}

/** Throws SimConfigError on the first problem found. */
export function validateConfig(config: SimConfig): void {
  if (!config || typeof config !== 'object') fail('the configuration must be an object');
  if (!Array.isArray(config.variants) || config.variants.length === 0) fail('at least one variant is needed');
  for (const v of config.variants) {
    if (!VARIANTS.includes(v)) fail(`unknown variant '${String(v)}' (known: ${VARIANTS.join(', ')})`);
  }
  if (new Set(config.variants).size !== config.variants.length) fail('a variant is listed twice');
  if (!SCHEDULES.includes(config.schedule)) fail(`unknown schedule '${String(config.schedule)}' (known: ${SCHEDULES.join(', ')})`);
  if (!Array.isArray(config.lrs) || config.lrs.length === 0) fail('at least one learning rate is needed');
  if (config.lrs.length > LIMITS.lrs) fail(`too many learning rates: ${config.lrs.length} (limit ${LIMITS.lrs})`);
  for (const lr of config.lrs) {
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) fail(`learning rate must be positive, got ${String(lr)}`);
  }
  let cells = 0;
  for (const v of config.variants) {
    const wds = config.weightDecays?.[v];
    if (!Array.isArray(wds) || wds.length === 0) fail(`no weight decay values for variant '${v}'`);
    if (wds.length > LIMITS.weightDecays) fail(`too many weight decay values for '${v}': ${wds.length} (limit ${LIMITS.weightDecays})`);
    for (const wd of wds) {
      if (typeof wd !== 'number' || !Number.isFinite(wd) || wd < 0) fail(`weight decay must be ≥ 0, got ${String(wd)}`);
    }
    cells += wds.length * config.lrs.length;
  }
  if (cells > LIMITS.cells) fail(`grid too large: ${cells} cells (limit ${LIMITS.cells})`);
  checkInteger('epochs', config.epochs, 1, LIMITS.epochs);
  checkInteger('seeds', config.seeds, 1, LIMITS.seeds);
  if (config.firstSeed !== undefined) checkInteger('first seed', config.firstSeed, 0, 1_000_000);
  checkInteger('batch size', config.batchSize, 1, Number.MAX_SAFE_INTEGER);
  if (config.threads !== undefined) checkInteger('threads', config.threads, 1, LIMITS.threads);
  if (config.warmupEpochs !== undefined
    && !(typeof config.warmupEpochs === 'number' && config.warmupEpochs >= 0 && config.warmupEpochs <= config.epochs)) {
    fail(`warm-up epochs must be between 0 and the ${config.epochs} epochs, got ${String(config.warmupEpochs)}`);
  }
  const d = validateData(config);
  const n = trainingRows(config);
  if (config.batchSize > n) fail(`batch size ${config.batchSize} is larger than the ${n} training rows`);
  if (3 * d * cells > LIMITS.stateEntries) {
    fail(`grid too large for memory: ${cells} cells × ${d} weights (limit ${LIMITS.stateEntries / 3} cell-weights)`);
  }
  const flops = 4 * cells * config.seeds * config.epochs * n * d;
  if (flops > LIMITS.flops) {
    fail(`run too large: about ${flops.toExponential(1)} floating-point operations (limit ${LIMITS.flops.toExponential(0)}); use fewer cells, seeds or epochs`);
  }
}

/** Checks the data source and returns its dimension d. */
function validateData(config: SimConfig): number {
  const data = config.data;
  if (!data || typeof data !== 'object') fail('data source missing');
  if (data.kind === 'synthetic') {
    checkInteger('synthetic n', data.n, 2, 1_000_000);
    checkInteger('synthetic d', data.d, 1, 1_000_000);
    if (typeof data.noise !== 'number' || !Number.isFinite(data.noise) || data.noise < 0) fail(`noise must be ≥ 0, got ${String(data.noise)}`);
    if (2 * data.n * data.d > LIMITS.dataEntries) fail(`data too large: ${2 * data.n * data.d} entries (limit ${LIMITS.dataEntries})`);
    return data.d;
  }
  if (data.kind !== 'inline') fail(`unknown data kind '${String((data as { kind: unknown }).kind)}'`);
  const d = checkMatrix('A', data.A, undefined);
  checkVector('b', data.b, data.A.length);
  checkMatrix('A_val', data.A_val, d);
  checkVector('b_val', data.b_val, data.A_val.length);
  const n = data.A.length;
  if ((n + data.A_val.length) * d > LIMITS.dataEntries) fail(`data too large: ${(n + data.A_val.length) * d} entries (limit ${LIMITS.dataEntries})`);
  if (data.order !== undefined) {
    if (!Array.isArray(data.order) || data.order.length === 0) fail('order must be a non-empty array of permutations');
    data.order.forEach((perm, e) => {
      const seen = new Uint8Array(n);
      const ok = Array.isArray(perm) && perm.length === n
        && perm.every((i) => Number.isInteger(i) && i >= 0 && i < n && !seen[i] && (seen[i] = 1));
      if (!ok) fail(`order[${e}] is not a permutation of the ${n} training rows`);
    });
  }
  return d;
}
