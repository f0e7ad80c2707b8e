// Diagnostics on open and on change: one debounced run per document (a notebook counts as one document,
// its cells analysed together). A newer change restarts the wait, so only the latest text is analysed;
// a result is published only if the document is still open at the version it was computed for.
// Sweep sources (YAML, JSON, shell, Makefile, Markdown) are analysed against the workspace their
// scripts live in; when an open script or Hydra config changes, the open sweep sources run again.

import type { Connection, Diagnostic } from 'vscode-languageserver';
import { analyzeNotebookCells, isSweepSourceLanguage, limitFor, type AnalysisNote, type AnalysisResult, type Range } from '../engine';
import { noteDiagnostic, toDiagnostic } from './convert';
import type { OpenNotebook, OpenTextDocument } from './documents';
import { pathOfUri, type ServerState } from './state';
import { isLinkTarget, type SweepLinks } from './sweep-links';

const EMPTY: AnalysisResult = { findings: [], notes: [], sites: [] };
const MB = 1024 * 1024;

/**
 * Why an open document is too large to analyse (the CLI's limits: 5 MB of code, 1 MB of sweep file),
 * else undefined. Its text is never parsed, indexed or linked, so it holds no tree while it is open.
 */
export function oversizeNote(text: OpenTextDocument): string | undefined {
  const limit = limitFor(text.language);
  const chars = text.engine.text.length;
  if (chars * 3 <= limit) return undefined; // at most 3 UTF-8 bytes per UTF-16 unit: surely under
  const bytes = Buffer.byteLength(text.engine.text);
  if (bytes <= limit) return undefined;
  return `not analysed: ${(bytes / MB).toFixed(1)} MB is over the ${(limit / MB).toFixed(0)} MB limit${isSweepSourceLanguage(text.language) ? ' for sweep files' : ''}`;
}

export class DiagnosticsScheduler {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Cells of each notebook that have diagnostics published, to clear the ones that left. */
  private readonly publishedCells = new Map<string, Set<string>>();

  constructor(
    private readonly connection: Connection, private readonly state: ServerState, private readonly links: SweepLinks, private readonly debounceMs: number,
  ) {}

  /** `uri` is a text document or a notebook. */
  schedule(uri: string): void {
    clearTimeout(this.pending.get(uri));
    // A throw in a timer would end the server: whatever goes wrong in one document's run is logged.
    this.pending.set(uri, setTimeout(() => {
      try {
        this.run(uri);
      } catch (error) {
        this.connection.console.error(`adamw-lens: analysis of ${uri} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      }
    }, this.debounceMs));
  }

  scheduleAll(): void {
    for (const uri of [...this.state.texts.keys(), ...this.state.notebooks.keys()]) this.schedule(uri);
  }

  /** The open sweep sources run again: what their scripts say changed (all of them: each run is cheap). */
  relinkSweepSources(except?: string): void {
    for (const [uri, text] of this.state.texts) if (uri !== except && isSweepSourceLanguage(text.language)) this.schedule(uri);
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

  /** URIs this scheduler holds anything for (a pending run, published cells): none once they are closed. */
  heldUris(): string[] {
    return [...new Set([...this.pending.keys(), ...this.publishedCells.keys()])];
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
      const over = this.state.isServed(text) ? oversizeNote(text) : undefined;
      if (over) {
        this.state.results.set(uri, EMPTY);
        this.publish(uri, [noteDiagnostic({ message: over, range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } })], text.version);
        return;
      }
      const file = pathOfUri(uri);
      const served = this.state.isServed(text);
      // A script's text goes to the links even when Python is not served: sweep files still launch it.
      const relink = file !== undefined && isLinkTarget(file) && this.links.documentText(file, text.engine.text);
      const workspace = file === undefined ? undefined : this.links.indexFor(file);
      const result = served ? text.engine.analyze({ config: this.state.settings.engine, file, workspace }) : EMPTY;
      if (file !== undefined && served && text.language === 'python') this.links.scriptAnalyzed(file, text.engine.text, result.sites);
      if (relink) this.relinkSweepSources(uri);
      // Analysis is synchronous today; the check keeps a future asynchronous engine from publishing stale results.
      if (this.state.texts.get(uri) !== text) return;
      this.state.results.set(uri, result);
      const notes = isSweepSourceLanguage(text.language) ? result.notes.filter((n): n is AnalysisNote & { range: Range } => n.range !== undefined) : [];
      this.publish(uri, [...result.findings.map((f) => toDiagnostic(uri, f)), ...notes.map(noteDiagnostic)], text.version);
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
