// Worker threads that read and analyse files for a whole-tree check, so that a large workspace uses
// every core and the calling thread (a language server answering edits and hovers) stays free. The
// pool is created once and reused: each worker loads the engine and compiles the parser's WebAssembly
// once, when it starts. Files go out in small batches, a few per worker at a time, so results stream
// back while the rest is read, memory stays bounded, and a cancelled check stops within a few batches.

import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { EngineConfig } from '../config';
import { checkFile, type FileJob, type FileOutcome } from './check-job';

export type { FileJob, FileOutcome } from './check-job';

/** Files per message: enough that messaging costs little next to the analysis, few enough to balance the workers. */
const BATCH_FILES = 16;
/** Batches each worker holds at a time: the next one is waiting when a worker finishes one. */
const BATCHES_PER_WORKER = 2;
/** More workers than this buy little for a check and cost memory (each holds an engine and a parser). */
const MAX_WORKERS = 4;

/** What the pool posts to a worker, and what comes back (one reply per batch, in any order). */
export interface PoolRequest { id: number; jobs: FileJob[]; config: Partial<EngineConfig> }
export type PoolReply = { id: number; outcomes: FileOutcome[] } | { id: number; failure: string };

/** True when this module runs from the TypeScript sources (tests, through tsx) rather than from a bundle. */
const runningFromSources = __filename.endsWith('.ts');

function spawnWorker(background: boolean): Worker {
  // Loaded with the first pool: a small tree's check never starts one and need not load it (5–10 ms).
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads'); // eslint-disable-line @typescript-eslint/no-require-imports
  // Output of a worker is its own stream here: under an stdio language server, a stray write to the
  // shared stdout would corrupt the protocol. It goes to stderr (the editor's output channel) instead.
  const options = { stdout: true, stderr: true, workerData: { background } } as const;
  const worker = runningFromSources
    ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(path.join(__dirname, 'pool-worker.ts'))});`, { ...options, eval: true })
    : new Worker(path.join(__dirname, 'engine-worker.js'), options);
  worker.stdout.pipe(process.stderr);
  worker.stderr.pipe(process.stderr);
  worker.unref(); // an idle pool never keeps the process alive
  return worker;
}

interface Pending { resolve(outcomes: FileOutcome[]): void; reject(error: Error): void }

class PoolWorker {
  readonly pending = new Map<number, Pending>();
  private crashed?: Error;

  constructor(readonly worker: Worker, onCrash: (error: Error) => void) {
    const fail = (error: Error) => {
      if (this.crashed) return;
      this.crashed = error;
      onCrash(error);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('message', (reply: PoolReply) => {
      // A worker that cannot analyse (its engine failed to load) is as good as gone.
      if ('failure' in reply) return fail(new Error(reply.failure));
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      pending?.resolve(reply.outcomes);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the analysis worker exited with code ${code}`)));
  }

  get usable(): boolean {
    return this.crashed === undefined;
  }

  run(request: PoolRequest): Promise<FileOutcome[]> {
    if (this.crashed) return Promise.reject(this.crashed);
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }
}

export interface PoolOptions {
  /** Worker threads (default: one per core, at most 4). */
  size?: number;
  /** Told when a worker stops or cannot start; its files are then analysed in the calling thread. */
  onWorkerError?: (error: Error) => void;
  /**
   * Workers run below normal priority (default: true), so that an editor's edits and hovers go first.
   * A command-line check, which the user is waiting for, runs them at the process's priority.
   */
  background?: boolean;
}

type Settled = { id: number; outcomes: FileOutcome[] } | { id: number; error: Error };

export class AnalysisPool {
  private readonly workers: PoolWorker[];
  private readonly onWorkerError: (error: Error) => void;
  private nextId = 0;
  private disposed = false;

  constructor(options: PoolOptions = {}) {
    const size = options.size ?? Math.min(MAX_WORKERS, Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
    // Workers ended by dispose() are not failures worth telling.
    this.onWorkerError = (error) => { if (!this.disposed) options.onWorkerError?.(error); };
    this.workers = [];
    for (let i = 0; i < size; i++) {
      try {
        this.workers.push(new PoolWorker(spawnWorker(options.background ?? true), this.onWorkerError));
      } catch (error) {
        this.onWorkerError(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  /** Workers still running. */
  get size(): number {
    return this.workers.filter((w) => w.usable).length;
  }

  /**
   * Reads and analyses code files (no sweep sources) and yields their outcomes batch by batch, as
   * they complete (not in the order given): one outcome per file. Stopping the iteration (`break`)
   * stops handing out files; batches under way are dropped. A batch whose worker fails (or every
   * batch, when no worker runs) is analysed in the calling thread instead.
   */
  async *check(jobs: FileJob[], config: Partial<EngineConfig>): AsyncGenerator<FileOutcome[]> {
    const running = new Map<number, { batch: FileJob[]; settled: Promise<Settled> }>();
    const load = new Map<PoolWorker, number>();
    let next = 0;
    // Guided batches: full ones while much is left, then smaller ones, so that the workers run out of
    // files at about the same time instead of one finishing its last two batches alone.
    const nextBatch = () => {
      const share = Math.ceil((jobs.length - next) / (2 * BATCHES_PER_WORKER * Math.max(1, this.size)));
      const batch = jobs.slice(next, next + Math.max(1, Math.min(BATCH_FILES, share)));
      next += batch.length;
      return batch;
    };
    const dispatch = () => {
      while (next < jobs.length) {
        const worker = this.workers.filter((w) => w.usable && (load.get(w) ?? 0) < BATCHES_PER_WORKER)
          .sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0))[0];
        if (!worker) return;
        const id = this.nextId++;
        const batch = nextBatch();
        load.set(worker, (load.get(worker) ?? 0) + 1);
        // Settles, never rejects: a batch dropped by a stopped iteration must not leave a rejection unhandled.
        const settled = worker.run({ id, jobs: batch, config }).then(
          (outcomes): Settled => ({ id, outcomes }),
          (error: Error): Settled => ({ id, error }),
        ).finally(() => load.set(worker, (load.get(worker) ?? 1) - 1));
        running.set(id, { batch, settled });
      }
    };
    for (;;) {
      dispatch();
      if (running.size === 0) {
        if (next >= jobs.length) return;
        // No worker left: the calling thread reads the rest, a batch at a time.
        yield nextBatch().map((job) => checkFile(job, config));
        continue;
      }
      const result = await Promise.race([...running.values()].map((r) => r.settled));
      const { batch } = running.get(result.id)!;
      running.delete(result.id);
      yield 'error' in result ? batch.map((job) => checkFile(job, config)) : result.outcomes;
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.workers) void w.worker.terminate();
  }
}
