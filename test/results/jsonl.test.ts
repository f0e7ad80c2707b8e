// The JSON Lines reader: one run per line, nested keys flattened with dots.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flatten, readJsonLines } from '../../src/engine/results/jsonl';

describe('readJsonLines', () => {
  it('flattens nested keys with dots and leaves arrays whole', () => {
    assert.deepEqual([...flatten({ config: { optimizer: { lr: 1 } }, tags: [1, 2], x: null })],
      [['config.optimizer.lr', 1], ['tags', [1, 2]], ['x', null]]);
  });

  it('reads nested configs and summaries, whatever keys each run logs', () => {
    const text = [
      '{"id": "a", "config": {"optimizer": {"lr": 0.001, "weight_decay": 0.1}}, "summary": {"eval/loss": 0.5}}',
      '',
      '{"id": "b", "config": {"optimizer": {"lr": "3e-4", "weight_decay": 0.1}}, "summary": {"eval/loss": 0.7, "extra": 1}}',
      '{"id": "c", "config": {"optimizer": {"lr": 0.01, "weight_decay": 0.1}}, "summary": {"eval/loss": null}}',
    ].join('\n');
    const table = readJsonLines(text);
    assert.deepEqual(table.runs, [{ lr: 0.001, weightDecay: 0.1, value: 0.5 }, { lr: 3e-4, weightDecay: 0.1, value: 0.7 }]);
    assert.equal(table.lrSource, 'config.optimizer.lr');
    assert.equal(table.metric, 'summary.eval/loss');
    assert.ok(table.notes.includes("1 run with a missing or non-finite 'summary.eval/loss' left out"), table.notes.join('\n'));
  });

  it('skips and notes lines that are not JSON objects', () => {
    const text = '{"lr": 0.001, "wd": 0.1, "accuracy": 0.9}\nnot json\n[1,2]\n{"lr": 0.01, "wd": 0.1, "accuracy": 0.8}\n';
    const table = readJsonLines(text);
    assert.equal(table.runs.length, 2);
    assert.equal(table.direction, 'maximize');
    assert.ok(table.notes.includes('2 lines not a JSON object skipped (line 2, 3)'), table.notes.join('\n'));
  });

  it('numbers lines as an editor does: blank lines, CRLF and lone CR line ends all count', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['{"lr": 0.001, "wd": 0.1, "accuracy": 0.9}', '', 'not json', '{"lr": 0.01, "wd": 0.1, "accuracy": 0.8}', '', '[1]', ''].join(eol);
      const table = readJsonLines(text);
      assert.equal(table.runs.length, 2, JSON.stringify(eol));
      assert.ok(table.notes.includes('2 lines not a JSON object skipped (line 3, 6)'), `${JSON.stringify(eol)}: ${table.notes.join(' | ')}`);
    }
  });

  it('refuses a file with no JSON object or without the keys it needs', () => {
    assert.throws(() => readJsonLines('\n\n'), /the file is empty/);
    assert.throws(() => readJsonLines('oops\n'), /line 1: not a JSON object/);
    assert.throws(() => readJsonLines('{"lr": 1, "loss": 2}\n'), /no weight-decay key/);
  });

  it('honours --metric and --maximize', () => {
    const table = readJsonLines('{"lr": 1e-3, "weight_decay": 1e-2, "metrics": {"bleu": 30}}\n', { metric: 'metrics.bleu' });
    assert.deepEqual(table.runs, [{ lr: 1e-3, weightDecay: 1e-2, value: 30 }]);
    assert.equal(table.direction, 'maximize');
    assert.equal(readJsonLines('{"lr": 1e-3, "wd": 1e-2, "summary": {"eval/accuracy": 0.7}}\n', { metric: 'eval/accuracy' }).metric, 'summary.eval/accuracy');
  });
});
