// What the end-to-end tests expect comes from the engine itself, through the CLI (`adamw-lens check
// --format json`), so the tests follow the examples as they evolve and never hard-code a result: the
// editor must show what the engine computes, at the same place, and a quick fix must produce exactly
// the engine's edit.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Finding, TextEdit } from '../../src/engine/types';
import { ROOT } from './harness';

/** A finding as the CLI prints it: 1-based lines and columns (also in its fixes' edits), plus its file. */
export interface CliFinding extends Finding {
  file: string;
  /** Notebook findings: the 0-based cell index (the engine puts it in data.cell; a CLI may lift it here). */
  cell?: number;
}

export function checkJson(target: string): CliFinding[] {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/adamw-lens.js'), 'check', target, '--format', 'json'],
    { cwd: path.dirname(target), encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`adamw-lens check ${target} --format json exited ${result.status}: ${result.stderr}`);
  }
  const parsed = JSON.parse(result.stdout) as CliFinding[] | { findings: CliFinding[] };
  const findings = Array.isArray(parsed) ? parsed : parsed.findings;
  return findings.map((f) => ({ ...f, file: path.resolve(path.dirname(target), f.file) }));
}

export function findingIn(findings: CliFinding[], fileName: string, rule: string): CliFinding {
  const found = findings.find((f) => path.basename(f.file) === fileName && f.rule === rule);
  if (!found) {
    const seen = findings.map((f) => `${path.basename(f.file)}:${f.range.start.line}:${f.rule}`);
    throw new Error(`the engine reports no ${rule} in ${fileName}; it reports [${seen.join(', ')}]`);
  }
  return found;
}

/** Applies non-overlapping edits, positioned as in the CLI's JSON (1-based lines and columns), to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; column: number }) => lineStarts[p.line - 1] + p.column - 1;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}
