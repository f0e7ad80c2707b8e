// The host logic: plans the grid, splits cells over workers, relays the synthetic sets the workers draw
// for each other, merges their per-seed results into streaming partial results, handles cancellation.
// How a worker is spawned is the caller's (index.ts: Node worker threads; tests: their own).
import { distinctRuns, type DistinctRuns } from './distinct-runs';
import type { HostMessage, WorkerJob, WorkerMessage } from './job';
import type { Cell, TrainingSetup } from './lockstep';
import type { SimConfig, SimOptions, SimResult, Variant } from './types';
import { trainingRows, validateConfig } from './validate';

/** A started worker, whatever the runtime. */
export interface WorkerHandle {
  post(message: HostMessage): void;
  /** Receives every message and any crash of the worker. */
  listen(onMessage: (message: WorkerMessage) => void, onCrash: (error: Error) => void): void;
  terminate(): void;
  /** Hands a worker that finished its job back for the next run (stops listening); without it, it is terminated. */
  release?(): void;
}

export interface GridCell extends Cell {
  lrIndex: number;
  wdIndex: number;
}

/** Every cell of the grid, variant by variant, row (α) by row. */
export function gridCells(config: SimConfig): GridCell[] {
  const cells: GridCell[] = [];
  for (const variant of config.variants) {
    const wds = config.weightDecays[variant] ?? [];
    config.lrs.forEach((lr, lrIndex) => wds.forEach((weightDecay, wdIndex) => {
      cells.push({ variant, lr, weightDecay, lrIndex, wdIndex });
    }));
  }
  return cells;
}

export function trainingSetup(config: SimConfig): TrainingSetup {
  return { schedule: config.schedule, epochs: config.epochs, batchSize: config.batchSize, warmupEpochs: config.warmupEpochs };
}

/** The grid's cells, the training they share and the distinct runs that compute them (distinct-runs.ts). */
export function planRuns(config: SimConfig): { cells: GridCell[]; setup: TrainingSetup } & DistinctRuns<GridCell> {
  const cells = gridCells(config);
  const setup = trainingSetup(config);
  return { cells, setup, ...distinctRuns(cells, setup, trainingRows(config)) };
}

/** Splits the cells into at most `threads` contiguous shares of whole 4-cell blocks (the kernel pads a share to
 * a multiple of 4), as even as those blocks allow, with one share per 8 cells at most: seed-fig3's 129 distinct
 * runs go 68 + 61 (the kernel computes 68 and 64 columns), where 8-cell blocks made 72 + 57 (72 and 64). */
export function splitCells<T>(cells: T[], threads: number): T[][] {
  const blocks = Math.ceil(cells.length / 4);
  const shares = Math.max(1, Math.min(threads, Math.ceil(cells.length / 8)));
  const out: T[][] = [];
  let block = 0;
  for (let s = 0; s < shares; s++) {
    const take = Math.floor(blocks / shares) + (s < blocks % shares ? 1 : 0);
    out.push(cells.slice(block * 4, (block + take) * 4));
    block += take;
  }
  return out;
}

/** Whether a run returns final weights: user data with one α and one λ per variant. */
export function wantsWeights(config: SimConfig): boolean {
  return config.data.kind === 'inline' && config.lrs.length === 1
    && config.variants.every((v) => (config.weightDecays[v]?.length ?? 0) === 1);
}

/** Sums per run over the seeds that finished, and builds (partial) results: each cell shows its run's
 * (`runOf`, distinct-runs.ts; by default every cell is its own run). */
export class ResultMerger {
  private readonly sum: Float64Array;
  private readonly count: Uint16Array;
  private readonly diverged: Uint8Array;
  private readonly weights = new Map<number, Float64Array>();

  constructor(readonly config: SimConfig, readonly cells: GridCell[], readonly runOf: ArrayLike<number> = Int32Array.from(cells, (_, k) => k)) {
    let runs = 0;
    for (let k = 0; k < cells.length; k++) runs = Math.max(runs, runOf[k] + 1);
    this.sum = new Float64Array(runs);
    this.count = new Uint16Array(runs);
    this.diverged = new Uint8Array(runs);
  }

  /** The first seed's result of the same configuration, computed before (index.ts's first seeds ahead):
   * the sums start from it as from that seed's message, so the averages come out bit for bit the same. */
  addFirstSeed(first: SimResult): void {
    if (first.seedsDone !== 1) throw new Error('only a one-seed result can stand for the first seed');
    const added = new Uint8Array(this.sum.length);
    this.cells.forEach((cell, k) => {
      const run = this.runOf[k];
      if (added[run]) return;
      added[run] = 1;
      const loss = first.loss[cell.variant]?.[cell.lrIndex]?.[cell.wdIndex];
      if (first.diverged[cell.variant]?.[cell.lrIndex]?.[cell.wdIndex]) this.diverged[run] = 1;
      else if (loss !== undefined && Number.isFinite(loss)) {
        this.sum[run] += loss;
        this.count[run]++;
      }
    });
  }

  add(offset: number, message: Extract<WorkerMessage, { type: 'seed' }>): void {
    message.valLoss.forEach((loss, k) => {
      if (message.diverged[k]) this.diverged[offset + k] = 1;
      else {
        this.sum[offset + k] += loss;
        this.count[offset + k]++;
      }
    });
    message.weights?.forEach((w, k) => this.weights.set(offset + k, w));
  }

