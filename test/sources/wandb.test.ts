// W&B sweep files (YAML and JSON): linked to the program's optimizer and unlinked, valid and invalid,
// with the exact messages; the paired-parameter fix applied and re-checked.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCase, applyEdits, describeTable, type InvalidSourceCase, py, ready, s1Findings, type SourceCase } from './helpers';

const TRAIN = py`
  import argparse
  import torch
  parser = argparse.ArgumentParser()
  parser.add_argument("--lr", type=float, default=1e-3)
  parser.add_argument("--weight_decay", type=float, default=0.05)
  args = parser.parse_args()
  optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
  `;
const TRAIN_LH = py`
  import wandb
  import tensorflow_addons as tfa
  config = wandb.config
  opt = tfa.optimizers.AdamW(learning_rate=config.lr, weight_decay=config.weight_decay)
  `;

const SWEEP = py`
  program: train.py
  method: grid
  parameters:
    lr:
      values: [1e-4, 3e-4, 1e-3]
    weight_decay:
      value: 0.05
  `;

const invalid: InvalidSourceCase[] = [
  { name: 'YAML grid linked to argparse + torch AdamW', file: 'sweep.yaml', language: 'yaml', code: SWEEP, files: { 'train.py': TRAIN },
    line: 6, column: 3, messages: [
      'S1 sweep in sweep.yaml (W&B sweep (grid)): λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It runs train.py, whose torch.optim.AdamW (line 7) decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 1.5e-5 (through α = 3e-4) with λ = 0.15, 0.05, 0.015 for these α.',
    ] },
  { name: 'λ not in the sweep: the argparse default is fixed', file: 'sweeps/lr.yaml', language: 'yaml', files: { 'train.py': TRAIN },
    code: 'program: train.py\nmethod: random\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n', line: 4, column: 3, messages: [
      "S1 sweep in sweeps/lr.yaml (W&B sweep (random)): λ = 0.05 (train.py's --weight_decay default) stays fixed while α goes 1e-4 … 0.001 (2 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It runs train.py, whose torch.optim.AdamW (line 7) decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 1.58e-5 (through α = 3.16e-4) with λ = 0.158, 0.0158 for these α.",
    ] },
  { name: 'bayes over a log-uniform range', file: 'sweep.yaml', language: 'yaml', files: { 'train.py': TRAIN },
    code: 'program: train.py\nmethod: bayes\nparameters:\n  lr:\n    distribution: log_uniform_values\n    min: 1e-5\n    max: 1e-2\n  weight_decay:\n    value: 0.1\n',
    line: 8, column: 3, messages: [
      'S1 sweep in sweep.yaml (W&B sweep (bayes)): λ = 0.1 stays fixed while α is sampled log-uniformly from 1e-5 … 0.01, so the per-step decay α·λ varies 1000× (1e-6 … 0.001). It runs train.py, whose torch.optim.AdamW (line 7) decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 3.16e-5 (through α = 3.16e-4), i.e. λ = 3.16e-5/α, from 3.16 down to 0.00316 across the range.',
    ] },
  { name: 'JSON sweep, program not in the workspace: lr-scaled assumed', file: 'sweep.json', language: 'json',
    code: '{\n  "program": "missing.py",\n  "method": "grid",\n  "parameters": {\n    "learning_rate": {"values": [0.001, 0.01]},\n    "wd": {"value": 0.01}\n  }\n}\n',
    line: 6, column: 5, messages: [
      'S1 sweep in sweep.json (W&B sweep (grid)): λ = 0.01 stays fixed while α goes 0.001 … 0.01 (2 values), so the per-step decay α·λ varies 10× (1e-5 … 1e-4). No optimizer found for it (missing.py is not in the workspace): assuming the lr-scaled convention (the defaultConvention setting; lr-scaled is the PyTorch and Optax behaviour), under which the best λ moves with α. Sweep S2 instead: keep α·λ = 3.16e-5 (through α = 0.00316) with λ = 0.0316, 0.00316 for these α.',
    ] },
  { name: 'nested parameters and no program, judged alone', file: 'sweep.yaml', language: 'yaml', noWorkspace: true,
    code: 'method: grid\nparameters:\n  optimizer:\n    parameters:\n      lr:\n        values: [1e-4, 1e-3]\n      weight_decay:\n        value: 0.1\n',
    line: 7, column: 7, messages: [
      'S1 sweep in sweep.yaml (W&B sweep (grid)): λ = 0.1 stays fixed while α goes 1e-4 … 0.001 (2 values), so the per-step decay α·λ varies 10× (1e-5 … 1e-4). No optimizer found for it (the sweep names no program): assuming the lr-scaled convention (the defaultConvention setting; lr-scaled is the PyTorch and Optax behaviour), under which the best λ moves with α. Sweep S2 instead: keep α·λ = 3.16e-5 (through α = 3.16e-4) with λ = 0.316, 0.0316 for these α.',
    ] },
];

