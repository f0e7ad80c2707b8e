// Snippets that trigger each rule, and what the engine itself says about them: the protocol tests
// compare the server's answers with the engine's own findings rather than with copied numbers.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { analyzeText, type DocumentLanguage, type Finding } from '../../src/engine';
import { analyzePython } from '../../src/engine/python';
import { analyzeTypeScript } from '../../src/engine/typescript';
import { py, ts } from '../rules/helpers';
import { ROOT } from './harness';

export interface RuleCase {
  rule: string;
  languageId: string;
  language: DocumentLanguage;
  file: string;
  code: string;
}

const example = (name: string) => readFileSync(path.join(ROOT, 'examples', name), 'utf8');

export const PYTHON_CASES: RuleCase[] = [
  { rule: 's1-sweep', languageId: 'python', language: 'python', file: 'train_sweep.py', code: example('train_sweep.py') },
  { rule: 'decay-timescale', languageId: 'python', language: 'python', file: 'decay_off.py', code: py`
    import torch
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=1e-5)
    ` },
  { rule: 'lambda-convention', languageId: 'python', language: 'python', file: 'jax_optax_schedule.py', code: example('jax_optax_schedule.py') },
  { rule: 'coupled-l2', languageId: 'python', language: 'python', file: 'adam_weight_decay.py', code: example('adam_weight_decay.py') },
];

export const TYPESCRIPT_CASES: RuleCase[] = [
  { rule: 's1-sweep', languageId: 'typescript', language: 'typescript', file: 'optax_sweep.ts', code: example('optax_sweep.ts') },
  { rule: 'decay-timescale', languageId: 'typescript', language: 'typescript', file: 'decay_off.ts', code: ts`
    import { adamw } from "@jax-js/optax";
    const opt = adamw(1e-4, { weightDecay: 1e-4 });
    ` },
  { rule: 'lambda-convention', languageId: 'typescriptreact', language: 'typescriptreact', file: 'paper_form.tsx', code: ts`
    import { adamw } from "@jax-js/optax";
    const opt = adamw(1e-3, { weightDecay: 0.1 }); // adamw-lens: convention=paper
    ` },
];

export function engineFindings(c: Pick<RuleCase, 'code' | 'language'>): Finding[] {
  return analyzeText(c.code, { language: c.language }).findings;
}

/** The parts of a diagnostic that come from the finding. */
export function summary(d: Diagnostic): { rule: unknown; message: string; start: [number, number]; end: [number, number] } {
  return { rule: d.code, message: typeof d.message === 'string' ? d.message : d.message.value, start: [d.range.start.line, d.range.start.character], end: [d.range.end.line, d.range.end.character] };
}

export function findingSummary(f: Finding): ReturnType<typeof summary> {
  return { rule: f.rule, message: f.message, start: [f.range.start.line, f.range.start.column], end: [f.range.end.line, f.range.end.column] };
}

export function applyLspEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'plaintext', 1, text), edits);
}

export function parsesCleanly(text: string, language: DocumentLanguage): boolean {
  const notes = language === 'python' ? analyzePython(text).notes : analyzeTypeScript(text, { jsx: language.endsWith('react') }).notes;
  return !notes.some((n) => /syntax error/i.test(n.message));
}
