// The analysis on run tables built here from known valleys: design, best run, edges, coupling slope,
// τ and the next S2 sweep.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRuns, clusters } from '../../src/engine/results/analysis';
import type { Run, RunTable } from '../../src/engine/results/types';
import { coupledLoss, decoupledLoss, LRS, WDS } from './helpers';

const table = (runs: Run[], direction: RunTable['direction'] = 'minimize'): RunTable =>
  ({ runs, metric: 'val_loss', direction, lrSource: 'lr', weightDecaySource: 'weight_decay', seen: runs.length, notes: [] });
const grid = (lrs: number[], wds: number[], loss: (lr: number, wd: number) => number) =>
  lrs.flatMap((lr) => wds.map((weightDecay) => ({ lr, weightDecay, value: loss(lr, weightDecay) })));
const close = (a: number, b: number, tolerance = 1e-9) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('clusters', () => {
  it('merges values within about 1 % and keeps distinct ones apart', () => {
    const { index, centres } = clusters([1e-3, 1.001e-3, 3e-3, 1e-3 * (1 + 1e-15)]);
    assert.equal(centres.length, 2);
    assert.deepEqual(index, [0, 0, 1, 0]);
  });
});

describe('analyzeRuns', () => {
  it('a grid over a coupled valley: grid, best inside, slope −1, S2 suggestion through the best α·λ', () => {
    const analysis = analyzeRuns(table(grid(LRS, WDS, coupledLoss)), { stepsPerEpoch: 500 });
    assert.equal(analysis.design, 'grid');
    assert.equal(analysis.designText, 'grid of 5 α × 5 λ values (all 25 pairs ran)');
    assert.deepEqual(analysis.best, { lr: 1e-3, weightDecay: 0.1, value: coupledLoss(1e-3, 0.1), tauIter: 1 / (1e-3 * 0.1), tauEpoch: 1 / (1e-3 * 0.1) / 500 });
    assert.deepEqual(analysis.edges, []);
    assert.ok(analysis.coupling && close(analysis.coupling.slope, -1, 0.05), `slope ${analysis.coupling?.slope}`);
    assert.deepEqual(analysis.coupling.points.map(([lr]) => lr), LRS);
    assert.equal(analysis.suggestion.lrs.length, 7);
    assert.equal(analysis.suggestion.lrs[3], 1e-3);
    for (let i = 0; i < 7; i++) assert.ok(close(analysis.suggestion.lrs[i] * analysis.suggestion.weightDecays[i], 1e-4, 1e-3));
  });

  it('a grid over a decoupled valley: slope 0', () => {
    const analysis = analyzeRuns(table(grid(LRS, WDS, decoupledLoss)));
    assert.ok(analysis.coupling && close(analysis.coupling.slope, 0, 1e-9), `slope ${analysis.coupling?.slope}`);
    assert.match(analysis.couplingText, /decoupled/);
  });

  it('an S1 sweep (λ fixed): S1, no coupling, a note that α·λ moved with α', () => {
    const runs = LRS.map((lr) => ({ lr, weightDecay: 0.01, value: coupledLoss(lr, 0.01) }));
    const analysis = analyzeRuns(table(runs));
    assert.equal(analysis.design, 'S1');
    assert.equal(analysis.coupling, null);
    assert.equal(analysis.couplingText, 'not measured: an S1 sweep tries one λ');
    // With λ = 0.01 the valley's α·λ = 1e-4 needs α = 0.01, the largest tried: the best is on that edge.
    assert.equal(analysis.best.lr, 1e-2);
    assert.deepEqual(analysis.edges, ['lr-high', 'lr-wd-high']);
    assert.ok(analysis.notes.some((n) => n.startsWith('an S1 sweep compares α values')));
    // Past the edge: the suggestion reaches two decades up and one down.
    assert.equal(analysis.suggestion.lrs[2], 1e-2);
    assert.equal(analysis.suggestion.lrs[6], 1);
  });

  it('an S2 sweep (α·λ fixed, products drifting in the last digits): S2', () => {
    const runs = LRS.map((lr) => ({ lr, weightDecay: 1e-4 / lr * (1 + 1e-4), value: coupledLoss(lr, 1e-4 / lr) }));
    const analysis = analyzeRuns(table(runs));
    assert.equal(analysis.design, 'S2');
    assert.equal(analysis.best.lr, 1e-3);
    assert.deepEqual(analysis.edges, []);
  });

  it('a best at the low end of α and the high end of λ shifts the suggestion down in α', () => {
    const analysis = analyzeRuns(table(grid(LRS, WDS, (lr, wd) => -Math.log10(wd) + Math.log10(lr))));
    assert.deepEqual([analysis.best.lr, analysis.best.weightDecay], [1e-4, 10]);
    assert.deepEqual(analysis.edges, ['lr-low', 'wd-high']);
    assert.equal(analysis.suggestion.lrs[4], 1e-4);
  });

  it('maximises when told: the best accuracy', () => {
    const runs = grid(LRS, WDS, (lr, wd) => 1 - coupledLoss(lr, wd) / 100);
    assert.deepEqual([analyzeRuns(table(runs, 'maximize')).best.lr, analyzeRuns(table(runs, 'maximize')).best.weightDecay], [1e-3, 0.1]);
  });

  it('a random search: random, edges by a 5 % margin of the log range, slope near −1 from bins of α', () => {
    const next = random(7);
    const runs = Array.from({ length: 400 }, () => {
      const lr = 10 ** (-5 + 4 * next());
      const weightDecay = 10 ** (-4 + 5 * next());
      return { lr, weightDecay, value: coupledLoss(lr, weightDecay) };
    });
    const analysis = analyzeRuns(table(runs));
    assert.equal(analysis.design, 'random');
    assert.ok(analysis.coupling && analysis.coupling.slope < -0.7 && analysis.coupling.slope > -1.3, `slope ${analysis.coupling?.slope}`);
    assert.ok(!analysis.edges.includes('lr-low') && !analysis.edges.includes('lr-high'));
  });

  it('a random search whose few runs at the smallest α tilt the bins: no verdict, the fitted surface said', () => {
    // 50 runs over a coupled valley, and 6 at α ≈ 1e-5 that tried only small λ (the valley wants λ ≈ 10 there):
    // the binned slope comes out ≈ 0 and, on its own, read as "decoupled".
    const next = random(2);
    const sample = (count: number, lrLog: [number, number], wdLog: [number, number]) => Array.from({ length: count }, () => {
      const lr = 10 ** (lrLog[0] + (lrLog[1] - lrLog[0]) * next());
      const weightDecay = 10 ** (wdLog[0] + (wdLog[1] - wdLog[0]) * next());
      return { lr, weightDecay, value: coupledLoss(lr, weightDecay) };
    });
    const analysis = analyzeRuns(table([...sample(50, [-4, -2], [-4, 1]), ...sample(6, [-5, -4.7], [-2.5, -2])]));
    assert.equal(analysis.design, 'random');
    assert.ok(analysis.coupling && Math.abs(analysis.coupling.slope) < 0.1, `slope ${analysis.coupling?.slope}`);
    assert.equal(analysis.couplingText, 'slope of log λ* against log α = -0.00 (90 % interval -0.71 … 0.70) over 7 α values: too uncertain to tell, '
      + 'a surface fitted to the better half of the runs gives -1.00 (its bins of α hold too few runs to agree; a grid over α settles it)');
  });

  it('a grid whose best λ per α scatters (a loss flat in λ): the interval spans −1 and 0, so no verdict', () => {
    const next = random(8);
    const runs = LRS.flatMap((lr) => [1e-3, 1e-2, 0.1, 1].map((weightDecay) => ({ lr, weightDecay, value: 0.1 * (Math.log10(lr) + 3) ** 2 + 0.01 * next() })));
    const analysis = analyzeRuns(table(runs));
    assert.equal(analysis.design, 'grid');
    assert.match(analysis.couplingText, /^slope of log λ\* against log α = 0\.39 \(90 % interval -1\.05 … 1\.83\) over 5 α values: too uncertain to tell coupled \(−1\) from decoupled \(0\), the best λ per α scatters$/);
    assert.deepEqual(analysis.coupling?.interval?.map((x) => Number(x.toFixed(2))), [-1.05, 1.83]);
  });

  it('a best λ that rises with α is said to, not called decoupled', () => {
    const next = random(4);
    const runs = LRS.flatMap((lr) => [1e-3, 1e-2, 0.1, 1].map((weightDecay) => ({ lr, weightDecay, value: 0.1 * (Math.log10(lr) + 3) ** 2 + 0.01 * next() })));
    assert.match(analyzeRuns(table(runs)).couplingText, /= 1\.81 \(90 % interval 0\.41 … 3\.20\) over 5 α values: the best λ rises with α, which neither form predicts/);
  });

  it('two α values give a slope without an interval', () => {
    const analysis = analyzeRuns(table(grid([1e-4, 1e-3], WDS, coupledLoss)));
    assert.ok(analysis.coupling && analysis.coupling.interval === undefined);
    assert.match(analysis.couplingText, /^slope of log λ\* against log α = -1\.00 over 2 α values: coupled/);
  });

  it('a run past the largest finished α that left no metric closes that end: no lr-high edge, the next sweep stays below it', () => {
    const runs = [1e-4, 3e-4, 1e-3].map((lr) => ({ lr, weightDecay: 0.1, value: coupledLoss(lr, 0.1) }));
    const analysis = analyzeRuns({ ...table(runs), failed: [{ lr: 3e-3, weightDecay: 0.1 }] });
    assert.equal(analysis.best.lr, 1e-3);
    assert.ok(!analysis.edges.includes('lr-high'), analysis.edges.join(', '));
    assert.deepEqual(analysis.suggestion.lrs, [3.16e-5, 1e-4, 3.16e-4, 1e-3]);
    assert.ok(analysis.notes.includes("α = 0.003 was tried and ended without a finite 'val_loss' (diverged?): the next sweep stays a factor 2 below it"), analysis.notes.join('\n'));
    // Without the failed run, the same sweep is open at the top and the next one goes past it.
    const open = analyzeRuns(table(runs));
    assert.ok(open.edges.includes('lr-high'));
    assert.equal(open.suggestion.lrs[open.suggestion.lrs.length - 1], 0.1);
  });

  it('a run without a metric below a finished run\'s α changes nothing', () => {
    const runs = [1e-4, 3e-4, 1e-3].map((lr) => ({ lr, weightDecay: 0.1, value: coupledLoss(lr, 0.1) }));
    const analysis = analyzeRuns({ ...table(runs), failed: [{ lr: 5e-4, weightDecay: 1 }] });
    assert.deepEqual(analysis, analyzeRuns(table(runs)));
  });

  it('one setting run several times, and λ swept at one α, are grids in words', () => {
    assert.match(analyzeRuns(table([{ lr: 1e-3, weightDecay: 0.1, value: 1 }, { lr: 1e-3, weightDecay: 0.1, value: 2 }])).designText, /a single setting .* run 2 times/);
    assert.equal(analyzeRuns(table(WDS.map((weightDecay) => ({ lr: 1e-3, weightDecay, value: 1 })))).designText, 'λ swept over 5 values at one α = 0.001');
  });
});
