// The JSON shape of `adamw-lens results --format json` (issue 14, docs/results.md), built from the analysis.
import type { Coupling, ResultsAnalysis } from './analysis';

export interface ResultsJson {
  file: string;
  runs: number;
  metric: string;
  direction: ResultsAnalysis['direction'];
  design: ResultsAnalysis['design'];
  best: { lr: number; weightDecay: number; value: number; tauIter: number; tauEpoch?: number };
  edges: ResultsAnalysis['edges'];
  coupling: Coupling | null;
  suggestion: { lrs: number[]; weightDecays: number[] };
}

export function resultsJson(file: string, analysis: ResultsAnalysis): ResultsJson {
  const { best } = analysis;
  return {
    file,
    runs: analysis.runs,
    metric: analysis.metric,
    direction: analysis.direction,
    design: analysis.design,
    best: { lr: best.lr, weightDecay: best.weightDecay, value: best.value, tauIter: best.tauIter, ...(best.tauEpoch !== undefined ? { tauEpoch: best.tauEpoch } : {}) },
    edges: analysis.edges,
    coupling: analysis.coupling,
    suggestion: { lrs: analysis.suggestion.lrs, weightDecays: analysis.suggestion.weightDecays },
  };
}
