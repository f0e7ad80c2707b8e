// Between the engine's vocabulary (0-based line/column, findings, fixes) and LSP's (line/character,
// diagnostics, workspace edits). Column and character are both UTF-16 code units, so no re-counting.

import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range as LspRange, type Position as LspPosition, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { AnalysisNote, Finding, Range, Severity, TextEdit, Position } from '../engine';
import { ruleByName } from '../rules';
import type { FindingKey } from './protocol';

export const SOURCE = 'adamw-lens';

export function toLspRange(range: Range): LspRange {
  return { start: { line: range.start.line, character: range.start.column }, end: { line: range.end.line, character: range.end.column } };
}

export function fromLspRange(range: LspRange): Range {
  return { start: fromLspPosition(range.start), end: fromLspPosition(range.end) };
}

export function fromLspPosition(position: LspPosition): Position {
  return { line: position.line, column: position.character };
}

export function toLspEdit(edit: TextEdit): LspTextEdit {
  return { range: toLspRange(edit.range), newText: edit.newText };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function keyOf(uri: string, finding: Finding): FindingKey {
  return { uri, rule: finding.rule, line: finding.range.start.line, column: finding.range.start.column };
}

export function sameKey(finding: Finding, key: FindingKey): boolean {
  return finding.rule === key.rule && finding.range.start.line === key.line && finding.range.start.column === key.column;
}

/**
 * One finding as an LSP diagnostic. Related locations without a file are in the same document; in a
 * notebook the engine has already set `file` to the cell URI they belong to.
 */
export function toDiagnostic(uri: string, finding: Finding): Diagnostic {
  const rule = ruleByName(finding.rule);
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    source: SOURCE,
    message: finding.message,
    data: keyOf(uri, finding),
  };
  if (rule) diagnostic.codeDescription = { href: rule.meta.docsUrl };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: r.file ? asUri(r.file) : uri, range: toLspRange(r.range) },
      message: r.message,
    }));
  }
  return diagnostic;
}

/**
 * A note the engine placed in the text (a YAML, JSON or shell syntax error that kept a sweep source
 * from being read): information, so the user knows the file was not checked rather than found clean.
 */
export function noteDiagnostic(note: AnalysisNote & { range: Range }): Diagnostic {
  return { range: toLspRange(note.range), severity: DiagnosticSeverity.Information, source: SOURCE, message: `AdamW Lens: ${note.message}` };
}

/** Related locations carry a path (CLI) or a URI (editor, notebook cells). */
function asUri(fileOrUri: string): string {
  const isUri = /^[a-z][a-z0-9+.-]+:/i.test(fileOrUri); // two letters at least: `C:\…` is a Windows path
  return isUri ? fileOrUri : pathToFileURL(fileOrUri).href;
}
