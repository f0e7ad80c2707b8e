// The properties every quick fix must have, checked wherever fixes are produced (the rule tables, the
// examples, generated variants): applied to its text, it leaves code that parses, its finding goes,
// and it is not offered again. Edits are applied the way LSP editors apply them (`\r\n`, `\n` and a
// lone `\r` end lines), so a fix computed on other line counts than the editor's fails here.

import { spawnSync } from 'node:child_process';
import { parse as parseTypeScript } from '@typescript-eslint/typescript-estree';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from 'yaml';
import { analyzeNotebookCells, analyzeText, type AnalysisResult, type DocumentLanguage, type EngineConfig, type Finding, type Fix, type NotebookCellInput, type TextEdit } from '../../src/engine';
import { parsePython } from '../../src/engine/python/parser';
import { normalizeLoneCr } from '../../src/engine/lines';

/** Applies edits with LSP's line counting; edits of one fix never overlap. */
export function applyLspEdits(text: string, edits: TextEdit[]): string {
  const doc = TextDocument.create('file:///fix', 'plaintext', 1, text);
  return TextDocument.applyEdits(doc, edits.map((e) => ({
    range: { start: { line: e.range.start.line, character: e.range.start.column }, end: { line: e.range.end.line, character: e.range.end.column } },
    newText: e.newText,
  })));
}

/** Why `text` does not parse as `language`, or undefined when it does (Python: no ERROR or MISSING node). */
export function parseProblem(text: string, language: DocumentLanguage): string | undefined {
  switch (language) {
    case 'python': case 'notebook': {
      // CPython reads a lone \r as a line end; the tree-sitter grammar does not (the engine converts it).
      const tree = parsePython(normalizeLoneCr(text));
      try {
        return tree.rootNode.hasError ? `tree-sitter: ${firstError(tree.rootNode)}` : undefined;
      } finally {
        tree.delete();
      }
    }
    case 'typescript': case 'javascript': case 'typescriptreact': case 'javascriptreact':
      try {
        parseTypeScript(text, { jsx: language.endsWith('react') });
        return undefined;
      } catch (error) {
        return `typescript-estree: ${(error as Error).message}`;
      }
    case 'json':
      try {
        JSON.parse(text);
        return undefined;
      } catch (error) {
        return `JSON: ${(error as Error).message}`;
      }
    case 'yaml': {
      const errors = parseDocument(text).errors;
      return errors.length ? `YAML: ${errors[0].message}` : undefined;
    }
    case 'shellscript': {
      const r = spawnSync('sh', ['-n'], { input: text, encoding: 'utf8' });
      return r.status === 0 ? undefined : `sh -n: ${r.stderr.trim()}`;
    }
    default:
      return undefined;
  }
}

