// Training problems: the seed's synthetic ridge data (docs/simulation.md; the generator of the
// step-back repository) and user data given inline. Matrices are row-major Float64Arrays.
import { Random } from './random';
import type { DataSource } from './types';

export interface Problem {
  n: number;
  nVal: number;
  d: number;
  A: Float64Array;
  b: Float64Array;
  A_val: Float64Array;
  b_val: Float64Array;
  /** Fixed permutations of the training rows, one per epoch (cycled); otherwise drawn per seed. */
  order?: number[][];
}

/** A Float64Array in a SharedArrayBuffer where the runtime has one (Node's worker threads): posted to other
 * workers it is shared, not copied. */
export function sharedFloat64(length: number): Float64Array {
  return typeof SharedArrayBuffer === 'function' ? new Float64Array(new SharedArrayBuffer(8 * length)) : new Float64Array(length);
}

/** The oracle is drawn once from this fixed seed; data of run s come from seed TRAIN_SEED + s, its validation
 * set from VAL_SEED + s and its minibatch order from ORDER_SEED + s. */
export const ORACLE_SEED = 12345678;
export const TRAIN_SEED = 1000;
export const VAL_SEED = 500000;
export const ORDER_SEED = 900000;

const BIAS = 1;
const SCALING = 10;
const SPARSITY = 30;
const COLUMN_NORM = 10;

const oracleCache = new Map<number, Float64Array>();

/** The fixed oracle w (unit norm) of dimension d. */
export function oracle(d: number): Float64Array {
  let w = oracleCache.get(d);
  if (!w) {
    const rng = new Random(ORACLE_SEED);
    w = new Float64Array(d);
    let norm = 0;
    for (let j = 0; j < d; j++) {
      w[j] = rng.normal();
      norm += w[j] * w[j];
    }
    norm = Math.sqrt(norm);
    for (let j = 0; j < d; j++) w[j] /= norm;
    oracleCache.set(d, w);
  }
  return w;
}

/** One synthetic set: A = (N(0,1) + 1)·diag(10·N(0,1)), entries kept with probability 30·ln(n)/n, columns
 * rescaled to norm 10; b = A·w + noise·N(0,1). */
export function syntheticSet(n: number, d: number, noise: number, seed: number,
  allocate: (length: number) => Float64Array = (length) => new Float64Array(length)): { A: Float64Array; b: Float64Array } {
  const rng = new Random(seed);
  const A = allocate(n * d);
  rng.fillNormals(A, BIAS);
  // Row-major passes (same draws and sums, in the same order, as column by column; just cache-friendly).
  const scale = new Float64Array(d);
  rng.fillNormals(scale);
  for (let j = 0; j < d; j++) scale[j] *= SCALING;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) A[i * d + j] *= scale[j];
  const keep = SPARSITY * Math.log(n) / n;
  rng.keepBelow(A, keep);
  const norm = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) norm[j] += A[i * d + j] * A[i * d + j];
  for (let j = 0; j < d; j++) scale[j] = COLUMN_NORM / Math.max(Math.sqrt(norm[j]), 1e-6);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) A[i * d + j] *= scale[j];
  const w = oracle(d);
  const b = allocate(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += A[i * d + j] * w[j];
    b[i] = sum + (noise > 0 ? noise * rng.normal() : 0);
  }
  return { A, b };
}

export type SyntheticSource = Extract<DataSource, { kind: 'synthetic' }>;
/** The two synthetic sets of a run: training and validation, drawn from independent seeds. */
export type SetName = 'train' | 'val';
export type DataSet = { A: Float64Array; b: Float64Array };

/** Set `name` of run `seedIndex`, optionally in shared memory (to be posted to other workers). */
export function syntheticSetOf(source: SyntheticSource, seedIndex: number, name: SetName, shared = false): DataSet {
  return syntheticSet(source.n, source.d, source.noise, (name === 'train' ? TRAIN_SEED : VAL_SEED) + seedIndex,
    shared ? sharedFloat64 : undefined);
}

export function problemOfSets(source: SyntheticSource, train: DataSet, val: DataSet): Problem {
  return { n: source.n, nVal: source.n, d: source.d, A: train.A, b: train.b, A_val: val.A, b_val: val.b };
}

/** The problem of run `seedIndex` for a data source (inline data is the same for every run). */
export function problemFor(source: DataSource, seedIndex: number): Problem {
  if (source.kind === 'synthetic') {
    return problemOfSets(source, syntheticSetOf(source, seedIndex, 'train'), syntheticSetOf(source, seedIndex, 'val'));
  }
  const d = source.A[0]?.length ?? 0;
  return {
    n: source.A.length, nVal: source.A_val.length, d,
    A: Float64Array.from(source.A.flat()), b: Float64Array.from(source.b),
    A_val: Float64Array.from(source.A_val.flat()), b_val: Float64Array.from(source.b_val),
    order: source.order,
  };
}

/** The permutation of epoch `epoch`: the problem's own order if it has one, else drawn from `rng`. */
export function epochOrder(problem: Problem, epoch: number, rng: Random): Int32Array {
  if (problem.order && problem.order.length > 0) return Int32Array.from(problem.order[epoch % problem.order.length]);
  return rng.permutation(problem.n);
}

export function orderRandom(seedIndex: number): Random {
  return new Random(ORDER_SEED + seedIndex);
}
