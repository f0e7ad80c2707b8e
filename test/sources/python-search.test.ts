// Optuna objectives and Ray Tune search spaces in Python: the sampled α feeds an optimizer of the same
// file while λ stays fixed. Fixes derive λ from the sampled α (Optuna) or with tune.sample_from (Ray).

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, describeTable, type InvalidSourceCase, py, ready, s1Findings, type SourceCase } from './helpers';

const OPTUNA = py`
  import optuna
  import torch
  def objective(trial):
      lr = trial.suggest_float("lr", 1e-5, 1e-2, log=True)
      opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
      return train(opt)
  `;
const RAY = py`
  import torch
  from ray import tune
  def trainable(config):
      opt = torch.optim.AdamW(model.parameters(), lr=config["lr"], weight_decay=config["weight_decay"])
  space = {"lr": tune.grid_search([1e-4, 3e-4, 1e-3]), "weight_decay": 0.05}
  tune.Tuner(trainable, param_space=space).fit()
  `;
const UNIFORM_TAIL = 'Sweep S2 instead: keep α·λ = 3.16e-6 (through α = 3.16e-4), i.e. λ = 3.16e-6/α, from 0.316 down to 3.16e-4 across the range.';

const invalid: InvalidSourceCase[] = [
  { name: 'Optuna suggest_float(log=True) with λ fixed at the call', file: 'tune.py', language: 'python', code: OPTUNA, line: 5, column: 69, messages: [
    `S1 sweep in tune.py (Optuna objective): λ = 0.01 stays fixed while α is sampled log-uniformly from 1e-5 … 0.01, so the per-step decay α·λ varies 1000× (1e-7 … 1e-4). It feeds torch.optim.AdamW (line 5), which decays by α·λ, so the best λ moves with α. ${UNIFORM_TAIL}`,
  ] },
  { name: 'Optuna suggest_categorical, λ left to the default', file: 'tune.py', language: 'python',
    code: 'import torch\ndef objective(trial):\n    lr = trial.suggest_categorical("lr", [1e-4, 1e-3])\n    opt = torch.optim.AdamW(model.parameters(), lr=lr)\n', line: 4, column: 11, messages: [
      'S1 sweep in tune.py (Optuna objective): λ = 0.01 stays fixed while α goes 1e-4 … 0.001 (2 values), so the per-step decay α·λ varies 10× (1e-6 … 1e-5). It feeds torch.optim.AdamW (line 4), which decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 3.16e-6 (through α = 3.16e-4) with λ = 0.0316, 0.00316 for these α.',
    ] },
  { name: 'Ray Tune grid_search with a fixed weight_decay entry', file: 'ray_tune.py', language: 'python', code: RAY, line: 5, column: 54, messages: [
    'S1 sweep in ray_tune.py (Ray Tune search space): λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It feeds torch.optim.AdamW (line 4), which decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 1.5e-5 (through α = 3e-4) with λ = 0.15, 0.05, 0.015 for these α.',
  ] },
  // Issue 11, root cause 10: a W&B sweep written as a Python dict and passed to wandb.sweep(...).
  { name: 'W&B sweep dict passed to wandb.sweep, λ fixed in the dict, read through wandb.config', file: 'sweep.py', language: 'python', code: py`
    import torch
    import wandb
    sweep_config = {
        "method": "grid",
        "parameters": {"lr": {"values": [1e-4, 3e-4, 1e-3]}, "weight_decay": {"value": 0.05}},
    }
    def train():
        with wandb.init() as run:
            opt = torch.optim.AdamW(model.parameters(), lr=run.config.lr, weight_decay=run.config.weight_decay)
    sweep_id = wandb.sweep(sweep_config, project="demo")
    wandb.agent(sweep_id, function=train)
    `, line: 5, column: 58, messages: [
      'S1 sweep in sweep.py (W&B sweep defined in Python): λ = 0.05 stays fixed while α goes 1e-4 … 0.001 (3 values), so the per-step decay α·λ varies 10× (5e-6 … 5e-5). It runs sweep.py, whose torch.optim.AdamW (line 9) decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = 1.5e-5 (through α = 3e-4) with λ = 0.15, 0.05, 0.015 for these α.',
    ] },
];

const valid: SourceCase[] = [
  { name: 'W&B sweep dict sweeping α and λ together (a grid)', file: 'sweep.py', language: 'python', code: py`
    import torch
    import wandb
    def train():
        run = wandb.init()
        opt = torch.optim.AdamW(model.parameters(), lr=run.config.lr, weight_decay=run.config.weight_decay)
    wandb.sweep({"method": "grid", "parameters": {"lr": {"values": [1e-4, 1e-3]}, "weight_decay": {"values": [0.01, 0.1]}}})
    ` },
  { name: 'Optuna suggests both α and λ', file: 'tune.py', language: 'python',
    code: 'import torch\ndef objective(trial):\n    lr = trial.suggest_float("lr", 1e-5, 1e-2, log=True)\n    wd = trial.suggest_float("wd", 1e-3, 1e-1, log=True)\n    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd)\n' },
  { name: 'Optuna with λ derived from α (S2)', file: 'tune.py', language: 'python',
    code: 'import torch\ndef objective(trial):\n    lr = trial.suggest_float("lr", 1e-5, 1e-2, log=True)\n    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-5 / lr)\n' },
  { name: 'Ray Tune sampling both', file: 'ray_tune.py', language: 'python', code: RAY.replace('"weight_decay": 0.05', '"weight_decay": tune.loguniform(1e-3, 1e-1)') },
  { name: 'Optuna with coupled-L2 Adam: S1 is not the issue here', file: 'tune.py', language: 'python',
    code: 'import torch\ndef objective(trial):\n    lr = trial.suggest_float("lr", 1e-5, 1e-2, log=True)\n    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-4)\n' },
  { name: 'suppressed', file: 'tune.py', language: 'python', code: OPTUNA.replace('    opt = torch', '    # adamw-lens: ignore[s1-sweep]\n    opt = torch') },
];

describeTable('s1-sweep in Optuna objectives and Ray Tune search spaces', invalid, valid);

describe('s1-sweep in Optuna objectives and Ray Tune search spaces: fixes and related information', () => {
  before(() => ready);

  it('Optuna fix: λ derived from the suggested α, re-checked as no S1', () => {
    const fix = s1Findings(invalid[0])[0].fixes.find((f) => f.kind === 's2-rescale')!;
    const fixed = applyEdits(OPTUNA, fix.edits);
    assert.match(fixed, /weight_decay=0\.01 \* 3\.16228e-4 \/ lr\)/);
    assert.deepEqual(s1Findings({ ...invalid[0], code: fixed }), []);
  });

  it('Optuna fix when λ was the default: inserts the keyword', () => {
    const c = invalid[1];
    const fixed = applyEdits(c.code, s1Findings(c)[0].fixes[0].edits);
    assert.match(fixed, /lr=lr, weight_decay=0\.01 \* 3\.16228e-4 \/ lr\)/);
    assert.deepEqual(s1Findings({ ...c, code: fixed }), []);
  });

  it('Ray fix: tune.sample_from derives λ from the sampled α, and re-checks clean', () => {
    const fix = s1Findings(invalid[2])[0].fixes.find((f) => f.kind === 's2-rescale')!;
    const fixed = applyEdits(RAY, fix.edits);
    assert.match(fixed, /"weight_decay": tune\.sample_from\(lambda spec: 0\.05 \* 3e-4 \/ spec\.config\["lr"\]\)\}/);
    assert.deepEqual(s1Findings({ ...invalid[2], code: fixed }), []);
  });
});
