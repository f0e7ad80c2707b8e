// A worker thread of the analysis pool (bundled to dist/engine-worker.js; run through tsx from the
// sources): loads the engine once, then reads and analyses the batches of files it is sent.

import { parentPort } from 'node:worker_threads';
import { initEngine } from '../index';
import { checkFile, type FileOutcome } from './check-job';
import type { PoolReply, PoolRequest } from './pool';

const port = parentPort;
if (port) {
  // In the bundle the parser's .wasm files sit beside this file; from the sources they come from node_modules.
  const ready = initEngine({ wasmDir: __dirname }).then(() => undefined, (error: unknown) => (error instanceof Error ? error.message : String(error)));
  port.on('message', async ({ id, jobs, config }: PoolRequest) => {
    const failure = await ready;
    let reply: PoolReply;
    if (failure !== undefined) {
      reply = { id, failure: `the engine did not load: ${failure}` };
    } else {
      const outcomes = jobs.map((job): FileOutcome => {
        try {
          return checkFile(job, config);
        } catch (error) {
          // analyzeText never throws; reading might in ways readSourceFile does not foresee.
          return { ...job, error: error instanceof Error ? error.message : String(error) };
        }
      });
      reply = { id, outcomes };
    }
    port.postMessage(reply);
  });
}
