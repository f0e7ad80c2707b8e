// The simulator's Node entry point: `simulate(config, {onProgress, signal})` runs the grid on worker threads;
// `warmUp()` gets those threads ready before a run is asked for (the editor calls it when it offers one).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { planRuns, runOnWorkers, wantsWeights } from './host';
import { locateKernel } from './node-files';
import { idleWorkers, keepIdle, liveWorkers, takeWorker } from './node-pool';
import { preset } from './presets';
import type { SimConfig, SimOptions, SimResult } from './types';
import { validateConfig } from './validate';

export type { SimConfig, SimOptions, SimProgress, SimResult, Variant, ScheduleName, DataSource } from './types';
export { VARIANTS } from './types';
export { SimConfigError, LIMITS, validateConfig } from './validate';
export { PRESETS, preset, logspace } from './presets';

/** How many distinct runs of one seed compute the grid of `config` (for the benchmark: the work done). */
export function distinctRunCount(config: SimConfig): number {
  return planRuns(config).runs.length;
}

/** The ridge kernel, compiled once per process; workers instantiate it without compiling (a posted module shares its code). */
let kernelModule: WebAssembly.Module | undefined;

/** What a warm-up did (`warmUp` resolves with it). */
export interface WarmUpReport {
  /** First seeds computed ahead, one per setting offered that had none yet. */
  firstSeeds: number;
  /** Whether the threads it started ran the warm-up job (`warmUpJob`). */
  warmUpJob: boolean;
}

/** A warm-up under way: a run asked for meanwhile waits for its workers rather than starting more. */
let warming: Promise<WarmUpReport> | undefined;

function defaultThreads(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

function run(config: SimConfig, options: SimOptions, firstSeed?: SimResult): Promise<SimResult> {
  kernelModule ??= new WebAssembly.Module(readFileSync(locateKernel()));
  return runOnWorkers(config, kernelModule, takeWorker, config.threads ?? defaultThreads(), options, firstSeed);
}

/** First seeds computed ahead by `warmUp` for the runs the editor offers, by `aheadKey`; the newest last. */
const firstSeeds = new Map<string, SimResult>();
const FIRST_SEEDS_KEPT = 4;

/** A configuration without what does not change its numbers (its seed count, its threads). */
function aheadKey(config: SimConfig): string {
  const { seeds: _seeds, threads: _threads, ...numbers } = config;
  return JSON.stringify(numbers);
}

/** Whether `config`'s first seed was computed ahead (its run then reports that seed at once). */
export function firstSeedAhead(config: SimConfig): boolean {
  return firstSeeds.has(aheadKey(config));
}

/** Runs the simulation; rejects with SimConfigError on invalid input and with an AbortError when cancelled.
 * A first seed computed ahead for the same configuration is its first seed: reported at once, not rerun. */
export async function simulate(config: SimConfig, options: SimOptions = {}): Promise<SimResult> {
  if (warming) await warming;
  return run(config, options, firstSeeds.get(aheadKey(config)));
}

/** Computes the first seed of each of `expected` not computed yet, one after the other; how many it computed. */
async function firstSeedsAhead(expected: SimConfig[], threads: number): Promise<number> {
  let ran = 0;
  for (const config of expected) {
    const key = aheadKey(config);
    if (firstSeeds.has(key) || wantsWeights(config)) continue;
    try {
      validateConfig(config);
    } catch {
      continue; // the run will say what is wrong
    }
    ran++;
    const first = await run({ ...config, seeds: 1, threads: config.threads ?? threads }, {});
    firstSeeds.delete(key);
    firstSeeds.set(key, first);
    while (firstSeeds.size > FIRST_SEEDS_KEPT) firstSeeds.delete(firstSeeds.keys().next().value as string);
  }
  return ran;
}

/** The warm-up's job: one 8-cell share per worker, one epoch, on the first two seeds of the seed's setting
 * (the panel's default and its CodeLens runs: synthetic data, 200 × 1000, run seeds 20 and 21). It starts the
 * threads, instantiates the kernel in each and gets the code a run spends its time in compiled by the JIT (V8
 * optimises each worker's set drawing and the kernel's driver from their second call): measured in plain Node
 * under load 5–8 (9 interleaved runs), the next seed-fig3 run's first seed came after 479 ms instead of 569 ms
 * and the run took 1.80 s instead of 2.01 s, for ≈ 0.35 s of CPU once. (A tiny job, or one seed of this size,
 * left the first run as slow as a cold one.) The workers also keep those two seeds' sets (job.ts), so the
 * panel's run draws none for its first seeds. */
function warmUpJob(threads: number): SimConfig {
  const seedSetting = preset('seed-fig3');
  const weightDecays = Array.from({ length: 8 * threads }, (_, i) => i * 1e-3);
  return {
    variants: ['pt'], schedule: 'constant', lrs: [1e-3], weightDecays: { pt: weightDecays },
    epochs: 1, batchSize: seedSetting.batchSize, seeds: 2, threads, firstSeed: seedSetting.firstSeed, data: seedSetting.data,
  };
}

/** Gets the worker threads of a run on `threads` ready (the default: one per core), so that the next run
 * starts on them instead of paying the threads' start-up (50–100 ms of CPU each, much more in wall time
 * while the editor opens a panel on the same cores), and computes the first seed of each `expected` run
 * (the runs the editor offers: a CodeLens's, the command's) not computed yet: that run then shows its
 * first heatmap as soon as its page can draw it, instead of computing it on the cores that build the
 * page (≈ 0.3 s of CPU each, once per configuration; not while a run is under way). Threads it starts
 * also run the warm-up job (`warmUpJob`), once. With nothing to compute and as many workers up
 * already (idle or running), only restarts the idle ones' clock (node-pool.ts ends them after a minute
 * unused). Resolves when done, with what it did (a call during a warm-up: that warm-up's); never rejects (a
 * failed warm-up just leaves the next run to do the work, and reports nothing done). */
export function warmUp(threads = defaultThreads(), expected: SimConfig[] = []): Promise<WarmUpReport> {
  if (warming) return warming;
  // While a run is under way nothing is computed ahead: it would start threads beside the run's.
  const running = liveWorkers() > idleWorkers();
  const pending = running ? [] : expected.filter((config) => !firstSeeds.has(aheadKey(config)));
  if (pending.length === 0 && liveWorkers() >= threads) {
    keepIdle();
    return Promise.resolve({ firstSeeds: 0, warmUpJob: false });
  }
  // Threads started now run the warm-up job too, after any first seed ahead: a first seed calls the set
  // drawing once per thread, and V8 optimises it from its second call, so without the job the run's second
  // seed would draw its sets in unoptimised code, wait for another thread's through the extension host, and
  // have V8 compile meanwhile, on the cores that build the panel. After the job its sets are kept.
  const freshThreads = liveWorkers() < threads;
  const started = firstSeedsAhead(pending, threads)
    .then(async (firstSeeds): Promise<WarmUpReport> => {
      if (firstSeeds > 0 && !freshThreads) return { firstSeeds, warmUpJob: false };
      await run(warmUpJob(threads), {});
      return { firstSeeds, warmUpJob: true };
    })
    .catch((): WarmUpReport => ({ firstSeeds: 0, warmUpJob: false }));
  warming = started.finally(() => {
    warming = undefined;
  });
  return warming;
}
