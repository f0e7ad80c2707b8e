// The Node simulator's worker threads, kept between runs. Starting a worker thread costs 50–100 ms of CPU
// (a Node environment per thread), and the panel reruns often (Run after a change, a CodeLens on another
// optimizer): a run takes idle workers from here and hands them back when it finished normally; a cancelled
// or failed run's workers are terminated. Idle workers are unref'd (they never keep a process alive, so
// the CLI exits as before) and end after IDLE_MS unused.
import { Worker } from 'node:worker_threads';
import type { WorkerHandle } from './host';
import type { WorkerMessage } from './job';
import { locateWorker, runningFromSources } from './node-files';

export const IDLE_MS = 60_000;

const idle: Worker[] = [];
let idleTimer: NodeJS.Timeout | undefined;

function startWorker(): Worker {
  const file = locateWorker();
  // From the TypeScript sources a worker does not inherit tsx's loader: register it inside the worker first.
  const worker = runningFromSources
    ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(file)});`, { eval: true })
    : new Worker(file);
  // An idle worker that dies (out of memory, killed) is not handed out again.
  worker.once('exit', () => {
    const index = idle.indexOf(worker);
    if (index >= 0) idle.splice(index, 1);
  });
  return worker;
}

function endIdleLater(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    for (const worker of idle.splice(0)) void worker.terminate();
  }, IDLE_MS);
  idleTimer.unref();
}

/** A worker for one run: an idle one if there is one, else a new one. */
export function takeWorker(): WorkerHandle {
  const worker = idle.pop() ?? startWorker();
  worker.ref();
  let detach = () => {};
  return {
    post: (message) => worker.postMessage(message),
    listen: (onMessage, onCrash) => {
      const message = (m: WorkerMessage) => onMessage(m);
      const error = (e: Error) => onCrash(e);
      const exit = (code: number) => onCrash(new Error(`worker exited with code ${code}`));
      worker.on('message', message).on('error', error).on('exit', exit);
      detach = () => {
        worker.off('message', message).off('error', error).off('exit', exit);
      };
    },
    terminate: () => {
      detach();
      void worker.terminate();
    },
    release: () => {
      detach();
      worker.unref();
      idle.push(worker);
      endIdleLater();
    },
  };
}

/** Workers waiting for a run (for tests). */
export function idleWorkers(): number {
  return idle.length;
}
