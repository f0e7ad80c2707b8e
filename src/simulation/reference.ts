// The float64 reference: one cell, one run, plain loops. Slow and obviously right; it cross-checks the
// wasm kernel (test/simulation) and is the plain-JS baseline of scripts/bench-sim.mjs.
import { epochOrder, orderRandom, type Problem } from './data';
import { BETA1, BETA2, EPS, scheduleFactor, stepCoefficients, type StepPlan } from './schedule';
import type { ScheduleName, Variant } from './types';

export interface ReferenceRun {
  variant: Variant;
  lr: number;
  weightDecay: number;
  schedule: ScheduleName;
  epochs: number;
  batchSize: number;
  /** Warm-up epochs of 'warmup-cosine'. */
  warmupEpochs?: number;
  /** Seed index of the minibatch order (ignored when the problem has its own order). */
  seedIndex?: number;
}

export interface ReferenceResult {
  w: Float64Array;
  valLoss: number;
  /** The batch loss before each step. */
  trainLoss: number[];
}

export function stepPlanOf(n: number, batchSize: number, epochs: number, warmupEpochs = defaultWarmup(epochs)): StepPlan {
  const stepsPerEpoch = Math.ceil(n / batchSize);
  return { epochs, stepsPerEpoch, warmupSteps: Math.max(1, Math.round(warmupEpochs * stepsPerEpoch)) };
}

/** Default warm-up for 'warmup-cosine': a tenth of the epochs. */
export function defaultWarmup(epochs: number): number {
  return epochs / 10;
}

/** 0.5·mean((A·w − b)²) over the rows of a row-major A. */
export function meanSquaredLoss(A: Float64Array, b: Float64Array, d: number, w: ArrayLike<number>): number {
  const rows = b.length;
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    let r = -b[i];
    for (let j = 0; j < d; j++) r += A[i * d + j] * w[j];
    sum += r * r;
  }
  return 0.5 * sum / rows;
}

export function runReference(problem: Problem, run: ReferenceRun): ReferenceResult {
  const { n, d, A, b } = problem;
  const plan = stepPlanOf(n, run.batchSize, run.epochs, run.warmupEpochs);
  const w = new Float64Array(d);
  const m = new Float64Array(d);
  const v = new Float64Array(d);
  const g = new Float64Array(d);
  const r = new Float64Array(run.batchSize);
  const trainLoss: number[] = [];
  const rng = orderRandom(run.seedIndex ?? 0);
  let t = 0;
  for (let epoch = 0; epoch < run.epochs; epoch++) {
    const order = epochOrder(problem, epoch, rng);
    for (let start = 0; start < n; start += run.batchSize) {
      const rows = Math.min(run.batchSize, n - start);
      let loss = 0;
      for (let i = 0; i < rows; i++) {
        const row = order[start + i] * d;
        let s = -b[order[start + i]];
        for (let j = 0; j < d; j++) s += A[row + j] * w[j];
        r[i] = s;
        loss += s * s;
      }
      trainLoss.push(0.5 * loss / rows);
      g.fill(0);
      for (let i = 0; i < rows; i++) {
        const row = order[start + i] * d;
        const ri = r[i] / rows;
        for (let j = 0; j < d; j++) g[j] += A[row + j] * ri;
      }
      const eta = scheduleFactor(run.schedule, t, epoch, plan);
      const c = stepCoefficients(run.variant, run.lr, run.weightDecay, eta);
      t++;
      const bc1 = 1 - BETA1 ** t;
      const sqrtBc2 = Math.sqrt(1 - BETA2 ** t);
      const step = c.lr / bc1;
      for (let j = 0; j < d; j++) {
        const gj = g[j] + c.l2 * w[j];
        m[j] = BETA1 * m[j] + (1 - BETA1) * gj;
        v[j] = BETA2 * v[j] + (1 - BETA2) * gj * gj;
        w[j] = c.decay * w[j] - step * m[j] / (Math.sqrt(v[j]) / sqrtBc2 + EPS);
      }
    }
  }
  return { w, valLoss: meanSquaredLoss(problem.A_val, problem.b_val, d, w), trainLoss };
}
