// The simulator in the browser (the webview's simulation panel): the same host logic and kernel as in
// Node, on Web Workers running webview/sim-worker.ts (bundled to dist/webview/sim-worker.js).
import { runOnWorkers, type WorkerHandle } from './host';
import type { WorkerMessage } from './job';
import type { SimConfig, SimOptions, SimResult } from './types';

export type { SimConfig, SimOptions, SimProgress, SimResult, Variant, ScheduleName, DataSource } from './types';
export { VARIANTS } from './types';
export { SimConfigError, LIMITS, validateConfig } from './validate';
export { PRESETS, preset, logspace } from './presets';
export { bestIndex } from './host';
export { parseDataFile, DataFileError } from './data-files';

export interface BrowserSimOptions extends SimOptions {
  /** URL of ridge.wasm (dist/webview/ridge.wasm, as a webview resource URI). */
  wasmUrl: string | URL;
  /** URL of the worker script (dist/webview/sim-worker.js); a blob: URL of its text works where a direct URL is refused. */
  workerUrl: string | URL;
  /** Web Workers to use; default config.threads, else navigator.hardwareConcurrency (at most 8). */
  threads?: number;
}

let cachedWasm: { url: string; bytes: ArrayBuffer } | undefined;

async function kernelBytes(url: string | URL): Promise<ArrayBuffer> {
  const key = String(url);
  if (cachedWasm?.url === key) return cachedWasm.bytes;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load the simulator kernel from ${key}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  cachedWasm = { url: key, bytes };
  return bytes;
}

function spawnWebWorker(url: string | URL): WorkerHandle {
  const worker = new Worker(url);
  return {
    post: (message) => worker.postMessage(message),
    listen: (onMessage, onCrash) => {
      worker.onmessage = (event: MessageEvent<WorkerMessage>) => onMessage(event.data);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        onCrash(new Error(event.message || 'the simulation worker could not start'));
      };
    },
    terminate: () => worker.terminate(),
  };
}

/** Runs the simulation on Web Workers; same results, progress and cancellation as `simulate` in Node. */
export async function simulateInBrowser(config: SimConfig, options: BrowserSimOptions): Promise<SimResult> {
  const bytes = await kernelBytes(options.wasmUrl);
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  const threads = options.threads ?? config.threads ?? Math.min(8, cores);
  return runOnWorkers(config, bytes, () => spawnWebWorker(options.workerUrl), threads, options);
}
