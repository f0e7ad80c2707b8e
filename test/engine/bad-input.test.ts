// Malformed input of every shape reaches the engine's entry points without an exception: what cannot
// be read becomes a note, and the rest is still analysed (issue 13).

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, initEngine } from '../../src/engine';

const SWEEP_CELL = 'import torch\nfor lr in [1e-4, 1e-3]:\n    opt = torch.optim.AdamW(p, lr=lr, weight_decay=0.1)\n';

const notebook = (cells: unknown[], metadata: unknown = {}) => JSON.stringify({ cells, metadata, nbformat: 4 });

describe('notebooks of odd shapes', () => {
  before(() => initEngine());

  it('a null cell is skipped with a note that counts cells from 1; the other cells are analysed', () => {
    const r = analyzeText(notebook([null, { cell_type: 'code', source: SWEEP_CELL }]), { language: 'notebook' });
    assert.deepEqual(r.notes.map((n) => n.message), ['cell 1 skipped: not a notebook cell (null)']);
    assert.deepEqual(r.findings.map((f) => [f.rule, f.data.cell]), [['s1-sweep', 1]]);
  });

  it('cells, sources and metadata of the wrong type never throw', () => {
    const shapes: unknown[] = [
      null, 42, 'text', [], true, { cell_type: null }, { cell_type: 'code', source: null }, { cell_type: 'code', source: [null, 3, 'x = 1\n'] },
      { cell_type: 'code', source: { text: 'x' } }, { cell_type: ['code'], source: 'x' }, { __proto__: null, cell_type: 'code', source: 'y = 2' },
    ];
    for (const metadata of [null, [], 'python', { language_info: null }, { language_info: { name: 3 } }, { kernelspec: { language: null } }]) {
      const r = analyzeText(notebook([...shapes, { cell_type: 'code', source: SWEEP_CELL }], metadata), { language: 'notebook' });
      assert.equal(r.findings.filter((f) => f.rule === 's1-sweep').length, 1, JSON.stringify(metadata));
    }
    for (const doc of ['null', '[]', '"cells"', '{"cells": null}', '{"cells": {"0": {}}}', '{"cells": [[]]}', '']) {
      const r = analyzeText(doc, { language: 'notebook' });
      assert.equal(r.findings.length, 0);
      assert.ok(r.notes.length > 0, doc);
    }
  });

  it('a note in a cell names it as findings do ("cell 2" for the second cell)', () => {
    const r = analyzeText(notebook([{ cell_type: 'markdown', source: '# x' }, { cell_type: 'code', source: 'import torch\ndef f(:\n    torch.optim.AdamW(p)\n' }]), { language: 'notebook' });
    assert.ok(r.notes.some((n) => /^cell 2: /.test(n.message)), JSON.stringify(r.notes));
  });
});

describe('non-ASCII text before a finding on its line', () => {
  before(() => initEngine());

  it('ranges and fix positions are UTF-16 columns (as LSP and VS Code count): é and an astral emoji before the call', () => {
    const call = 'torch.optim.AdamW(params, lr=α, weight_decay=0.05)';
    const line = `    s = "é😀"; opt = ${call}`;
    const code = `import torch\nfor α in [1e-4, 1e-3]:\n${line}\n`;
    const [finding] = analyzeText(code, { file: '/ws/t.py', language: 'python' }).findings;
    assert.equal(finding.rule, 's1-sweep');
    const { start, end } = finding.range;
    assert.deepEqual([start.line, end.line], [2, 2]);
    assert.equal(line.slice(start.column, end.column), call);
    const edit = finding.fixes.find((f) => f.kind === 's2-rescale')!.edits[0];
    assert.equal(line.slice(edit.range.start.column, edit.range.end.column), '0.05');
    assert.equal(edit.newText, '0.05 * 3.16228e-4 / α', 'a Greek name is a plain name: no parentheses');
  });
});
