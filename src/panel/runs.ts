// The panel's simulation runs, on the extension host's side: the simulator runs there on Node worker
// threads (as in the CLI), so a run starts the moment the command does, while the webview is still
// loading, and the page only draws what it is sent: one 'progress' per finished seed (the result so far),
// then one 'run-end'. One run at a time; a new one cancels the one before. No VS Code here: the host
// (simulation-panel.ts) and the webview tests both drive it.
import type { SimConfig, SimOptions, SimResult } from '../simulation/types';
import type { HostToPage, RunOutcome } from './messages';
import { toPanelResult } from './sweeps';

export type Simulator = (config: SimConfig, options: SimOptions) => Promise<SimResult>;

function outcomeOf(error: unknown): { outcome: RunOutcome; message: string } {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'AbortError') return { outcome: 'cancelled', message };
  if (name === 'SimConfigError') return { outcome: 'invalid', message };
  return { outcome: 'failed', message };
}

export class PanelRuns {
  private current: { runId: number; controller: AbortController } | undefined;
  private lastRunId = 0;

  constructor(private readonly simulate: Simulator, private readonly post: (message: HostToPage) => void) {}

  /** Starts `config` (cancelling the run in progress) and returns its id; `request` is the page's number for
   * it; `restAfter`: see SimOptions (the page is loading). */
  start(config: SimConfig, request?: number, restAfter?: Promise<unknown>): number {
    this.cancel();
    const runId = ++this.lastRunId;
    const controller = new AbortController();
    this.current = { runId, controller };
    if (request !== undefined) this.post({ type: 'run-started', runId, request });
    const live = () => this.current?.runId === runId;
    const end = (outcome: RunOutcome, message?: string) => {
      if (live()) this.current = undefined;
      this.post({ type: 'run-end', runId, outcome, ...(message ? { message } : {}) });
    };
    this.simulate(config, {
      signal: controller.signal,
      ...(restAfter ? { restAfter } : {}),
      onProgress: (progress) => {
        if (live()) this.post({ type: 'progress', runId, result: toPanelResult(progress.partial, progress.seedsTotal) });
      },
    }).then(() => end('done'), (error: unknown) => {
      const { outcome, message } = outcomeOf(error);
      end(outcome, outcome === 'cancelled' ? undefined : message);
    });
    return runId;
  }

  /** Cancels run `runId` (any run when undefined); false when that run is not in progress. */
  cancel(runId?: number): boolean {
    const current = this.current;
    if (!current || (runId !== undefined && current.runId !== runId)) return false;
    this.current = undefined;
    current.controller.abort();
    return true;
  }

  get running(): boolean {
    return this.current !== undefined;
  }
}
