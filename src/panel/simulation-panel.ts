// One simulation panel in VS Code: its webview (HTML, CSP, resource roots), its simulation runs (on this
// extension host's worker threads, runs.ts) and the page's requests that need the editor: the file dialog
// for user data, the save dialog for exports, the clipboard. Everything the page sends is validated by
// messages.ts first; the mapping and formatting live in plain modules.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { DataFileError, dataFileRefusal, parseDataFile } from '../simulation/data-files';
import { makeNonce, renderPanelHtml } from './html';
import { parsePageMessage, type HostToPage, type PageToHost, type PanelContent, type SavedRun } from './messages';
import { PanelRuns, type Simulator } from './runs';
import { sweepAsCode } from './sweep-code';

export const VIEW_TYPE = 'adamwLens.simulation';

const SAVE_FILTERS: Record<Extract<PageToHost, { type: 'save' }>['format'], Record<string, string[]>> = {
  png: { 'PNG image': ['png'] },
  csv: { CSV: ['csv'] },
  json: { JSON: ['json'] },
};

export interface PanelServices {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** Called with every finished run, to reuse it when the panel is reopened. */
  remember(run: SavedRun): void;
  /** The simulator (src/simulation/index.ts's `simulate`, on worker threads). */
  simulate: Simulator;
}

export function webviewFolder(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [webviewFolder(extensionUri)] };
}

/** dist/webview/panel.js, chart-kit.js and panel.css, read once per extension host: they go inline into every page. */
const pageFiles = new Map<string, { script: string; style: string; chartKit: string }>();

function readPageFiles(folder: vscode.Uri): { script: string; style: string; chartKit: string } {
  let files = pageFiles.get(folder.fsPath);
  if (!files) {
    const read = (name: string) => readFileSync(vscode.Uri.joinPath(folder, name).fsPath, 'utf8');
    files = { script: read('panel.js'), style: read('panel.css'), chartKit: read('chart-kit.js') };
    pageFiles.set(folder.fsPath, files);
  }
  return files;
}

type SetupMessage = Extract<HostToPage, { type: 'setup' }>;

/** The latest a run with a first seed computed ahead waits for its page before its workers start. */
const PAGE_UP_AT_THE_LATEST_MS = 1500;

export class SimulationPanel {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly runs: PanelRuns;
  /** What the page shows or is to show, numbered (`content`): the page says which number it has when it loads. */
  private pending: PanelContent & { runId?: number };
  private content = 1;
  private current: SavedRun;
  /** The latest progress and the end of the run in `pending`, for a page that (re)loads after they were posted. */
  private replay: HostToPage[] = [];
  private startingRun = false;
  /** Settles when the page first says it is up (or after PAGE_UP_AT_THE_LATEST_MS): until then a run whose
   * first seed was computed ahead leaves the cores to the page that shows it (SimOptions.restAfter). */
  private readonly pageUp: Promise<void>;
  private markPageUp: () => void = () => undefined;

