// The seed's Conclusion 1 (000): PyTorch's AdamW (pt) couples α and λ, the paper's form (lh) does not.
// Over the three largest α of the seed-fig3 grid, pt's best λ moves down by ≥ 2 grid steps while lh's
// stays within one step. (PyTorch on the same setting: pt 4 → 3 → 2, lh 5 → 5 → 5.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestIndex } from '../../src/cli/simulate-format';
import { problemFor } from '../../src/simulation/data';
import { preset, simulate } from '../../src/simulation/index';
import { LockstepKernel } from '../../src/simulation/lockstep';
import { loadKernel } from './helpers';

test('Conclusion 1 on the default preset seed-fig3', async () => {
  const config = preset('seed-fig3');
  const result = await simulate(config);
  assert.equal(result.seedsDone, 5);
  const top = [7, 8, 9];
  const best = (v: 'pt' | 'lh') => top.map((i) => bestIndex(result.loss[v]![i], result.diverged[v]![i]));
  const pt = best('pt');
  const lh = best('lh');
  assert.ok(pt[0] - pt[2] >= 2 && pt[0] >= pt[1] && pt[1] >= pt[2], `pt best-λ indices ${pt.join(' → ')}`);
  assert.ok(Math.max(...lh) - Math.min(...lh) <= 1, `lh best-λ indices ${lh.join(' → ')}`);
});

test('Conclusion 1 per run, averaged over 20 runs: pt shifts ≥ 1.5 grid steps more than lh per decade of α', async () => {
  const config = preset('seed-fig3');
  const lrs = config.lrs.slice(7);
  const cells = (['pt', 'lh'] as const).flatMap((variant) => lrs.flatMap((lr) =>
    config.weightDecays[variant]!.map((weightDecay) => ({ variant, lr, weightDecay }))));
  const data = config.data;
  assert.equal(data.kind, 'synthetic');
  const runs = 20;
  const kernel = new LockstepKernel(await loadKernel(), 200, 200, 1000, cells, config.batchSize);
  const meanBest = new Float64Array(6);
  for (let s = 0; s < runs; s++) {
    const out = kernel.runSeed(problemFor(data, s), s, config);
    assert.ok(out);
    for (let row = 0; row < 6; row++) {
      const losses = Array.from(out.valLoss.slice(row * 10, row * 10 + 10));
      meanBest[row] += bestIndex(losses, Array.from(out.diverged.slice(row * 10, row * 10 + 10), Boolean)) / runs;
    }
  }
  const ptShift = meanBest[0] - meanBest[2];
  const lhShift = meanBest[3] - meanBest[5];
  assert.ok(ptShift - lhShift >= 1.5, `mean best index pt ${meanBest.slice(0, 3).join(' → ')}, lh ${meanBest.slice(3).join(' → ')}`);
  assert.ok(Math.abs(lhShift) < 1, `lh moves ${lhShift} steps`);
});
