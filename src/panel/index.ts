// The simulation panel's entry point for the extension: the `adamwLens.simulate` command and the webview
// serializer. One panel per workspace; the last run is kept in the workspace state, so reopening the panel
// (or reloading the window) shows it again instead of recomputing. `simulationOffered` warms the simulator
// when the editor shows a way to run it, so the command finds its worker threads up.
import * as vscode from 'vscode';
import { simulate as simulateOnWorkers, warmUp } from '../simulation/index';
import { requestProblem, savedRunProblem, type PanelContent, type SavedRun } from './messages';
import type { SimulationRequest } from './request';
import type { Simulator } from './runs';
import type { SimConfig } from '../simulation/types';
import { initialContent } from './setup';
import { SimulationPanel, VIEW_TYPE, webviewOptions } from './simulation-panel';

export type { SimulationRequest } from './request';
export { requestFromSite } from './request';

const LAST_RUN_KEY = 'adamwLens.simulation.lastRun';

/** Whether the command, run without a request, would show a stored run rather than run the seed's setting
 * (set by registerSimulationPanel, which reads the workspace's stored run). */
let commandShowsStoredRun = (): boolean => false;

/** How many of a file's CodeLenses get their first seed computed ahead (the first in the file): each new
 * setting costs ≈ 0.3 s of CPU, and an edit of α or λ makes a new one. */
const LENSES_AHEAD = 1;

/** The runs the editor offers while `requests` (the arguments of the CodeLenses on screen) are shown: each
 * lens's, then the command's (the seed's setting), unless the command would show a stored run. */
export function offeredConfigs(requests: readonly unknown[]): SimConfig[] {
  const configs = requests.filter((r) => r !== undefined && r !== null && requestProblem(r) === undefined)
    .slice(0, LENSES_AHEAD)
    .map((r) => initialContent(r as SimulationRequest, undefined).setup.config);
  if (!commandShowsStoredRun()) configs.push(initialContent(undefined, undefined).setup.config);
  return configs;
}

/** "Simulate α–λ coupling" CodeLenses are on screen (the language client saw them come from the server,
 * with their arguments): starts the simulator's worker threads now and computes the first seed of the
 * runs they offer (src/simulation/index.ts's `warmUp`), unless `adamwLens.simulation.warmUp` is off.
 * Cheap when repeated: a first seed is computed once per setting, threads that are up only have their
 * idle minute restarted. */
export function simulationOffered(requests: readonly unknown[] = [],
  warm: (threads: undefined, expected: SimConfig[]) => Promise<unknown> = warmUp): void {
  if (vscode.workspace.getConfiguration('adamwLens').get<unknown>('simulation.warmUp') === false) return;
  void warm(undefined, offeredConfigs(requests));
}

/** `simulator` is the Node simulator on worker threads; tests pass their own. */
export function registerSimulationPanel(context: vscode.ExtensionContext, simulator: Simulator = simulateOnWorkers): vscode.Disposable {
  const log = vscode.window.createOutputChannel('AdamW Lens Simulation', { log: true });
  let panel: SimulationPanel | undefined;

  /** The stored run when it is one the panel can show; `onProblem` hears why a stored one is not. */
  const storedRun = (onProblem?: (problem: string) => void): SavedRun | undefined => {
    const stored = context.workspaceState.get<unknown>(LAST_RUN_KEY);
    if (stored === undefined) return undefined;
    const problem = savedRunProblem(stored);
    if (problem) onProblem?.(problem);
    return problem ? undefined : stored as SavedRun;
  };
  const lastRun = (): SavedRun | undefined => storedRun((problem) => log.warn(`ignored the stored simulation run: ${problem}`));
  // The command's own choice, asked quietly (at every CodeLens refresh).
  commandShowsStoredRun = () => !initialContent(undefined, storedRun()).autoRun;
  const services = {
    extensionUri: context.extensionUri,
    log,
    remember: (run: SavedRun) => void context.workspaceState.update(LAST_RUN_KEY, run),
    simulate: simulator,
  };
  const adopt = (webviewPanel: vscode.WebviewPanel, content: PanelContent): SimulationPanel => {
    const created = new SimulationPanel(webviewPanel, services, content, () => {
      if (panel === created) panel = undefined;
    });
    panel = created;
    return created;
  };

  const simulate = (argument?: unknown): void => {
    let request: SimulationRequest | undefined;
    if (argument !== undefined && argument !== null) {
      const problem = requestProblem(argument);
      if (problem) log.warn(`adamwLens.simulate: ignored an invalid request (${problem}); showing the seed's setting`);
      else request = argument as SimulationRequest;
    }
    if (panel) {
      // Reopening without a request keeps what the panel shows; a request (CodeLens, quick fix) replaces it.
      panel.show(request ? initialContent(request, undefined) : undefined);
      return;
    }
    const webviewPanel = vscode.window.createWebviewPanel(VIEW_TYPE, 'AdamW Lens: Simulation', vscode.ViewColumn.Beside,
      webviewOptions(context.extensionUri));
    adopt(webviewPanel, initialContent(request, lastRun()));
  };

  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
      const problem = state === undefined || state === null ? 'no saved state' : savedRunProblem(state);
      if (problem) log.info(`restoring the simulation panel without its saved state (${problem})`);
      const saved = problem ? lastRun() : state as SavedRun;
      if (panel) panel.panel.dispose(); // one panel per workspace
      adopt(webviewPanel, saved ? { ...saved, autoRun: !saved.result } : initialContent(undefined, undefined));
    },
  };

  return vscode.Disposable.from(
    log,
    vscode.commands.registerCommand('adamwLens.simulate', simulate),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, serializer),
    { dispose: () => panel?.panel.dispose() },
  );
}
