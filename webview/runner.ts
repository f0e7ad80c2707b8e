// Runs the wasm simulator on Web Workers inside the webview. A webview cannot start a worker from its
// resource URL, so the worker script is fetched once and started from a blob: URL (CSP worker-src blob:).
// A new run cancels the one before; cancelling terminates the workers at once.
import { simulateInBrowser, type SimConfig, type SimProgress, type SimResult } from '../src/simulation/browser';

let workerBlobUrl: Promise<string> | undefined;

function workerBlob(workerUrl: string): Promise<string> {
  workerBlobUrl ??= fetch(workerUrl).then(async (response) => {
    if (!response.ok) throw new Error(`cannot load the simulation worker from ${workerUrl}: HTTP ${response.status}`);
    return URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
  });
  // A failed fetch is not cached: the next Run tries again.
  workerBlobUrl.catch(() => { workerBlobUrl = undefined; });
  return workerBlobUrl;
}

export class SimulationRunner {
  private active: AbortController | undefined;

  constructor(private readonly wasmUrl: string, private readonly workerUrl: string) {}

  get running(): boolean {
    return this.active !== undefined;
  }

  /** Runs `config`; rejects with an AbortError when cancelled or superseded by another run. */
  async run(config: SimConfig, onProgress: (progress: SimProgress) => void): Promise<SimResult> {
    this.cancel();
    const controller = new AbortController();
    this.active = controller;
    try {
      const workerUrl = await workerBlob(this.workerUrl);
      if (controller.signal.aborted) throw Object.assign(new Error('simulation cancelled'), { name: 'AbortError' });
      return await simulateInBrowser(config, {
        wasmUrl: this.wasmUrl, workerUrl, signal: controller.signal,
        onProgress: (progress) => { if (this.active === controller) onProgress(progress); },
      });
    } finally {
      if (this.active === controller) this.active = undefined;
    }
  }

  /** Stops the current run; false when none was running. */
  cancel(): boolean {
    const active = this.active;
    this.active = undefined;
    active?.abort();
    return active !== undefined;
  }
}
