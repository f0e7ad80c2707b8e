// Jupyter notebooks: code cells are analysed together, in order, as one Python file (a λ defined in
// cell 1 reaches the optimizer in cell 4); findings are mapped back to their cell and line.

import type { AnalysisNote, AnalysisResult } from './types';
import { CellCoordinates } from './notebook-ranges';

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
    const lines = cell.text.split('\n').map((l) => (/^\s*[%!]/.test(l) ? '' : l));
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

/** Cells of an .ipynb file; undefined with a note when it is not a notebook. */
export function parseNotebook(json: string): { cells: NotebookCellInput[] } | { note: AnalysisNote } {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (error) {
    return { note: { message: `not a valid notebook (JSON: ${error instanceof Error ? error.message : String(error)})` } };
  }
  const cells = (doc as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) return { note: { message: 'not a valid notebook (no "cells" array)' } };
  const language = (doc as { metadata?: { kernelspec?: { language?: string }; language_info?: { name?: string } } }).metadata;
  const lang = language?.language_info?.name ?? language?.kernelspec?.language ?? 'python';
  return {
    cells: cells.map((c, i) => {
      const cell = c as { cell_type?: string; source?: unknown };
      const source = Array.isArray(cell.source) ? cell.source.filter((s) => typeof s === 'string').join('') : typeof cell.source === 'string' ? cell.source : '';
      return { id: String(i), text: source, kind: cell.cell_type === 'code' ? 'code' : 'markdown', language: lang };
    }),
  };
}
