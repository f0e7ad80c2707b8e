// The simulation panel's Web Worker (bundled to dist/webview/sim-worker.js): receives { type: 'run', wasm, job }
// and answers with WorkerMessages ('seed' per seed, then 'done', or 'error'); see docs/simulation.md.
import { workerEndpoint, type HostMessage, type WorkerMessage } from '../src/simulation/job';

const scope = self as unknown as { onmessage: ((event: MessageEvent<HostMessage>) => void) | null; postMessage(message: WorkerMessage): void };
const onMessage = workerEndpoint((message) => scope.postMessage(message));
scope.onmessage = (event) => onMessage(event.data);
