// One file of a whole-tree check, read and analysed by itself: what a worker thread of the analysis
// pool does for each file it is given, and what the calling thread does when it has no pool. Code only
// (Python, notebooks, TypeScript/JavaScript): sweep sources link to the scripts of their workspace and
// are analysed by the caller, which holds that workspace. With a result cache (result-cache.ts) a job
// carries the file's kept analysis, used when the text read still hashes to it.

import type { EngineConfig } from '../config';
import { analyzeText } from '../index';
import type { DocumentLanguage } from '../languages';
import type { AnalysisNote, Finding, OptimizerSite } from '../types';
import { countLines } from '../lines';
import { limitFor, readSourceFile } from './read';
import { type CachedAnalysis, contentHash } from './result-cache';
import { isSearchedAmongKnownFiles } from '../sources/workspace';

export interface FileJob {
  file: string;
  language: DocumentLanguage;
  /** Hash the text read (`hash` of the outcome), for the result cache. */
  hash?: boolean;
  /** The analysis kept from an earlier run, used when the text still hashes to its `hash`. */
  cached?: CachedAnalysis;
}

export type FileOutcome = Pick<FileJob, 'file' | 'language'> & (
  /**
   * Read and analysed. `readNote` says the text was decoded with a fallback. `text` is returned only for
   * the Python files that sweep links search among (isSearchedAmongKnownFiles): the caller's workspace
   * keeps them and reuses the optimizer calls (`sites`) found in them rather than parse the script again;
   * any other script is read from disk when a sweep names it, so its text is not copied from the worker.
   * `lines`: the text's line count (what `npm run corpus` reports). `hash`: the text's, when the job asked
   * for it; `kept`: the analysis came from the cache.
   */
  | { findings: Finding[]; notes: AnalysisNote[]; sites: OptimizerSite[]; lines: number; text?: string; readNote?: string; hash?: string; kept?: boolean }
  /** Not read on purpose (too large, binary, not a regular file), with why. */
  | { skipped: string }
  /** Could not be read (missing, permission), with why. */
  | { error: string }
);

/** The outcome's `text` and `sites`, for the Python files whose text the caller's sweep links keep: they
 * are only ever used together. Any other file's optimizer calls stay in the worker (a tenth of a 2 000-file
 * check's messages and kept results is fewer bytes). */
function forSweepLinks(job: FileJob, text: string, sites: OptimizerSite[]): { text?: string; sites: OptimizerSite[] } {
  return job.language === 'python' && isSearchedAmongKnownFiles(job.file, text) ? { text, sites } : { sites: [] };
}

/** A code file read for its job: its text (and hash), or the outcome when it could not be read or its analysis was kept. */
export type CodeFileRead = { text: string; note?: string; hash?: string } | { outcome: FileOutcome };

export function readCodeFile(job: FileJob): CodeFileRead {
  const { file, language } = job;
  const read = readSourceFile(file, limitFor(language));
  if ('error' in read) return { outcome: { file, language, error: read.error } };
  if ('skipped' in read) return { outcome: { file, language, skipped: read.skipped } };
  if (!job.hash) return read;
  const hash = contentHash(read.text);
  const kept = job.cached?.hash === hash ? job.cached : undefined;
  if (!kept) return { ...read, hash };
  const { findings, notes, sites, lines, readNote } = kept;
  return {
    outcome: {
      file, language, findings, notes, lines, hash, kept: true,
      ...forSweepLinks(job, read.text, sites),
      ...(readNote ? { readNote } : {}),
    },
  };
}

export function analyseCodeFile(job: FileJob, read: { text: string; note?: string; hash?: string }, config: Partial<EngineConfig>): FileOutcome {
  const { file, language } = job;
  const { findings, notes, sites } = analyzeText(read.text, { language, file, config });
  return {
    file, language, findings, notes, lines: countLines(read.text),
    ...forSweepLinks(job, read.text, sites),
    ...(read.note ? { readNote: read.note } : {}),
    ...(read.hash ? { hash: read.hash } : {}),
  };
}

export function checkFile(job: FileJob, config: Partial<EngineConfig>): FileOutcome {
  const read = readCodeFile(job);
  return 'outcome' in read ? read.outcome : analyseCodeFile(job, read, config);
}
