// The simulator's Node entry point: `simulate(config, {onProgress, signal})` runs the grid on worker threads.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { runOnWorkers } from './host';
import { locateKernel } from './node-files';
import { takeWorker } from './node-pool';
import type { SimConfig, SimOptions, SimResult } from './types';

export type { SimConfig, SimOptions, SimProgress, SimResult, Variant, ScheduleName, DataSource } from './types';
export { VARIANTS } from './types';
export { SimConfigError, LIMITS, validateConfig } from './validate';
export { PRESETS, preset, logspace } from './presets';

/** The ridge kernel, compiled once per process; workers instantiate it without compiling (a posted module shares its code). */
let kernelModule: WebAssembly.Module | undefined;

/** Runs the simulation; rejects with SimConfigError on invalid input and with an AbortError when cancelled. */
export async function simulate(config: SimConfig, options: SimOptions = {}): Promise<SimResult> {
  kernelModule ??= new WebAssembly.Module(readFileSync(locateKernel()));
  const threads = config.threads ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  return runOnWorkers(config, kernelModule, takeWorker, threads, options);
}