const valid: SourceCase[] = [
  { name: 'grid over α and λ', file: 'sweep.yaml', language: 'yaml', files: { 'train.py': TRAIN },
    code: 'program: train.py\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n  weight_decay:\n    values: [0.01, 0.1]\n' },
  { name: 'paired (α, λ) values keeping α·λ fixed (S2)', file: 'sweep.yaml', language: 'yaml', files: { 'train.py': TRAIN },
    code: 'program: train.py\nparameters:\n  lr_weight_decay:\n    values: [[1e-4, 0.5], [1e-3, 0.05]]\n' },
  { name: 'λ = 0', file: 'sweep.yaml', language: 'yaml', files: { 'train.py': TRAIN },
    code: 'program: train.py\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n  weight_decay:\n    value: 0\n' },
  { name: 'linked optimizer decays by λ alone (tfa AdamW): S1 is right', file: 'sweep.yaml', language: 'yaml', files: { 'train.py': TRAIN_LH },
    code: 'program: train.py\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n  weight_decay:\n    value: 1e-4\n' },
  { name: 'unlinked with the schedule-scaled default convention', file: 'sweep.yaml', language: 'yaml', config: { defaultConvention: 'schedule-scaled' },
    code: 'method: grid\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n  weight_decay:\n    value: 0.1\n' },
  { name: 'unlinked sweep that does not set λ: unknown, no guess', file: 'sweep.yaml', language: 'yaml',
    code: 'program: train.py\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n' },
  { name: 'suppressed with a YAML comment', file: 'sweep.yaml', language: 'yaml', files: { 'train.py': TRAIN },
    code: SWEEP.replace('  weight_decay:', '  # adamw-lens: ignore[s1-sweep]\n  weight_decay:') },
  { name: 'suppressed in JSON with a "//" member', file: 'sweep.json', language: 'json',
    code: '{"method": "grid", "parameters": {\n  "lr": {"values": [0.001, 0.01]},\n  "//": "adamw-lens: ignore[s1-sweep]",\n  "weight_decay": {"value": 0.01}}}\n' },
  { name: 'a YAML file that is not a sweep', file: 'config.yaml', language: 'yaml', code: 'lr: 1e-3\nweight_decay: 0.05\n' },
];

describeTable('s1-sweep in W&B sweep files', invalid, valid);

describe('s1-sweep in W&B sweep files: fixes and related information', () => {
  before(() => ready);

  it('points related information at the loop of values and at the optimizer call in train.py', () => {
    const [f] = s1Findings(invalid[0]);
    assert.deepEqual(f.related?.map((r) => [r.file, r.range.start.line, r.message]), [
      ['/ws/sweep.yaml', 2, 'W&B sweep (grid): values swept here'],
      ['/ws/train.py', 6, 'torch.optim.AdamW built here from the swept learning rate'],
    ]);
    assert.equal(f.data.linkedFile, '/ws/train.py');
  });

  for (const c of [invalid[0], invalid[3]]) {
    it(`fix rewrites ${c.file} into paired values that re-check as S2`, () => {
      const fix = s1Findings(c)[0].fixes.find((x) => x.kind === 's2-rescale');
      assert.ok(fix);
      const fixed = applyEdits(c.code, fix.edits);
      const again = analyzeCase({ ...c, code: fixed });
      assert.deepEqual(again.notes, []);
      assert.deepEqual(again.findings, []);
      if (c.language === 'json') assert.doesNotThrow(() => JSON.parse(fixed));
    });
  }

  it('writes the pairs in the block style of the file', () => {
    const fix = s1Findings(invalid[0])[0].fixes[0];
    assert.equal(applyEdits(SWEEP, fix.edits), 'program: train.py\nmethod: grid\nparameters:\n  lr_weight_decay:\n    values: [[1e-4, 0.15], [3e-4, 0.05], [0.001, 0.015]]\n');
    assert.equal(fix.unsafeReason, 'the training script must read the pair: lr, weight_decay = config["lr_weight_decay"]; λ changes at every point except α = 3e-4');
  });

  it('a sweep without a λ entry pairs α with the W&B name of the script\'s option (no dashes), and re-checks as S2', () => {
    const c = invalid[1];
    const fix = s1Findings(c)[0].fixes.find((x) => x.kind === 's2-rescale');
    assert.ok(fix);
    const fixed = applyEdits(c.code, fix.edits);
    assert.equal(fixed, 'program: train.py\nmethod: random\nparameters:\n  lr_weight_decay:\n    values: [[1e-4, 0.158114], [0.001, 0.0158114]]\n');
    assert.equal(fix.unsafeReason, 'the training script must read the pair: lr, weight_decay = config["lr_weight_decay"]; λ changes at every point except α = 3.16e-4');
    assert.deepEqual(analyzeCase({ ...c, code: fixed }).findings, []);
  });

  it('the suppression fix inserts the pragma in the file\'s syntax, and it suppresses', () => {
    for (const c of [invalid[0], invalid[3]]) {
      const suppress = s1Findings(c)[0].fixes.find((x) => x.kind === 'suppress');
      assert.ok(suppress);
      assert.deepEqual(s1Findings({ ...c, code: applyEdits(c.code, suppress.edits) }), []);
    }
  });
});
