// The Node simulator's worker threads, kept between runs. Starting a worker thread costs 50–100 ms of CPU
// (a Node environment per thread), and the panel reruns often (Run after a change, a CodeLens on another
// optimizer): a run takes idle workers from here and hands them back when it finished normally; a cancelled
// or failed run's workers are terminated. Idle workers are unref'd (they never keep a process alive, so
// the CLI exits as before) and end after IDLE_MS unused. The editor also starts them before a run is asked
// for (index.ts's `warmUp`): `liveWorkers` says whether that is needed, `keepIdle` restarts their clock.
import { Worker } from 'node:worker_threads';
import type { WorkerHandle } from './host';
import type { WorkerMessage } from './job';
import { locateWorker, runningFromSources } from './node-files';

export const IDLE_MS = 60_000;

const idle: Worker[] = [];
/** Workers a run has taken and not handed back or terminated yet. */
let busy = 0;
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
  busy++;
  let done = false;
  /** Once per worker taken: its run is over with it (terminated or handed back). */
  const finish = () => {
    if (!done) busy--;
    done = true;
  };
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
      finish();
      detach();
      void worker.terminate();
    },
    release: () => {
      finish();
      detach();
      worker.unref();
      idle.push(worker);
      endIdleLater();
    },
  };
}

/** Workers waiting for a run. */
export function idleWorkers(): number {
  return idle.length;
}

/** Workers started and not ended: waiting for a run or running one. */
export function liveWorkers(): number {
  return idle.length + busy;
}

/** Restarts the idle workers' IDLE_MS (a run is expected soon); false when there are none. */
export function keepIdle(): boolean {
  if (idle.length === 0) return false;
  endIdleLater();
  return true;
}
