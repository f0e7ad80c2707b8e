// `adamw-lens simulate`: options, exit codes, one error line for invalid input, the JSON/CSV/text outputs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { parseSimulateArgs, runSimulate } from '../../src/cli/simulate';
import { GOLDEN_PATH, golden } from './helpers';

async function run(args: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runSimulate(args, { out: (t) => { stdout += t; }, err: (t) => { stderr += t; }, errIsTTY: tty });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(path.join(tmpdir(), 'adamw-sim-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const csvPath = path.join(dir, 'data.csv');
writeFileSync(csvPath, ['x1,x2,y', ...Array.from({ length: 50 }, (_, i) => `${Math.sin(i)},${Math.cos(3 * i)},${Math.sin(i) - 2 * Math.cos(3 * i)}`)].join('\n'));
const nanCsv = path.join(dir, 'nan.csv');
writeFileSync(nanCsv, '1,2,3\n4,NaN,6\n7,8,9\n1,1,1\n');
// Comments, blank lines, CRLF and a quoted header name over two lines before the NaN on physical line 8.
const commented = path.join(dir, 'commented.csv');
writeFileSync(commented, '# made by hand\r\n\r\n"x1","y\r\n(target)"\r\n1,2\r\n\r\n# a comment\r\n3,NaN\r\n5,6\r\n');
const raggedLater = path.join(dir, 'ragged-later.csv');
writeFileSync(raggedLater, 'x,y\n\n1,2\n# skipped\n3,4\n\n5,6,7\n');
const ragged = path.join(dir, 'ragged.csv');
writeFileSync(ragged, '1,2,3\n4,5\n7,8,9\n1,1,1\n');

// Sparse: 400 MB of NUL bytes that take no disk space; read whole, they exhausted the heap.
const huge = path.join(dir, 'huge.csv');
writeFileSync(huge, '');
truncateSync(huge, 400 * 1024 * 1024);

const SMALL = ['--epochs', '2', '--seeds', '1', '--lr-range', '1e-3:1e-1:3', '--wds', '0,0.01'];

const INVALID: Array<[string[], RegExp]> = [
  [['--lrs', '0,1'], /learning rate must be positive, got 0/],
  [['--lrs', '0.1,abc'], /--lrs: 'abc' is not a number/],
  [['--wds', '-1'], /weight decay must be ≥ 0, got -1/],
  [['--batch-size', '500'], /batch size 500 is larger than the 200 training rows/],
  [['--lr-range', '1e-3:1:x'], /--lr-range: 'x' is not a/],
  [['--lr-range', '0:1:3'], /--lr-range: the range ends must be positive/],
  [['--lr-range', '1e-4:1:101'], /too many learning rates: 101 \(limit 100\)/],
  [['--epochs', '2.5'], /--epochs: '2.5' is not an integer/],
  [['--format', 'xml'], /--format must be json, csv or text/],
  [['--frobnicate'], /unknown option '--frobnicate'/],
  [['--variants', 'pt,adam'], /unknown variant 'adam'/],
  [['--preset', 'nope'], /unknown preset 'nope'/],
  [['--data', path.join(dir, 'missing.json')], /--data: cannot read .*missing\.json: ENOENT/],
  [['--data', nanCsv], /nan\.csv:2: column 2 is 'NaN', not a finite number/],
  [['--data', ragged], /ragged\.csv:2: mismatched shapes: 2 columns, expected 3/],
  [['--data', commented], /commented\.csv:8: column 2 is 'NaN', not a finite number/],
  [['--data', raggedLater], /ragged-later\.csv:7: mismatched shapes: 3 columns, expected 2/],
  [['--data', csvPath, '--val-fraction', '1.5'], /validation fraction must be between 0 and 1/],
  [['--data', huge], /--data: .*huge\.csv: 400\.0 MB is over the 200 MB limit for data files$/m],
  [['--data', '/dev/zero'], /--data: \/dev\/zero: not a regular file$/m],
  [['--seeds', '5000'], /seeds must be an integer from 1 to 100/],
  [['--epochs', '10000', '--seeds', '100'], /run too large/],
];

for (const [args, message] of INVALID) {
  test(`simulate ${args.join(' ')} → exit 2 with one error line`, async () => {
    const { code, stdout, stderr } = await run(args);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr.split('\n').filter(Boolean).length, 1, stderr);
    assert.match(stderr, /^adamw-lens simulate: /);
    assert.match(stderr, message);
  });
}

test('--help prints the options and the documented limits', async () => {
  const { code, stdout } = await run(['--help']);
  assert.equal(code, 0);
  for (const option of ['--preset', '--variants', '--schedule', '--lrs', '--lr-range', '--wds', '--wd-range', '--epochs',
    '--batch-size', '--seeds', '--data', '--val-fraction', '--threads', '--format', 'limits:']) assert.ok(stdout.includes(option), option);
});

test('options override the preset', () => {
  const { config, format } = parseSimulateArgs(['--variants', 'pt,l2', '--schedule', 'sqrt', '--lrs', '0.1,0.2', '--wd-range', '1e-3:1e-1:3',
    '--epochs', '7', '--batch-size', '10', '--seeds', '2', '--threads', '1', '--format', 'csv']);
  assert.deepEqual(config.variants, ['pt', 'l2']);
  assert.equal(config.schedule, 'sqrt');
  assert.deepEqual(config.lrs, [0.1, 0.2]);
  assert.deepEqual(config.weightDecays, { pt: [0.001, 0.01, 0.1], l2: [0.001, 0.01, 0.1] });
  assert.deepEqual([config.epochs, config.batchSize, config.seeds, config.threads, format], [7, 10, 2, 1, 'csv']);
});

test('JSON output for a golden --data file with one α and one λ: the issue\'s shape plus the final weights', async () => {
  const c = golden.cases.find((x) => x.variant === 'pt' && x.schedule === 'sqrt' && x.lr === 0.3)!;
  const { code, stdout } = await run(['--data', GOLDEN_PATH, '--variants', 'pt', '--schedule', 'sqrt', '--lrs', String(c.lr),
    '--wds', String(c.weight_decay), '--format', 'json']);
  assert.equal(code, 0);
  const out = JSON.parse(stdout);
  assert.deepEqual(Object.keys(out).sort(), ['config', 'diverged', 'loss', 'lrs', 'seconds', 'weightDecays', 'weights']);
  assert.deepEqual(out.lrs, [c.lr]);
  assert.deepEqual(out.weightDecays, { pt: [c.weight_decay] });
  assert.deepEqual(out.diverged, { pt: [[false]] });
  assert.deepEqual(out.config.data, { kind: 'inline', file: GOLDEN_PATH, n: golden.n, nVal: golden.A_val.length, d: golden.d });
  assert.deepEqual([out.config.epochs, out.config.batchSize], [golden.epochs, golden.batch_size]);
  assert.ok(Math.abs(out.loss.pt[0][0] - c.val_loss) <= 2e-3 * c.val_loss);
  const scale = Math.max(...c.w_final.map(Math.abs));
  assert.ok(c.w_final.every((x, j) => Math.abs(out.weights.pt[j] - x) <= 2e-3 * scale));
  assert.equal(typeof out.seconds, 'number');
});

test('JSON output of a grid: a row per α, a column per λ, null for diverged cells', async () => {
  const { code, stdout } = await run(['--variants', 'pt', '--lrs', '0.01,3', '--wds', '0.001,10', '--epochs', '3', '--seeds', '2', '--format', 'json']);
  assert.equal(code, 0);
  const out = JSON.parse(stdout);
  assert.equal(out.loss.pt.length, 2);
  assert.ok(out.loss.pt.every((row: unknown[]) => row.length === 2));
  assert.deepEqual(out.diverged.pt, [[false, false], [false, true]]);
  assert.equal(out.loss.pt[1][1], null);
  assert.equal(out.config.data.kind, 'synthetic');
});

test('CSV data with a header and --format csv: one line per cell', async () => {
  const { code, stdout } = await run(['--data', csvPath, '--val-fraction', '0.2', '--variants', 'pt,lh', '--lrs', '0.01,0.1',
    '--wds', '0,0.1,1', '--batch-size', '8', '--epochs', '5', '--format', 'csv']);
  assert.equal(code, 0);
  const lines = stdout.trim().split('\n');
  assert.equal(lines[0], 'variant,lr,weight_decay,val_loss,diverged');
  assert.equal(lines.length, 1 + 2 * 2 * 3);
  assert.match(lines[1], /^pt,0\.01,0,\d/);
});

test('a progress bar on stderr when it is a terminal, one update per seed', async () => {
  const { code, stderr } = await run([...SMALL, '--seeds', '3'], true);
  assert.equal(code, 0);
  assert.deepEqual(stderr.match(/seed \d\/3/g), ['seed 1/3', 'seed 2/3', 'seed 3/3']);
});

test('text output: a heatmap per variant with the best λ of each row marked', async () => {
  const { code, stdout, stderr } = await run([...SMALL, '--variants', 'lh']);
  assert.equal(code, 0);
  assert.equal(stderr, '', 'no progress bar when stderr is not a terminal');
  assert.match(stdout, /^lh: final validation loss, mean over 1 seed/);
  assert.equal(stdout.split('\n').filter((l) => /\d\*/.test(l)).length, 3);
});
