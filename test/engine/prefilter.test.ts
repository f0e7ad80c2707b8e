// The pre-filters that let a check skip files before any parsing: they may let a file through that
// holds nothing, never skip one that holds a finding.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mayContainOptimizer } from '../../src/engine/prefilter';
import { mayContainJsonSweep } from '../../src/engine/sources/names';

describe('mayContainOptimizer', () => {
  it('skips code whose only match is a token inside another word (lambda is not optax.lamb)', () => {
    assert.equal(mayContainOptimizer('f = lambda x: x + 1\nys = map(lambda y: y, xs)\n'), false);
    assert.equal(mayContainOptimizer('import numpy as np\n'), false);
  });

  it('keeps every file that names a catalogued optimizer', () => {
    for (const text of ['opt = optax.lamb(1e-3)', 'torch.optim.AdamW(p)', 'from bitsandbytes.optim import PagedAdamW8bit',
      'timm.optim.create_optimizer_v2(m, "adamw")', 'optax.chain(optax.add_decayed_weights(1e-4))', 'keras.optimizers.Lion()',
      'f = lambda: optax.lamb(1e-3)', 'optim.SGD(p, lr=0.1)', 'opt = optax.nadamw(1e-3)']) {
      assert.equal(mayContainOptimizer(text), true, text);
    }
  });
});

describe('mayContainJsonSweep', () => {
  it('rejects result and log files that repeat a single learning rate per record', () => {
    assert.equal(mayContainJsonSweep('[{"config": {"opt": {"lr": 0.01, "name": "sgd-m"}}, "history": [{"epoch": 0, "train_loss": 0.7}]}]'), false);
  });

  it('keeps W&B sweeps, Hydra blocks and learning-rate lists, however the key is written', () => {
    for (const text of ['{"method": "grid", "parameters": {}}', '{"hydra": {"sweeper": {}}}', '[{"name": "adamw", "lr": [1e-4, 1e-3]}]',
      '{"optimizer.learning_rate"\n:\n  [1e-4]}', '{"l\\u0072": [1e-4, 1e-3]}', '{"--LR": [1, 2]}']) {
      assert.equal(mayContainJsonSweep(text), true, text);
    }
  });
});
