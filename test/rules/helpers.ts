// Shared helpers of the rule tables: analyse a snippet, keep the findings of one rule, apply a fix, and
// two longer snippets (a hand-written optimizer class, a tutorial script) that several tables use.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyzeText, type DocumentLanguage, type EngineConfig, type Finding, initEngine, type TextEdit } from '../../src/engine';
import { type AppliedFix, checkFixes, cpythonProblems, describeProblems } from '../engine/fix-properties';

export const ready = initEngine();

export interface Case {
  name: string;
  code: string;
  language?: DocumentLanguage;
  config?: Partial<EngineConfig>;
  /** The file the snippet is analysed as (default `snippet`): test files are skipped unless configured. */
  file?: string;
}
export interface InvalidCase extends Case {
  /** Exact messages of the rule's findings, in order. */
  messages: string[];
  /** 1-based line of the first finding. */
  line?: number;
  severity?: Finding['severity'];
}

export function findingsOf(rule: string, c: Case): Finding[] {
  const result = analyzeText(c.code, { language: c.language ?? 'python', config: c.config, file: c.file ?? 'snippet' });
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
    // Every fix of every invalid case: the result parses, the finding goes, the fix is not offered again.
    describe('fixes', () => {
      const python: AppliedFix[] = [];
      for (const c of table.invalid) {
        it(c.name, () => {
          const language = c.language ?? 'python';
          const applied = checkFixes({ code: c.code, language, config: c.config });
          if (language === 'python') python.push(...applied);
          assert.deepEqual(describeProblems(applied), []);
        });
      }
      it('CPython parses every fixed Python case', () => assert.deepEqual(cpythonProblems(python), []));
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

/**
 * A hand-written optimizer class in the style of the blog posts that compare decay conventions: it decays
 * by (α_t/α_0)·λ, the paper's schedule-only form, so sweeping its α is not an S1 sweep of PyTorch's kind.
 */
export const scheduleDecayOptimizerClass = py`
  import math
  import torch
  from torch.optim import Optimizer

  class ScheduledDecayAdam(Optimizer):
      """Adam whose decay follows the schedule only: w <- (1 - lam * lr_t / lr_0) * w."""

      def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
          if lr < 0.0 or eps < 0.0 or weight_decay < 0.0:
              raise ValueError(f"bad hyper-parameters: lr={lr} eps={eps} weight_decay={weight_decay}")
          self.base_lr = lr
          super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

      @torch.no_grad()
      def step(self, closure=None):
          for group in self.param_groups:
              lr, lam = group["lr"], group["weight_decay"]
              b1, b2 = group["betas"]
              for p in group["params"]:
                  if p.grad is None:
                      continue
                  p.mul_(1 - lam * lr / self.base_lr)
                  st = self.state[p]
                  if not st:
                      st["t"] = 0
                      st["m"] = torch.zeros_like(p)
                      st["v"] = torch.zeros_like(p)
                  st["t"] += 1
                  st["m"].mul_(b1).add_(p.grad, alpha=1 - b1)
                  st["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                  denom = (st["v"].sqrt() / math.sqrt(1 - b2 ** st["t"])).add_(group["eps"])
                  p.add_(-(lr / (1 - b1 ** st["t"])) * st["m"] / denom)
  `;

/**
 * A training script as tutorials pasted into web pages often arrive: every line's indentation lost and a
 * capitalised keyword, one AdamW run (α = 1e-4, λ = 1e-2, so τ_iter = 1e6 steps) over ten epochs of a
 * loader whose length the code does not say.
 */
export const flattenedTutorial = [
  'import torch',
  'from torch import nn, optim',
  'From torch.utils.data import DataLoader',
  'class TinyNet(nn.Module):',
  'def __init__(self):',
  'super().__init__()',
  'self.body = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 256), nn.ReLU(), nn.Linear(256, 10))',
  'def forward(self, x):',
  'return self.body(x)',
  'model = TinyNet()',
  'base_rate = 1e-4',
  'decay = 1e-2',
  'epochs = 10',
  'optimizer = optim.AdamW(model.parameters(), lr=base_rate, weight_decay=decay)',
  'loader = DataLoader(train_set, batch_size=32, shuffle=True)',
  'for epoch in range(epochs):',
  'for x, y in loader:',
  'optimizer.zero_grad()',
  'loss = nn.functional.cross_entropy(model(x), y)',
  'loss.backward()',
  'optimizer.step()',
  "print(f'epoch {epoch + 1}: {loss.item():.3f}')",
  '',
].join('\n');

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