  result(seedsDone: number, seconds: number): SimResult {
    const { config } = this;
    const loss: SimResult['loss'] = {};
    const diverged: SimResult['diverged'] = {};
    const weightDecays: SimResult['weightDecays'] = {};
    for (const v of config.variants) {
      const wds = config.weightDecays[v] ?? [];
      weightDecays[v] = [...wds];
      loss[v] = config.lrs.map(() => wds.map(() => NaN));
      diverged[v] = config.lrs.map(() => wds.map(() => false));
    }
    const weights: Partial<Record<Variant, number[]>> = {};
    this.cells.forEach((cell, k) => {
      const run = this.runOf[k];
      loss[cell.variant]![cell.lrIndex][cell.wdIndex] = this.count[run] > 0 ? this.sum[run] / this.count[run] : NaN;
      diverged[cell.variant]![cell.lrIndex][cell.wdIndex] = this.diverged[run] === 1;
      const w = this.weights.get(run);
      if (w) weights[cell.variant] = Array.from(w);
    });
    const result: SimResult = { config, lrs: [...config.lrs], weightDecays, loss, diverged, seedsDone, seconds };
    if (Object.keys(weights).length > 0) result.weights = weights;
    return result;
  }
}

/** Index of the lowest finite, non-diverged loss of a heatmap row, or -1 when there is none. */
export function bestIndex(row: number[], diverged: boolean[]): number {
  let best = -1;
  row.forEach((x, i) => {
    if (!diverged[i] && Number.isFinite(x) && (best < 0 || x < row[best])) best = i;
  });
  return best;
}

export function abortError(): Error {
  const error = new Error('simulation cancelled');
  error.name = 'AbortError';
  return error;
}

/** Runs a validated configuration on `threads` workers made by `spawn`. The host's thread only relays and
 * merges: the workers draw the synthetic data between them (job.ts), so the host (the editor's extension
 * host) stays free. `firstSeed`: that seed's result, computed before: reported at once, and the workers
 * start at the second seed. */
export function runOnWorkers(config: SimConfig, wasm: ArrayBuffer | Uint8Array | WebAssembly.Module,
  spawn: () => WorkerHandle, threads: number, options: SimOptions = {}, firstSeed?: SimResult): Promise<SimResult> {
  try {
    validateConfig(config);
  } catch (error) {
    return Promise.reject(error);
  }
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const { cells, setup, runs, runOf } = planRuns(config);
  const shares = splitCells(runs, threads);
  const merger = new ResultMerger(config, cells, runOf);
  const weights = wantsWeights(config);
  const ahead = firstSeed && !weights ? 1 : 0;
  if (firstSeed && ahead) merger.addFirstSeed(firstSeed);
  const seedsReported = shares.map(() => 0);
  const finished = shares.map(() => false);
  let seedsDone = ahead;
  if (ahead) {
    if (options.signal?.aborted) return Promise.reject(abortError());
    const partial = merger.result(ahead, seconds());
    options.onProgress?.({ seedsDone: ahead, seedsTotal: config.seeds, partial });
    if (ahead === config.seeds) return Promise.resolve(partial);
  }
  const startWorkers = (): Promise<SimResult> => new Promise<SimResult>((resolve, reject) => {
    const workers: WorkerHandle[] = [];
    let settled = false;
    /** `finished`: every worker is done with its job and can serve another run; else they are stopped. */
    const stop = (finished = false) => {
      settled = true;
      for (const w of workers) {
        if (finished && w.release) w.release();
        else w.terminate();
      }
      options.signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      if (settled) return;
      stop();
      reject(abortError());
    };
    if (options.signal?.aborted) {
      reject(abortError());
      return;
    }
    options.signal?.addEventListener('abort', onAbort);
    let offset = 0;
    shares.forEach((share, index) => {
      const shareOffset = offset;
      offset += share.length;
      const worker = spawn();
      workers.push(worker);
      worker.listen((message) => {
        if (settled) return;
        if (message.type === 'error') {
          stop();
          reject(new Error(`simulation worker failed: ${message.message}`));
        } else if (message.type === 'set') {
          workers.forEach((other, i) => { if (i !== index) other.post(message); });
        } else if (message.type === 'seed') {
          merger.add(shareOffset, message);
          seedsReported[index] = message.seed + 1;
          const done = ahead + Math.min(...seedsReported);
          if (done > seedsDone) {
            seedsDone = done;
            if (seedsDone < config.seeds) {
              options.onProgress?.({ seedsDone, seedsTotal: config.seeds, partial: merger.result(seedsDone, seconds()) });
            }
          }
        } else if (message.type === 'done') {
          finished[index] = true;
          if (finished.every(Boolean)) {
            stop(true);
            const result = merger.result(config.seeds, seconds());
            options.onProgress?.({ seedsDone: config.seeds, seedsTotal: config.seeds, partial: result });
            resolve(result);
          }
        }
      }, (error) => {
        if (settled) return;
        stop();
        reject(new Error(`simulation worker crashed: ${error.message}`));
      });
      const job: WorkerJob = {
        cells: share.map(({ variant, lr, weightDecay }) => ({ variant, lr, weightDecay })),
        setup,
        seeds: config.seeds - ahead,
        firstSeed: (config.firstSeed ?? 0) + ahead,
        data: config.data,
        weights,
        worker: index,
        workers: shares.length,
      };
      worker.post({ type: 'run', wasm, job });
    });
  });
  if (!ahead || !options.restAfter) return startWorkers();
  return options.restAfter.then(startWorkers, startWorkers); // a cancelled run is refused there
}
