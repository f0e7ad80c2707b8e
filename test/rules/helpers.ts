// Shared helpers of the rule tables: analyse a snippet, keep the findings of one rule, and read the
// seeds' own code out of shared/seeds.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import path from 'node:path';
import { analyzeText, type DocumentLanguage, type EngineConfig, type Finding, initEngine, type TextEdit } from '../../src/engine';

export const ready = initEngine();

export interface Case {
  name: string;
  code: string;
  language?: DocumentLanguage;
  config?: Partial<EngineConfig>;
}
export interface InvalidCase extends Case {
  /** Exact messages of the rule's findings, in order. */
  messages: string[];
  /** 1-based line of the first finding. */
  line?: number;
  severity?: Finding['severity'];
}

export function findingsOf(rule: string, c: Case): Finding[] {
  const result = analyzeText(c.code, { language: c.language ?? 'python', config: c.config, file: 'snippet' });
  return result.findings.filter((f) => f.rule === rule);
}

/**
 * A rule's table, as ESLint's RuleTester runs it: each invalid case gives exactly its messages (in order),
 * the first at its 1-based line and with its severity; each valid case gives none.
 */
export function ruleTester(rule: string, table: { valid: Case[]; invalid: InvalidCase[] }): void {
  describe(rule, () => {
    before(() => ready);
    describe('invalid', () => {
      for (const c of table.invalid) {
        it(c.name, () => {
          const found = findingsOf(rule, c);
          assert.deepEqual(found.map((f) => f.message), c.messages);
          if (c.line !== undefined) assert.equal(found[0].range.start.line + 1, c.line);
          if (c.severity) assert.equal(found[0].severity, c.severity);
        });
      }
    });
    describe('valid', () => {
      for (const c of table.valid) it(c.name, () => assert.deepEqual(findingsOf(rule, c).map((f) => f.message), []));
    });
  });
}

/** Removes the common indentation of a template literal and its first newline. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
export const ts = py;

const SEEDS = path.resolve(__dirname, '../../../shared/seeds');

/** The fenced code blocks of a seed document (```python or bare ```), joined as one file. */
export function seedPython(file: string): string {
  const text = readFileSync(path.join(SEEDS, file), 'utf8');
  const blocks = [...text.matchAll(/```(?:python)?\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.join('\n');
}

function offset(text: string, line: number, column: number): number {
  let o = 0;
  for (let l = 0; l < line; l++) o = text.indexOf('\n', o) + 1;
  return o + column;
}

/** Applies a fix's edits to a text (later positions first, so earlier ranges stay valid). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offset(text, b.range.start.line, b.range.start.column) - offset(text, a.range.start.line, a.range.start.column));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(out, e.range.start.line, e.range.start.column)) + e.newText + out.slice(offset(out, e.range.end.line, e.range.end.column));
  return out;
}
