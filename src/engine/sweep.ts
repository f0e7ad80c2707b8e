// Classifies the (α, λ) points an optimizer call is evaluated at into the sweep kinds of seed 000:
// S1 (α varies, λ fixed and nonzero), S2 (α·λ constant), grid, λ-only, or none.

import type { SweepInfo, SweepKind } from './types';

/** Relative tolerance under which two floats count as equal (sweeps are written with rounded literals). */
export const REL_TOL = 1e-6;

export function sameNumber(a: number, b: number, tol = REL_TOL): boolean {
  if (a === b) return true;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return Math.abs(a - b) <= tol * scale;
}

/** Distinct values, sorted ascending, merging values equal within `tol`. */
export function distinctSorted(values: Iterable<number>, tol = REL_TOL): number[] {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  const out: number[] = [];
  for (const v of sorted) if (out.length === 0 || !sameNumber(out[out.length - 1], v, tol)) out.push(v);
  return out;
}

export function classifySweep(points: Array<{ lr: number; weightDecay: number }>): SweepKind {
  const lrs = distinctSorted(points.map((p) => p.lr));
  const wds = distinctSorted(points.map((p) => p.weightDecay));
  if (lrs.length <= 1 && wds.length <= 1) return 'none';
  if (lrs.length <= 1) return 'lambda-only';
  if (wds.length <= 1) return 'S1';
  // α varies and λ varies: S2 when the product stays put (rounded literals: 1 % tolerance), else a grid.
  const products = points.map((p) => p.lr * p.weightDecay);
  const first = products[0];
  if (products.every((x) => sameNumber(x, first, 1e-2))) return 'S2';
  return 'grid';
}

export function makeSweepInfo(points: Array<{ lr: number; weightDecay: number }>, source?: SweepInfo['source']): SweepInfo {
  return {
    kind: classifySweep(points),
    lrs: distinctSorted(points.map((p) => p.lr)),
    weightDecays: distinctSorted(points.map((p) => p.weightDecay)),
    points,
    source,
  };
}

/** The middle value of a sorted list (geometric middle for even lengths, since sweeps are log-spaced). */
export function middleValue(sorted: number[]): number {
  const n = sorted.length;
  if (n % 2 === 1) return sorted[(n - 1) / 2];
  return Math.sqrt(sorted[n / 2 - 1] * sorted[n / 2]);
}
