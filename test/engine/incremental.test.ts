// The editing path (IncrementalDocument): re-analysis after one-line edits gives exactly what a fresh
// analysis of the same text gives, and syntax errors are counted as before. How long a re-analysis takes
// is measured by `npm run bench:check` (a test that times itself fails on a busy machine).

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, IncrementalDocument, initEngine } from '../../src/engine';

/** A module with `count` optimizers (S1 sweep + scheduler, S2 sweep, coupled-L2 Adam, builder) between model classes. */
function moduleWithOptimizers(lines: number, count: number): string {
  const out = ['import numpy as np', 'import torch', 'import torch.nn as nn', '', 'base_lr = 3e-4', 'weight_decay = 0.05', 'n_train = 120_000', 'batch_size = 256', ''];
  const every = Math.floor((lines - out.length) / count);
  for (let k = 0; k < count; k++) {
    const block = [
      ['for lr in [1e-4, 3e-4, 1e-3, 3e-3]:', `    opt_${k} = torch.optim.AdamW(Net${k}().parameters(), lr=lr, weight_decay=weight_decay)`, `    sched_${k} = torch.optim.lr_scheduler.CosineAnnealingLR(opt_${k}, T_max=100)`],
      ['for lr in np.logspace(-4, -2, 5):', `    opt_${k} = torch.optim.AdamW(Net${k}().parameters(), lr=lr, weight_decay=weight_decay * base_lr / lr)`],
      [`adam_${k} = torch.optim.Adam(Net${k}().parameters(), lr=1e-3, weight_decay=1e-4)`],
      [`def build_${k}(model, lr, wd=weight_decay):`, '    return torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd)', 'for lr in [1e-4, 1e-3]:', `    built_${k} = build_${k}(Net${k}(), lr)`],
    ][k % 4];
    out.push(...block, '');
    for (let filler = block.length + 1; filler < every; filler += 4) {
      out.push(`class Net${k}_${filler}(nn.Module):`, `    def __init__(self, dim=${64 + (filler % 7)}):`, '        super().__init__()', '');
    }
  }
  return out.slice(0, lines).join('\n') + '\n';
}

function editLine(text: string): { line: number; column: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('def __init__(self, dim='));
  return { line, column: lines[line].indexOf('dim=') + 'dim='.length };
}

describe('incremental re-analysis', () => {
  before(() => initEngine());

  it('gives after each edit exactly what a fresh analysis of the edited text gives (also while the code is broken)', () => {
    const text = moduleWithOptimizers(2_000, 12);
    const doc = new IncrementalDocument(text, 'python');
    const first = doc.analyze();
    assert.equal(first.sites.length, 12);
    assert.deepEqual(first, analyzeText(text, { language: 'python' }));
    const { line, column } = editLine(text);
    for (const replacement of ['7', '(', '8', 'x)', '6']) {
      doc.applyChanges([{ range: { start: { line, column }, end: { line, column: column + 1 } }, text: replacement }]);
      assert.deepEqual(doc.analyze(), analyzeText(doc.text, { language: 'python' }), `after typing ${replacement}`);
    }
    doc.dispose();
  });

  it('follows edits that add, rename and join the names it looks up (the name positions kept across edits)', () => {
    const text = moduleWithOptimizers(2_000, 12);
    const doc = new IncrementalDocument(text, 'python');
    doc.analyze();
    const at = (needle: string) => {
      const lines = doc.text.split('\n');
      const line = lines.findIndex((l) => l.includes(needle));
      return { line, column: lines[line].indexOf(needle) };
    };
    const edits: Array<[string, () => { range: { start: { line: number; column: number }; end: { line: number; column: number } }; text: string }]> = [
      // The module's λ renamed (its uses no longer resolve), then back.
      ['rename the module λ', () => { const p = at('weight_decay = 0.05'); const end = { line: p.line, column: p.column + 'weight_decay'.length }; return { range: { start: end, end }, text: 'x' }; }],
      ['rename it back', () => { const p = at('weight_decayx = 0.05'); const end = { line: p.line, column: p.column + 'weight_decay'.length }; return { range: { start: end, end: { ...end, column: end.column + 1 } }, text: '' }; }],
      // A new binding of a looked-up name in the middle of the file, on a line of its own.
      ['a new base_lr', () => { const p = at('for lr in np.logspace'); return { range: { start: { line: p.line, column: 0 }, end: { line: p.line, column: 0 } }, text: 'base_lr = 1e-3\n' }; }],
      // An argument's name joined to the next word and split again.
      ['join lr=lr', () => { const p = at('lr=lr, weight_decay=weight_decay)'); const c = { line: p.line, column: p.column + 'lr=lr'.length }; return { range: { start: c, end: { ...c, column: c.column + 2 } }, text: '' }; }],
      ['split it', () => { const p = at('lr=lrweight_decay=weight_decay)'); const c = { line: p.line, column: p.column + 'lr=lr'.length }; return { range: { start: c, end: c }, text: ', ' }; }],
      // A scheduler built on an optimizer (found through the kept positions of its name), then on another name.
      ['a scheduler on opt_1', () => { const p = at('opt_1 = torch.optim.AdamW'); const c = { line: p.line + 1, column: 0 }; return { range: { start: c, end: c }, text: '    sched_x = torch.optim.lr_scheduler.StepLR(optimizer=opt_1, step_size=10)\n' }; }],
      ['renamed away', () => { const p = at('optimizer=opt_1,'); const c = { line: p.line, column: p.column + 'optimizer=opt_1'.length }; return { range: { start: c, end: c }, text: 'x' }; }],
    ];
    for (const [what, change] of edits) {
      doc.applyChanges([change()]);
      assert.deepEqual(doc.analyze(), analyzeText(doc.text, { language: 'python' }), `after: ${what}`);
    }
    doc.dispose();
  });

  it('counts syntax errors and points at the first one', () => {
    const broken = 'import torch\ndef f(:\n  x = [1, 2\nclass A(\n  pass\nopt = torch.optim.AdamW(p, lr=1e-3, weight_decay=0.1)\n';
    assert.deepEqual(analyzeText(broken, { language: 'python' }).notes, [
      { message: '4 syntax error(s); optimizer calls inside broken code were skipped', range: { start: { line: 1, column: 0 }, end: { line: 5, column: 53 } } },
    ]);
  });
});
