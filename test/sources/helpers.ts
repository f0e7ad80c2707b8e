// Shared helpers of the sweep-source tables: an in-memory workspace (the files a sweep can link to),
// analysis of one source in it, and the table runner (exact messages and positions).

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, type AnalysisResult, type DocumentLanguage, type EngineConfig, type Finding, initEngine, WorkspaceIndex } from '../../src/engine';

export const ready = initEngine();
export { applyEdits, py } from '../rules/helpers';

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

/** The rule table of one source: each invalid case gives exactly its messages at its position, each valid case none. */
export function describeTable(title: string, invalid: InvalidSourceCase[], valid: SourceCase[]): void {
  describe(title, () => {
    before(() => ready);
    for (const c of invalid) {
      it(`invalid: ${c.name}`, () => {
        const findings = s1Findings(c);
        assert.deepEqual(findings.map((f) => f.message), c.messages);
        assert.deepEqual([findings[0].range.start.line + 1, findings[0].range.start.column + 1], [c.line, c.column]);
      });
    }
    for (const c of valid) it(`valid: ${c.name}`, () => assert.deepEqual(s1Findings(c).map((f) => f.message), []));
  });
}
