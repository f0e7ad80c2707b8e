// The science the figure states, from the simulated map itself, so the picture says what the diagnostics
// say (or says plainly where it does not):
// - the best λ for each α (the line of seed 000's Conclusion 1: diagonal when decay is α·λ, vertical when it
//   is the paper's η·λ);
// - the reference point the sweeps pass through: the seed's advice is about a λ̄ *tuned* at ᾱ, so S1 and S2
//   go through the best λ on ᾱ's row, not through whatever λ the user wrote;
// - S1 against S2 by the loss a sweep of that shape finds, relative to the grid's best (a valley's width
//   ties on flat landscapes; how far each sweep stays from the optimum does not);
// - whether that agrees with what the rules advise for the variant.
// Plain functions, no VS Code and no DOM: the page and the tests call them.
import type { Variant } from '../simulation/types';
import type { PanelResult } from './messages';
import type { ReferencePoint } from './setup';
import { bestCell, nearestIndex, sweepPath, type SweepKind, type SweepPoint } from './sweeps';

export interface BestPoint {
  lrIndex: number;
  wdIndex: number;
  lr: number;
  weightDecay: number;
  loss: number;
}

/** A row whose finite losses all lie within this fraction of each other has no best λ worth drawing: λ hardly
 * matters at that α (small α barely trains), and its "best" would only be noise. */
export const FLAT_ROW = 0.01;

/** For each α row where λ matters (finite, non-diverged losses spread by more than FLAT_ROW), the λ of its lowest loss. */
export function bestPerAlpha(result: PanelResult, variant: Variant): BestPoint[] {
  const weightDecays = result.weightDecays[variant] ?? [];
  const out: BestPoint[] = [];
  result.lrs.forEach((lr, lrIndex) => {
    let best = -1;
    let worst = -Infinity;
    (result.loss[variant]?.[lrIndex] ?? []).forEach((loss, wdIndex) => {
      if (loss === null || result.diverged[variant]?.[lrIndex]?.[wdIndex]) return;
      worst = Math.max(worst, loss);
      if (best < 0 || loss < (result.loss[variant]?.[lrIndex]?.[best] as number)) best = wdIndex;
    });
    if (best >= 0 && worst > (result.loss[variant]?.[lrIndex]?.[best] as number) * (1 + FLAT_ROW)) out.push({ lrIndex, wdIndex: best, lr, weightDecay: weightDecays[best], loss: result.loss[variant]?.[lrIndex]?.[best] as number });
  });
  return out;
}

export interface TunedReference {
  /** Where S1 and S2 pass: ᾱ with the best λ of ᾱ's row (the user's point when that row has no finite cell). */
  reference: ReferencePoint;
  /** The user's (ᾱ, λ̄). */
  user: ReferencePoint;
  /** True when the best λ on ᾱ's row is another grid column than the user's λ̄. */
  moved: boolean;
}

/** The reference point tuned on the map: λ̄ replaced by the best λ on the row of ᾱ. */
export function tunedReference(result: PanelResult, variant: Variant, user: ReferencePoint): TunedReference {
  const row = nearestIndex(result.lrs, user.lr);
  const best = row < 0 ? undefined : bestPerAlpha(result, variant).find((p) => p.lrIndex === row);
  if (!best) return { reference: user, user, moved: false };
  const userColumn = nearestIndex(result.weightDecays[variant] ?? [], user.weightDecay);
  return { reference: { lr: user.lr, weightDecay: best.weightDecay }, user, moved: userColumn !== best.wdIndex };
}

export interface SweepFinding {
  kind: SweepKind;
  points: SweepPoint[];
  /** Over the α both sweeps cover: mean of loss / grid's best − 1 where both sweeps have a finite loss. */
  meanExcess?: number;
  /** Of those α, where this sweep diverged (or has no loss). */
  diverged: number;
  /** Of those α, where this sweep's loss is within NEAR of the grid's best. */
  near: number;
}

export interface SweepComparison {
  /** The point both sweeps pass through. */
  reference: ReferencePoint;
  /** How many α rows both sweeps cover (the rows compared). */
  rows: number;
  S1: SweepFinding;
  S2: SweepFinding;
  /** The lowest loss on the whole map. */
  gridBest?: number;
}

/** "Near the optimum": within 3 % of the grid's best loss. */
export const NEAR = 0.03;

/**
 * What an S1 and an S2 sweep through `reference` give at each α they both reach, against the best loss of the
 * whole map: the question a sweep answers is what the loss is at another α, and a sweep that follows the
 * valley stays close to the optimum there. Unlike a valley width (points within 10 % of the sweep's own best),
 * this does not tie when the landscape is flat around one sweep and not the other.
 */
