// What a finished sweep says through the α·λ lens (docs/results.md): its design (S1, S2, grid, random),
// the best run and whether it sits on the edge of what was tried, the coupling measured in the user's own
// runs (the slope of log λ* against log α: about −1 when the decay that matters is α·λ, as in PyTorch's
// AdamW, about 0 when λ acts alone), the best run's decay timescale τ_iter = 1/(α·λ), and the next S2
// sweep: α·λ held at the best run's value, α spread around the best and past any edge it touches.
import { formatNumber, formatSteps } from '../format';
import type { Direction, Run, RunTable } from './types';

export type Design = 'S1' | 'S2' | 'grid' | 'random';
export type Edge = 'lr-low' | 'lr-high' | 'wd-low' | 'wd-high' | 'lr-wd-low' | 'lr-wd-high';

export interface BestRun {
  lr: number;
  weightDecay: number;
  value: number;
  /** 1/(α·λ): steps for the decay to shrink the weights by e (decay per step α·λ, PyTorch's form). */
  tauIter: number;
  /** τ_iter in epochs, when the steps per epoch are known. */
  tauEpoch?: number;
}

export interface Coupling {
  /** Least-squares slope of log10 λ* on log10 α. */
  slope: number;
  /** Its 90 % confidence interval (Student's t on the residuals), from three α values on. */
  interval?: [number, number];
  /** [α, best λ at that α], α ascending. */
  points: [number, number][];
}

export interface Suggestion {
  lrs: number[];
  weightDecays: number[];
}

export interface ResultsAnalysis {
  runs: number;
  metric: string;
  direction: Direction;
  design: Design;
  /** The design in words, for the text output and the panel. */
  designText: string;
  best: BestRun;
  edges: Edge[];
  coupling: Coupling | null;
  /** The coupling in words, or why it could not be measured. */
  couplingText: string;
  suggestion: Suggestion;
  /** α·λ that the suggestion keeps. */
  suggestionProduct: number;
  notes: string[];
}

/** Values closer than this in log10 (about 1.2 %) are the same setting: logs round, products of floats drift. */
const SAME_LOG = 0.005;
/** For a random design, "on the edge" means within this fraction of the tried log-range from an end. */
const RANDOM_EDGE_FRACTION = 0.05;
/** The next sweep: 7 values of α, half a decade apart, shifted one step outward past an edge (so it reaches two decades beyond it). */
const SUGGESTED_POINTS = 7;
const SUGGESTED_STEP = Math.sqrt(10);
const EDGE_SHIFT = 1;
/** The next sweep stays this factor below an α that was tried and ended without a result. */
const FAILED_MARGIN = 2;

/** For each value, the index of its cluster (values within SAME_LOG in log10 of their neighbour), and the count. */
export function clusters(values: readonly number[]): { index: number[]; centres: number[] } {
  const order = values.map((v, i) => ({ log: Math.log10(v), i })).sort((a, b) => a.log - b.log);
  const index = new Array<number>(values.length);
  const centres: number[] = [];
  let start = -Infinity;
  let members: number[] = [];
  const close = () => {
    if (members.length) centres.push(10 ** (members.reduce((s, m) => s + m, 0) / members.length));
    members = [];
  };
  for (const { log, i } of order) {
    if (log - start > SAME_LOG) { close(); start = log; }
    index[i] = centres.length;
    members.push(log);
  }
  close();
  return { index, centres };
}

const better = (direction: Direction) => (a: number, b: number) => (direction === 'minimize' ? a < b : a > b);

