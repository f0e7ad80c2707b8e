// What the figure reads off a run: the S1 and S2 sweeps on each heatmap, the best cell, and the decay
// timescale of a cell (how the sweeps compare is tuning.ts's). Plain functions shared by the page and tests.
import { decayPerStep } from '../engine/decay';
import type { SimResult, Variant } from '../simulation/types';
import type { PanelResult } from './messages';
import { CONVENTION_OF_VARIANT, type ReferencePoint } from './setup';

export type SweepKind = 'S1' | 'S2';

export interface SweepPoint {
  lrIndex: number;
  wdIndex: number;
  lr: number;
  weightDecay: number;
  /** Mean final validation loss of the cell; null when it diverged or has no value yet. */
  loss: number | null;
  diverged: boolean;
}

/** Cells closer than this (in decades) to the exact sweep line count as on it: half a 0.5-decade step, with slack. */
const SNAP_DECADES = 0.26;

/** Index of the value nearest `target` in log scale, or -1 when none is within SNAP_DECADES of it. */
export function nearestIndex(values: readonly number[], target: number): number {
  let best = -1;
  let bestDistance = Infinity;
  values.forEach((value, index) => {
    const distance = Math.abs(Math.log10(value) - Math.log10(target));
    if (value > 0 && distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return bestDistance <= SNAP_DECADES ? best : -1;
}

/**
 * The cells a sweep visits on one heatmap, one per α of the grid: S1 keeps λ = λ̄ (the tuning strategy most
 * code uses), S2 keeps α·λ = ᾱ·λ̄ (what AdamW-PT needs). α values whose λ falls off the grid are left out.
 */
export function sweepPath(result: PanelResult, variant: Variant, reference: ReferencePoint, kind: SweepKind): SweepPoint[] {
  const weightDecays = result.weightDecays[variant] ?? [];
  const points: SweepPoint[] = [];
  result.lrs.forEach((lr, lrIndex) => {
    const target = kind === 'S1' ? reference.weightDecay : (reference.lr * reference.weightDecay) / lr;
    const wdIndex = nearestIndex(weightDecays, target);
    if (wdIndex < 0) return;
    const diverged = result.diverged[variant]?.[lrIndex]?.[wdIndex] ?? false;
    const loss = result.loss[variant]?.[lrIndex]?.[wdIndex] ?? null;
    points.push({ lrIndex, wdIndex, lr, weightDecay: weightDecays[wdIndex], loss: diverged ? null : loss, diverged });
  });
  return points;
}

/** The lowest non-diverged cell of a heatmap. */
export function bestCell(result: PanelResult, variant: Variant): { lrIndex: number; wdIndex: number; loss: number } | undefined {
  let best: { lrIndex: number; wdIndex: number; loss: number } | undefined;
  (result.loss[variant] ?? []).forEach((row, lrIndex) => row.forEach((loss, wdIndex) => {
    if (loss === null || result.diverged[variant]?.[lrIndex]?.[wdIndex]) return;
    if (!best || loss < best.loss) best = { lrIndex, wdIndex, loss };
  }));
  return best;
}

/** τ_iter = 1/(decay per step) of a cell under the variant's convention; undefined for coupled L2 or λ = 0. */
export function tauIter(variant: Variant, lr: number, weightDecay: number): number | undefined {
  const decay = decayPerStep(CONVENTION_OF_VARIANT[variant], lr, weightDecay);
  return decay !== undefined && decay > 0 ? 1 / decay : undefined;
}

/** A SimResult (NaN for missing values) as a PanelResult (null), which survives JSON and saved state. */
export function toPanelResult(result: SimResult, seedsTotal: number): PanelResult {
  const loss: PanelResult['loss'] = {};
  for (const [variant, grid] of Object.entries(result.loss) as [Variant, number[][]][]) {
    loss[variant] = grid.map((row) => row.map((x) => (Number.isFinite(x) ? x : null)));
  }
  return {
    lrs: [...result.lrs], weightDecays: result.weightDecays, loss, diverged: result.diverged,
    seedsDone: result.seedsDone, seedsTotal, seconds: result.seconds,
  };
}
