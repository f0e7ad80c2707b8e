// The float64 reference cross-checks the wasm kernel on random problems, for every variant and schedule,
// with d not a multiple of 4 and a short last batch; the reference itself reproduces the PyTorch goldens.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { problemFor, type Problem } from '../../src/simulation/data';
import { LockstepKernel } from '../../src/simulation/lockstep';
import { Random } from '../../src/simulation/random';
import { runReference } from '../../src/simulation/reference';
import { VARIANTS, type ScheduleName } from '../../src/simulation/types';
import { golden, loadKernel } from './helpers';

function randomProblem(seed: number, n: number, nVal: number, d: number): Problem {
  const rng = new Random(seed);
  const w = Array.from({ length: d }, () => rng.normal() / Math.sqrt(d));
  const make = (rows: number) => {
    const A = Float64Array.from({ length: rows * d }, () => (rng.uniform() < 0.7 ? rng.normal() : 0));
    const b = Float64Array.from({ length: rows }, (_, i) => w.reduce((s, wj, j) => s + A[i * d + j] * wj, 0) + 0.1 * rng.normal());
    return { A, b };
  };
  const train = make(n);
  const val = make(nVal);
  return { n, nVal, d, A: train.A, b: train.b, A_val: val.A, b_val: val.b };
}

const SHAPES = [
  { seed: 1, n: 37, nVal: 11, d: 23, batch: 8, epochs: 6 },
  { seed: 2, n: 64, nVal: 30, d: 9, batch: 16, epochs: 5 },
  { seed: 3, n: 25, nVal: 7, d: 50, batch: 25, epochs: 8 },
];
const SCHEDULES: ScheduleName[] = ['constant', 'sqrt', 'cosine', 'warmup-cosine'];

for (const shape of SHAPES) {
  for (const schedule of SCHEDULES) {
    test(`kernel = float64 reference: n=${shape.n} d=${shape.d} batch ${shape.batch}, ${schedule}`, async () => {
      const problem = randomProblem(shape.seed, shape.n, shape.nVal, shape.d);
      const cells = VARIANTS.flatMap((variant) => [
        { variant, lr: 0.01, weightDecay: 0.1 }, { variant, lr: 0.05, weightDecay: 0.5 },
      ]);
      const setup = { schedule, epochs: shape.epochs, batchSize: shape.batch, warmupEpochs: 2 };
      const kernel = new LockstepKernel(await loadKernel(), problem.n, problem.nVal, problem.d, cells, shape.batch);
      const out = kernel.runSeed(problem, shape.seed, setup, { weights: true });
      assert.ok(out);
      cells.forEach((cell, k) => {
        const ref = runReference(problem, { ...cell, ...setup, seedIndex: shape.seed });
        const label = `${cell.variant} lr=${cell.lr} wd=${cell.weightDecay}`;
        assert.equal(out.diverged[k], 0, label);
        const rel = Math.abs(out.valLoss[k] - ref.valLoss) / ref.valLoss;
        assert.ok(rel < 1e-3, `${label}: val loss ${out.valLoss[k]} vs reference ${ref.valLoss}`);
        const scale = Math.max(...ref.w.map(Math.abs));
        const worst = Math.max(...Array.from(ref.w, (x, j) => Math.abs(out.weights![k][j] - x)));
        assert.ok(worst < 1e-3 * scale, `${label}: weights off by ${worst} (max|w| ${scale})`);
      });
    });
  }
}

test('the variants differ where they should (pt ≠ lh ≠ l2 ≠ constant ≠ lr-squared at the same α, λ)', () => {
  const problem = randomProblem(4, 40, 10, 12);
  const losses = VARIANTS.map((variant) => runReference(problem, {
    variant, lr: 0.05, weightDecay: 0.5, schedule: 'cosine', epochs: 4, batchSize: 10,
  }).valLoss);
  assert.equal(new Set(losses.map((x) => x.toPrecision(6))).size, VARIANTS.length);
});

test('the float64 reference reproduces every PyTorch golden case', () => {
  const problem = problemFor({ kind: 'inline', A: golden.A, b: golden.b, A_val: golden.A_val, b_val: golden.b_val, order: golden.order }, 0);
  for (const c of golden.cases) {
    const ref = runReference(problem, {
      variant: c.variant, lr: c.lr, weightDecay: c.weight_decay, schedule: c.schedule, epochs: golden.epochs, batchSize: golden.batch_size,
    });
    assert.ok(Math.abs(ref.valLoss - c.val_loss) <= 2e-3 * c.val_loss, `${c.variant} ${c.schedule} lr=${c.lr}: ${ref.valLoss} vs ${c.val_loss}`);
  }
});
