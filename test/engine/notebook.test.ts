import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeNotebookCells, analyzeNotebookJson, initEngine, type Finding, type Range } from '../../src/engine';
import { splitByCell } from '../../src/engine/notebook';

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

  it("maps a site's argument, definition and sweep ranges into cell coordinates", () => {
    const site = analyzeNotebookCells(cells).get('c3')!.sites[0];
    // `    opt = torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay)` is line 1 of cell c3.
    assert.deepEqual(site.range, at(1, 10, 1, 69));
    assert.deepEqual(site.lr.range, at(1, 39, 1, 41));
    assert.deepEqual(site.weightDecay.range, at(1, 56, 1, 68));
    // λ's definition `weight_decay = 0.1` is in cell c1: its range is in c1's coordinates, and says so.
    assert.deepEqual(site.weightDecay.definition, { name: 'weight_decay', range: at(1, 15, 1, 18), text: '0.1', value: 0.1, file: 'c1' });
    assert.deepEqual(site.sweep.source, [
      { range: at(0, 0, 0, 13), message: 'sweep over lr in lrs', file: 'c3' },
      { range: at(1, 6, 1, 24), message: 'values of lrs defined here', file: 'c2' },
    ]);
  });

  it("maps a finding's sweep payload, input-fix targets and a schedule in a later cell", () => {
    const results = analyzeNotebookCells([
      { id: 'a', kind: 'code', text: 'import torch\nlr = 1e-3\nwd = 1e-5\n' },
      { id: 'b', kind: 'code', text: 'opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd)\n' },
      { id: 'c', kind: 'code', text: 'sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100)\n' },
    ]);
    const site = results.get('b')!.sites[0];
    assert.deepEqual(site.lr.definition, { name: 'lr', range: at(1, 5, 1, 9), text: '1e-3', value: 1e-3, file: 'a' });
    assert.deepEqual(site.schedule, { kind: 'cosine', range: at(0, 8, 0, 66), text: 'torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100)', file: 'c' });
    const finding = results.get('b')!.findings[0];
    assert.equal(finding.rule, 'decay-timescale');
    const width = finding.fixes.find((f) => f.kind === 'rescale-for-width')!;
    assert.equal(width.file, undefined);
    assert.deepEqual(width.target, { weightDecay: { range: at(0, 64, 0, 66), value: 1e-5 }, lr: { range: at(0, 47, 0, 49), value: 1e-3 } });
    const sweep = analyzeNotebookCells(cells).get('c3')!.findings.find((f) => f.rule === 's1-sweep')!;
    assert.deepEqual(sweep.data.sweep?.source?.map((r) => [r.file, r.range]), [['c3', at(0, 0, 0, 13)], ['c2', at(1, 6, 1, 24)]]);
  });

  it('a fix editing another cell names that cell; one editing two cells is dropped', () => {
    const spans = [{ id: 'x', firstLine: 0, lineCount: 2 }, { id: 'y', firstLine: 2, lineCount: 3 }];
    const edit = (line: number) => ({ range: at(line, 0, line, 1), newText: 'z' });
    const finding: Finding = {
      rule: 's1-sweep', severity: 'warning', message: 'm', range: at(3, 0, 3, 5), data: { api: 'torch.optim.AdamW', convention: 'lr-scaled' },
      fixes: [
        { kind: 'suppress', title: 'same cell', edits: [edit(3)] },
        { kind: 's2-rescale', title: 'other cell', edits: [edit(1)] },
        { kind: 's2-rescale', title: 'two cells', edits: [edit(1), edit(4)] },
        { kind: 'rescale-for-lr', title: 'target in the cell, α elsewhere', edits: [], target: { weightDecay: { range: at(4, 2, 4, 6), value: 0.1 }, lr: { range: at(0, 3, 0, 7), value: 1e-3 } } },
      ],
    };
    const moved = splitByCell({ findings: [finding], notes: [], sites: [] }, spans).get('y')!.findings[0];
    assert.deepEqual(moved.range, at(1, 0, 1, 5));
    assert.deepEqual(moved.fixes.map((f) => [f.title, f.file, f.edits.map((e) => e.range)]), [
      ['same cell', undefined, [at(1, 0, 1, 1)]],
      ['other cell', 'x', [at(1, 0, 1, 1)]],
      ['target in the cell, α elsewhere', undefined, []],
    ]);
    assert.deepEqual(moved.fixes[2].target, { weightDecay: { range: at(2, 2, 2, 6), value: 0.1 }, lr: { range: undefined, value: 1e-3 } });
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

function at(startLine: number, startColumn: number, endLine: number, endColumn: number): Range {
  return { start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn } };
}
