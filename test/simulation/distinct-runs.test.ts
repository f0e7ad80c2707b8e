// Cells with the same float32 coefficients at every step are one run (src/simulation/distinct-runs.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMPARISON_BUDGET, distinctRuns, STEP_LIMIT } from '../../src/simulation/distinct-runs';
import { gridCells, planRuns } from '../../src/simulation/host';
import { preset, simulate, type SimConfig } from '../../src/simulation/index';
import type { Cell } from '../../src/simulation/lockstep';

test('seed-fig3: LH cells on the α·λ diagonals of the PT grid are PT runs; 200 cells, 129 runs', () => {
  for (const name of ['seed-fig3', 'seed-fig4']) {
    const { cells, runs, runOf } = planRuns(preset(name));
    assert.equal(cells.length, 200);
    assert.equal(runs.length, 129, name);
    // Only an LH cell joins a PT run, at the same α and with λ_LH = α·λ_PT (the grids are rounded to 12
    // digits). 73 LH cells lie on those diagonals; the float32 decays of 2 of them differ by a rounding.
    let diagonal = 0;
    cells.forEach((cell, k) => {
      const run = runs[runOf[k]];
      if (run === cell) return;
      assert.deepEqual([cell.variant, run.variant, run.lr], ['lh', 'pt', cell.lr]);
      assert.ok(Math.abs(run.weightDecay * run.lr / cell.weightDecay - 1) < 1e-9, `${name} cell ${k}`);
      diagonal++;
    });
    assert.equal(diagonal, 71);
  }
});

test('a grid computed with merged runs gives every cell bit for bit what it gets computed alone', async () => {
  // Log grids whose λ values line up on the α·λ diagonals, as the seed's do; both schedules of the presets and
  // a cosine (a value per step), three variants that coincide under a constant schedule.
  const lrs = [1e-3, 1e-2, 1e-1];
  const config = (variants: SimConfig['variants'], schedule: SimConfig['schedule']): SimConfig => ({
    variants, schedule, lrs, weightDecays: { pt: [1e-2, 1e-1, 1], lh: [1e-4, 1e-3, 1e-2], 'lr-squared': [1e-2, 1e-1, 1] },
    epochs: 4, batchSize: 10, seeds: 2, data: { kind: 'synthetic', n: 40, d: 24, noise: 0.1 }, threads: 2,
  });
  for (const schedule of ['constant', 'sqrt', 'cosine'] as const) {
    const all = config(['pt', 'lh', 'lr-squared'], schedule);
    const { cells, runs } = planRuns(all);
    assert.ok(runs.length < cells.length, `${schedule}: some cells share a run`);
    const together = await simulate(all);
    for (const variant of all.variants) {
      const alone = await simulate(config([variant], schedule));
      assert.deepEqual(together.loss[variant], alone.loss[variant], `${schedule}, ${variant}`);
      assert.deepEqual(together.diverged[variant], alone.diverged[variant]);
    }
  }
});

test('cells whose decay differs at any step stay apart, however close', () => {
  const setup = { schedule: 'sqrt' as const, epochs: 3, batchSize: 10 };
  const pt: Cell = { variant: 'pt', lr: 0.1, weightDecay: 0.01 };
  const cases: [Cell, Cell, boolean][] = [
    [pt, { variant: 'lh', lr: 0.1, weightDecay: 0.001 }, true],
    [pt, { variant: 'pt', lr: 0.1, weightDecay: 0.01 }, true],
    // Same decay at every step, another α: another step size.
    [pt, { variant: 'lh', lr: 0.2, weightDecay: 0.001 }, false],
    // Decays two float32 steps apart at η = 1 (just below 1, a float32 step is 2^-24).
    [pt, { variant: 'lh', lr: 0.1, weightDecay: 0.001 + 2 ** -23 }, false],
    // Equal decay under a constant schedule, not under sqrt: lr-squared decays by α·η²·λ.
    [pt, { variant: 'lr-squared', lr: 0.1, weightDecay: 0.01 }, false],
    // L2 (Adam's coupled decay) shares no run with a decoupled cell, except without any decay.
    [{ variant: 'l2', lr: 0.1, weightDecay: 0.01 }, pt, false],
    [{ variant: 'l2', lr: 0.1, weightDecay: 0 }, { variant: 'pt', lr: 0.1, weightDecay: 0 }, true],
  ];
  for (const [a, b, merged] of cases) {
    const { runs, runOf } = distinctRuns([a, b], setup, 40);
    assert.equal(runs.length, merged ? 1 : 2, `${JSON.stringify(a)} ~ ${JSON.stringify(b)}`);
    assert.deepEqual(Array.from(runOf), merged ? [0, 0] : [0, 1]);
  }
  assert.equal(distinctRuns([pt, { variant: 'lr-squared', lr: 0.1, weightDecay: 0.01 }], { ...setup, schedule: 'constant' }, 40).runs.length, 1);
});

test('past the bounds cells run on their own: a schedule longer than STEP_LIMIT, comparisons beyond COMPARISON_BUDGET', () => {
  const cells = gridCells(preset('seed-fig3'));
  const steps = (epochs: number) => epochs * 200; // batch size 1 on 200 rows
  const over = Math.ceil((STEP_LIMIT + 1) / 200);
  assert.ok(steps(over) > STEP_LIMIT);
  assert.equal(distinctRuns(cells, { schedule: 'constant', epochs: over, batchSize: 1 }, 200).runs.length, cells.length);
  assert.equal(distinctRuns(cells, { schedule: 'constant', epochs: 50, batchSize: 1 }, 200).runs.length, 129);
  // The same cell again and again on a 500-step cosine schedule: each comparison lists 500 decays.
  const same: Cell[] = Array.from({ length: 300 }, () => ({ variant: 'pt', lr: 1e-3, weightDecay: 0.1 }));
  const { runs, runOf } = distinctRuns(same, { schedule: 'cosine', epochs: 50, batchSize: 20 }, 200);
  const compared = COMPARISON_BUDGET / 500;
  assert.equal(runs.length, 1 + same.length - 1 - compared);
  assert.deepEqual([runOf[compared], runOf[compared + 1]], [0, 1]);
});
