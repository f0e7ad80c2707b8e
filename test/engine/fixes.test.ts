// Every fix the rules offer, applied to its snippet: the result still parses, nothing outside the edited
// expression changes, and re-analysis shows the fix did what it says (S2 classified, warning gone).

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, type DocumentLanguage, type Fix, initEngine, instantiateFix, type TextEdit } from '../../src/engine';
import { analyzePython } from '../../src/engine/python';
import { analyzeTypeScript } from '../../src/engine/typescript';
import { applyEdits, py, ts } from '../rules/helpers';

function parsesCleanly(text: string, language: DocumentLanguage): boolean {
  if (language === 'python') return !analyzePython(text).notes.some((n) => /syntax error/.test(n.message));
  return !analyzeTypeScript(text).notes.some((n) => /syntax error/.test(n.message));
}

/** Lines the edit did not touch stay byte-for-byte the same. */
function untouchedLinesEqual(before: string, after: string, edits: TextEdit[]): void {
  const touched = new Set(edits.flatMap((e) => [e.range.start.line, e.range.end.line]));
  const a = before.split('\n');
  const b = after.split('\n');
  const inserted = b.length - a.length;
  const firstTouched = Math.min(...touched);
  for (let i = 0; i < a.length; i++) {
    if (touched.has(i)) continue;
    const j = i > firstTouched ? i + inserted : i;
    assert.equal(b[j], a[i], `line ${i + 1} changed`);
  }
}

const S1_CASES: Array<{ name: string; code: string; language: DocumentLanguage; expected: string }> = [
  { name: 'python literal λ', language: 'python', expected: 'weight_decay=0.1 * 0.001 / lr', code: py`
    import torch
    for lr in [1e-4, 1e-3, 1e-2]:
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.1)
    ` },
  { name: 'python named λ and named base α', language: 'python', expected: 'weight_decay=weight_decay * base_lr / lr', code: py`
    import torch.optim as optim
    base_lr = 1e-3
    weight_decay = 0.01
    for i in range(3):
        lr = base_lr * 2 ** i
        optimizer = optim.AdamW(params, lr=lr, weight_decay=weight_decay)
    ` },
  { name: 'python subscript α', language: 'python', expected: 'weight_decay=1e-4 * 3.16228e-4 / cfg["lr"]', code: py`
    import optax
    for cfg in [{"lr": 1e-4}, {"lr": 1e-3}]:
        tx = optax.adamw(cfg["lr"], weight_decay=1e-4)
    ` },
  { name: 'typescript shorthand property', language: 'typescript', expected: 'weightDecay: weightDecay * 5.47723e-4 / lr', code: ts`
    import { adamw } from "@jax-js/optax";
    const weightDecay = 1e-2;
    const opts = [1e-4, 3e-4, 1e-3, 3e-3].map((lr) => adamw(lr, { weightDecay }));
    ` },
];

describe('S2 fix', () => {
  before(() => initEngine());
  for (const c of S1_CASES) {
    it(c.name, () => {
      const finding = analyzeText(c.code, { language: c.language }).findings.find((f) => f.rule === 's1-sweep');
      assert.ok(finding, 'no s1-sweep finding');
      const fix = finding.fixes.find((f) => f.kind === 's2-rescale');
      assert.ok(fix, 'no S2 fix');
      const fixed = applyEdits(c.code, fix.edits);
      assert.ok(fixed.includes(c.expected), `expected "${c.expected}" in:\n${fixed}`);
      assert.ok(parsesCleanly(fixed, c.language), `does not parse:\n${fixed}`);
      untouchedLinesEqual(c.code, fixed, fix.edits);
      const after = analyzeText(fixed, { language: c.language });
      assert.equal(after.findings.filter((f) => f.rule === 's1-sweep').length, 0);
      assert.equal(after.sites[0].sweep.kind, 'S2');
    });
  }
});

