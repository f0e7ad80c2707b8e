// A whole-tree check, as `adamw-lens check` and `npm run corpus` run it: walk the paths, read and
// analyse the code (on worker threads when the tree is large), then the sweep sources, which link to
// scripts anywhere in the walk and reuse the optimizer calls found in them. Every file is stat'ed before
// it is read and skipped above its size limit; texts are not kept beyond what linking needs.

import path from 'node:path';
import type { EngineConfig } from '../config';
import { analyzeText, initEngine } from '../index';
import { mayContainOptimizer } from '../prefilter';
import { type DocumentLanguage, isSweepSourceLanguage, languageOfCheckedFile as languageOf } from '../languages';
import { countLines } from '../lines';
import { mayContainSweep, WorkspaceIndex } from '../sources';
import type { AnalysisNote, Finding } from '../types';
import { discoverFiles } from './discover';
import { analyseCodeFile, type FileJob, type FileOutcome, readCodeFile } from './check-job';
import { AnalysisPool } from './pool';
import { FILE_LIMITS, limitFor, readSourceFile } from './read';
import { ResultCache } from './result-cache';

/**
 * From this many code files on, code is read and analysed on worker threads, one per core: below it,
 * starting the workers (each loads the engine and compiles the parser) costs more than it saves.
 */
export const POOL_MIN_CODE_FILES = 200;

/** A note of the engine or of reading, on one file (a range, when it has one, is within that file). */
export interface FileNote { file: string; note: AnalysisNote }

export interface FileFindings { file: string; findings: Finding[] }

export interface CheckedPaths {
  /** Every file the walk found, in order (also those skipped as too large or binary). */
  files: string[];
  /** Files read and analysed, in walk order, with their line counts (what `npm run corpus` counts). */
  read: Array<{ file: string; lines: number }>;
  /** Findings per analysed file, in walk order; files without findings included. */
  results: FileFindings[];
  /** In walk order, whichever thread read the file. */
  notes: FileNote[];
  /** Paths that could not be read, with why. */
  ioErrors: string[];
  /** Code files whose analysis came from the result cache (unchanged since the last check). */
  kept: number;
}

export interface CheckPathsOptions {
  /** Follow sweep sources to the scripts they run (`--no-link` turns it off). */
  link: boolean;
  /** Where the parser's .wasm files are (beside the bundle); from the sources they come from node_modules. */
  wasmDir?: string;
  /** Worker threads for a large tree (default: one per core, at most 4); 0 keeps everything on this thread. */
  workers?: number;
  /**
   * Keep each code file's analysis between runs (result-cache.ts) in `dir`. `build` identifies the
   * analysis code; without it (running from the sources) nothing is cached.
   */
  cache?: { dir: string; build: string | undefined };
  /**
   * The process exits after this check (the command line, which has set WASM_TIERING_BUDGET.command): a
   * tree small enough for this thread alone loads the parser for a short run (initPythonParser).
   */
  exitsAfter?: boolean;
}

/** A linked script's text, or undefined when it cannot be read, is too large, or is not text. */
function readTextFile(file: string): string | undefined {
  const read = readSourceFile(file, FILE_LIMITS.codeBytes);
  return 'text' in read ? read.text : undefined;
}

