// Runs every cell of one seed in lockstep on the wasm kernel (src/simulation/kernel/ridge.ts). Runtime-
// agnostic: used by the worker threads and by tests that run a kernel in their own thread.
import { epochOrder, orderRandom, type Problem } from './data';
import { stepPlanOf } from './reference';
import { BETA1, BETA2, EPS, scheduleFactor, stepCoefficients } from './schedule';
import type { ScheduleName, Variant } from './types';

export interface KernelExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  reset(): void;
  gather(a: number, b: number, dPad: number, idx: number, rows: number, ab: number, bb: number): void;
  residual(a: number, b: number, dPad: number, rows: number, w: number, K: number, r: number, loss: number): void;
  adamStep(ab: number, dPad: number, rows: number, r: number, K: number, w: number, m: number, v: number,
    decay: number, step: number, l2: number, beta1: number, beta2: number, invSqrtBc2: number, eps: number): void;
  resetCell(w: number, m: number, v: number, dPad: number, K: number, k: number): void;
}

export async function instantiateKernel(wasm: BufferSource | WebAssembly.Module): Promise<KernelExports> {
  const imports = { env: { abort: () => { throw new Error('ridge kernel aborted'); } } };
  const instance = wasm instanceof WebAssembly.Module
    ? await WebAssembly.instantiate(wasm, imports)
    : (await WebAssembly.instantiate(wasm, imports)).instance;
  return instance.exports as unknown as KernelExports;
}

export interface Cell {
  variant: Variant;
  lr: number;
  weightDecay: number;
}

export interface TrainingSetup {
  schedule: ScheduleName;
  epochs: number;
  batchSize: number;
  warmupEpochs?: number;
}

export interface SeedOutcome {
  /** Final validation loss per cell (NaN for a diverged cell). */
  valLoss: Float64Array;
  diverged: Uint8Array;
  /** Final weights per cell, when asked for. */
  weights?: Float64Array[];
  /** Batch loss before each step, per cell, when asked for. */
  trainLoss?: Float64Array[];
}

/** A loss this many times the loss at w = 0 counts as exploding. */
export const EXPLODE_FACTOR = 1e8;

const F32 = 4;

/** Lays out one job's buffers in the kernel's memory once; `runSeed` then trains all cells of one seed. */
export class LockstepKernel {
  readonly K: number;
  readonly dPad: number;
  private readonly p: Record<'A' | 'b' | 'Av' | 'bv' | 'Ab' | 'bb' | 'idx' | 'W' | 'M' | 'V' | 'R' | 'loss' | 'decay' | 'step' | 'l2', number>;
  private readonly heap: Float32Array;
  private readonly ints: Int32Array;

  constructor(private readonly kernel: KernelExports, readonly n: number, readonly nVal: number, readonly d: number,
    readonly cells: readonly Cell[], readonly batchSize: number) {
    this.K = Math.max(4, Math.ceil(cells.length / 4) * 4); // the kernel takes cells 8 at a time, and a last 4
    this.dPad = Math.ceil(d / 4) * 4;
    const { K, dPad } = this;
    const alloc = (floats: number) => kernel.alloc(Math.max(16, floats * F32));
    this.p = {
      A: alloc(n * dPad), b: alloc(n), Av: alloc(nVal * dPad), bv: alloc(nVal),
      Ab: alloc(batchSize * dPad), bb: alloc(batchSize), idx: alloc(n),
      W: alloc(dPad * K), M: alloc(dPad * K), V: alloc(dPad * K), R: alloc(Math.max(batchSize, nVal) * K),
      loss: alloc(K), decay: alloc(K), step: alloc(K), l2: alloc(K),
    };
    this.heap = new Float32Array(kernel.memory.buffer);
    this.ints = new Int32Array(kernel.memory.buffer);
  }

  private view(name: keyof LockstepKernel['p'], length: number): Float32Array {
    return this.heap.subarray(this.p[name] / F32, this.p[name] / F32 + length);
  }

