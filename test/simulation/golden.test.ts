// The wasm kernel reproduces PyTorch 1.13 on every case of test/fixtures/adamw-golden.json.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { problemFor } from '../../src/simulation/data';
import { LockstepKernel } from '../../src/simulation/lockstep';
import { golden, loadKernel } from './helpers';

const source = { kind: 'inline' as const, A: golden.A, b: golden.b, A_val: golden.A_val, b_val: golden.b_val, order: golden.order };

for (const schedule of ['constant', 'sqrt'] as const) {
  test(`golden cases, ${schedule} schedule, all variants in one lockstep run`, async () => {
    const cases = golden.cases.filter((c) => c.schedule === schedule);
    assert.ok(cases.length >= 12);
    const problem = problemFor(source, 0);
    const cells = cases.map((c) => ({ variant: c.variant, lr: c.lr, weightDecay: c.weight_decay }));
    const runner = new LockstepKernel(await loadKernel(), problem.n, problem.nVal, problem.d, cells, golden.batch_size);
    const out = runner.runSeed(problem, 0, { schedule, epochs: golden.epochs, batchSize: golden.batch_size },
      { weights: true, trainLoss: true });
    assert.ok(out);
    cases.forEach((c, k) => {
      const label = `${c.variant} lr=${c.lr} wd=${c.weight_decay}`;
      assert.equal(out.diverged[k], 0, label);
      const rel = Math.abs(out.valLoss[k] - c.val_loss) / Math.abs(c.val_loss);
      assert.ok(rel <= 2e-3, `${label}: val_loss ${out.valLoss[k]} vs ${c.val_loss} (rel ${rel})`);
      const scale = Math.max(...c.w_final.map(Math.abs));
      const w = out.weights![k];
      const worst = Math.max(...c.w_final.map((x, j) => Math.abs(w[j] - x)));
      assert.ok(worst <= 2e-3 * scale, `${label}: w_final off by ${worst} (max|w| ${scale})`);
      const steps = out.trainLoss![k];
      assert.equal(steps.length, c.train_loss_per_step.length);
      c.train_loss_per_step.forEach((x, s) => {
        assert.ok(Math.abs(steps[s] - x) <= 2e-3 * Math.abs(x) + 1e-6, `${label}: train loss at step ${s}: ${steps[s]} vs ${x}`);
      });
    });
  });
}
