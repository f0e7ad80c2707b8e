// The simulation panel's Web Worker (bundled to dist/webview/sim-worker.js): receives one RunMessage
// { type: 'run', wasm, job } and answers with WorkerMessages ('seed' per seed, then 'done', or 'error').
import { runJob, type RunMessage, type WorkerMessage } from '../src/simulation/job';

const scope = self as unknown as { onmessage: ((event: MessageEvent<RunMessage>) => void) | null; postMessage(message: WorkerMessage): void };

scope.onmessage = (event) => {
  scope.onmessage = null;
  void runJob(event.data.wasm, event.data.job, (message) => scope.postMessage(message));
};
