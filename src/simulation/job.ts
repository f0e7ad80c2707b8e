// The work one worker does, and the messages between host and workers. The Node worker (node-worker.ts)
// only wires `workerEndpoint` to its port.
//
// Synthetic data is made by the workers themselves, shared out: of each seed's two sets (training and
// validation, independent random streams), each is drawn by one worker (`setMaker`) and posted, in shared
// memory, through the host to the others. So the first seed's data takes one set's time, on two threads at
// once, and the host's thread (the extension host, in the editor) does no work at all.
import { problemFor, problemOfSets, syntheticSetOf, type DataSet, type Problem, type SetName, type SyntheticSource } from './data';
import { instantiateKernel, LockstepKernel, type Cell, type KernelExports, type TrainingSetup } from './lockstep';
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
  /** This worker's index among the run's workers (which synthetic sets it draws, see `setMaker`). */
  worker: number;
  workers: number;
}

/** Host → worker: first one 'run'; then the synthetic sets other workers drew. A run is cancelled by
 * terminating the worker. */
export type HostMessage =
  | { type: 'run'; wasm: ArrayBuffer | Uint8Array | WebAssembly.Module; job: WorkerJob }
  | SetMessage;
export type RunMessage = Extract<HostMessage, { type: 'run' }>;

/** A synthetic set drawn by one worker, for the others (worker → host → workers). */
export interface SetMessage extends DataSet {
  type: 'set';
  /** The seed's index in the job that drew it. */
  seed: number;
  /** What the set is: its data source (`sourceKey`) and run seed. A receiver takes it for a seed of the same
   * source and run seed only: the same numbers, whichever job drew them. */
  source: string;
  runSeed: number;
  set: SetName;
}

/** A synthetic data source as a key: its sets are a function of it and of the run seed. */
export function sourceKey(source: SyntheticSource): string {
  return `${source.n}×${source.d}, noise ${source.noise}`;
}

/** Worker → host. */
export type WorkerMessage =
  | { type: 'seed'; seed: number; valLoss: Float64Array; diverged: Uint8Array; weights?: Float64Array[] }
  | SetMessage
  | { type: 'done' }
  | { type: 'error'; message: string };

/** The worker that draws set `set` of seed `seed`: the two sets of a seed on different workers, in turn. */
export function setMaker(seed: number, set: SetName, workers: number): number {
  return (2 * seed + (set === 'train' ? 0 : 1)) % workers;
}

/** How many of a job's first seeds have their synthetic sets kept for the next job on this thread. */
export const KEPT_SEEDS = 2;
/** How many run seeds' sets a thread keeps at most, the most recently used: the panel's default setting uses
 * run seeds 20 (its first seed, computed ahead) and 21–22 (the first two of the rest), and the warm-up 20–21.
 * Without a bound, jobs that start at other run seeds (another first seed) would each add theirs for good. */
export const KEPT_RUN_SEEDS = KEPT_SEEDS + 1;
/** The synthetic sets of the first KEPT_SEEDS seeds of this thread's jobs (drawn here or received), by run seed,
 * the least recently used first: a job with the same data and run seeds starts computing at once, without
 * drawing them or waiting for another worker's. The warm-up (index.ts) runs the seeds of the panel's default
 * setting, so the panel's first seed needs neither the set drawing nor the extension host's thread, busy opening
 * the panel, to relay a set. At most 2 × KEPT_RUN_SEEDS sets of one data source (≈ 9.6 MB at 200 × 1000,
 * shared by the workers). */
let kept: { source: string; sets: Map<number, Record<SetName, DataSet>> } | undefined;

function keptSet(source: string, runSeed: number, name: SetName): DataSet | undefined {
  if (kept?.source !== source) return undefined;
  const sets = kept.sets.get(runSeed);
  if (!sets) return undefined;
  kept.sets.delete(runSeed); // used: now the most recent
  kept.sets.set(runSeed, sets);
  return sets[name];
}

function keep(source: string, runSeed: number, sets: Record<SetName, DataSet>): void {
  if (kept?.source !== source) kept = { source, sets: new Map() };
  // Only the arrays: a received set is its message, whose seed number is that job's.
  kept.sets.delete(runSeed);
  kept.sets.set(runSeed, { train: { A: sets.train.A, b: sets.train.b }, val: { A: sets.val.A, b: sets.val.b } });
  for (const oldest of kept.sets.keys()) {
    if (kept.sets.size <= KEPT_RUN_SEEDS) break;
    kept.sets.delete(oldest);
  }
}

/** The run seeds and sets kept on this thread, the least recently used first (for tests). */
export function keptSets(): string[] {
  return [...kept?.sets.keys() ?? []].flatMap((runSeed) => [`${runSeed}:train`, `${runSeed}:val`]);
}

/** Each seed's problem: inline data as given; synthetic sets kept from the last job, drawn here or received from
 * the other workers. */
