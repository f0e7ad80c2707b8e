// Guards on the engine's quick fixes for sweep sources, so that no code action breaks the file it fixes.
// The engine's suppression pragma goes on its own line above the finding; two places cannot take one:
//  - a line inside a backslash-continued shell command (`python train.py \` / `  --weight_decay 0.05`):
//    the comment line would end the command there, and the rest would run as a command of its own
//    (a Makefile's `for … do \` loop no longer parses at all). The pragma becomes a file-level one
//    (`ignore-file[rule]`, honoured anywhere in the file), above the first line of that command.
//  - a JSON array element: a `"//"` member there is invalid JSON. No place is valid, so no fix.
// Any other JSON fix that would turn a parsing file into one that does not parse is dropped too.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, DocumentLanguage, Finding, Fix } from '../engine';
import { toLspEdit } from './convert';

const SHELL_LIKE = new Set<DocumentLanguage>(['shellscript', 'makefile', 'markdown']);

function lineAt(lines: string[], line: number): string {
  return lines[line] ?? '';
}

const continues = (text: string) => /\\\r?$/.test(text);

function applyFix(text: string, fix: Fix): string {
  return TextDocument.applyEdits(TextDocument.create('file:///fix-check', 'json', 0, text), fix.edits.map(toLspEdit));
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The suppression moved above the whole continued command, as a file-level pragma for this rule. */
function fileLevelSuppression(rule: string, fix: Fix, lines: string[]): Fix {
  let first = fix.edits[0].range.start.line;
  while (first > 0 && continues(lineAt(lines, first - 1))) first--;
  const indent = /^\s*/.exec(lineAt(lines, first))?.[0] ?? '';
  return {
    ...fix,
    title: `Suppress ${rule} in this file (the line is part of a continued command)`,
    edits: [{ range: { start: { line: first, column: 0 }, end: { line: first, column: 0 } }, newText: `${indent}# adamw-lens: ignore-file[${rule}]\n` }],
  };
}

function guardFix(finding: Finding, fix: Fix, text: string, lines: string[], language: DocumentLanguage, textParses: boolean): Fix | undefined {
  if (fix.file !== undefined) return fix; // an edit in another file: nothing here to guard
  if (fix.kind === 'suppress' && SHELL_LIKE.has(language) && fix.edits.length === 1) {
    const line = fix.edits[0].range.start.line;
    if (line > 0 && continues(lineAt(lines, line - 1))) return fileLevelSuppression(finding.rule, fix, lines);
  }
  if (language === 'json' && textParses && !parsesAsJson(applyFix(text, fix))) return undefined;
  return fix;
}

/** The result with every fix that would break the source rewritten or left out. */
export function guardSweepFixes(result: AnalysisResult, text: string, language: DocumentLanguage): AnalysisResult {
  if (!SHELL_LIKE.has(language) && language !== 'json') return result;
  const lines = text.split('\n');
  const textParses = language === 'json' && parsesAsJson(text);
  const findings = result.findings.map((finding) => ({
    ...finding,
    fixes: finding.fixes.map((fix) => guardFix(finding, fix, text, lines, language, textParses)).filter((f): f is Fix => f !== undefined),
  }));
  return { ...result, findings };
}
