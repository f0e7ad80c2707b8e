// `adamw-lens results` as a user runs it: the built bin on tables written here.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { coupledLoss, LRS, WDS, writeTemp } from '../results/helpers';

const ROOT = path.join(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/adamw-lens.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'results', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const gridCsv = () => ['lr,weight_decay,val_loss', ...LRS.flatMap((lr) => WDS.map((wd) => `${lr},${wd},${coupledLoss(lr, wd)}`)), '0.001,0.1,nan', ''].join('\n');

describe('adamw-lens results', () => {
  before(() => {
    if (!existsSync(path.join(ROOT, 'dist/cli.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  });

  it('prints the issue\'s JSON shape, with the notes on stderr', () => {
    const file = writeTemp('sweep.csv', gridCsv());
    const r = cli([file, '--format', 'json', '--steps-per-epoch', '100']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(json), ['file', 'runs', 'metric', 'direction', 'design', 'best', 'edges', 'coupling', 'suggestion']);
    assert.deepEqual(Object.keys(json.best), ['lr', 'weightDecay', 'value', 'tauIter', 'tauEpoch']);
    assert.deepEqual(Object.keys(json.coupling), ['slope', 'interval', 'points']);
    assert.deepEqual(Object.keys(json.suggestion), ['lrs', 'weightDecays']);
    assert.equal(json.file, file);
    assert.equal(json.runs, 25);
    assert.equal(json.design, 'grid');
    assert.deepEqual([json.best.lr, json.best.weightDecay, json.best.tauIter, json.best.tauEpoch], [1e-3, 0.1, 10000, 100]);
    assert.deepEqual(json.edges, []);
    assert.match(r.stderr, /note: 1 row with a missing or non-finite 'val_loss' left out/);
  });

  it('prints the analysis as text', () => {
    const r = cli([writeTemp('sweep.csv', gridCsv())]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /: 25 runs \(1 left out\), metric 'val_loss' \(lower is better\)\n/);
    assert.match(r.stdout, /\ndesign: grid of 5 α × 5 λ values \(all 25 pairs ran\)\n/);
    assert.match(r.stdout, /\nbest: val_loss = [\d.]+ at lr = 0\.001, weight_decay = 0\.1 \(α·λ = 1e-4, τ_iter = 10,000 steps\)\n/);
    assert.match(r.stdout, /\ncoupling: slope of log λ\* against log α = -1\.0\d \(90 % interval -1\.\d\d … -0\.\d\d\) over 5 α values: coupled/);
    assert.match(r.stdout, /\nnext S2 sweep \(α·λ = 1e-4\):\n {2}lr: +3\.16e-5, 1e-4, 3\.16e-4, 0\.001, 0\.00316, 0\.01, 0\.0316\n/);
  });

  it('exits 2 with one line when no run is usable', () => {
    const r = cli([writeTemp('empty.jsonl', '{"lr": 0.001, "wd": 0.1, "loss": null}\n{"lr": 0.01, "wd": 0.1, "loss": "NaN"}\n')]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^adamw-lens results: .*empty\.jsonl: no usable runs among 2 \(2 runs with a missing or non-finite 'loss' left out\)\n$/);
  });

  it('exits 2 with one line for a missing file, a missing column, or a bad option', () => {
    for (const args of [['nope.csv'], [writeTemp('x.csv', 'step,loss\n1,2\n')], ['--format', 'xml', 'x.csv'], [], ['a.csv', 'b.csv'],
      ['--steps-per-epoch', '0', 'a.csv'], [writeTemp('x.csv', 'lr,wd,loss\n1,1,1\n'), '--study', 'a']]) {
      const r = cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^adamw-lens results: /);
    }
  });

  it('shows its help', () => {
    const r = cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /usage: adamw-lens results FILE/);
  });
});
