// "AdamW Lens: Open Sweep Results…": reads a finished sweep (CSV/TSV, JSON Lines, Optuna SQLite) with the
// engine's readers, analyses it, and shows the runs over (α, λ) and (α, α·λ) in one panel per window.
// The reading and the analysis are the engine's (src/engine/results/); this file wires VS Code to them.
import * as vscode from 'vscode';
import { analyzeRuns } from '../engine/results/analysis';
import { looksLikeSweepResults } from '../engine/results/detect';
import { readResultsBytes } from '../engine/results/load';
import { suggestionAsCode, type SweepCodeFormat } from '../engine/results/sweep-code';
import { RESULT_LIMITS, ResultsError } from '../engine/results/types';
import { makeNonce } from './html';
import { renderResultsHtml } from './results-html';
import { resultsPageMessageProblem, type ResultsHostToPage, type ResultsPageToHost, type ResultsView } from './results-messages';
import { resultsView } from './results-view';

export const RESULTS_VIEW_TYPE = 'adamwLens.results';
export const OPEN_RESULTS_COMMAND = 'adamwLens.openResults';

const FORMAT_NAMES: Record<SweepCodeFormat, string> = { wandb: 'a W&B sweep file', optuna: 'an Optuna study', shell: 'a shell loop' };

class ResultsPanel {
  private view: ResultsView | undefined;
  private pageReady = false;

  constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private readonly log: vscode.LogOutputChannel, onDispose: () => void) {
    const folder = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [folder] };
    const uri = (name: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(folder, name)).toString();
    panel.webview.html = renderResultsHtml({
      cspSource: panel.webview.cspSource, script: uri('results.js'), elements: uri('elements.js'), style: uri('results.css'),
      codicons: uri('codicon.css'), nonce: makeNonce(),
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    panel.onDidDispose(onDispose);
  }

  show(view: ResultsView): void {
    this.view = view;
    this.panel.title = `Sweep results: ${view.file.replace(/^.*[\\/]/, '')}`;
    this.panel.reveal(undefined, false);
    if (this.pageReady) this.post({ type: 'results', view });
  }

  private post(message: ResultsHostToPage): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const problem = resultsPageMessageProblem(raw);
    if (problem) {
      this.log.warn(`ignored a message from the results page: ${problem}`);
      return;
    }
    const message = raw as ResultsPageToHost;
    if (message.type === 'ready') {
      this.pageReady = true;
      if (this.view) this.post({ type: 'results', view: this.view });
    } else if (message.type === 'copy-sweep' && this.view) {
      const code = suggestionAsCode(this.view.suggestion, message.format);
      void vscode.env.clipboard.writeText(code).then(() => vscode.window.showInformationMessage(
        `AdamW Lens: copied the next S2 sweep (${this.view?.suggestion.lrs.length} runs, α·λ fixed) as ${FORMAT_NAMES[message.format]}.`));
    }
  }
}

async function readView(file: vscode.Uri, extensionUri: vscode.Uri): Promise<ResultsView> {
  const name = vscode.workspace.asRelativePath(file);
  const stat = await vscode.workspace.fs.stat(file);
  const limit = Math.max(RESULT_LIMITS.textBytes, RESULT_LIMITS.sqliteBytes);
  if (stat.size > limit) throw new ResultsError(`${name} is larger than the ${limit / 1024 / 1024} MiB the readers accept`);
  const bytes = await vscode.workspace.fs.readFile(file);
  const { table } = await readResultsBytes(bytes, file.path, {}, vscode.Uri.joinPath(extensionUri, 'dist').fsPath);
  if (table.runs.length === 0) {
    throw new ResultsError(`${name}: no usable runs${table.seen ? ` among ${table.seen}` : ''} (${table.notes.filter((n) => /left out|skipped/.test(n)).join('; ')})`);
  }
  return resultsView(name, table, analyzeRuns(table));
}

/** "Open as sweep results" above the first line of a CSV/TSV/JSON Lines file whose header names α and λ. */
export const resultsCodeLenses: vscode.CodeLensProvider = {
  provideCodeLenses(document) {
    if (document.lineCount === 0 || !looksLikeSweepResults(document.lineAt(0).text, document.uri.path)) return [];
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
      title: 'AdamW Lens: open as sweep results (α against α·λ)', command: OPEN_RESULTS_COMMAND, arguments: [document.uri],
    })];
  },
};

export function registerResultsPanel(context: vscode.ExtensionContext): vscode.Disposable {
  const log = vscode.window.createOutputChannel('AdamW Lens Results', { log: true });
  let current: ResultsPanel | undefined;

  const open = async (argument?: unknown): Promise<void> => {
    let file = argument instanceof vscode.Uri ? argument : undefined;
    file ??= vscode.window.activeTextEditor?.document.uri.scheme === 'file' && /\.(csv|tsv|jsonl|ndjson)$/i.test(vscode.window.activeTextEditor.document.uri.path)
      ? vscode.window.activeTextEditor.document.uri : undefined;
    if (!file) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false, openLabel: 'Open sweep results',
        filters: { 'Sweep results': ['csv', 'tsv', 'jsonl', 'ndjson', 'db', 'sqlite', 'sqlite3'] },
        title: 'A finished sweep: CSV/TSV (W&B export), JSON Lines, or an Optuna study (SQLite)',
      });
      file = picked?.[0];
    }
    if (!file) return;
    let view: ResultsView;
    try {
      view = await readView(file, context.extensionUri);
    } catch (error) {
      const message = error instanceof ResultsError ? error.message : `${vscode.workspace.asRelativePath(file)}: ${error instanceof Error ? error.message : String(error)}`;
      log.warn(message);
      void vscode.window.showErrorMessage(`AdamW Lens: ${message}`);
      return;
    }
    if (!current) {
      const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, 'Sweep results', vscode.ViewColumn.Beside, { enableScripts: true });
      const created = new ResultsPanel(panel, context.extensionUri, log, () => {
        if (current === created) current = undefined;
      });
      current = created;
    }
    current.show(view);
  };

  return vscode.Disposable.from(
    log,
    vscode.commands.registerCommand(OPEN_RESULTS_COMMAND, open),
    vscode.languages.registerCodeLensProvider([{ scheme: 'file', pattern: '**/*.{csv,tsv,jsonl,ndjson}' }], resultsCodeLenses),
    { dispose: () => current?.panel.dispose() },
  );
}
