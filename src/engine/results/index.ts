// Sweep results through the α·λ lens (docs/results.md): readers for CSV/TSV (W&B exports), JSON Lines and
// Optuna's SQLite storage, the analysis, and the next S2 sweep as code. No VS Code, no CLI here.
export * from './types';
export { readCsv } from './csv';
export { readJsonLines } from './jsonl';
export { readOptuna } from './optuna';
export { readResultsBytes, readResultsFile, formatOf, type ResultsFormat } from './load';
export { analyzeRuns, describeEdges, type ResultsAnalysis, type Design, type Edge, type BestRun, type Coupling, type Suggestion, type AnalysisOptions } from './analysis';
export { suggestionAsCode, SWEEP_CODE_FORMATS, type SweepCodeFormat } from './sweep-code';
export { resultsJson, type ResultsJson } from './report';
