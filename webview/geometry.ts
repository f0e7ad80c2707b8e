// Where things go on a heatmap whose axes are log10 λ (x) and log10 α (y): the cells' edges and the
// iso-timescale lines τ_iter = 1/(decay per step). Pure functions (tested without a browser).
import type { Variant } from '../src/simulation/types';

/** Edges (log10) of each cell: halfway to its neighbours; the outer cells mirror their inner half-width. */
export function cellEdges(values: readonly number[]): [number, number][] {
  const logs = values.map((v) => Math.log10(v));
  if (logs.length === 1) return [[logs[0] - 0.25, logs[0] + 0.25]];
  return logs.map((x, i) => {
    const left = i > 0 ? (logs[i - 1] + x) / 2 : x - (logs[1] - logs[0]) / 2;
    const right = i < logs.length - 1 ? (x + logs[i + 1]) / 2 : x + (logs[i] - logs[i - 1]) / 2;
    return [left, right];
  });
}

export interface Box {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface IsoLine {
  /** log10 τ_iter of the line. */
  exponent: number;
  from: { x: number; y: number };
  to: { x: number; y: number };
}

/**
 * Lines of equal τ_iter = 10^k steps inside the box. Decay α·λ (pt, lr-squared at the peak) gives
 * log α + log λ = −k, a diagonal; decay λ (lh, constant) gives log λ = −k, a vertical line; coupled L2 has none.
 */
export function isoTimescaleLines(variant: Variant, box: Box): IsoLine[] {
  if (variant === 'l2') return [];
  const lines: IsoLine[] = [];
  if (variant === 'lh' || variant === 'constant') {
    // τ below one step is not a timescale: k ≥ 0 (and 0 - k, not -k, keeps τ = 1 at x = +0).
    for (let k = Math.max(0, Math.ceil(-box.xMax)); k <= Math.floor(-box.xMin); k++) {
      const x = 0 - k;
      lines.push({ exponent: k, from: { x, y: box.yMin }, to: { x, y: box.yMax } });
    }
    return lines;
  }
  // x + y = −k crosses the box when −k lies between xMin + yMin and xMax + yMax.
  for (let k = Math.max(0, Math.ceil(-(box.xMax + box.yMax))); k <= Math.floor(-(box.xMin + box.yMin)); k++) {
    const c = 0 - k;
    const x0 = Math.max(box.xMin, c - box.yMax);
    const x1 = Math.min(box.xMax, c - box.yMin);
    if (x1 - x0 < 1e-9) continue;
    lines.push({ exponent: k, from: { x: x0, y: c - x0 }, to: { x: x1, y: c - x1 } });
  }
  return lines;
}