function bestOf(runs: readonly Run[], direction: Direction): number {
  const isBetter = better(direction);
  let best = 0;
  for (let i = 1; i < runs.length; i++) if (isBetter(runs[i].value, runs[best].value)) best = i;
  return best;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Axes {
  lr: ReturnType<typeof clusters>;
  wd: ReturnType<typeof clusters>;
  product: ReturnType<typeof clusters>;
}

function classify(runs: readonly Run[], axes: Axes): { design: Design; text: string } {
  const nLr = axes.lr.centres.length;
  const nWd = axes.wd.centres.length;
  const nProduct = axes.product.centres.length;
  const pairs = new Set(runs.map((_, i) => `${axes.lr.index[i]}:${axes.wd.index[i]}`)).size;
  if (nLr >= 2 && nWd === 1) {
    return { design: 'S1', text: `S1: α swept over ${nLr} values with λ fixed at ${formatNumber(axes.wd.centres[0])}, so the decay per step α·λ changes with every α` };
  }
  if (nLr >= 2 && nProduct === 1) {
    return { design: 'S2', text: `S2: α swept over ${nLr} values with α·λ fixed at ${formatNumber(axes.product.centres[0])} (the same decay timescale τ_iter = ${formatSteps(1 / axes.product.centres[0])} steps at every α)` };
  }
  if (nLr === 1 && nWd === 1) return { design: 'grid', text: `a single setting (α = ${formatNumber(axes.lr.centres[0])}, λ = ${formatNumber(axes.wd.centres[0])}) run ${plural(runs.length, 'time')}` };
  if (nLr === 1) return { design: 'grid', text: `λ swept over ${nWd} values at one α = ${formatNumber(axes.lr.centres[0])}` };
  // A lattice repeats its values: every α meets several λ (or several α·λ). Random search hardly ever does.
  const productPairs = new Set(runs.map((_, i) => `${axes.lr.index[i]}:${axes.product.index[i]}`)).size;
  const covers = (a: number, b: number, n: number) => a < n && b < n && n * 4 >= a * b;
  if (covers(nLr, nWd, pairs)) {
    const full = pairs === nLr * nWd ? `all ${nLr * nWd} pairs` : `${pairs} of the ${nLr * nWd} pairs`;
    return { design: 'grid', text: `grid of ${nLr} α × ${nWd} λ values (${full} ran)` };
  }
  if (covers(nLr, nProduct, productPairs)) {
    return { design: 'grid', text: `grid over ${nLr} α × ${nProduct} α·λ values: ${nProduct} S2 lines (${productPairs} settings ran)` };
  }
  return { design: 'random', text: `random or adaptive search: ${pairs} distinct (α, λ) settings` };
}

/** Whether the best run is at the low or high end of one axis. */
function edgesOf(value: number, all: ReturnType<typeof clusters>, design: Design, low: Edge, high: Edge): Edge[] {
  const { centres } = all;
  if (centres.length < 2) return [];
  const logs = [Math.log10(centres[0]), Math.log10(centres[centres.length - 1])];
  const tolerance = design === 'random' ? RANDOM_EDGE_FRACTION * (logs[1] - logs[0]) : SAME_LOG;
  const log = Math.log10(value);
  const out: Edge[] = [];
  if (log - logs[0] <= tolerance) out.push(low);
  if (logs[1] - log <= tolerance) out.push(high);
  return out;
}

type Category = 'coupled' | 'between' | 'decoupled' | 'rising';
const category = (slope: number): Category => (slope <= -0.7 ? 'coupled' : slope < -0.3 ? 'between' : slope <= 0.5 ? 'decoupled' : 'rising');

/** Two-sided 90 % quantiles of Student's t for 1 … 10 degrees of freedom; beyond them 1.645 + 2/df (within 2 %). */
const T90 = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812];
const t90 = (df: number) => (df <= T90.length ? T90[df - 1] : 1.645 + 2 / df);

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The least-squares slope of log λ* on log α, and from three points on its 90 % confidence interval. */
function fitSlope(points: readonly [number, number][]): { slope: number; interval?: [number, number] } {
  const xs = points.map((p) => Math.log10(p[0]));
  const ys = points.map((p) => Math.log10(p[1]));
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; }
  const slope = sxy / sxx;
  if (xs.length < 3) return { slope };
  let residuals = 0;
  for (let i = 0; i < xs.length; i++) residuals += (ys[i] - my - slope * (xs[i] - mx)) ** 2;
  const half = t90(xs.length - 2) * Math.sqrt(residuals / (xs.length - 2) / sxx);
  return { slope, interval: [slope - half, slope + half] };
}

