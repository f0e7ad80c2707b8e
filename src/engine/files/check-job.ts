// One file of a whole-tree check, read and analysed by itself: what a worker thread of the analysis
// pool does for each file it is given, and what the calling thread does when it has no pool. Code only
// (Python, notebooks, TypeScript/JavaScript): sweep sources link to the scripts of their workspace and
// are analysed by the caller, which holds that workspace.

import type { EngineConfig } from '../config';
import { analyzeText } from '../index';
import type { DocumentLanguage } from '../languages';
import type { AnalysisNote, Finding, OptimizerSite } from '../types';
import { countLines } from '../lines';
import { limitFor, readSourceFile } from './read';

export interface FileJob {
  file: string;
  language: DocumentLanguage;
}

export type FileOutcome = FileJob & (
  /**
   * Read and analysed. `readNote` says the text was decoded with a fallback. `text` is returned for
   * Python files only: sweep sources link to training scripts, and the caller's workspace reuses the
   * optimizer calls (`sites`) found in them rather than parse the script again. `lines`: the text's
   * line count (what `npm run corpus` reports).
   */
  | { findings: Finding[]; notes: AnalysisNote[]; sites: OptimizerSite[]; lines: number; text?: string; readNote?: string }
  /** Not read on purpose (too large, binary, not a regular file), with why. */
  | { skipped: string }
  /** Could not be read (missing, permission), with why. */
  | { error: string }
);

export function checkFile(job: FileJob, config: Partial<EngineConfig>): FileOutcome {
  const read = readSourceFile(job.file, limitFor(job.language));
  if ('error' in read) return { ...job, error: read.error };
  if ('skipped' in read) return { ...job, skipped: read.skipped };
  const { findings, notes, sites } = analyzeText(read.text, { language: job.language, file: job.file, config });
  return {
    ...job, findings, notes, sites, lines: countLines(read.text),
    ...(job.language === 'python' ? { text: read.text } : {}),
    ...(read.note ? { readNote: read.note } : {}),
  };
}