export function compareSweeps(result: PanelResult, variant: Variant, reference: ReferencePoint): SweepComparison {
  const gridBest = bestCell(result, variant)?.loss;
  const paths = { S1: sweepPath(result, variant, reference, 'S1'), S2: sweepPath(result, variant, reference, 'S2') };
  const rows = paths.S1.map((p) => p.lrIndex).filter((row) => paths.S2.some((q) => q.lrIndex === row));
  const excess = (kind: SweepKind, row: number): number => {
    const loss = paths[kind].find((p) => p.lrIndex === row)?.loss ?? null;
    return loss === null || gridBest === undefined || !(gridBest > 0) ? Infinity : loss / gridBest - 1;
  };
  const both = rows.filter((row) => Number.isFinite(excess('S1', row)) && Number.isFinite(excess('S2', row)));
  const finding = (kind: SweepKind): SweepFinding => ({
    kind,
    points: paths[kind],
    ...(both.length > 0 ? { meanExcess: both.reduce((sum, row) => sum + excess(kind, row), 0) / both.length } : {}),
    diverged: rows.filter((row) => !Number.isFinite(excess(kind, row))).length,
    near: rows.filter((row) => excess(kind, row) <= NEAR).length,
  });
  return { reference, rows: rows.length, S1: finding('S1'), S2: finding('S2'), ...(gridBest !== undefined ? { gridBest } : {}) };
}

/** What the rules advise for sweeping α under a variant: S2 where decay is α·λ (s1-sweep warns on S1 there),
 * S1 where decay does not scale with α (λ* does not move with α), nothing for Adam's L2 (coupled-l2's business). */
export function adviceFor(variant: Variant): SweepKind | undefined {
  if (variant === 'pt' || variant === 'lr-squared') return 'S2';
  if (variant === 'lh' || variant === 'constant') return 'S1';
  return undefined;
}

/** Mean excesses closer than this count as a tie. */
export const TIE = 0.01;

export interface Verdict {
  /** Which sweep keeps closer to the optimum; 'tie' when neither does, undefined when the map cannot say. */
  closer?: SweepKind | 'tie';
  /** Whether that agrees with the advice for the variant (undefined: no advice, or the map cannot say). */
  agrees?: boolean;
  text: string;
}

const percent = (x: number) => `${100 * x >= 10 ? Math.round(100 * x) : Number((100 * x).toPrecision(2))} %`;

/** Which sweep keeps closer to the optimum: fewer divergences first, then the lower mean excess. */
export function closerSweep(comparison: SweepComparison): SweepKind | 'tie' | undefined {
  const { S1, S2 } = comparison;
  if (comparison.rows < 2) return undefined;
  if (S1.diverged !== S2.diverged) return S1.diverged < S2.diverged ? 'S1' : 'S2';
  if (S1.meanExcess === undefined || S2.meanExcess === undefined) return undefined;
  if (Math.abs(S1.meanExcess - S2.meanExcess) <= TIE) return 'tie';
  return S1.meanExcess < S2.meanExcess ? 'S1' : 'S2';
}

/** The comparison in words, and whether it agrees with the advice for the variant. */
export function verdict(variant: Variant, comparison: SweepComparison, format: (x: number) => string): Verdict {
  const { S1, S2, reference, rows } = comparison;
  const closer = closerSweep(comparison);
  if (closer === undefined) return { text: 'The sweeps share too few values of α on this grid to compare them.' };
  const describe = (f: SweepFinding, held: string) => `${f.kind} (${held}) is on average ${percent(f.meanExcess ?? NaN)} above it`
    + `${f.diverged ? ` and diverges at ${f.diverged}` : ''}, within ${percent(NEAR)} at ${f.near}`;
  const said = `Across the ${rows} values of α both sweeps reach, against the grid's best loss (${format(comparison.gridBest ?? NaN)}): `
    + `${describe(S1, `λ = ${format(reference.weightDecay)} fixed`)}; ${describe(S2, `α·λ = ${format(reference.lr * reference.weightDecay)} fixed`)}.`;
  const advice = adviceFor(variant);
  const outcome = closer === 'tie' ? 'S1 and S2 keep equally close to the optimum' : `${closer} keeps closer to the optimum`;
  if (advice === undefined) return { closer, text: `${said} ${outcome}.` };
  if (advice === 'S2') {
    return closer === 'S2'
      ? { closer, agrees: true, text: `${said} ${outcome}, as the S2 advice for this optimizer says.` }
      : { closer, agrees: false, text: `${said} ${outcome}: here the simulation does not support the S2 advice.` };
  }
  return closer === 'S2'
    ? { closer, agrees: false, text: `${said} ${outcome}: here the simulation disagrees with keeping λ fixed for this optimizer.` }
    : { closer, agrees: true, text: `${said} ${outcome}: keeping λ fixed loses nothing, as expected when decay does not scale with α.` };
}

/** The note when the sweeps are not drawn through the user's own λ̄. */
export function tunedNote(tuned: TunedReference, format: (x: number) => string): string | undefined {
  if (!tuned.moved) return undefined;
  return `Your λ = ${format(tuned.user.weightDecay)} is not the best at α = ${format(tuned.user.lr)} on this map; `
    + `S1 and S2 are drawn through the best there, λ = ${format(tuned.reference.weightDecay)}, since the advice is about a λ tuned at that α.`;
}