/**
 * What the slope says. From three α values on, only what its interval supports: coupled when it excludes 0,
 * decoupled when it excludes −1, in between when it excludes both, rising when it is above 0 throughout. A
 * best λ per α that scatters (few runs per bin of a random search, a loss flat in λ at some α) says nothing
 * rather than the wrong thing.
 */
function meaningOf(slope: number, interval: [number, number] | undefined): string | undefined {
  const excludes = (value: number) => !interval || value < interval[0] || value > interval[1];
  switch (category(slope)) {
    case 'coupled': return excludes(0) ? 'coupled: the best λ falls as 1/α, so what matters is α·λ (PyTorch\'s AdamW form)' : undefined;
    case 'decoupled': return excludes(-1) ? 'decoupled: the best λ hardly moves with α (λ acts on its own, the paper\'s form)' : undefined;
    case 'between': return excludes(0) && excludes(-1) ? 'between coupled (−1) and decoupled (0)' : undefined;
    case 'rising': return excludes(0) ? 'the best λ rises with α, which neither form predicts: look at where it sits at each α' : undefined;
  }
}

/**
 * For a random search, the valley's slope from a quadratic surface fitted to the better half of the runs in
 * (log α, log λ): f ≈ a·x² + 2b·x·y + c·y² + d·x + e·y + g, whose best y at each x lies on y = −(b/c)·x + const.
 * Undefined when there are too few runs or the surface does not curve upward in λ. A second estimate, from
 * all the better runs at once, where the binned one rests on a few runs per bin.
 */
function surfaceSlope(runs: readonly Run[], direction: Direction): number | undefined {
  const sign = direction === 'minimize' ? 1 : -1;
  const ranked = [...runs].sort((p, q) => sign * (p.value - q.value));
  const used = ranked.slice(0, Math.max(12, Math.ceil(runs.length / 2)));
  if (used.length < 12) return undefined;
  const xs = used.map((r) => Math.log10(r.lr));
  const ys = used.map((r) => Math.log10(r.weightDecay));
  const mx = mean(xs);
  const my = mean(ys);
  // Normal equations of the least-squares fit, centred for conditioning (the slope does not change).
  const n = 6;
  const m = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  used.forEach((run, k) => {
    const x = xs[k] - mx;
    const y = ys[k] - my;
    const row = [x * x, 2 * x * y, y * y, x, y, 1];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) m[i][j] += row[i] * row[j];
      m[i][n] += row[i] * sign * run.value;
    }
  });
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-12) return undefined;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r][col] / m[col][col];
      for (let j = col; j <= n; j++) m[r][j] -= factor * m[col][j];
    }
  }
  const b = m[1][n] / m[1][1];
  const c = m[2][n] / m[2][2];
  return c > 0 && Number.isFinite(b / c) ? -b / c : undefined;
}

/**
 * For each α (for a random search: each of up to 8 equal bins of log α), the best λ among the runs there,
 * where at least two λ were tried; the slope of log λ* against log α over those α.
 */
