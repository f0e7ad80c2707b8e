import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeNotebookCells, analyzeNotebookJson, initEngine } from '../../src/engine';

const cells = [
  { id: 'c1', kind: 'code' as const, text: 'import torch\nweight_decay = 0.1\n' },
  { id: 'm1', kind: 'markdown' as const, text: '# Sweep\nwith torch.optim.AdamW(...)' },
  { id: 'c2', kind: 'code' as const, text: '%matplotlib inline\nlrs = [1e-4, 1e-3, 1e-2]\n' },
  { id: 'c3', kind: 'code' as const, text: 'for lr in lrs:\n    opt = torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay)\n' },
];

describe('notebooks', () => {
  before(() => initEngine());

  it('analyses code cells together and maps findings to their cell and line', () => {
    const results = analyzeNotebookCells(cells);
    assert.deepEqual([...results.keys()], ['c1', 'c2', 'c3']);
    const f = results.get('c3')!.findings.find((x) => x.rule === 's1-sweep');
    assert.ok(f, 'λ from cell 1 and α from cell 2 reach the optimizer in cell 3');
    assert.deepEqual(f.range.start, { line: 1, column: 10 });
    assert.equal(f.data.weightDecay, 0.1);
    // The sweep's related information points into cell 2 (the list) and cell 3 (the loop).
    assert.ok(f.related?.some((r) => r.file === 'c2' && r.range.start.line === 1));
    assert.ok(f.related?.some((r) => r.file === 'c3' && r.range.start.line === 0));
    // The S2 fix edits cell 3 in cell coordinates.
    const fix = f.fixes.find((x) => x.kind === 's2-rescale')!;
    assert.equal(fix.edits[0].range.start.line, 1);
    assert.equal(results.get('c1')!.findings.length, 0);
  });

  it('reads the example .ipynb and reports on the fourth cell', () => {
    const json = readFileSync(path.join(__dirname, '../../examples/finetune.ipynb'), 'utf8');
    const r = analyzeNotebookJson(json);
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].rule, 'decay-timescale');
    assert.equal(r.findings[0].data.cell, 3);
    assert.equal(r.findings[0].range.start.line, 1);
  });

  it('gives a note, not a crash, for a malformed notebook', () => {
    for (const bad of ['{', '[]', '{"cells": 3}', '\u0000\u0001', '{"cells": [{"cell_type": "code", "source": 7}]}']) {
      const r = analyzeNotebookJson(bad);
      assert.equal(r.findings.length, 0);
      if (!bad.includes('source')) assert.match(r.notes[0].message, /not a valid notebook/);
    }
  });
});
