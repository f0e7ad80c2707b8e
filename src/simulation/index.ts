// The simulator's Node entry point: `simulate(config, {onProgress, signal})` runs the grid on worker threads.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { runOnWorkers, type WorkerHandle } from './host';
import type { WorkerMessage } from './job';
import { locateKernel, locateWorker, runningFromSources } from './node-files';
import type { SimConfig, SimOptions, SimResult } from './types';

export type { SimConfig, SimOptions, SimProgress, SimResult, Variant, ScheduleName, DataSource } from './types';
export { VARIANTS } from './types';
export { SimConfigError, LIMITS, validateConfig } from './validate';
export { PRESETS, preset, logspace } from './presets';

let kernelBytes: Uint8Array | undefined;

function spawnNodeWorker(): WorkerHandle {
  const file = locateWorker();
  // From the TypeScript sources a worker does not inherit tsx's loader: register it inside the worker first.
  const worker = runningFromSources
    ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(file)});`, { eval: true })
    : new Worker(file);
  return {
    post: (message) => worker.postMessage(message),
    listen: (onMessage, onCrash) => {
      worker.on('message', (message: WorkerMessage) => onMessage(message));
      worker.on('error', onCrash);
      worker.on('exit', (code) => { if (code !== 0) onCrash(new Error(`worker exited with code ${code}`)); });
    },
    terminate: () => { void worker.terminate(); },
  };
}

/** Runs the simulation; rejects with SimConfigError on invalid input and with an AbortError when cancelled. */
export async function simulate(config: SimConfig, options: SimOptions = {}): Promise<SimResult> {
  kernelBytes ??= readFileSync(locateKernel());
  const threads = config.threads ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  return runOnWorkers(config, kernelBytes, spawnNodeWorker, threads, options);
}
