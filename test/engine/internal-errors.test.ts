// An internal error on one optimizer call (or in one rule) must never lose the file's other calls: the
// failing part is skipped, reported as an internal-error note naming the call, and the rest is analysed.
// The failures are injected by making the evaluator throw on one argument, as a bug in it would.

import { afterEach, before, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNotebookJson, analyzeText, initEngine, isInternalError, RULES } from '../../src/engine';
import { Evaluator as PythonEvaluator } from '../../src/engine/python/evaluate';
import { Evaluator as TypeScriptEvaluator } from '../../src/engine/typescript/evaluate';

/** Makes `Evaluator.evaluate` throw on the expression spelled `trigger`, as a bug in the evaluator would. */
function throwOn(proto: { evaluate: (...args: never[]) => unknown }, textOf: (node: never) => string, trigger: string): void {
  const original = proto.evaluate;
  mock.method(proto, 'evaluate', function (this: unknown, ...args: never[]) {
    if (args[0] && textOf(args[0]) === trigger) throw new TypeError(`cannot read ${trigger}`);
    return original.apply(this, args);
  });
}

const PY = `import torch
a = torch.optim.AdamW(p1, lr=1e-3, weight_decay=BROKEN)
b = torch.optim.Adam(p2, lr=1e-3, weight_decay=0.1)
for lr in [1e-4, 1e-3]:
    c = torch.optim.AdamW(p3, lr=lr, weight_decay=0.1)
`;

describe('internal errors are confined to the optimizer call they happen on', () => {
  before(() => initEngine());
  afterEach(() => mock.restoreAll());

  it('Python: the failing call is skipped and named, the other calls keep their findings', () => {
    throwOn(PythonEvaluator.prototype, (n: { text: string }) => n.text, 'BROKEN');
    const r = analyzeText(PY, { language: 'python', file: 'train.py' });
    assert.deepEqual(r.findings.map((f) => [f.range.start.line + 1, f.rule]), [[3, 'coupled-l2'], [5, 's1-sweep']]);
    assert.deepEqual(r.sites.map((s) => s.range.start.line + 1), [3, 5]);
    const internal = r.notes.filter(isInternalError);
    assert.equal(internal.length, 1);
    assert.equal(internal[0].message, 'internal error: this torch.optim.AdamW call was not analysed: cannot read BROKEN');
    assert.deepEqual(internal[0].internalError, { site: 'torch.optim.AdamW' });
    assert.equal(internal[0].range?.start.line, 1);
  });

  it('TypeScript: the same', () => {
    throwOn(TypeScriptEvaluator.prototype, (n: { type: string; name?: string }) => (n.type === 'Identifier' ? n.name ?? '' : ''), 'BROKEN');
    const code = 'import { adamw } from "@jax-js/optax";\nconst a = adamw(1e-3, { weightDecay: BROKEN });\nfor (const lr of [1e-4, 1e-3]) { adamw(lr, { weightDecay: 0.1 }); }\n';
    const r = analyzeText(code, { language: 'typescript' });
    assert.deepEqual(r.findings.map((f) => [f.range.start.line + 1, f.rule]), [[3, 's1-sweep']]);
    const internal = r.notes.filter(isInternalError);
    assert.deepEqual(internal.map((n) => [n.message, n.internalError?.site, n.range?.start.line]), [
      ['internal error: this @jax-js/optax.adamw call was not analysed: cannot read BROKEN', '@jax-js/optax.adamw', 1],
    ]);
  });

  it('a rule that throws on one call loses neither the other rules on it nor the other calls', () => {
    const rule = RULES.find((r) => r.meta.name === 'decay-timescale')!;
    const create = rule.create;
    mock.method(rule, 'create', (context: Parameters<typeof create>[0]) => {
      const visitor = create(context);
      return { ...visitor, optimizer(site: Parameters<NonNullable<typeof visitor.optimizer>>[0]) {
        if (site.range.start.line === 4) throw new Error('rule bug');
        visitor.optimizer?.(site);
      } };
    });
    const r = analyzeText(PY.replace('BROKEN', '0.1'), { language: 'python' });
    assert.deepEqual(r.findings.map((f) => [f.range.start.line + 1, f.rule]), [[3, 'coupled-l2'], [5, 's1-sweep']]);
    assert.deepEqual(r.notes.filter(isInternalError).map((n) => [n.message, n.internalError?.site, n.range?.start.line]), [
      ['internal error: rule decay-timescale failed on this torch.optim.AdamW call: rule bug', 'torch.optim.AdamW', 4],
    ]);
  });

  it('notebooks keep the flag and name the cell', () => {
    throwOn(PythonEvaluator.prototype, (n: { text: string }) => n.text, 'BROKEN');
    const nb = JSON.stringify({ cells: [
      { cell_type: 'code', source: 'import torch\n' },
      { cell_type: 'code', source: 'a = torch.optim.AdamW(p, lr=1e-3, weight_decay=BROKEN)\n' },
      { cell_type: 'code', source: 'b = torch.optim.Adam(p, lr=1e-3, weight_decay=0.1)\n' },
    ] });
    const r = analyzeNotebookJson(nb);
    assert.deepEqual(r.findings.map((f) => [f.data.cell, f.rule]), [[2, 'coupled-l2']]);
    // The second cell is "cell 2" in notes as in findings (formats.ts prints data.cell + 1).
    assert.deepEqual(r.notes.filter(isInternalError).map((n) => n.message), ['cell 2: internal error: this torch.optim.AdamW call was not analysed: cannot read BROKEN']);
  });
});