function measureCoupling(runs: readonly Run[], axes: Axes, design: Design, direction: Direction): { coupling: Coupling | null; text: string; notes: string[] } {
  const groups = new Map<number, number[]>();
  const add = (key: number, run: number) => {
    const group = groups.get(key);
    if (group) group.push(run); else groups.set(key, [run]);
  };
  if (design === 'random') {
    const logs = runs.map((r) => Math.log10(r.lr));
    let lo = Infinity;
    let hi = -Infinity;
    for (const log of logs) { lo = Math.min(lo, log); hi = Math.max(hi, log); }
    const bins = Math.max(1, Math.min(8, Math.floor(runs.length / 5)));
    runs.forEach((_, i) => {
      const bin = hi > lo ? Math.min(bins - 1, Math.floor(((logs[i] - lo) / (hi - lo)) * bins)) : 0;
      add(bin, i);
    });
  } else {
    runs.forEach((_, i) => add(axes.lr.index[i], i));
  }
  const points: [number, number][] = [];
  let atEdge = 0;
  const wdLow = Math.log10(axes.wd.centres[0]);
  const wdHigh = Math.log10(axes.wd.centres[axes.wd.centres.length - 1]);
  for (const members of groups.values()) {
    const decays = new Set(members.map((i) => axes.wd.index[i]));
    if (decays.size < 2 || (design === 'random' && members.length < 3)) continue;
    const best = members[bestOf(members.map((i) => runs[i]), direction)];
    points.push([runs[best].lr, runs[best].weightDecay]);
    const log = Math.log10(runs[best].weightDecay);
    if (log - wdLow <= SAME_LOG || wdHigh - log <= SAME_LOG) atEdge++;
  }
  points.sort((a, b) => a[0] - b[0]);
  if (points.length < 2 || Math.log10(points[points.length - 1][0] / points[0][0]) < SAME_LOG) {
    const why = design === 'S1' ? 'an S1 sweep tries one λ'
      : design === 'S2' ? 'an S2 sweep tries one λ per α' : 'fewer than two α values had two or more λ tried';
    return { coupling: null, text: `not measured: ${why}`, notes: [] };
  }
  const { slope, interval } = fitSlope(points);
  // A random search's bins hold a few runs each, and the best of three λ is often chance: the binned slope
  // speaks only where a surface fitted to all the better runs agrees with it.
  const surface = design === 'random' ? surfaceSlope(runs, direction) : undefined;
  const agrees = design !== 'random' || (surface !== undefined && (category(surface) === category(slope) || Math.abs(surface - slope) <= 0.3));
  const meaning = agrees ? meaningOf(slope, interval) : undefined;
  const measured = `slope of log λ* against log α = ${slope.toFixed(2)}${interval ? ` (${describeInterval(interval)})` : ''} over ${points.length} α values`;
  const surfaceSays = surface === undefined ? 'finds no valley in λ' : `gives ${surface.toFixed(2)}`;
  const text = meaning ? `${measured}: ${meaning}`
    : !agrees ? `${measured}: too uncertain to tell, a surface fitted to the better half of the runs ${surfaceSays} (its bins of α hold too few runs to agree; a grid over α settles it)`
      : `${measured}: too uncertain to tell coupled (−1) from decoupled (0), the best λ per α scatters`;
  const notes = atEdge
    ? [`at ${atEdge} of ${points.length} α values the best λ is at the end of the λ range tried, so the slope may be flattened`] : [];
  return { coupling: { slope, ...(interval ? { interval } : {}), points }, text, notes };
}

const round = (x: number) => Number(x.toPrecision(3));

function suggest(best: Run, edges: readonly Edge[], failedAbove: number | undefined): { suggestion: Suggestion; product: number; notes: string[] } {
  const product = best.lr * best.weightDecay;
  // Along an S2 line a larger α means a smaller λ: wd-low points the same way as lr-high. Not outward past an α
  // that was tried and ended without a result.
  const up = failedAbove === undefined ? Number(edges.includes('lr-high')) + Number(edges.includes('wd-low')) : 0;
  const down = Number(edges.includes('lr-low')) + Number(edges.includes('wd-high'));
  const shift = Math.sign(up - down) * EDGE_SHIFT;
  const half = (SUGGESTED_POINTS - 1) / 2;
  const lrs: number[] = [];
  const weightDecays: number[] = [];
  for (let k = -half + shift; k <= half + shift; k++) {
    const lr = round(best.lr * SUGGESTED_STEP ** k);
    if (failedAbove !== undefined && lr > failedAbove / FAILED_MARGIN) continue;
    lrs.push(lr);
    weightDecays.push(Number((product / lr).toPrecision(4)));
  }
  const notes: string[] = [];
  if (edges.includes('lr-wd-high')) notes.push(`the best α·λ is the largest tried: also run an S2 line at α·λ = ${formatNumber(product * 10)}`);
  if (edges.includes('lr-wd-low')) notes.push(`the best α·λ is the smallest tried: also run an S2 line at α·λ = ${formatNumber(product / 10)}`);
  return { suggestion: { lrs, weightDecays }, product, notes };
}

