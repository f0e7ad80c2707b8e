// Shared helpers of the sweep-source tables: an in-memory workspace (the files a sweep can link to),
// analysis of one source in it, and fixes applied and re-checked.

import { analyzeText, type AnalysisResult, type DocumentLanguage, type EngineConfig, type Finding, initEngine, type TextEdit, WorkspaceIndex } from '../../src/engine';

export const ready = initEngine();
export { py } from '../rules/helpers';

/** Workspace root of the tables; files are given relative to it. */
export const ROOT = '/ws';

export interface SourceCase {
  name: string;
  /** Path of the sweep source, relative to ROOT. */
  file: string;
  language: DocumentLanguage;
  code: string;
  /** Other files of the workspace (training scripts), relative to ROOT. */
  files?: Record<string, string>;
  config?: Partial<EngineConfig>;
  /** Without a workspace: the source is judged alone. */
  noWorkspace?: boolean;
}

export interface InvalidSourceCase extends SourceCase {
  messages: string[];
  /** 1-based line and column of the first finding. */
  line: number;
  column: number;
}

export function workspaceOf(files: Record<string, string> = {}): WorkspaceIndex {
  const ws = new WorkspaceIndex(ROOT);
  for (const [name, text] of Object.entries(files)) ws.setFile(`${ROOT}/${name}`, text);
  return ws;
}

export function analyzeCase(c: SourceCase): AnalysisResult {
  return analyzeText(c.code, { file: `${ROOT}/${c.file}`, language: c.language, config: c.config, workspace: c.noWorkspace ? undefined : workspaceOf(c.files) });
}

export function s1Findings(c: SourceCase): Finding[] {
  return analyzeCase(c).findings.filter((f) => f.rule === 's1-sweep');
}

function offset(text: string, line: number, column: number): number {
  let o = 0;
  for (let l = 0; l < line; l++) o = text.indexOf('\n', o) + 1;
  return o + column;
}

/** Applies edits to a text (later positions first, so earlier ranges stay valid). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offset(text, b.range.start.line, b.range.start.column) - offset(text, a.range.start.line, a.range.start.column));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(out, e.range.start.line, e.range.start.column)) + e.newText + out.slice(offset(out, e.range.end.line, e.range.end.column));
  return out;
}
