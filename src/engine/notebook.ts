// Jupyter notebooks: code cells are analysed together, in order, as one Python file (a λ defined in
// cell 1 reaches the optimizer in cell 4); findings are mapped back to their cell and line.

import type { AnalysisNote, AnalysisResult } from './types';
import { CellCoordinates } from './notebook-ranges';
import { normalizeLoneCr } from './lines';

export interface NotebookCellInput {
  /** The cell's identity for the caller: a cell URI in the editor, `cell 3` on the command line. */
  id: string;
  text: string;
  kind: 'code' | 'markdown';
  language?: string;
}

export interface CellSpan { id: string; firstLine: number; lineCount: number }

/** Joins the Python code cells; IPython magics and shell escapes become blank lines (same line count). */
export function joinCells(cells: NotebookCellInput[]): { text: string; spans: CellSpan[] } {
  const parts: string[] = [];
  const spans: CellSpan[] = [];
  let line = 0;
  for (const cell of cells) {
    if (cell.kind !== 'code' || (cell.language && cell.language !== 'python')) continue;
    const lines = normalizeLoneCr(cell.text).split('\n').map((l) => (/^\s*[%!]/.test(l) ? '' : l));
    spans.push({ id: cell.id, firstLine: line, lineCount: lines.length });
    parts.push(lines.join('\n'));
    line += lines.length;
  }
  return { text: parts.join('\n'), spans };
}

/** Splits the result of the joined text into results per cell id, every range relative to its cell. */
export function splitByCell(result: AnalysisResult, spans: CellSpan[]): Map<string, AnalysisResult> {
  const out = new Map<string, AnalysisResult>(spans.map((s) => [s.id, { findings: [], notes: [], sites: [] }]));
  const cells = new CellCoordinates(spans);
  for (const f of result.findings) {
    const span = cells.cellAt(f.range.start.line);
    if (span) out.get(span.id)?.findings.push(cells.finding(f, span, spans.indexOf(span)));
  }
  for (const s of result.sites) {
    const span = cells.cellAt(s.range.start.line);
    if (span) out.get(span.id)?.sites.push(cells.site(s, span));
  }
  for (const n of result.notes) {
    const span = n.range ? cells.cellAt(n.range.start.line) : spans[0];
    if (span) out.get(span.id)?.notes.push(n.range ? { ...n, range: cells.shift(n.range, span) } : n);
  }
  return out;
}

/** Cells of an .ipynb file; a note instead when it is not a notebook, and one per cell that is not a cell. */
export function parseNotebook(json: string): { cells: NotebookCellInput[]; notes: AnalysisNote[] } | { note: AnalysisNote } {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (error) {
    return { note: { message: `not a valid notebook (JSON: ${error instanceof Error ? error.message : String(error)})` } };
  }
  const cells = field(doc, 'cells');
  if (!Array.isArray(cells)) return { note: { message: 'not a valid notebook (no "cells" array)' } };
  const metadata = field(doc, 'metadata');
  const lang = [field(field(metadata, 'language_info'), 'name'), field(field(metadata, 'kernelspec'), 'language')].find((l) => typeof l === 'string') as string | undefined;
  const notes: AnalysisNote[] = [];
  const parsed: NotebookCellInput[] = [];
  cells.forEach((cell: unknown, i) => {
    // Cells are numbered from 1 among all cells, as the findings' `cell N` are (formats.ts).
    if (typeof cell !== 'object' || cell === null || Array.isArray(cell)) {
      notes.push({ message: `cell ${i + 1} skipped: not a notebook cell (${cell === null ? 'null' : Array.isArray(cell) ? 'an array' : typeof cell})` });
      return;
    }
    const source = field(cell, 'source');
    const text = Array.isArray(source) ? source.filter((s) => typeof s === 'string').join('') : typeof source === 'string' ? source : '';
    parsed.push({ id: String(i), text, kind: field(cell, 'cell_type') === 'code' ? 'code' : 'markdown', language: lang ?? 'python' });
  });
  return { cells: parsed, notes };
}

/** `value[key]` when `value` is a JSON object, else undefined (never throws on null, arrays or numbers). */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
