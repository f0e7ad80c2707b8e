// simulateInBrowser with the built webview worker (dist/webview/sim-worker.js), run on a Web Worker
// stand-in made of worker_threads: the same results as simulate() in Node, streaming and cancellation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Worker as NodeWorker } from 'node:worker_threads';
import { simulateInBrowser } from '../../src/simulation/browser';
import { simulate, type SimConfig } from '../../src/simulation/index';
import { repoRoot } from './helpers';

const PRELUDE = `const { parentPort } = require('node:worker_threads');
globalThis.self = globalThis;
globalThis.postMessage = (message) => parentPort.postMessage(message);
parentPort.on('message', (data) => globalThis.onmessage && globalThis.onmessage({ data }));
`;

/** The part of the Web Worker API that browser.ts uses. */
class WebWorkerStandIn {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
  private readonly worker: NodeWorker;
  static started = 0;

  constructor(url: string | URL) {
    WebWorkerStandIn.started++;
    this.worker = new NodeWorker(PRELUDE + readFileSync(String(url), 'utf8'), { eval: true });
    this.worker.on('message', (data) => this.onmessage?.({ data }));
    this.worker.on('error', (error) => this.onerror?.({ message: error.message, preventDefault() {} }));
  }

  postMessage(message: unknown): void {
    this.worker.postMessage(message);
  }

  terminate(): void {
    void this.worker.terminate();
  }
}

(globalThis as { Worker?: unknown }).Worker = WebWorkerStandIn;
const workerUrl = path.join(repoRoot, 'dist/webview/sim-worker.js');
const wasmUrl = `data:application/wasm;base64,${readFileSync(path.join(repoRoot, 'dist/webview/ridge.wasm')).toString('base64')}`;

const config: SimConfig = {
  variants: ['pt', 'lh', 'l2'], schedule: 'warmup-cosine', lrs: [1e-3, 1e-2, 1e-1], weightDecays: { pt: [0, 0.1], lh: [1e-3, 1e-2], l2: [1e-2] },
  epochs: 4, batchSize: 10, seeds: 3, data: { kind: 'synthetic', n: 40, d: 30, noise: 0.1 },
};

test('the browser host gives the same results as Node, streamed per seed, on the requested number of workers', async () => {
  const seeds: number[] = [];
  const before = WebWorkerStandIn.started;
  const browser = await simulateInBrowser(config, { wasmUrl, workerUrl, threads: 2, onProgress: (p) => seeds.push(p.seedsDone) });
  assert.equal(WebWorkerStandIn.started - before, 2);
  assert.deepEqual(seeds, [1, 2, 3]);
  const node = await simulate({ ...config, threads: 1 });
  assert.deepEqual(browser.loss, node.loss);
  assert.deepEqual(browser.diverged, node.diverged);
});

test('the browser host can be cancelled', async () => {
  const controller = new AbortController();
  const run = simulateInBrowser({ ...config, seeds: 40, epochs: 30 }, {
    wasmUrl, workerUrl, signal: controller.signal, onProgress: () => controller.abort(),
  });
  await assert.rejects(run, { name: 'AbortError' });
});

test('the browser host reports invalid input like Node', async () => {
  await assert.rejects(simulateInBrowser({ ...config, lrs: [-1] }, { wasmUrl, workerUrl }), /learning rate must be positive, got -1/);
});