describe('other fixes', () => {
  before(() => initEngine());
  const run = (code: string, rule: string, kind: Fix['kind'], language: DocumentLanguage = 'python') => {
    const f = analyzeText(code, { language }).findings.find((x) => x.rule === rule);
    assert.ok(f, `no ${rule} finding`);
    const fix = f.fixes.find((x) => x.kind === kind);
    assert.ok(fix, `no ${kind} fix`);
    return { fix, fixed: applyEdits(code, fix.edits) };
  };

  it('converts a paper-form λ to the PyTorch form', () => {
    const code = py`
      import torch
      weight_decay = 0.05  # adamw-lens: convention=lh
      opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=weight_decay)
      `;
    const { fixed, fix } = run(code, 'lambda-convention', 'convert-convention');
    assert.match(fixed, /weight_decay=weight_decay \/ 1e-3\)/);
    assert.match(fix.title, /λ = 50 at α = 0\.001/);
    assert.ok(parsesCleanly(fixed, 'python'));
  });

  it('converting a λ annotated on its own line updates the annotation, so lambda-convention is resolved (TS)', () => {
    const code = ts`
      import { adamw } from "@jax-js/optax";
      const opt = adamw(1e-3, { weightDecay: 0.1 }); // adamw-lens: convention=paper
      `;
    const { fixed, fix } = run(code, 'lambda-convention', 'convert-convention', 'typescript');
    assert.equal(fixed, code.replace('weightDecay: 0.1 }); // adamw-lens: convention=paper', 'weightDecay: 0.1 / 1e-3 }); // adamw-lens: convention=pt'));
    assert.deepEqual(fix.edits.map((e) => e.newText), ['0.1 / 1e-3', 'pt']);
    assert.ok(parsesCleanly(fixed, 'typescript'));
    untouchedLinesEqual(code, fixed, fix.edits);
    // λ = 100 at α = 1e-3 is the same decay as before: decay-timescale still calls it strong, lambda-convention is resolved.
    assert.deepEqual(analyzeText(fixed, { language: 'typescript' }).findings.map((f) => f.rule), ['decay-timescale']);
  });

  it('converting a λ annotated on its own line updates the annotation and keeps the rest of the comment (Python)', () => {
    const code = py`
      import torch
      opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.1)  # from the paper; adamw-lens: convention=lh (LH)
      `;
    const { fixed } = run(code, 'lambda-convention', 'convert-convention');
    assert.equal(fixed, code.replace('weight_decay=0.1)  # from the paper; adamw-lens: convention=lh (LH)', 'weight_decay=0.1 / 1e-3)  # from the paper; adamw-lens: convention=pt (LH)'));
    assert.ok(parsesCleanly(fixed, 'python'));
    const after = analyzeText(fixed, { language: 'python' });
    assert.deepEqual(after.findings.filter((f) => f.rule === 'lambda-convention'), []);
    assert.equal(after.sites[0].weightDecay.value, 100);
    assert.equal(after.sites[0].weightDecay.annotatedConvention, 'lr-scaled');
  });

  it('an annotation on the definition line stays (it describes the constant, still in the paper form)', () => {
    const code = py`
      import torch
      weight_decay = 0.05  # adamw-lens: convention=lh
      opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=weight_decay)
      `;
    const { fixed, fix } = run(code, 'lambda-convention', 'convert-convention');
    assert.equal(fix.edits.length, 1);
    assert.match(fixed, /weight_decay = 0\.05 {2}# adamw-lens: convention=lh\n/);
    assert.deepEqual(analyzeText(fixed, { language: 'python' }).findings.filter((f) => f.rule === 'lambda-convention'), []);
  });

  it('a TS shorthand λ annotated on its definition: the call is rewritten, the definition keeps its annotation', () => {
    const code = ts`
      import { adamw } from "@jax-js/optax";
      const weightDecay = 0.1; // adamw-lens: convention=paper
      const opt = adamw(1e-3, { weightDecay });
      `;
    const { fixed, fix } = run(code, 'lambda-convention', 'convert-convention', 'typescript');
    assert.deepEqual(fix.edits.map((e) => e.newText), ['weightDecay: weightDecay / 1e-3']);
    assert.ok(parsesCleanly(fixed, 'typescript'));
    assert.deepEqual(analyzeText(fixed, { language: 'typescript' }).findings.filter((f) => f.rule === 'lambda-convention'), []);
  });

  it('writes out a default λ', () => {
    const code = py`
      import torch
      opt = torch.optim.AdamW(params, lr=1e-3)
      `;
    const { fixed } = run(code, 'lambda-convention', 'convert-convention');
    assert.match(fixed, /torch\.optim\.AdamW\(params, lr=1e-3, weight_decay=0\.01\)/);
    assert.equal(analyzeText(fixed, { language: 'python' }).findings.length, 0);
  });

  it('switches Adam to AdamW', () => {
    const code = py`
      import torch
      opt = torch.optim.Adam(params, lr=1e-3, weight_decay=0.1)
      `;
    const { fixed, fix } = run(code, 'coupled-l2', 'convert-convention');
    assert.match(fixed, /torch\.optim\.AdamW\(params/);
    assert.ok(fix.unsafeReason);
    assert.equal(analyzeText(fixed, { language: 'python' }).findings.filter((f) => f.rule === 'coupled-l2').length, 0);
  });

  it('inserts a suppression pragma with the line\'s indentation, and it suppresses', () => {
    const code = py`
      import torch
      for lr in [1e-4, 1e-3]:
          opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.1)
      `;
    const { fixed } = run(code, 's1-sweep', 'suppress');
    assert.match(fixed, /\n {4}# adamw-lens: ignore\[s1-sweep\]\n {4}opt = /);
    assert.equal(analyzeText(fixed, { language: 'python' }).findings.filter((f) => f.rule === 's1-sweep').length, 0);
  });

  it('rescales λ for a new dataset size, learning rate and width', () => {
    const code = py`
      import torch
      opt = torch.optim.AdamW(params, lr=1e-6, weight_decay=1e-3)
      `;
    const f = analyzeText(code, { language: 'python' }).findings.find((x) => x.rule === 'decay-timescale')!;
    const byKind = (k: Fix['kind']) => f.fixes.find((x) => x.kind === k)!;
    const dataset = instantiateFix(byKind('rescale-for-dataset'), '50000, 200000');
    assert.ok(!('error' in dataset));
    assert.match(applyEdits(code, dataset.edits), /weight_decay=2\.5e-4\)/);
    const width = instantiateFix(byKind('rescale-for-width'), '512 1024');
    assert.ok(!('error' in width));
    assert.match(applyEdits(code, width.edits), /weight_decay=0\.002\)/);
    const lr = instantiateFix(byKind('rescale-for-lr'), '2e-6');
    assert.ok(!('error' in lr));
    assert.match(applyEdits(code, lr.edits), /lr=2e-6, weight_decay=5e-4\)/);
    const bad = instantiateFix(byKind('rescale-for-width'), 'wide');
    assert.ok('error' in bad);
  });
});
