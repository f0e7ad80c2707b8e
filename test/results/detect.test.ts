// The CodeLens's test: only files whose first line names both α and λ look like sweep results.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeSweepResults } from '../../src/engine/results/detect';

describe('looksLikeSweepResults', () => {
  it('accepts headers and first runs with a learning rate and a weight decay', () => {
    assert.ok(looksLikeSweepResults('Name,State,lr,weight_decay,val_loss', 'export.csv'));
    assert.ok(looksLikeSweepResults('\uFEFFconfig.optimizer.lr\tconfig.optimizer.wd\tloss', 'runs.tsv'));
    assert.ok(looksLikeSweepResults('{"config": {"lr": 0.001, "weight_decay": 0.1}, "loss": 1}', 'runs.jsonl'));
  });
  it('refuses ordinary tables, a missing λ, broken lines and empty files', () => {
    assert.ok(!looksLikeSweepResults('sepal_length,sepal_width,species', 'iris.csv'));
    assert.ok(!looksLikeSweepResults('lr,loss', 'runs.csv'));
    assert.ok(!looksLikeSweepResults('{"lr": 0.001, "weight_decay"', 'runs.jsonl'));
    assert.ok(!looksLikeSweepResults('[1, 2]', 'runs.jsonl'));
    assert.ok(!looksLikeSweepResults('"lr,weight_decay', 'runs.csv'));
    assert.ok(!looksLikeSweepResults('', 'runs.csv'));
  });
});
