// The work one worker does, and the messages between host and workers. Runtime-agnostic: the Node worker
// (node-worker.ts) and the browser worker (webview/sim-worker.ts) only wire `workerEndpoint` to their port.
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
  /** The host sends each seed's synthetic problem ('problem' messages) instead of the worker generating it. */
  problemsFromHost?: boolean;
}

/** Host → worker: first one 'run'; then, with `problemsFromHost`, one 'problem' per seed. A run is cancelled
 * by terminating the worker. */
export type HostMessage =
  | { type: 'run'; wasm: ArrayBuffer | Uint8Array | WebAssembly.Module; job: WorkerJob }
  | { type: 'problem'; seed: number; problem: Problem };
export type RunMessage = Extract<HostMessage, { type: 'run' }>;

/** Worker → host. */
export type WorkerMessage =
  | { type: 'seed'; seed: number; valLoss: Float64Array; diverged: Uint8Array; weights?: Float64Array[] }
  | { type: 'done' }
  | { type: 'error'; message: string };

export async function runJob(wasm: RunMessage['wasm'], job: WorkerJob, post: (message: WorkerMessage) => void,
  problemOf: (seed: number) => Promise<Problem> | Problem = (seed) => problemFor(job.data, job.firstSeed + seed)): Promise<void> {
  try {
    const kernel = await instantiateKernel(wasm instanceof WebAssembly.Module ? wasm : toBufferSource(wasm));
    let problem: Problem = await problemOf(0);
    const runner = new LockstepKernel(kernel, problem.n, problem.nVal, problem.d, job.cells, job.setup.batchSize);
    for (let seed = 0; seed < job.seeds; seed++) {
      if (seed > 0 && job.data.kind === 'synthetic') problem = await problemOf(seed);
      const out = runner.runSeed(problem, job.firstSeed + seed, job.setup, { weights: job.weights && seed === 0 });
      if (!out) return;
      post({ type: 'seed', seed, valLoss: out.valLoss, diverged: out.diverged, weights: out.weights });
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

/** The message handler of a worker: starts the job on 'run', hands 'problem's to it as they arrive. */
export function workerEndpoint(post: (message: WorkerMessage) => void): (message: HostMessage) => void {
  const problems = new Map<number, Problem>();
  const waiting = new Map<number, (problem: Problem) => void>();
  const problemOf = (seed: number): Promise<Problem> => {
    const ready = problems.get(seed);
    if (ready) {
      problems.delete(seed);
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => waiting.set(seed, resolve));
  };
  let started = false;
  return (message) => {
    if (message.type === 'run' && !started) {
      started = true;
      void runJob(message.wasm, message.job, post, message.job.problemsFromHost ? problemOf : undefined);
    } else if (message.type === 'problem') {
      const resolve = waiting.get(message.seed);
      if (resolve) {
        waiting.delete(message.seed);
        resolve(message.problem);
      } else {
        problems.set(message.seed, message.problem);
      }
    }
  };
}

function toBufferSource(bytes: ArrayBuffer | Uint8Array): BufferSource {
  return bytes instanceof Uint8Array ? new Uint8Array(bytes) : bytes;
}
