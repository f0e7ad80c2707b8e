// The engine's façade: what the CLI, the language server and the tests call. Text in, findings out;
// nothing here knows about VS Code. Python parsing needs `await initEngine()` once (WebAssembly).

import { initPythonParser, isPythonParserReady, analyzePython, PythonDocument } from './python';
import { mayContainOptimizer } from './prefilter';
import { joinCells, parseNotebook, splitByCell, type NotebookCellInput } from './notebook';
import { collectSuppressions, isSuppressed } from './pragmas';
import { suppressFix, withSuppression } from './fixes';
import { type EngineConfig, withDefaults } from './config';
import type { FileModel } from './frontend';
import type { AnalysisResult, Finding, OptimizerSite, Range } from './types';
import { RULES } from '../rules';
import { analyzePythonSearchSpaces, analyzeSweepSource, type SourceLanguage, WorkspaceIndex } from './sources';
import type { RuleContext } from '../rules/rule';
import { internalErrorNote } from './internal-error';
import { type DocumentLanguage, isSweepSourceLanguage } from './languages';
import { isTestFile } from './test-files';
import { commandStartLine, lineEndOf, normalizeLoneCr } from './lines';

/** Findings in reading order, then by rule name. Names compare by code unit (they are ASCII):
 * `localeCompare` would load ICU's collator, ≈ 8 ms of a one-file check, for the same order. */
