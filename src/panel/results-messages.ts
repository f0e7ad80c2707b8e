// The messages between the extension host and the sweep-results page, and the schema that checks them in
// both directions (schema.ts): whatever arrives is validated first; anything else is logged and dropped.
import type { Coupling, ResultsAnalysis } from '../engine/results/analysis';
import { SWEEP_CODE_FORMATS, type SweepCodeFormat } from '../engine/results/sweep-code';
import { byType, isArray, isLiteral, isNull, isNumber, isObject, isString, oneOf } from './schema';

/** Runs drawn at most; a larger sweep is drawn from an even sample that keeps the best run. */
export const MAX_DRAWN_RUNS = 20_000;

/** What the page draws: the analysis of one results file, computed by the host (results-view.ts). */
export interface ResultsView {
  /** The file's name as the workspace shows it. */
  file: string;
  metric: string;
  direction: ResultsAnalysis['direction'];
  design: ResultsAnalysis['design'];
  designText: string;
  /** [α, λ, metric] per drawn run. */
  runs: [number, number, number][];
  /** Usable runs in the file (more than `runs.length` when sampled). */
  runCount: number;
  best: { lr: number; weightDecay: number; value: number; tauIter: number };
  edges: ResultsAnalysis['edges'];
  edgesText: string;
  couplingText: string;
  coupling: Coupling | null;
  suggestion: { lrs: number[]; weightDecays: number[] };
  suggestionProduct: number;
  notes: string[];
}

export type ResultsHostToPage =
  | { type: 'results'; view: ResultsView }
  | { type: 'notice'; level: 'info' | 'error'; message: string };

export type ResultsPageToHost =
  | { type: 'ready' }
  /** The suggested S2 sweep as code, for the clipboard. */
  | { type: 'copy-sweep'; format: SweepCodeFormat };

const positive = isNumber({ positive: true });
const pair = isArray(positive, 2, 2);
const MAX_POINTS = 1000;

const view = isObject({
  file: isString(1000),
  metric: isString(500),
  direction: isLiteral('minimize', 'maximize'),
  design: isLiteral('S1', 'S2', 'grid', 'random'),
  designText: isString(1000),
  runs: isArray(isArray(isNumber(), 3, 3), MAX_DRAWN_RUNS, 1),
  runCount: isNumber({ integer: true, min: 1 }),
  best: isObject({ lr: positive, weightDecay: positive, value: isNumber(), tauIter: positive }),
  edges: isArray(isLiteral('lr-low', 'lr-high', 'wd-low', 'wd-high', 'lr-wd-low', 'lr-wd-high'), 6),
  edgesText: isString(1000),
  couplingText: isString(1000),
  coupling: oneOf(isNull, isObject({ slope: isNumber(), points: isArray(pair, MAX_POINTS, 2) }, { interval: isArray(isNumber(), 2, 2) })),
  suggestion: isObject({ lrs: isArray(positive, MAX_POINTS, 1), weightDecays: isArray(positive, MAX_POINTS, 1) }),
  suggestionProduct: positive,
  notes: isArray(isString(2000), 50),
});

const hostToPage = byType({
  results: isObject({ type: isLiteral('results'), view }),
  notice: isObject({ type: isLiteral('notice'), level: isLiteral('info', 'error'), message: isString(2000) }),
});

const pageToHost = byType({
  ready: isObject({ type: isLiteral('ready') }),
  'copy-sweep': isObject({ type: isLiteral('copy-sweep'), format: isLiteral(...SWEEP_CODE_FORMATS) }),
});

export function resultsHostMessageProblem(message: unknown): string | undefined {
  return hostToPage(message, 'message');
}

export function resultsPageMessageProblem(message: unknown): string | undefined {
  return pageToHost(message, 'message');
}