  private loadProblem(problem: Problem): void {
    const { d, dPad } = this;
    const put = (dst: 'A' | 'Av', src: Float64Array, rows: number) => {
      const view = this.view(dst, rows * dPad);
      view.fill(0);
      for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) view[i * dPad + j] = src[i * d + j];
    };
    put('A', problem.A, this.n);
    put('Av', problem.A_val, this.nVal);
    this.view('b', this.n).set(problem.b);
    this.view('bv', this.nVal).set(problem.b_val);
  }

  runSeed(problem: Problem, seedIndex: number, setup: TrainingSetup,
    options: { weights?: boolean; trainLoss?: boolean; shouldStop?: () => boolean } = {}): SeedOutcome | undefined {
    const { kernel, K, dPad, n, cells, p } = this;
    this.loadProblem(problem);
    for (const name of ['W', 'M', 'V'] as const) this.view(name, dPad * K).fill(0);
    const plan = stepPlanOf(n, setup.batchSize, setup.epochs, setup.warmupEpochs);
    const decay = this.view('decay', K).fill(1);
    const step = this.view('step', K).fill(0);
    const l2 = this.view('l2', K).fill(0);
    const loss = this.view('loss', K);
    const diverged = new Uint8Array(cells.length);
    const trainLoss = options.trainLoss ? cells.map(() => new Float64Array(plan.epochs * plan.stepsPerEpoch)) : undefined;
    const initialTrain = meanSquare(problem.b);
    const trainLimit = EXPLODE_FACTOR * Math.max(initialTrain, 1e-12);
    const rng = orderRandom(seedIndex);
    const markDiverged = (k: number) => {
      diverged[k] = 1;
      kernel.resetCell(p.W, p.M, p.V, dPad, K, k);
    };
    let t = 0;
    for (let epoch = 0; epoch < setup.epochs; epoch++) {
      if (options.shouldStop?.()) return undefined;
      this.ints.set(epochOrder(problem, epoch, rng), p.idx / F32);
      for (let start = 0; start < n; start += setup.batchSize) {
        const rows = Math.min(setup.batchSize, n - start);
        kernel.gather(p.A, p.b, dPad, p.idx + start * F32, rows, p.Ab, p.bb);
        kernel.residual(p.Ab, p.bb, dPad, rows, p.W, K, p.R, p.loss);
        const eta = scheduleFactor(setup.schedule, t, epoch, plan);
        t++;
        const bc1 = 1 - BETA1 ** t;
        for (let k = 0; k < cells.length; k++) {
          if (trainLoss) trainLoss[k][t - 1] = loss[k];
          if (diverged[k]) continue;
          if (!(loss[k] <= trainLimit)) {
            markDiverged(k);
            decay[k] = 1; step[k] = 0; l2[k] = 0;
            continue;
          }
          const c = stepCoefficients(cells[k].variant, cells[k].lr, cells[k].weightDecay, eta);
          decay[k] = c.decay;
          step[k] = c.lr / bc1;
          l2[k] = c.l2;
        }
        kernel.adamStep(p.Ab, dPad, rows, p.R, K, p.W, p.M, p.V, p.decay, p.step, p.l2,
          BETA1, BETA2, 1 / Math.sqrt(1 - BETA2 ** t), EPS);
      }
    }
    kernel.residual(p.Av, p.bv, dPad, this.nVal, p.W, K, p.R, p.loss);
    const valLimit = EXPLODE_FACTOR * Math.max(meanSquare(problem.b_val), 1e-12);
    const valLoss = new Float64Array(cells.length);
    for (let k = 0; k < cells.length; k++) {
      if (!diverged[k] && !(loss[k] <= valLimit)) diverged[k] = 1;
      valLoss[k] = diverged[k] ? NaN : loss[k];
    }
    let weights: Float64Array[] | undefined;
    if (options.weights) {
      const W = this.view('W', dPad * K);
      weights = cells.map((_, k) => {
        const w = new Float64Array(this.d);
        for (let j = 0; j < this.d; j++) w[j] = W[j * K + k];
        return w;
      });
    }
    return { valLoss, diverged, weights, trainLoss };
  }
}

/** 0.5·mean(b²): the loss at w = 0. */
function meanSquare(b: Float64Array): number {
  let sum = 0;
  for (const x of b) sum += x * x;
  return 0.5 * sum / Math.max(1, b.length);
}
