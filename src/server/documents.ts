// The documents the server analyses: text documents (incremental sync into the engine's
// `IncrementalDocument`, so Python edits re-parse only what changed) and notebooks (their cells kept
// in order, analysed together). A plain `TextDocument` mirror of every text clamps garbage positions
// from the client before they reach the incremental parser.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { IncrementalDocument, languageOfFile, type DocumentLanguage, type NotebookCellInput } from '../engine';
import { fromLspRange } from './convert';

/** LSP language ids the engine can analyse when the file name does not say (untitled documents). */
const ENGINE_LANGUAGE_OF_ID: Record<string, DocumentLanguage> = {
  python: 'python', typescript: 'typescript', javascript: 'javascript', typescriptreact: 'typescriptreact', javascriptreact: 'javascriptreact',
  // Sweep sources: a launch script without an extension (`run`, `sweep`) is still shell by its language id.
  yaml: 'yaml', json: 'json', shellscript: 'shellscript', makefile: 'makefile', markdown: 'markdown',
};

/** The engine's language for a document: its file name first, so that whatever the engine learns is served. */
export function engineLanguage(uri: string, languageId: string): DocumentLanguage | undefined {
  const name = decodeURIComponent(uri.replace(/[?#].*$/, '').split('/').pop() ?? '');
  const byName = languageOfFile(name);
  return byName && byName !== 'notebook' ? byName : ENGINE_LANGUAGE_OF_ID[languageId];
}

export class OpenTextDocument {
  private mirror: TextDocument;
  private readonly engineDocument: IncrementalDocument;

  constructor(readonly uri: string, readonly languageId: string, readonly language: DocumentLanguage, version: number, text: string) {
    this.mirror = TextDocument.create(uri, languageId, version, text);
    this.engineDocument = new IncrementalDocument(text, language);
  }

  get version(): number {
    return this.mirror.version;
  }

  get engine(): IncrementalDocument {
    return this.engineDocument;
  }

  /** Applies changes one at a time so that each range is clamped against the text it applies to. */
  update(changes: TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) {
        const start = this.mirror.positionAt(this.mirror.offsetAt(change.range.start));
        const end = this.mirror.positionAt(this.mirror.offsetAt(change.range.end));
        const range = this.mirror.offsetAt(start) <= this.mirror.offsetAt(end) ? { start, end } : { start: end, end: start };
        const joinsLineEnds = this.touchesCarriageReturn(range, change.text);
        this.mirror = TextDocument.update(this.mirror, [{ range, text: change.text }], version);
        // The engine reads a lone \r as \n; an edit next to a \r can make or break a \r\n pair, which
        // only the whole text says right (rare: files with \r line ends).
        if (joinsLineEnds) this.engineDocument.applyChanges([{ text: this.mirror.getText() }]);
        else this.engineDocument.applyChanges([{ range: fromLspRange(range), text: change.text }]);
      } else {
        this.mirror = TextDocument.update(this.mirror, [change], version);
        this.engineDocument.applyChanges([{ text: change.text }]);
      }
    }
  }

  /** Whether replacing `range` by `text` may turn a \r into a line end of its own or into half of a \r\n. */
  private touchesCarriageReturn(range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): boolean {
    if (text.includes('\r')) return true;
    const whole = this.mirror.getText();
    if (!whole.includes('\r')) return false;
    const start = this.mirror.offsetAt(range.start);
    const end = this.mirror.offsetAt(range.end);
    return whole[start - 1] === '\r' || whole[end] === '\n' || whole[end - 1] === '\r' || whole[start] === '\n';
  }

  dispose(): void {
    this.engineDocument.dispose();
  }
}

export interface NotebookCell {
  uri: string;
  kind: 'code' | 'markdown';
}

export class OpenNotebook {
  private cells: NotebookCell[] = [];
  private readonly texts = new Map<string, TextDocument>();

  constructor(readonly uri: string, public version: number) {}

  get cellUris(): string[] {
    return this.cells.map((c) => c.uri);
  }

  hasCell(uri: string): boolean {
    return this.texts.has(uri) || this.cells.some((c) => c.uri === uri);
  }

  /** Replaces `deleteCount` cells from `start` by `inserted` (LSP's NotebookCellArrayChange). */
  spliceCells(start: number, deleteCount: number, inserted: NotebookCell[]): NotebookCell[] {
    const first = Math.max(0, Math.min(start, this.cells.length));
    return this.cells.splice(first, Math.max(0, deleteCount), ...inserted);
  }

  openCellText(uri: string, languageId: string, version: number, text: string): void {
    this.texts.set(uri, TextDocument.create(uri, languageId, version, text));
  }

  closeCellText(uri: string): void {
    this.texts.delete(uri);
  }

  changeCellText(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    const current = this.texts.get(uri);
    if (current) this.texts.set(uri, TextDocument.update(current, changes, version));
  }

  setCellKind(uri: string, kind: NotebookCell['kind']): void {
    const cell = this.cells.find((c) => c.uri === uri);
    if (cell) cell.kind = kind;
  }

  /** The cells as the engine takes them; a cell whose text the client never sent counts as empty. */
  engineCells(): NotebookCellInput[] {
    return this.cells.map((cell) => {
      const text = this.texts.get(cell.uri);
      return { id: cell.uri, text: text?.getText() ?? '', kind: cell.kind, language: text?.languageId ?? 'python' };
    });
  }
}
