// Hydra: `hydra.sweeper.params` in a config linked to the app that loads it (`@hydra.main`) or to the
// `_target_` optimizer config of the swept group; multirun overrides linked to `_target_` configs.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { describeTable, type InvalidSourceCase, py, ready, s1Findings, type SourceCase } from './helpers';

const APP = py`
  import hydra
  import torch
  @hydra.main(config_path="conf", config_name="config")
  def main(cfg):
      opt = torch.optim.AdamW(model.parameters(), lr=cfg.optimizer.lr, weight_decay=cfg.optimizer.weight_decay)
  `;
const INSTANTIATE_APP = py`
  import hydra
  @hydra.main(config_path="conf", config_name="config")
  def main(cfg):
      opt = hydra.utils.instantiate(cfg.optimizer, params=model.parameters())
  `;
const ADAMW_YAML = '_target_: torch.optim.AdamW\nlr: 1e-3\nweight_decay: 0.05\n';
const SWEEPER = 'defaults:\n  - optimizer: adamw\nhydra:\n  sweeper:\n    params:\n      optimizer.lr: 1e-4,3e-4,1e-3\n      optimizer.weight_decay: 0.05\n';
const TAIL = 'Sweep S2 instead: keep α·λ = 1.5e-5 (through α = 3e-4) with λ = 0.15, 0.05, 0.015 for these α.';

const invalid: InvalidSourceCase[] = [
  { name: 'sweeper params linked to the @hydra.main app', file: 'conf/config.yaml', language: 'yaml', code: SWEEPER, files: { 'train.py': APP },
    line: 7, column: 7, messages: [
      `S1 sweep in conf/config.yaml (Hydra sweeper params): λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It runs train.py, whose torch.optim.AdamW (line 5) decays by α·λ, so the best λ moves with α. ${TAIL}`,
    ] },
  { name: 'sweeper params with λ from the _target_ config the app instantiates', file: 'conf/config.yaml', language: 'yaml',
    files: { 'train.py': INSTANTIATE_APP, 'conf/optimizer/adamw.yaml': ADAMW_YAML },
    code: 'hydra:\n  sweeper:\n    params:\n      optimizer.lr: choice(1e-4, 3e-4, 1e-3)\n', line: 4, column: 7, messages: [
      `S1 sweep in conf/config.yaml (Hydra sweeper params): λ = 0.05 (set in conf/optimizer/adamw.yaml) stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It feeds conf/optimizer/adamw.yaml, where Hydra instantiates torch.optim.AdamW (line 1), which decays by α·λ, so the best λ moves with α. ${TAIL}`,
    ] },
  { name: 'Optuna sweeper interval, no app found: assumed convention', file: 'conf/config.yaml', language: 'yaml',
    code: 'hydra:\n  sweeper:\n    params:\n      optimizer.lr: tag(log, interval(1e-5, 1e-2))\n      optimizer.weight_decay: 0.1\n', line: 5, column: 7, messages: [
      'S1 sweep in conf/config.yaml (Hydra sweeper params): λ = 0.1 stays fixed while α is sampled log-uniformly from 1e-5 … 0.01, so the per-step decay α·λ varies 1000× (1e-6 … 0.001). No optimizer found for it (no script or Hydra config in the workspace uses this config): assuming the lr-scaled convention (the defaultConvention setting; lr-scaled is the PyTorch and Optax behaviour), under which the best λ moves with α. Sweep S2 instead: keep α·λ = 3.16e-5 (through α = 3.16e-4), i.e. λ = 3.16e-5/α, from 3.16 down to 0.00316 across the range.',
    ] },
  { name: 'multirun override in a shell script, optimizer only in a _target_ config', file: 'sweep.sh', language: 'shellscript',
    files: { 'train.py': INSTANTIATE_APP, 'conf/optimizer/adamw.yaml': ADAMW_YAML },
    code: 'python train.py --multirun optimizer.lr=1e-4,3e-4,1e-3\n', line: 1, column: 28, messages: [
      `S1 sweep in sweep.sh (Hydra multirun in a shell script): λ = 0.05 (set in conf/optimizer/adamw.yaml) stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It feeds conf/optimizer/adamw.yaml, where Hydra instantiates torch.optim.AdamW (line 1), which decays by α·λ, so the best λ moves with α. ${TAIL}`,
    ] },
];

const valid: SourceCase[] = [
  { name: 'sweeper params over α and λ: a grid', file: 'conf/config.yaml', language: 'yaml', files: { 'train.py': APP },
    code: 'hydra:\n  sweeper:\n    params:\n      optimizer.lr: 1e-4,1e-3\n      optimizer.weight_decay: 0.01,0.1\n' },
  { name: '_target_ optimizer that decays by λ alone (tfa)', file: 'sweep.sh', language: 'shellscript',
    files: { 'train.py': INSTANTIATE_APP, 'conf/optimizer/adamw.yaml': '_target_: tensorflow_addons.optimizers.AdamW\nlearning_rate: 1e-3\nweight_decay: 1e-4\n' },
    code: 'python train.py -m optimizer.lr=1e-4,1e-3\n' },
  { name: 'suppressed with a YAML comment', file: 'conf/config.yaml', language: 'yaml', files: { 'train.py': APP },
    code: SWEEPER.replace('      optimizer.weight_decay', '      # adamw-lens: ignore[s1-sweep]\n      optimizer.weight_decay') },
];

describeTable('s1-sweep in Hydra configs and multirun overrides', invalid, valid);

describe('s1-sweep in Hydra configs and multirun overrides: fixes and related information', () => {
  before(() => ready);

  it('related information points at the _target_ config and the λ it sets', () => {
    const [f] = s1Findings(invalid[1]);
    assert.deepEqual(f.related?.map((r) => [r.file, r.range.start.line, r.message]), [
      ['/ws/conf/config.yaml', 2, 'Hydra sweeper params: values swept here'],
      ['/ws/conf/optimizer/adamw.yaml', 0, 'torch.optim.AdamW built here from the swept learning rate'],
      ['/ws/conf/optimizer/adamw.yaml', 2, 'λ = 0.05 comes from here'],
    ]);
  });
});