  constructor(readonly panel: vscode.WebviewPanel, private readonly services: PanelServices, content: PanelContent, onDispose: () => void) {
    this.pending = content;
    this.current = content;
    this.pageUp = new Promise<void>((resolve) => {
      const latest = setTimeout(resolve, PAGE_UP_AT_THE_LATEST_MS);
      this.markPageUp = () => {
        clearTimeout(latest);
        resolve();
      };
    });
    this.runs = new PanelRuns(services.simulate, (message) => this.postRun(message));
    // The run starts now, while the webview loads: the first seed is often ready before the page is.
    if (content.autoRun) this.startRun();
    panel.webview.options = webviewOptions(services.extensionUri);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => {
        this.markPageUp();
        this.runs.cancel();
        this.disposables.forEach((d) => d.dispose());
        onDispose();
      }),
    );
  }

  /** Brings the panel forward; with new content, sends it (VS Code holds messages until the page is up). */
  show(content?: PanelContent): void {
    this.panel.reveal(undefined, false);
    if (!content) return;
    this.pending = content;
    this.current = content;
    this.content++;
    if (content.autoRun) this.startRun();
    else {
      this.runs.cancel();
      this.replay = [];
    }
    this.post(this.setupMessage());
  }

  private startRun(): void {
    this.replay = [];
    // A first seed computed ahead is reported while the run starts, before its id is known here.
    this.startingRun = true;
    try {
      this.pending = { ...this.pending, runId: this.runs.start(this.pending.setup.config, undefined, this.pageUp) };
    } finally {
      this.startingRun = false;
    }
  }

  /** Posted at once, whether or not the page is up yet: VS Code keeps a new webview's messages until its
   * page has loaded (then the page has its setting from the HTML, so nothing waits for a round trip). */
  private postRun(message: HostToPage): void {
    if ((message.type === 'progress' || message.type === 'run-end') && (this.startingRun || message.runId === this.pending.runId)) {
      this.replay = [...this.replay.filter((m) => m.type !== message.type), message];
    }
    this.post(message);
  }

  private setupMessage(): SetupMessage {
    const { setup, result, autoRun, runId } = this.pending;
    return { type: 'setup', setup, ...(result ? { result } : {}), autoRun, ...(runId !== undefined ? { runId } : {}), content: this.content };
  }

  private html(): string {
    const folder = webviewFolder(this.services.extensionUri);
    const uri = (name: string) => this.panel.webview.asWebviewUri(vscode.Uri.joinPath(folder, name)).toString();
    return renderPanelHtml({
      cspSource: this.panel.webview.cspSource,
      ...readPageFiles(folder),
      elements: uri('elements.js'), codicons: uri('codicon.css'),
      nonce: makeNonce(),
      // A first seed computed ahead was posted as the run started: in the page from the start too.
      initial: [this.setupMessage(), ...this.replay],
    });
  }

  private post(message: HostToPage): void {
    void this.panel.webview.postMessage(message);
  }

  /** A page that loads: the current setting unless it has it from its HTML, then where the run stands. A
   * page that loaded with the panel has all of this already (and skips it); one that reloaded may not. */
  private pageLoaded(content: number | undefined): void {
    if (content !== this.content) this.post(this.setupMessage());
    for (const message of this.replay) this.post(message);
  }

  private receive(raw: unknown): void {
    const message = parsePageMessage(raw, (problem) => this.services.log.warn(problem));
    if (!message) return;
    const failed = (error: unknown) => this.services.log.error(`simulation panel: ${message.type} failed: ${String(error)}`);
    switch (message.type) {
      case 'ready':
        this.markPageUp();
        this.pageLoaded(message.content);
        break;
      case 'pick-data-file':
        this.pickDataFile().catch(failed);
        break;
      case 'save':
        this.save(message).catch(failed);
        break;
      case 'copy-sweep':
        this.copySweep(message.pairs).catch(failed);
        break;
      case 'result':
        // What a page that reloads shows from now on: this run, redrawn, not rerun.
        this.current = { setup: message.setup, result: message.result };
        this.pending = { ...this.current, autoRun: false };
        this.content++;
        this.replay = [];
        this.services.remember(this.current);
        break;
      case 'run':
        this.runs.start(message.config, message.request);
        break;
      case 'cancel':
        this.runs.cancel(message.runId);
        break;
    }
  }

  private async pickDataFile(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false, openLabel: 'Simulate on this data', filters: { 'Data (CSV, JSON)': ['csv', 'json'] },
      title: 'Data for the ridge simulation: CSV (features, then target per row) or JSON (A, b, A_val, b_val)',
    });
    const file = picked?.[0];
    if (!file) return;
    const name = file.path.replace(/^.*\//, '');
    try {
      const st = await vscode.workspace.fs.stat(file);
      const refusal = dataFileRefusal(name, { isFile: (st.type & vscode.FileType.File) !== 0, size: st.size });
      if (refusal) throw new DataFileError(refusal);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      const loaded = parseDataFile(text, name);
      this.post({ type: 'data-file', name, data: loaded.data, ...(loaded.batchSize ? { batchSize: loaded.batchSize } : {}),
        ...(loaded.epochs ? { epochs: loaded.epochs } : {}) });
    } catch (error) {
      const message = error instanceof DataFileError ? error.message : `${name}: ${error instanceof Error ? error.message : String(error)}`;
      this.services.log.warn(message);
      this.post({ type: 'notice', level: 'error', message });
    }
  }

  private async save(message: Extract<PageToHost, { type: 'save' }>): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = message.suggestedName.replace(/[\\/:*?"<>|]/g, '_') || `adamw-lens-simulation.${message.format}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters: SAVE_FILTERS[message.format],
      saveLabel: `Export ${message.format.toUpperCase()}`,
    });
    if (!target) return;
    const bytes = message.format === 'png'
      ? Buffer.from(message.content.slice(message.content.indexOf(',') + 1), 'base64')
      : new TextEncoder().encode(message.content);
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`AdamW Lens: saved ${vscode.workspace.asRelativePath(target)}`);
  }

  private async copySweep(pairs: [number, number][]): Promise<void> {
    const code = sweepAsCode(pairs, this.current.setup.language);
    await vscode.env.clipboard.writeText(code);
    const language = this.current.setup.language === 'typescript' ? 'a TypeScript array' : 'a Python list';
    void vscode.window.showInformationMessage(`AdamW Lens: copied the S2 sweep (${pairs.length} (lr, weight_decay) pairs) as ${language}.`);
  }
}
