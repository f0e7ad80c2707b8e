// Numbers as the figure shows them: decade ticks as powers of ten, values with 3 significant digits.
import { formatNumber } from '../src/engine/format';

export { formatNumber };

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹',
};

/** 10^k for an integer k as "10⁻³" (1 and 10 stay plain numbers). */
export function powerOfTen(exponent: number): string {
  if (exponent === 0) return '1';
  if (exponent === 1) return '10';
  return `10${String(exponent).split('').map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** Integer decades within [lo, hi] (log10 units), where an axis puts its labelled ticks. */
export function decadeTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  // + 0 turns a -0 (ceil of a small negative) into 0.
  for (let k = Math.ceil(lo - 1e-9) + 0; k <= Math.floor(hi + 1e-9); k++) ticks.push(k);
  return ticks;
}

/** τ_iter in steps, e.g. "3.16e3 steps". */
export function formatSteps(steps: number | undefined): string {
  return steps === undefined ? '∞ (no decay)' : `${formatNumber(steps)} steps`;
}