export interface AnalysisOptions {
  stepsPerEpoch?: number;
}

/** The analysis of a table with at least one run. */
export function analyzeRuns(table: RunTable, options: AnalysisOptions = {}): ResultsAnalysis {
  const { runs, direction } = table;
  if (runs.length === 0) throw new Error('analyzeRuns needs at least one run');
  const axes: Axes = {
    lr: clusters(runs.map((r) => r.lr)),
    wd: clusters(runs.map((r) => r.weightDecay)),
    product: clusters(runs.map((r) => r.lr * r.weightDecay)),
  };
  const { design, text: designText } = classify(runs, axes);
  const bestRun = runs[bestOf(runs, direction)];
  const tauIter = 1 / (bestRun.lr * bestRun.weightDecay);
  const best: BestRun = { ...bestRun, tauIter, ...(options.stepsPerEpoch ? { tauEpoch: tauIter / options.stepsPerEpoch } : {}) };
  const edges = [
    ...edgesOf(best.lr, axes.lr, design, 'lr-low', 'lr-high'),
    ...edgesOf(best.weightDecay, axes.wd, design, 'wd-low', 'wd-high'),
    ...edgesOf(best.lr * best.weightDecay, axes.product, design, 'lr-wd-low', 'lr-wd-high'),
  ];
  const coupling = measureCoupling(runs, axes, design, direction);
  // The smallest α beyond every finished run's that was tried and ended without a result: where the sweep
  // found the α too large to train, most often (a failure below a finished run's α says nothing of the kind).
  const largestFinished = axes.lr.centres[axes.lr.centres.length - 1]; // centres ascend
  const failedAbove = (table.failed ?? []).reduce<number | undefined>((min, run) =>
    (Math.log10(run.lr) - Math.log10(largestFinished) > SAME_LOG && (min === undefined || run.lr < min) ? run.lr : min), undefined);
  // Past the largest α that finished, the sweep found a failure: that end of the α range is closed.
  if (failedAbove !== undefined && edges.includes('lr-high')) edges.splice(edges.indexOf('lr-high'), 1);
  const next = suggest(bestRun, edges, failedAbove);
  const notes = [...table.notes, ...coupling.notes, ...next.notes];
  if (failedAbove !== undefined) {
    notes.push(`α = ${formatNumber(failedAbove)} was tried and ended without a finite '${table.metric}' (diverged?): the next sweep stays a factor ${FAILED_MARGIN} below it`);
  }
  if (design === 'S1') notes.push('an S1 sweep compares α values at different decay timescales: the best α may owe its place to its α·λ');
  return {
    runs: runs.length, metric: table.metric, direction, design, designText, best, edges, coupling: coupling.coupling,
    couplingText: coupling.text, suggestion: next.suggestion, suggestionProduct: next.product, notes,
  };
}

const EDGE_WORDS: Record<Edge, string> = {
  'lr-low': 'the smallest α tried', 'lr-high': 'the largest α tried', 'wd-low': 'the smallest λ tried', 'wd-high': 'the largest λ tried',
  'lr-wd-low': 'the smallest α·λ tried', 'lr-wd-high': 'the largest α·λ tried',
};

/** The coupling slope's confidence interval in words (the text output and the results page's chart). */
export function describeInterval([low, high]: readonly [number, number]): string {
  return `90 % interval ${low.toFixed(2)} … ${high.toFixed(2)}`;
}

export function describeEdges(edges: readonly Edge[]): string {
  return edges.length === 0 ? 'inside what was tried on every axis' : `at ${edges.map((e) => EDGE_WORDS[e]).join(', ')}`;
}
