// How a language server serves sweep sources: an open YAML document analysed against a workspace
// whose files change (an edited training script re-links the sweep without re-reading anything).

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { IncrementalDocument, languageOfFile } from '../../src/engine';
import { py, ready, ROOT, workspaceOf } from './helpers';

const TRAIN = py`
  import argparse
  import torch
  p = argparse.ArgumentParser()
  p.add_argument("--lr", type=float)
  p.add_argument("--weight_decay", type=float, default=0.05)
  args = p.parse_args()
  opt = torch.optim.AdamW(m.parameters(), lr=args.lr, weight_decay=args.weight_decay)
  `;
const SWEEP = 'program: train.py\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n';

describe('sweep sources in an editor', () => {
  before(() => ready);

  it('re-analyses an open document after edits and after the linked script changes', () => {
    const workspace = workspaceOf({ 'train.py': TRAIN });
    const file = `${ROOT}/sweep.yaml`;
    const doc = new IncrementalDocument(SWEEP, languageOfFile(file)!);
    const rules = () => doc.analyze({ file, workspace }).findings.map((f) => `${f.rule}@${f.range.start.line}`);
    assert.deepEqual(rules(), ['s1-sweep@2']);
    // The user adds a λ axis: a grid, no finding.
    doc.applyChanges([{ range: { start: { line: 4, column: 0 }, end: { line: 4, column: 0 } }, text: '  weight_decay:\n    values: [0.01, 0.1]\n' }]);
    assert.deepEqual(rules(), []);
    doc.applyChanges([{ text: SWEEP }]);
    assert.deepEqual(rules(), ['s1-sweep@2']);
    // The script's optimizer becomes one that decays by λ alone: S1 is then right.
    workspace.setFile(`${ROOT}/train.py`, TRAIN.replace('import torch', 'import tensorflow_addons as tfa').replace('torch.optim.AdamW(m.parameters(), lr=', 'tfa.optimizers.AdamW(learning_rate='));
    assert.deepEqual(rules(), []);
    workspace.removeFile(`${ROOT}/train.py`);
    assert.deepEqual(rules(), []);
    doc.dispose();
  });
});
