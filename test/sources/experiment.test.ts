// Experiment configs listing values per optimizer (JSON, YAML): a grid when λ lists several values,
// S1 when one; linked to the script that reads the file, else judged by the defaultConvention.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCase, applyEdits, describeTable, type InvalidSourceCase, py, ready, s1Findings, type SourceCase } from './helpers';

const READER = py`
  import json
  import torch
  for cfg in json.load(open("configs/optimizers.json")):
      opt = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"])
  `;
const CONFIG = '[\n  {"name": "adamw", "lr": [1e-4, 3e-4, 1e-3], "weight_decay": [0.05]},\n  {"name": "sgd", "lr": [0.01, 0.1], "weight_decay": [5e-4]}\n]\n';
const BLOCK = '- name: adamw\n  lr: [1e-4, 3e-4, 1e-3]\n  weight_decay: 0.05\n  epochs: 10\n';
const TAIL = 'Sweep S2 instead: keep α·λ = 1.5e-5 (through α = 3e-4) with λ = 0.15, 0.05, 0.015 for these α.';

const invalid: InvalidSourceCase[] = [
  { name: 'JSON list of optimizer configs, linked to the script that opens it', file: 'configs/optimizers.json', language: 'json', code: CONFIG, files: { 'train.py': READER },
    line: 2, column: 47, messages: [
      `S1 sweep in configs/optimizers.json (experiment config "adamw"): λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It runs train.py, whose torch.optim.AdamW (line 4) decays by α·λ, so the best λ moves with α. ${TAIL}`,
    ] },
  { name: 'YAML block config, no reader in the workspace: the name says AdamW', file: 'exp.yaml', language: 'yaml', code: BLOCK, line: 3, column: 3, messages: [
    `S1 sweep in exp.yaml (experiment config "adamw"): λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). Its optimizer "adamw" (AdamW) decays by α·λ, so the best λ moves with α. ${TAIL}`,
  ] },
];

const valid: SourceCase[] = [
  { name: 'a grid: several λ per optimizer', file: 'c.json', language: 'json', code: '[{"name": "adamw", "lr": [1e-4, 1e-3], "weight_decay": [0.01, 0.1]}]\n' },
  { name: 'coupled-L2 optimizers are left to coupled-l2', file: 'c.json', language: 'json', code: '[{"name": "adam", "lr": [0.01, 0.1], "weight_decay": [5e-4]}]\n' },
  // Issue 11, root cause 7: optimizer names map to their update rules; an unknown one says nothing.
  { name: 'SGD with momentum by name ("sgd-m"), not linked: its decay is α·λ/(1−β), left alone', file: 'c.json', language: 'json', code: '[{"name": "sgd-m", "lr": [0.01, 0.1], "momentum": 0.9, "weight_decay": [1e-4]}]\n' },
  { name: 'an optimizer name the catalog does not know', file: 'c.json', language: 'json', code: '[{"name": "momo-adam", "lr": [1e-4, 1e-3, 1e-2], "weight_decay": [1e-4]}]\n' },
  { name: 'a single α', file: 'c.json', language: 'json', code: '{"name": "adamw", "lr": [1e-3], "weight_decay": [0.05]}\n' },
  { name: 'suppressed with a "//" member', file: 'c.json', language: 'json',
    code: '{\n  "name": "adamw",\n  "lr": [1e-4, 1e-3],\n  "//": "adamw-lens: ignore[s1-sweep]",\n  "weight_decay": 0.05\n}\n' },
];

describeTable('s1-sweep in experiment configs', invalid, valid);

describe('s1-sweep in experiment configs: fixes and related information', () => {
  before(() => ready);

  it('JSON fix: one list of [α, λ] pairs, still valid JSON, re-checked clean', () => {
    const fix = s1Findings(invalid[0])[0].fixes.find((f) => f.kind === 's2-rescale')!;
    const fixed = applyEdits(CONFIG, fix.edits);
    assert.equal(fixed.split('\n')[1], '  {"name": "adamw", "lr_weight_decay": [[1e-4, 0.15], [3e-4, 0.05], [0.001, 0.015]]},');
    assert.doesNotThrow(() => JSON.parse(fixed));
    assert.deepEqual(analyzeCase({ ...invalid[0], code: fixed }).findings, []);
  });

  it('no suppression fix in a JSON array, where a "//" member would break the file; one in an object', () => {
    assert.deepEqual(s1Findings(invalid[0])[0].fixes.map((f) => f.kind), ['s2-rescale']);
    const inObject: SourceCase = { ...invalid[0], code: '{\n  "name": "adamw",\n  "lr": [1e-4, 3e-4, 1e-3],\n  "weight_decay": 0.05\n}\n' };
    const suppress = s1Findings(inObject)[0].fixes.find((f) => f.kind === 'suppress')!;
    const fixed = applyEdits(inObject.code, suppress.edits);
    assert.doesNotThrow(() => JSON.parse(fixed));
    assert.deepEqual(s1Findings({ ...inObject, code: fixed }), []);
  });

  it('YAML fix: the λ line goes, the pairs replace α', () => {
    const fix = s1Findings(invalid[1])[0].fixes.find((f) => f.kind === 's2-rescale')!;
    assert.equal(applyEdits(BLOCK, fix.edits), '- name: adamw\n  lr_weight_decay: [[1e-4, 0.15], [3e-4, 0.05], [0.001, 0.015]]\n  epochs: 10\n');
  });
});
