// From a read table and its analysis to what the results page draws (results-messages.ts). Plain code,
// shared by the extension host and the tests.
import { analyzeRuns, describeEdges, type ResultsAnalysis } from '../engine/results/analysis';
import type { RunTable } from '../engine/results/types';
import { MAX_DRAWN_RUNS, type ResultsView } from './results-messages';
import { groupThousands } from '../engine/format';

export function resultsView(file: string, table: RunTable, analysis: ResultsAnalysis = analyzeRuns(table)): ResultsView {
  const notes = [...analysis.notes];
  let runs = table.runs;
  if (runs.length > MAX_DRAWN_RUNS) {
    // An even sample keeps the picture's shape; the best run is always drawn.
    const step = runs.length / MAX_DRAWN_RUNS;
    const sample = Array.from({ length: MAX_DRAWN_RUNS - 1 }, (_, i) => runs[Math.floor(i * step)]);
    runs = [...sample, { lr: analysis.best.lr, weightDecay: analysis.best.weightDecay, value: analysis.best.value }];
    notes.push(`${groupThousands(MAX_DRAWN_RUNS)} of the ${groupThousands(table.runs.length)} runs drawn (an even sample with the best run)`);
  }
  const { best } = analysis;
  return {
    file,
    metric: analysis.metric,
    direction: analysis.direction,
    design: analysis.design,
    designText: analysis.designText,
    runs: runs.map((r) => [r.lr, r.weightDecay, r.value]),
    runCount: analysis.runs,
    best: { lr: best.lr, weightDecay: best.weightDecay, value: best.value, tauIter: best.tauIter },
    edges: analysis.edges,
    edgesText: `The best run is ${describeEdges(analysis.edges)}.`,
    couplingText: analysis.couplingText,
    coupling: analysis.coupling,
    suggestion: analysis.suggestion,
    suggestionProduct: analysis.suggestionProduct,
    notes: notes.slice(0, 50),
  };
}