function inReadingOrder(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column
    || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

export { RULES };
export { instantiateFix } from './fixes';
export type { NotebookCellInput };
export * from './types';
export type { EngineConfig } from './config';
export { isInternalError } from './internal-error';
export { isSearchedAmongKnownFiles, WorkspaceIndex, sourceModel, type LinkedSweep } from './sources';
export { isTestFile } from './test-files';
export type { SourceLanguage };
export { type DocumentLanguage, isSweepSourceLanguage, languageOfCheckedFile, languageOfFile } from './languages';
export { discoverFiles, type FileWalk } from './files/discover';
export { decodeBytes, readSourceFile, readSourceFileAsync, limitFor, FILE_LIMITS, type SourceFileRead } from './files/read';
export { mayContainSweep } from './sources';
export { checkFile, type FileJob, type FileOutcome } from './files/check-job';
export { AnalysisPool, type PoolOptions } from './files/pool';
export { ENGINE_BUILD, ResultCache, userCacheDir, type CachedAnalysis } from './files/result-cache';
export { checkPaths, POOL_MIN_CODE_FILES, type CheckedPaths, type CheckPathsOptions, type FileFindings, type FileNote } from './files/check-paths';

export interface AnalyzeOptions {
  file?: string;
  language: DocumentLanguage;
  config?: Partial<EngineConfig>;
  /**
   * The workspace that sweep sources (YAML, JSON, shell, Makefile, Markdown) are linked against: the
   * scripts they launch are looked up there. Without it their sweeps are judged unlinked.
   */
  workspace?: WorkspaceIndex;
}

/** `parseAndExit`: see initPythonParser (a short command-line run). */
export async function initEngine(options?: { wasmDir?: string; parseAndExit?: boolean }): Promise<void> {
  await initPythonParser(options?.wasmDir, options?.parseAndExit);
}

const EMPTY_MODEL = (language: FileModel['language']): FileModel => ({
  language, sites: [], comments: [], suppressions: collectSuppressions([]), notes: [],
});

function frontEnd(text: string, language: DocumentLanguage): FileModel {
  if (language === 'python') {
    if (!isPythonParserReady()) return { ...EMPTY_MODEL('python'), notes: [{ message: 'the Python parser is not loaded (initEngine was not awaited)' }] };
    return analyzePython(text);
  }
  if (language === 'notebook') return { ...EMPTY_MODEL('python'), notes: [{ message: 'notebooks go through analyzeNotebookJson / analyzeNotebookCells' }] };
  if (isSweepSourceLanguage(language)) return { ...EMPTY_MODEL('python'), notes: [{ message: 'sweep sources go through analyzeText / analyzeSweepSource' }] };
  // The TypeScript front end carries the TypeScript compiler (10 MB): it loads when a TS/JS file first
  // passes the pre-filter, as a separate bundle in dist/.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand
  const { analyzeTypeScript } = require('./typescript') as typeof import('./typescript');
  return analyzeTypeScript(text, { jsx: language === 'typescriptreact' || language === 'javascriptreact' });
}

/** Runs every enabled rule over a front end's model and applies suppressions and severities. */
export function runRules(model: FileModel, text: string, options: Omit<AnalyzeOptions, 'language'>): AnalysisResult {
  const config = withDefaults(options.config);
  const findings: Finding[] = [];
  // The optimizer call each finding was reported on, and the secondary ones (dropped below when the call
  // has another finding: a note that only adds to it reads as spam on the same line).
  const siteOf = new Map<Finding, OptimizerSite>();
  const secondary = new Set<Finding>();
  let current: OptimizerSite | undefined;
  for (const rule of RULES) {
    const setting = config.rules[rule.meta.name];
    if (setting === 'off') continue;
    const context: RuleContext = {
      file: options.file, language: model.language, text, config,
      report(d) {
        // A comment cannot go inside a backslash-continued Python statement: the pragma goes above its
        // first line, and covers the whole statement.
        const line = model.language === 'python' ? commandStartLine(text, d.range.start.line) : d.range.start.line;
        if (isSuppressed(model.suppressions, rule.meta.name, line) || isSuppressed(model.suppressions, rule.meta.name, d.range.start.line)) return;
        const finding: Finding = {
          rule: rule.meta.name,
          severity: setting ?? d.severity ?? rule.meta.defaultSeverity,
          message: d.message,
          range: d.range,
          data: d.data,
          fixes: withSuppression(d.fixes ?? [], suppressFix(rule.meta.name, line, text, model.language)),
          related: d.related,
        };
        findings.push(finding);
        if (current) siteOf.set(finding, current);
        if (d.secondary) secondary.add(finding);
      },
    };
    const visitor = rule.create(context);
    for (const site of model.sites) {
      current = site;
      try {
        visitor.optimizer?.(site);
      } catch (error) {
        model.notes.push(internalErrorNote(error, `rule ${rule.meta.name} failed on this ${site.api} call`, { site: site.api, range: site.range }));
      }
    }
    current = undefined;
  }
  if (secondary.size > 0) {
    const covered = new Set(findings.filter((f) => !secondary.has(f)).map((f) => siteOf.get(f)));
    const kept = findings.filter((f) => !secondary.has(f) || !covered.has(siteOf.get(f)));
    findings.splice(0, findings.length, ...kept);
  }
  findings.sort(inReadingOrder);
  return { findings, notes: model.notes, sites: model.sites };
}

/** Test code left out by the configuration (skipTests, the default): analysed as if empty. */
function skipped(options: Omit<AnalyzeOptions, 'language'>): boolean {
  return options.file !== undefined && withDefaults(options.config).skipTests && isTestFile(options.file);
}

/**
 * Analyses one document. Never throws: what cannot be read becomes a note. Lines are counted as editors
 * count them (a lone `\r` ends a line too), and the lines that fixes insert end as the file's do.
 */
export function analyzeText(original: string, options: AnalyzeOptions): AnalysisResult {
  if (skipped(options)) return { findings: [], notes: [], sites: [] };
  const text = normalizeLoneCr(original);
  if (options.language === 'notebook') return analyzeNormalized(text, options);
  return withLineEnds(analyzeNormalized(text, options), lineEndOf(original));
}

/** Fixes whose new text spans lines get the file's line end instead of `\n`. */
function withLineEnds(result: AnalysisResult, eol: string): AnalysisResult {
  if (eol === '\n') return result;
  const findings = result.findings.map((f) => ({
    ...f, fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, eol) })) })),
  }));
  return { ...result, findings };
}

function analyzeNormalized(text: string, options: AnalyzeOptions): AnalysisResult {
  if (options.language === 'notebook') {
    try {
      return analyzeNotebookJson(text, options);
    } catch (error) {
      return { findings: [], sites: [], notes: [{ message: `notebook analysis failed: ${error instanceof Error ? error.message : String(error)}` }] };
    }
  }
  if (isSweepSourceLanguage(options.language)) return analyzeSweepSource(text, options.language, options);
  if (!mayContainOptimizer(text)) return { findings: [], notes: [], sites: [] };
  try {
    return withSearchSpaces(runRules(frontEnd(text, options.language), text, options), text, options);
  } catch (error) {
    return { findings: [], sites: [], notes: [internalErrorNote(error, 'analysis failed')] };
  }
}

