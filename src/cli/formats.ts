// Output formats of `adamw-lens check`: text (`path:line:col: severity rule message`), JSON (1-based
// lines and columns), and SARIF 2.1.0 for code-scanning uploads.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnalysisNote, Finding, Fix, Range, Severity } from '../engine';
import { RULES } from '../engine';
import type { FileFindings } from '../engine';
import { version } from '../../package.json';

export type { FileFindings };
/** An internal error of the engine on one file (AnalysisNote.internalError set): part of it was not analysed. */
export interface FileInternalError { file: string; note: AnalysisNote }

/** How `check` reports an internal error in every format, in place of a rule id. */
export const INTERNAL_ERROR = 'internal-error';

const oneBased = (r: Range) => ({
  start: { line: r.start.line + 1, column: r.start.column + 1 },
  end: { line: r.end.line + 1, column: r.end.column + 1 },
});

function cellOf(f: Finding): number | undefined {
  return typeof f.data.cell === 'number' ? f.data.cell : undefined;
}

export function formatText(results: FileFindings[], root: string): string {
  const lines: string[] = [];
  for (const { file, findings } of results) {
    const rel = path.relative(root, file) || file;
    for (const f of findings) {
      const cell = cellOf(f);
      const where = `${rel}${cell !== undefined ? `:cell ${cell + 1}` : ''}:${f.range.start.line + 1}:${f.range.start.column + 1}`;
      lines.push(`${where}: ${f.severity} ${f.rule} ${f.message}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function jsonFix(fix: Fix) {
  return {
    kind: fix.kind, title: fix.title, isPreferred: fix.isPreferred ?? false, unsafeReason: fix.unsafeReason,
    input: fix.input, edits: fix.edits.map((e) => ({ range: oneBased(e.range), newText: e.newText })),
  };
}

/**
 * A JSON array: one entry per finding, then one per internal error, marked `"internalError": true` with
 * `"rule": "internal-error"`, `"severity": "error"`, the optimizer call it happened on (`site`) and, when
 * known, its range (and notebook cell).
 */
export function formatJson(results: FileFindings[], root: string, internalErrors: FileInternalError[] = []): string {
  const errors = internalErrors.map(({ file, note }) => ({
    file: path.relative(root, file) || file,
    ...(note.cell !== undefined ? { cell: note.cell } : {}),
    rule: INTERNAL_ERROR,
    severity: 'error',
    internalError: true,
    message: note.message,
    ...(note.internalError?.site ? { site: note.internalError.site } : {}),
    ...(note.range ? { range: oneBased(note.range) } : {}),
  }));
  const findings = results.flatMap(({ file, findings }) => findings.map((f) => ({
    file: path.relative(root, file) || file,
    ...(cellOf(f) !== undefined ? { cell: cellOf(f) } : {}),
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    range: oneBased(f.range),
    data: f.data,
    fixes: f.fixes.map(jsonFix),
    related: f.related?.map((r) => ({ ...r, ...(r.file ? { file: path.relative(root, r.file) || r.file } : {}), range: oneBased(r.range) })),
  })));
  return `${JSON.stringify([...findings, ...errors], null, 2)}\n`;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function region(r: Range) {
  return { startLine: r.start.line + 1, startColumn: r.start.column + 1, endLine: r.end.line + 1, endColumn: r.end.column + 1 };
}

/**
 * SARIF 2.1.0. Internal errors are tool execution notifications of the run's invocation (level error,
 * descriptor `internal-error`), which then has `executionSuccessful: false`: part of the analysis was skipped.
 */
export function formatSarif(results: FileFindings[], root: string, internalErrors: FileInternalError[] = []): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.name, i]));
  // A relative URI reference: each path segment percent-encoded (`a b#c.py` → `a%20b%23c.py`).
  const uri = (file: string) => (path.relative(root, file) || path.basename(file)).split(path.sep).map(encodeURIComponent).join('/');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'adamw-lens',
          version,
          informationUri: 'https://github.com/adamw-lens/adamw-lens',
          rules: RULES.map((r) => ({
            id: r.meta.name,
            name: r.meta.name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
            shortDescription: { text: r.meta.description },
            helpUri: r.meta.docsUrl,
            defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
          })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(root).href.replace(/\/?$/, '/')}` } },
      invocations: [{
        executionSuccessful: internalErrors.length === 0,
        toolExecutionNotifications: internalErrors.map(({ file, note }) => ({
          level: 'error',
          message: { text: note.message },
          descriptor: { id: INTERNAL_ERROR },
          locations: [{ physicalLocation: { artifactLocation: { uri: uri(file), uriBaseId: 'SRCROOT' }, ...(note.range ? { region: region(note.range) } : {}) } }],
          properties: { ...(note.internalError?.site ? { site: note.internalError.site } : {}), ...(note.cell !== undefined ? { notebookCell: note.cell } : {}) },
        })),
      }],
      results: results.flatMap(({ file, findings }) => findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIndex.get(f.rule) ?? 0,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: uri(file), uriBaseId: 'SRCROOT' }, region: region(f.range) } }],
        ...(f.related?.length ? {
          relatedLocations: f.related.map((r, id) => ({
            id, message: { text: r.message },
            physicalLocation: { artifactLocation: { uri: r.file && !r.file.includes(':') && !/^\d+$/.test(r.file) ? uri(r.file) : uri(file), uriBaseId: 'SRCROOT' }, region: region(r.range) },
          })),
        } : {}),
        ...(f.fixes.some((x) => x.edits.length && x.kind !== 'suppress') ? {
          fixes: f.fixes.filter((x) => x.edits.length && x.kind !== 'suppress').map((x) => ({
            description: { text: x.title },
            artifactChanges: [{
              artifactLocation: { uri: uri(file), uriBaseId: 'SRCROOT' },
              replacements: x.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            }],
          })),
        } : {}),
        properties: { ...f.data, ...(cellOf(f) !== undefined ? { notebookCell: cellOf(f) } : {}) },
      }))),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
