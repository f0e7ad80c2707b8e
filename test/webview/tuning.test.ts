// The science the panel states, without a browser (src/panel/tuning.ts): the best λ for each α, the sweeps
// moved to the best λ at the reference α, S1 against S2 by their distance to the grid's best loss, and
// whether the map agrees with the advice. Maps made here with a known valley: diagonal (decay α·λ, PyTorch)
// or vertical (the paper's form); plus the seed's own setting through the real simulator.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber } from '../../src/engine/format';
import { s2Pairs } from '../../src/panel/export-format';
import type { PanelResult } from '../../src/panel/messages';
import { defaultSetup, type PanelSetup } from '../../src/panel/setup';
import { toPanelResult } from '../../src/panel/sweeps';
import { adviceFor, bestPerAlpha, compareSweeps, tunedNote, tunedReference, verdict } from '../../src/panel/tuning';
import { preset, simulate } from '../../src/simulation/index';
import type { Variant } from '../../src/simulation/types';

const decades = [-4, -3.5, -3, -2.5, -2, -1.5, -1, -0.5, 0];
const grid = decades.map((x) => Number((10 ** x).toPrecision(12)));

/** A 9 × 9 map on α, λ = 10⁻⁴ … 1 whose loss is `f(log α, log λ)`; null where f says so (diverged). */
function map(variant: Variant, f: (a: number, l: number) => number | null): PanelResult {
  const loss = decades.map((a) => decades.map((l) => f(a, l)));
  return {
    lrs: grid, weightDecays: { [variant]: grid }, loss: { [variant]: loss },
    diverged: { [variant]: loss.map((row) => row.map((x) => x === null)) }, seedsDone: 1, seedsTotal: 1, seconds: 0.1,
  };
}

// PyTorch-like: the valley floor is α·λ = 10⁻³ (a diagonal), best overall at α = 0.01; loss grows with distance.
const diagonal = (variant: Variant) => map(variant, (a, l) => 0.2 + 0.1 * (a + l + 3) ** 2 + 0.02 * (a + 2) ** 2);
// Paper-like: the floor is λ = 10⁻² whatever α (a vertical line).
const vertical = (variant: Variant) => map(variant, (a, l) => 0.2 + 0.1 * (l + 2) ** 2 + 0.02 * (a + 2) ** 2);

test('the best λ for each α: a diagonal when decay is α·λ, a vertical line when it is not; diverged cells never count', () => {
  assert.deepEqual(bestPerAlpha(diagonal('pt'), 'pt').map((p) => p.wdIndex), [8, 8, 8, 7, 6, 5, 4, 3, 2]);
  assert.deepEqual(bestPerAlpha(vertical('lh'), 'lh').map((p) => p.wdIndex), [4, 4, 4, 4, 4, 4, 4, 4, 4]);
  // The row α = 1 all diverged (left out); at α = 0.316 the floor cell diverged: the next best (a tie, the first) takes its place.
  const holes = map('pt', (a, l) => (a === 0 ? null : a === -0.5 && l === -2.5 ? null : 0.2 + 0.1 * (a + l + 3) ** 2));
  const best = bestPerAlpha(holes, 'pt');
  assert.deepEqual(best.map((p) => [p.lrIndex, p.wdIndex]), [[0, 8], [1, 8], [2, 8], [3, 7], [4, 6], [5, 5], [6, 4], [7, 2]]);
  assert.deepEqual(best[4], { lrIndex: 4, wdIndex: 6, lr: 0.01, weightDecay: 0.1, loss: 0.2 });
  // A row where λ hardly matters (within 1 %) has no best λ to draw, and the sweeps keep the user's λ there.
  const flatAtSmallAlpha = map('pt', (a, l) => (a <= -3 ? 0.5 + 0.0001 * l : 0.2 + 0.1 * (a + l + 3) ** 2));
  assert.deepEqual(bestPerAlpha(flatAtSmallAlpha, 'pt').map((p) => p.lrIndex), [3, 4, 5, 6, 7, 8]);
  const user = { lr: 1e-3, weightDecay: 0.01 };
  assert.deepEqual(tunedReference(flatAtSmallAlpha, 'pt', user), { reference: user, user, moved: false });
});