export async function checkPaths(paths: string[], root: string, config: Partial<EngineConfig>, options: CheckPathsOptions): Promise<CheckedPaths> {
  const walk = discoverFiles(paths, root, config.exclude, config.include);
  const explicit = new Set(paths.map((p) => path.resolve(root, p)));
  // Scripts that sweep sources launch are read on demand, also outside the checked paths.
  const workspace = options.link ? new WorkspaceIndex(root, readTextFile) : undefined;
  const lines = new Map<string, number>();
  const analysed = new Map<string, FileFindings>();
  const notesOf = new Map<string, AnalysisNote[]>();
  const ioErrorOf = new Map<string, string>();
  const note = (file: string, n: AnalysisNote) => notesOf.set(file, [...(notesOf.get(file) ?? []), n]);

  let kept = 0;
  const cache = options.cache && ResultCache.open(options.cache.dir, root, options.cache.build, config);
  const jobOf = (file: string): FileJob => {
    const language = languageOf(file);
    return cache ? { file, language, hash: true, cached: cache.candidate(file, language, explicit.has(file)) } : { file, language };
  };

  /** What reading and analysing one code file gave, on this thread or a worker (kept for the next run). */
  const record = (outcome: FileOutcome) => {
    const { file } = outcome;
    if ('error' in outcome) return ioErrorOf.set(file, `${path.relative(root, file) || file}: ${outcome.error}`);
    if ('skipped' in outcome) return note(file, { message: outcome.skipped });
    if (outcome.readNote) note(file, { message: outcome.readNote });
    lines.set(file, outcome.lines);
    for (const n of outcome.notes) note(file, n);
    analysed.set(file, { file, findings: outcome.findings });
    if (outcome.text !== undefined) workspace?.setAnalyzedScript(file, outcome.text, outcome.sites);
    if (outcome.kept) kept++;
    cache?.remember(outcome, explicit.has(file));
  };

  // Large trees: code goes to the workers, which start at once; this thread reads the rest meanwhile.
  // A test file named on the command line is checked (skipping it would answer a question nobody
  // asked), with its own settings, so it stays on this thread. Files with a kept analysis are likely
  // unchanged and cost a read and a hash: they do not count towards starting workers.
  const code = walk.files.filter((f) => !isSweepSourceLanguage(languageOf(f)) && !explicit.has(f)).map(jobOf);
  const usePool = (options.workers ?? 1) > 0 && code.filter((job) => !job.cached).length >= POOL_MIN_CODE_FILES;
  const localJobs = new Map(usePool ? [] : code.map((job) => [job.file, job]));
  const pool = usePool ? new AnalysisPool({ size: options.workers, background: false }) : undefined;
  // The parser loads when a file needs parsing: not at all when every file's analysis was kept.
  let engine: Promise<void> | undefined;
  const engineReady = () => (engine ??= initEngine({ wasmDir: options.wasmDir, parseAndExit: options.exitsAfter && !usePool }));
  let stopped = false;
  const fromWorkers = pool && (async () => {
    // A batch whose worker failed is analysed on this thread, which then needs the parser too.
    await engineReady();
    for await (const batch of pool.check(code, config)) {
      if (stopped) break; // this thread failed: do not finish the workers' files here
      batch.forEach(record);
    }
  })();

  try {
    const sweepSources: Array<{ file: string; language: DocumentLanguage; text: string }> = [];
    for (const file of walk.files) {
      const language = languageOf(file);
      if (!isSweepSourceLanguage(language)) {
        if (usePool && !explicit.has(file)) continue; // a worker's
        // What a worker does with a file, here: a small tree, or a file named on the command line.
        const job = localJobs.get(file) ?? jobOf(file);
        const read = readCodeFile(job);
        if ('outcome' in read) { record(read.outcome); continue; }
        // tree-sitter parses Python and notebook cells; Python that names no optimizer is not parsed at all
        // (the engine's own pre-filter), nor is TypeScript (its parser loads with its front end).
        if (language === 'notebook' || (language === 'python' && mayContainOptimizer(read.text))) await engineReady();
        record(analyseCodeFile(job, read, explicit.has(file) ? { ...config, skipTests: false } : config));
        continue;
      }
      const read = readSourceFile(file, limitFor(language));
      if ('error' in read) { ioErrorOf.set(file, `${path.relative(root, file) || file}: ${read.error}`); continue; }
      if ('skipped' in read) { note(file, { message: read.skipped }); continue; }
      if (read.note) note(file, { message: read.note });
      lines.set(file, countLines(read.text));
      // Hydra `_target_` optimizer configs are searched among the known files; other YAML is read on demand.
      if (language === 'yaml' && read.text.includes('_target_')) workspace?.setFile(file, read.text);
      // A source that names no learning rate holds no sweep: its text need not be kept until its turn.
      if (mayContainSweep(read.text)) sweepSources.push({ file, language, text: read.text });
      else analysed.set(file, { file, findings: [] });
    }
    await fromWorkers;
    // Sweep sources last: they link to any script of the walk (and may parse one outside it).
    if (sweepSources.length > 0) await engineReady();
    for (const { file, language, text } of sweepSources) {
      const result = analyzeText(text, { file, language, config, workspace });
      for (const n of result.notes) note(file, n);
      analysed.set(file, { file, findings: result.findings });
    }
  } finally {
    stopped = true;
    pool?.dispose();
  }
  cache?.save(paths.some((p) => path.resolve(root, p) === path.resolve(root)));

  const inWalkOrder = walk.files;
  return {
    files: walk.files,
    read: inWalkOrder.filter((f) => lines.has(f)).map((file) => ({ file, lines: lines.get(file)! })),
    results: inWalkOrder.map((f) => analysed.get(f)).filter((r): r is FileFindings => r !== undefined),
    notes: inWalkOrder.flatMap((file) => (notesOf.get(file) ?? []).map((n) => ({ file, note: n }))),
    ioErrors: [...walk.errors, ...inWalkOrder.flatMap((f) => ioErrorOf.get(f) ?? [])],
    kept,
  };
}
