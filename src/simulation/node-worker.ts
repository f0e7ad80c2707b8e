// The simulator's worker thread in Node (bundled to dist/sim-worker.js; run through tsx from sources).
import { parentPort } from 'node:worker_threads';
import { workerEndpoint, type HostMessage, type WorkerMessage } from './job';

const port = parentPort;
if (port) {
  const onMessage = workerEndpoint((reply: WorkerMessage) => port.postMessage(reply));
  port.on('message', (message: HostMessage) => onMessage(message));
}