/** Adds the findings of Optuna objectives and Ray Tune search spaces (Python only) to a file's result. */
function withSearchSpaces(result: AnalysisResult, text: string, options: Omit<AnalyzeOptions, 'language'> & { language?: DocumentLanguage }): AnalysisResult {
  if (options.language !== undefined && options.language !== 'python') return result;
  let extra: Finding[];
  try {
    extra = analyzePythonSearchSpaces(text, result.sites, options);
  } catch (error) {
    // The optimizer calls' findings stand without the search spaces'.
    return { ...result, notes: [...result.notes, internalErrorNote(error, 'the Optuna / Ray Tune search spaces were not analysed')] };
  }
  if (extra.length === 0) return result;
  const findings = [...result.findings, ...extra].sort(inReadingOrder);
  return { ...result, findings };
}

/** Code cells analysed together in order; results per cell id, ranges relative to each cell. */
export function analyzeNotebookCells(cells: NotebookCellInput[], options: Omit<AnalyzeOptions, 'language'> = {}): Map<string, AnalysisResult> {
  if (skipped(options)) return new Map(cells.map((c) => [c.id, { findings: [], notes: [], sites: [] }]));
  const { text, spans } = joinCells(cells);
  const whole = analyzeText(text, { ...options, language: 'python' });
  return splitByCell(whole, spans);
}

/** An .ipynb file: findings carry `data.cell` (0-based index among all cells) and ranges within that cell. */
export function analyzeNotebookJson(json: string, options: Omit<AnalyzeOptions, 'language'> = {}): AnalysisResult {
  const parsed = parseNotebook(json);
  if ('note' in parsed) return { findings: [], sites: [], notes: [parsed.note] };
  const perCell = analyzeNotebookCells(parsed.cells, options);
  const result: AnalysisResult = { findings: [], notes: [...parsed.notes], sites: [] };
  for (const [id, r] of perCell) {
    const cell = Number(id);
    result.findings.push(...r.findings.map((f) => ({ ...f, data: { ...f.data, cell } })));
    // Cells are counted from 1 in what people read (formats.ts prints a finding's data.cell + 1); a note
    // without a range belongs to the whole notebook, not to the cell it was filed under.
    result.notes.push(...r.notes.map((n) => (n.range ? { ...n, message: `cell ${cell + 1}: ${n.message}`, cell } : n)));
    result.sites.push(...r.sites);
  }
  return result;
}

/** A document open in an editor: incremental parsing for Python, full re-analysis (fast) for TS/JS. */
export class IncrementalDocument {
  private readonly python: PythonDocument | undefined;
  private current: string;
  /** The line end of the text as the editor has it (lone `\r`s are `\n` in `text`). */
  private lineEnd: string;

  constructor(original: string, readonly language: DocumentLanguage) {
    const text = normalizeLoneCr(original);
    this.current = text;
    this.lineEnd = lineEndOf(original);
    this.python = language === 'python' && isPythonParserReady() ? new PythonDocument(text) : undefined;
  }

  get text(): string {
    return this.python ? this.python.text : this.current;
  }

  /**
   * Lone `\r`s in inserted text become `\n` (see normalizeLoneCr); a caller whose edit may join or split
   * a `\r\n` pair (the `\r` before the range, or a `\r` in the text) sends the whole text instead.
   */
  applyChanges(original: Array<{ range?: Range; text: string }>): void {
    const changes = original.map((c) => ({ ...c, text: normalizeLoneCr(c.text) }));
    for (const c of original) if (!c.range) this.lineEnd = lineEndOf(c.text);
    if (this.python) {
      this.python.applyChanges(changes);
      return;
    }
    for (const c of changes) this.current = c.range ? splice(this.current, c.range, c.text) : c.text;
  }

  analyze(options: Omit<AnalyzeOptions, 'language'> = {}): AnalysisResult {
    const text = this.text;
    if (skipped(options)) return { findings: [], notes: [], sites: [] };
    if (!this.python || !mayContainOptimizer(text)) return withLineEnds(analyzeNormalized(text, { ...options, language: this.language }), this.lineEnd);
    try {
      return withLineEnds(withSearchSpaces(runRules(this.python.model(), text, options), text, options), this.lineEnd);
    } catch (error) {
      return { findings: [], sites: [], notes: [internalErrorNote(error, 'analysis failed')] };
    }
  }

  dispose(): void {
    this.python?.dispose();
  }
}

function splice(text: string, range: Range, insert: string): string {
  const offset = (p: Range['start']) => {
    let o = 0;
    for (let l = 0; l < p.line; l++) { const nl = text.indexOf('\n', o); if (nl < 0) return text.length; o = nl + 1; }
    return Math.min(o + p.column, text.length);
  };
  return text.slice(0, offset(range.start)) + insert + text.slice(offset(range.end));
}