class ProblemSource {
  private readonly received = new Map<string, DataSet>();
  private readonly waiting = new Map<string, (set: DataSet) => void>();

  constructor(private readonly job: WorkerJob, private readonly post: (message: WorkerMessage) => void) {}

  /** A set posted by another worker. One the job has no seed for (a worker that had it kept may have finished
   * its previous job before it came) is kept here unused. */
  receive(message: SetMessage): void {
    const key = setKey(message.source, message.runSeed, message.set);
    const resolve = this.waiting.get(key);
    if (resolve) {
      this.waiting.delete(key);
      resolve(message);
    } else {
      this.received.set(key, message);
    }
  }

  async problem(seed: number): Promise<Problem> {
    const { job } = this;
    if (job.data.kind !== 'synthetic') return problemFor(job.data, job.firstSeed + seed);
    const source = job.data;
    const key = sourceKey(source);
    const runSeed = job.firstSeed + seed;
    const sets: Partial<Record<SetName, DataSet>> = {};
    // Draw this worker's sets first (unless kept) and post them at once (another worker may not have them
    // kept), then take the others' from what is kept or wait for them.
    for (const name of ['train', 'val'] as const) {
      if (setMaker(seed, name, job.workers) !== job.worker) continue;
      sets[name] = keptSet(key, runSeed, name) ?? syntheticSetOf(source, runSeed, name, job.workers > 1);
      if (job.workers > 1) this.post({ type: 'set', seed, source: key, runSeed, set: name, ...sets[name] });
    }
    for (const name of ['train', 'val'] as const) sets[name] ??= keptSet(key, runSeed, name) ?? await this.fromOthers(setKey(key, runSeed, name));
    const both = sets as Record<SetName, DataSet>;
    if (seed < KEPT_SEEDS) keep(key, runSeed, both);
    return problemOfSets(source, both.train, both.val);
  }

  private fromOthers(key: string): Promise<DataSet> {
    const ready = this.received.get(key);
    if (ready) {
      this.received.delete(key);
      return Promise.resolve(ready);
    }
    return new Promise((resolve) => this.waiting.set(key, resolve));
  }
}

const setKey = (source: string, runSeed: number, name: SetName) => `${source}|${runSeed}:${name}`;

/** The kernel instance of this thread, made at its first job and reused (its heap reset) by the next ones:
 * a kept worker then holds one wasm memory, not one per run waiting for a garbage collection. Every job
 * of a process posts the same kernel. */
let threadKernel: Promise<KernelExports> | undefined;

function kernelFor(wasm: RunMessage['wasm']): Promise<KernelExports> {
  if (threadKernel) return threadKernel.then((kernel) => {
    kernel.reset();
    return kernel;
  });
  threadKernel = instantiateKernel(wasm instanceof WebAssembly.Module ? wasm : toBufferSource(wasm));
  threadKernel.catch(() => { threadKernel = undefined; });
  return threadKernel;
}

export async function runJob(wasm: RunMessage['wasm'], job: WorkerJob, post: (message: WorkerMessage) => void,
  problems = new ProblemSource(job, post)): Promise<void> {
  try {
    const kernel = await kernelFor(wasm);
    let problem: Problem = await problems.problem(0);
    const runner = new LockstepKernel(kernel, problem.n, problem.nVal, problem.d, job.cells, job.setup.batchSize);
    for (let seed = 0; seed < job.seeds; seed++) {
      if (seed > 0 && job.data.kind === 'synthetic') problem = await problems.problem(seed);
      const out = runner.runSeed(problem, job.firstSeed + seed, job.setup, { weights: job.weights && seed === 0 });
      if (!out) return;
      post({ type: 'seed', seed, valLoss: out.valLoss, diverged: out.diverged, weights: out.weights });
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

/** The message handler of a worker: starts the job on 'run', hands the other workers' sets to it. A worker
 * that has finished its job (posted 'done' or 'error') takes the next 'run': the Node host keeps its workers
 * for the next run. A set that comes between two jobs (another worker's, of a seed this one had kept) goes
 * to the next job, which takes it only for a seed of the same data and run seed (`receive`). */
export function workerEndpoint(post: (message: WorkerMessage) => void): (message: HostMessage) => void {
  let problems: ProblemSource | undefined;
  const early: SetMessage[] = [];
  return (message) => {
    if (message.type === 'run' && !problems) {
      const job = new ProblemSource(message.job, post);
      problems = job;
      for (const set of early.splice(0)) job.receive(set);
      void runJob(message.wasm, message.job, post, job).finally(() => {
        if (problems === job) problems = undefined;
      });
    } else if (message.type === 'set') {
      if (problems) problems.receive(message);
      else early.push(message);
    }
  };
}

function toBufferSource(bytes: ArrayBuffer | Uint8Array): BufferSource {
  return bytes instanceof Uint8Array ? new Uint8Array(bytes) : bytes;
}