function firstError(node: { type: string; isMissing: boolean; hasError: boolean; startPosition: { row: number; column: number }; children: Array<unknown> }): string {
  if (node.type === 'ERROR' || node.isMissing) return `${node.isMissing ? 'MISSING' : 'ERROR'} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
  for (const child of node.children as Array<typeof node | null>) if (child?.hasError) return firstError(child);
  return 'error';
}

let pythonAvailable: boolean | undefined;

/** Python sources that CPython's own parser rejects (empty when python3 is not installed), by index. */
export function cpythonRejects(sources: string[]): Array<{ index: number; error: string }> {
  pythonAvailable ??= spawnSync('python3', ['-c', 'pass']).status === 0;
  if (!pythonAvailable || sources.length === 0) return [];
  const program = 'import ast,json,sys\nout=[]\nfor i,s in enumerate(json.load(sys.stdin)):\n  try: ast.parse(s)\n  except SyntaxError as e: out.append({"index":i,"error":str(e)})\nprint(json.dumps(out))';
  const r = spawnSync('python3', ['-c', program], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) return [{ index: -1, error: `python3 failed: ${r.stderr}` }];
  return JSON.parse(r.stdout) as Array<{ index: number; error: string }>;
}

export interface FixSubject {
  code: string;
  language: DocumentLanguage;
  config?: Partial<EngineConfig>;
  file?: string;
}

/** What applying one fix gave: the new text, and every broken property. */
export interface AppliedFix { finding: Finding; fix: Fix; before: string; after: string; problems: string[] }

const analyse = (s: FixSubject, code: string): AnalysisResult => analyzeText(code, { language: s.language, config: s.config, file: s.file ?? 'snippet' });

/** A fix the editor applies as it is (fixes asking for a number are filled in first, elsewhere). */
const appliable = (fix: Fix) => fix.edits.length > 0 && !fix.input && !fix.file;

/**
 * Applies every fix of every finding of `subject` (one at a time, to the original text) and checks the
 * properties. Python results are also collected for one CPython `ast.parse` pass (`cpythonProblems`).
 */
export function checkFixes(subject: FixSubject): AppliedFix[] {
  const before = analyse(subject, subject.code);
  const out: AppliedFix[] = [];
  for (const finding of before.findings) {
    for (const fix of finding.fixes.filter(appliable)) {
      const after = applyLspEdits(subject.code, fix.edits);
      const problems: string[] = [];
      const broken = parseProblem(after, subject.language);
      if (broken && !parseProblem(subject.code, subject.language)) problems.push(`does not parse: ${broken}`);
      const again = analyse(subject, after);
      const sameRule = (r: AnalysisResult) => r.findings.filter((f) => f.rule === finding.rule).length;
      if (sameRule(again) >= sameRule(before)) problems.push(`does not resolve its ${finding.rule} finding`);
      if (fix.kind !== 'suppress' && again.findings.some((f) => f.fixes.some((g) => g.kind === fix.kind && g.title === fix.title))) problems.push('is offered again');
      out.push({ finding, fix, before: subject.code, after, problems });
    }
  }
  return out;
}

/** The same for notebook cells analysed together: each fix is applied to the cell it edits. */
export function checkNotebookFixes(cells: NotebookCellInput[], config?: Partial<EngineConfig>): AppliedFix[] {
  const before = analyzeNotebookCells(cells, { config });
  const count = (results: Map<string, AnalysisResult>, rule: string) => [...results.values()].reduce((n, r) => n + r.findings.filter((f) => f.rule === rule).length, 0);
  const out: AppliedFix[] = [];
  for (const [cellId, result] of before) {
    for (const finding of result.findings) {
      for (const fix of finding.fixes.filter((f) => f.edits.length > 0 && !f.input)) {
        const target = fix.file ?? cellId;
        const edited = cells.map((c) => (c.id === target ? { ...c, text: applyLspEdits(c.text, fix.edits) } : c));
        const after = edited.find((c) => c.id === target)?.text ?? '';
        const problems: string[] = [];
        const broken = parseProblem(after, 'python');
        if (broken && !parseProblem(cells.find((c) => c.id === target)?.text ?? '', 'python')) problems.push(`cell ${target} does not parse: ${broken}`);
        const again = analyzeNotebookCells(edited, { config });
        if (count(again, finding.rule) >= count(before, finding.rule)) problems.push(`does not resolve its ${finding.rule} finding`);
        out.push({ finding, fix, before: cells.find((c) => c.id === target)?.text ?? '', after, problems });
      }
    }
  }
  return out;
}

/** Every broken property, as readable lines (empty when all hold). */
export function describeProblems(applied: AppliedFix[]): string[] {
  return applied.flatMap((a) => a.problems.map((p) => `${a.finding.rule} "${a.fix.title}": ${p}\n--- after ---\n${a.after}`));
}

/**
 * Fixed Python texts that CPython's `ast.parse` rejects although it accepted them before the fix. One
 * python3 process for the whole batch (starting one per fix would cost seconds each on a busy machine).
 */
export function cpythonProblems(applied: AppliedFix[]): string[] {
  const brokenBefore = new Set(cpythonRejects(applied.map((a) => a.before)).map((r) => r.index));
  return cpythonRejects(applied.map((a) => a.after)).filter((r) => !brokenBefore.has(r.index)).map(({ index, error }) => {
    const a = applied[index];
    return a ? `${a.finding.rule} "${a.fix.title}": CPython rejects it: ${error}\n--- after ---\n${a.after}` : error;
  });
}
