// The work one worker does, and the messages between host and workers. Runtime-agnostic: the Node worker
// (node-worker.ts), the browser worker (webview/sim-worker.ts) and the tests all call `runJob`.
import { problemFor, type Problem } from './data';
import { instantiateKernel, LockstepKernel, type Cell, type TrainingSetup } from './lockstep';
import type { DataSource } from './types';

export interface WorkerJob {
  /** This worker's share of the grid. */
  cells: Cell[];
  setup: TrainingSetup;
  seeds: number;
  /** Run seed of the first seed (SimConfig.firstSeed). */
  firstSeed: number;
  data: DataSource;
  /** Send the final weights of every cell with seed 0's result. */
  weights: boolean;
}

/** Host → worker: the only message; a run is cancelled by terminating the worker. */
export interface RunMessage {
  type: 'run';
  /** The bytes of ridge.wasm (or an already compiled module). */
  wasm: ArrayBuffer | Uint8Array | WebAssembly.Module;
  job: WorkerJob;
}

/** Worker → host. */
export type WorkerMessage =
  | { type: 'seed'; seed: number; valLoss: Float64Array; diverged: Uint8Array; weights?: Float64Array[] }
  | { type: 'done' }
  | { type: 'error'; message: string };

export async function runJob(wasm: RunMessage['wasm'], job: WorkerJob, post: (message: WorkerMessage) => void): Promise<void> {
  try {
    const kernel = await instantiateKernel(wasm instanceof WebAssembly.Module ? wasm : toBufferSource(wasm));
    let problem: Problem = problemFor(job.data, job.firstSeed);
    const runner = new LockstepKernel(kernel, problem.n, problem.nVal, problem.d, job.cells, job.setup.batchSize);
    for (let seed = 0; seed < job.seeds; seed++) {
      if (seed > 0 && job.data.kind === 'synthetic') problem = problemFor(job.data, job.firstSeed + seed);
      const out = runner.runSeed(problem, job.firstSeed + seed, job.setup, { weights: job.weights && seed === 0 });
      if (!out) return;
      post({ type: 'seed', seed, valLoss: out.valLoss, diverged: out.diverged, weights: out.weights });
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

function toBufferSource(bytes: ArrayBuffer | Uint8Array): BufferSource {
  return bytes instanceof Uint8Array ? new Uint8Array(bytes) : bytes;
}