test('the sweeps go through the best λ at the reference α, and the panel says so when that is not the user’s λ', () => {
  const result = diagonal('pt');
  const user = { lr: 0.01, weightDecay: 0.01 };
  const tuned = tunedReference(result, 'pt', user);
  assert.deepEqual(tuned, { reference: { lr: 0.01, weightDecay: 0.1 }, user, moved: true });
  assert.equal(tunedNote(tuned, formatNumber), 'Your λ = 0.01 is not the best at α = 0.01 on this map; S1 and S2 are drawn '
    + 'through the best there, λ = 0.1, since the advice is about a λ tuned at that α.');
  const already = tunedReference(result, 'pt', { lr: 0.01, weightDecay: 0.1 });
  assert.equal(already.moved, false);
  assert.equal(tunedNote(already, formatNumber), undefined);
  // ᾱ off the grid, or a row with nothing finite: the user's point stays.
  assert.deepEqual(tunedReference(result, 'pt', { lr: 50, weightDecay: 0.01 }).reference, { lr: 50, weightDecay: 0.01 });
  const dead = map('pt', (a) => (a === -2 ? null : 1));
  assert.deepEqual(tunedReference(dead, 'pt', user), { reference: user, user, moved: false });
  // "Copy S2 sweep as code" copies the S2 line drawn: α·λ = 0.01 · 0.1.
  const setup = { userVariant: 'pt', references: { pt: user }, language: 'python' } as PanelSetup;
  const pairs = s2Pairs(setup, result);
  assert.equal(pairs.length, 7);
  assert.ok(pairs.every(([lr, wd]) => Math.abs(lr * wd / 1e-3 - 1) < 1e-9), JSON.stringify(pairs));
});

test('S1 against S2 by their distance to the grid’s best: the diagonal valley favours S2, as the advice for PyTorch says', () => {
  const result = diagonal('pt');
  const comparison = compareSweeps(result, 'pt', { lr: 0.01, weightDecay: 0.1 });
  assert.equal(comparison.rows, 7); // S2 leaves the λ grid at the two largest α
  assert.equal(comparison.gridBest, 0.2);
  assert.deepEqual([comparison.S1.diverged, comparison.S2.diverged], [0, 0]);
  assert.ok((comparison.S2.meanExcess ?? Infinity) < (comparison.S1.meanExcess ?? 0));
  const said = verdict('pt', comparison, formatNumber);
  assert.deepEqual([said.closer, said.agrees], ['S2', true]);
  assert.equal(said.text, "Across the 7 values of α both sweeps reach, against the grid's best loss (0.2): "
    + 'S1 (λ = 0.1 fixed) is on average 75 % above it, within 3 % at 1; S2 (α·λ = 0.001 fixed) is on average 12 % above it, '
    + 'within 3 % at 3. S2 keeps closer to the optimum, as the S2 advice for this optimizer says.');
  // The same picture under a convention whose decay does not scale with α contradicts keeping λ fixed: said plainly.
  const lh = verdict('lh', compareSweeps(diagonal('lh'), 'lh', { lr: 0.01, weightDecay: 0.1 }), formatNumber);
  assert.equal(lh.agrees, false);
  assert.match(lh.text, /S2 keeps closer to the optimum: here the simulation disagrees with keeping λ fixed for this optimizer\.$/);
});

