// The simulator's worker thread in Node (bundled to dist/sim-worker.js; run through tsx from sources).
import { parentPort } from 'node:worker_threads';
import { runJob, type RunMessage, type WorkerMessage } from './job';

const port = parentPort;
if (port) {
  port.once('message', (message: RunMessage) => {
    void runJob(message.wasm, message.job, (reply: WorkerMessage) => port.postMessage(reply));
  });
}
