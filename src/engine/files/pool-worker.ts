// A worker thread of the analysis pool (bundled to dist/engine-worker.js; run through tsx from the
// sources): loads the engine once, then reads and analyses the batches of files it is sent.

import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { initEngine } from '../index';
import { checkFile, type FileOutcome } from './check-job';
import type { PoolReply, PoolRequest } from './pool';

/**
 * A check runs in the background: on Linux, where a thread has its own priority, the worker gives way
 * to the thread that answers edits and hovers (which would otherwise get half a core while every core
 * checks). Elsewhere the priority is the process's, which is left alone.
 */
function yieldToTheEditor(): void {
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(thread) && thread !== process.pid) os.setPriority(thread, os.constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not Linux, or not allowed: the worker keeps the process's priority.
  }
}

const port = parentPort;
if (port) {
  if ((workerData as { background?: boolean } | undefined)?.background !== false) yieldToTheEditor();
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
          return { file: job.file, language: job.language, error: error instanceof Error ? error.message : String(error) };
        }
      });
      reply = { id, outcomes };
    }
    port.postMessage(reply);
  });
}