test('a vertical valley favours S1; a flat map ties and the panel says the simulation does not support the S2 advice', () => {
  const lh = verdict('lh', compareSweeps(vertical('lh'), 'lh', { lr: 0.01, weightDecay: 0.01 }), formatNumber);
  assert.deepEqual([lh.closer, lh.agrees], ['S1', true]);
  assert.match(lh.text, /S1 keeps closer to the optimum: keeping λ fixed loses nothing, as expected when decay does not scale with α\.$/);
  const flat = map('pt', (a, l) => 0.3 + 0.001 * (a + l + 3) ** 2);
  const tie = verdict('pt', compareSweeps(flat, 'pt', { lr: 0.01, weightDecay: 0.1 }), formatNumber);
  assert.deepEqual([tie.closer, tie.agrees], ['tie', false]);
  assert.match(tie.text, /S1 and S2 keep equally close to the optimum: here the simulation does not support the S2 advice\.$/);
});

test('divergence counts first; too few shared α values and variants without advice give no verdict', () => {
  // S1 (λ = 0.1) diverges at the four largest α, where S2 is fine.
  const blowUp = map('pt', (a, l) => (l === -1 && a >= -1.5 ? null : 0.2 + 0.01 * (a + l + 3) ** 2));
  const comparison = compareSweeps(blowUp, 'pt', { lr: 0.01, weightDecay: 0.1 });
  assert.deepEqual([comparison.S1.diverged, comparison.S2.diverged], [4, 0]);
  assert.equal(verdict('pt', comparison, formatNumber).closer, 'S2');
  assert.match(verdict('pt', comparison, formatNumber).text, /S1 \(λ = 0\.1 fixed\) is on average [\d.]+ % above it and diverges at 4,/);
  const narrow: PanelResult = { ...diagonal('pt'), lrs: [0.01], loss: { pt: [diagonal('pt').loss.pt![4]] }, diverged: { pt: [Array(9).fill(false)] } };
  assert.deepEqual(verdict('pt', compareSweeps(narrow, 'pt', { lr: 0.01, weightDecay: 0.1 }), formatNumber),
    { text: 'The sweeps share too few values of α on this grid to compare them.' });
  assert.equal(adviceFor('l2'), undefined);
  const l2 = verdict('l2', compareSweeps(diagonal('l2'), 'l2', { lr: 0.01, weightDecay: 0.1 }), formatNumber);
  assert.deepEqual([l2.closer, l2.agrees], ['S2', undefined]);
  assert.match(l2.text, /S2 keeps closer to the optimum\.$/);
});

test('the seed’s setting: through the user’s λ the map seemed to favour S1; through the tuned λ it shows what the advice claims', async () => {
  const result = toPanelResult(await simulate(preset('seed-fig3')), 5);
  const { references } = defaultSetup();
  const pt = references.pt as { lr: number; weightDecay: number };
  // The seed's (ᾱ, λ̄) = (0.316, 0.01) for PyTorch: not the best λ at that α on the simulated map.
  const tuned = tunedReference(result, 'pt', pt);
  assert.equal(tuned.moved, true);
  assert.equal(formatNumber(tuned.reference.weightDecay), '0.0316');
  assert.equal(verdict('pt', compareSweeps(result, 'pt', pt), formatNumber).closer, 'S1');
  const fixed = verdict('pt', compareSweeps(result, 'pt', tuned.reference), formatNumber);
  assert.deepEqual([fixed.closer, fixed.agrees], ['S2', true], fixed.text);
  // The paper's form: λ̄ is already the best at its α, and keeping it fixed is what the map favours.
  const lhTuned = tunedReference(result, 'lh', references.lh as { lr: number; weightDecay: number });
  assert.equal(lhTuned.moved, false);
  const lh = verdict('lh', compareSweeps(result, 'lh', lhTuned.reference), formatNumber);
  assert.deepEqual([lh.closer, lh.agrees], ['S1', true], lh.text);
  // The best λ for each α over the largest three α: moving with α for pt (diagonal), not for lh (vertical).
  const top = (variant: Variant) => bestPerAlpha(result, variant).slice(-3).map((p) => p.wdIndex);
  assert.deepEqual(top('pt'), [4, 3, 2]);
  assert.deepEqual(top('lh'), [5, 5, 5]);
});
