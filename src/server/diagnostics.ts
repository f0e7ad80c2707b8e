// Diagnostics on open and on change: one debounced run per document (a notebook counts as one document,
// its cells analysed together). A newer change restarts the wait, so only the latest text is analysed;
// a result is published only if the document is still open at the version it was computed for.

import type { Connection, Diagnostic } from 'vscode-languageserver';
import { analyzeNotebookCells, type AnalysisResult } from '../engine';
import { toDiagnostic } from './convert';
import type { OpenNotebook } from './documents';
import { pathOfUri, type ServerState } from './state';

const EMPTY: AnalysisResult = { findings: [], notes: [], sites: [] };

export class DiagnosticsScheduler {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Cells of each notebook that have diagnostics published, to clear the ones that left. */
  private readonly publishedCells = new Map<string, Set<string>>();

  constructor(private readonly connection: Connection, private readonly state: ServerState, private readonly debounceMs: number) {}

  /** `uri` is a text document or a notebook. */
  schedule(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.set(uri, setTimeout(() => this.run(uri), this.debounceMs));
  }

  scheduleAll(): void {
    for (const uri of [...this.state.texts.keys(), ...this.state.notebooks.keys()]) this.schedule(uri);
  }

  /** Runs a pending analysis now, so that a hover or quick fix right after an edit sees the edited text. */
  flush(uri: string): void {
    const notebook = this.state.notebookOfCell(uri);
    const target = notebook ? notebook.uri : uri;
    if (this.pending.has(target)) this.run(target);
  }

  /** The document or notebook was closed: drop its pending run, results and diagnostics. */
  forget(uri: string, cellUris: string[] = []): void {
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    for (const target of [uri, ...cellUris, ...(this.publishedCells.get(uri) ?? [])]) {
      this.state.results.delete(target);
      this.publish(target, []);
    }
    this.publishedCells.delete(uri);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private run(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    const text = this.state.texts.get(uri);
    if (text) {
      const result = this.state.isServed(text) ? text.engine.analyze({ config: this.state.settings.engine, file: pathOfUri(uri) }) : EMPTY;
      // Analysis is synchronous today; the check keeps a future asynchronous engine from publishing stale results.
      if (this.state.texts.get(uri) !== text) return;
      this.state.results.set(uri, result);
      this.publish(uri, result.findings.map((f) => toDiagnostic(uri, f)), text.version);
      return;
    }
    const notebook = this.state.notebooks.get(uri);
    if (notebook) this.runNotebook(notebook);
  }

  private runNotebook(notebook: OpenNotebook): void {
    const { uri } = notebook;
    const perCell = this.state.notebooksServed()
      ? analyzeNotebookCells(notebook.engineCells(), { config: this.state.settings.engine, file: pathOfUri(uri) })
      : new Map<string, AnalysisResult>();
    const previous = this.publishedCells.get(uri) ?? new Set<string>();
    const current = new Set(notebook.cellUris);
    for (const cellUri of previous) {
      if (!current.has(cellUri)) { this.state.results.delete(cellUri); this.publish(cellUri, []); }
    }
    for (const cellUri of current) {
      const result = perCell.get(cellUri) ?? EMPTY;
      this.state.results.set(cellUri, result);
      this.publish(cellUri, result.findings.map((f) => toDiagnostic(cellUri, f)));
    }
    this.publishedCells.set(uri, current);
  }

  private publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    void this.connection.sendDiagnostics({ uri, version, diagnostics }).catch(() => undefined);
  }
}
