// What a whole-tree check found in each code file, kept between runs as linters keep theirs (ruff's
// .ruff_cache, ESLint's --cache): a file whose text is unchanged since the last check with the same build
// and the same settings gets its findings, notes and optimizer calls back without being parsed. A
// pre-commit hook or a CI step that checks a repository again then pays for the files that changed only;
// a tree whose every file is unchanged never loads the parser (30–45 ms of every run) or the TypeScript
// compiler (≈ 0.7 s when a TS/JS file names an optimizer).
//
// `adamw-lens check` and the language server's Check Workspace keep one file per checked root and
// settings in the user's cache folder.
//
// Correct before fast: an entry is used only when the file's content hash, its language and whether it
// was named on the command line (named test files are checked) all match; other settings have a file of
// their own, and the whole cache is dropped when the build (an id computed from every source and
// dependency at build time) differs. Only
// code files are kept: a sweep source's findings depend on the scripts it launches, so it is analysed
// every run (it is cheap, and the calls of the scripts it links to come from this cache). A cache that
// cannot be read (missing, corrupt, another build's) is an empty one; one that cannot be written is
// left as it was. Neither stops the check.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EngineConfig } from '../config';
import type { DocumentLanguage } from '../languages';
import type { AnalysisNote, Finding, OptimizerSite } from '../types';
import type { FileOutcome } from './check-job';

/** What the analysis of one code file gave, as kept (its text is not: the file is read anyway). */
export interface CachedAnalysis {
  /** Content hash of the text analysed (`contentHash`). */
  hash: string;
  language: DocumentLanguage;
  /** Named on the command line (then a test file is checked, not skipped). */
  explicit: boolean;
  findings: Finding[];
  notes: AnalysisNote[];
  sites: OptimizerSite[];
  lines: number;
  readNote?: string;
}

interface CacheFile {
  format: typeof FORMAT;
  build: string;
  settings: string;
  entries: Record<string, CachedAnalysis>;
}

/**
 * Identifies the analysis code of this build: a hash of the sources and package-lock.json that
 * scripts/build.mjs writes into every bundle. From the TypeScript sources (the tests) there is none,
 * and no cache.
 */
declare const ADAMW_LENS_BUILD: string | undefined;
export const ENGINE_BUILD = typeof ADAMW_LENS_BUILD === 'string' ? ADAMW_LENS_BUILD : undefined;

/** The user's cache folder for AdamW Lens, as each platform names it. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'adamw-lens');
  if (platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'adamw-lens', 'Cache');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'adamw-lens');
  return path.join(os.homedir(), '.cache', 'adamw-lens');
}

/**
 * `mkdir -p`, without `recursive: true`: in Node 20 that never returns when the system refuses a folder
 * with ENOENT although its parent exists (XDG_CACHE_HOME=/proc/…). Creates each missing folder from the
 * top and throws the first error other than "exists".
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !existsSync(d); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Writes a cache file whole, by a rename (a concurrent reader gets the old file or the new one), in a
 * folder made as needed; false when it could not be written (nothing is left behind).
 */
export function writeCacheFile(file: string, data: Uint8Array): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    makeFolder(path.dirname(file));
    writeFileSync(temporary, data);
    renameSync(temporary, file);
    return true;
  } catch {
    try { rmSync(temporary, { force: true }); } catch { /* nothing was written */ }
    return false;
  }
}

/** Bumped when the layout of the cache file changes. */
const FORMAT = 1;
/** Entries kept at most; beyond it, files this run did not see are dropped first. */
const MAX_ENTRIES = 100_000;

/** An entry as this code writes it (a damaged file could deserialize to anything). */
function wellFormed(entry: CachedAnalysis): boolean {
  return typeof entry.hash === 'string' && Array.isArray(entry.findings) && Array.isArray(entry.notes)
    && Array.isArray(entry.sites) && typeof entry.lines === 'number';
}

// node:v8 (the structured-clone serializer: findings hold `undefined` fields and non-finite numbers that
// JSON would change) loads when a cache is opened, not with every bundle that can use one.
const v8 = () => require('node:v8') as typeof import('node:v8'); // eslint-disable-line @typescript-eslint/no-require-imports

/** Murmur3's 32-bit finaliser: every input bit flips each output bit with probability ≈ ½. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A 64-bit hash of a text (two multiplicative lanes over its UTF-16 units, then finalised) and its
 * length. Not cryptographic: it tells an edited file from the one analysed before (a chance of 2⁻⁶⁴
 * per edit to miss one), and it costs no node:crypto, whose loading alone takes 10–15 ms of a
 * one-file check.
 */
export function contentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
  }
  const high = mix(a ^ Math.imul(b, 0x27d4eb2d));
  const low = mix(b ^ high);
  return `${text.length.toString(36)}:${high.toString(16).padStart(8, '0')}${low.toString(16).padStart(8, '0')}`;
}

/** The entries of a cache file written by this build with these settings; none when it is missing, damaged or another's. */
function readEntries(file: string, build: string, settings: string): Map<string, CachedAnalysis> {
  try {
    const stored = v8().deserialize(readFileSync(file)) as Partial<CacheFile>;
    if (stored.format === FORMAT && stored.build === build && stored.settings === settings && stored.entries) {
      return new Map(Object.entries(stored.entries));
    }
  } catch {
    // No cache yet, or one that cannot be read: start empty.
  }
  return new Map();
}

/** A cache file not used for this long belongs to a folder gone or forgotten (a benchmark's, a test's, an old clone's). */
const UNUSED_MS = 30 * 24 * 3600 * 1000;

/** Marks a cache file as used now (its modification time), so that pruning spares a folder checked every day without changes. */
function markUsed(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Missing or read-only: nothing to keep alive.
  }
}

/** Removes the check caches in `dir` that no run used for UNUSED_MS (one folder each: they would pile up forever). */
export function pruneUnusedCaches(dir: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^check-.*\.bin$/.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (now - statSync(file).mtimeMs > UNUSED_MS) rmSync(file, { force: true });
    } catch {
      // Removed meanwhile by a concurrent run, or not ours to remove.
    }
  }
}

/** The cache of one checked root (the folder `check` runs in), in `dir`. */
export class ResultCache {
  private entries: Map<string, CachedAnalysis>;
  private readonly seen = new Set<string>();
  private changed = false;

  private constructor(private readonly file: string, private readonly build: string, private readonly settings: string,
    entries: Map<string, CachedAnalysis>) {
    this.entries = entries;
  }

  /**
   * Opens the cache of `root` in `dir` for a build and settings. `build` identifies the analysis code
   * (undefined from the TypeScript sources, where nothing identifies it: then there is no cache).
   */
  static open(dir: string, root: string, build: string | undefined, config: Partial<EngineConfig>): ResultCache | undefined {
    if (build === undefined) return undefined;
    const settings = JSON.stringify(config);
    // One file per root and settings: the editor's settings and pyproject.toml's may differ, and a
    // command-line check and a language server on the same folder must not keep replacing each other's.
    const name = (text: string) => contentHash(text).replace(':', '-');
    const file = path.join(dir, `check-${name(path.resolve(root))}-${name(settings)}.bin`);
    const entries = readEntries(file, build, settings);
    if (entries.size > 0) markUsed(file);
    return new ResultCache(file, build, settings, entries);
  }

  /**
   * The kept analysis of `file` in this language and command-line role, if any: it still applies only
   * when the file's text hashes to its `hash` (checked where the file is read, maybe on a worker).
   */
  candidate(file: string, language: DocumentLanguage, explicit: boolean): CachedAnalysis | undefined {
    this.seen.add(file);
    const entry = this.entries.get(file);
    return entry && entry.language === language && entry.explicit === explicit && wellFormed(entry) ? entry : undefined;
  }

  /** A file this run leaves alone (an editor has it open): its entry is kept as it is. */
  keep(file: string): void {
    this.seen.add(file);
  }

  /** Keeps a fresh analysis (one with the hash of its text, not itself from the cache). */
  remember(outcome: FileOutcome, explicit: boolean): void {
    if (!('findings' in outcome) || outcome.hash === undefined || outcome.kept) return;
    const { file, language, findings, notes, sites, lines, readNote, hash } = outcome;
    this.store(file, { hash, language, explicit, findings, notes, sites, lines, ...(readNote ? { readNote } : {}) });
  }

  store(file: string, entry: CachedAnalysis): void {
    this.seen.add(file);
    this.entries.set(file, entry);
    this.changed = true;
  }

  /**
   * Writes the cache when this run changed it (atomically: a concurrent run reads the old or the new one).
   * `walkedAll`: the run walked the whole root, so a file it did not see is gone or excluded, and its
   * entry is dropped; a run over some paths keeps the entries of the others.
   */
  save(walkedAll: boolean): void {
    const unseen = [...this.entries.keys()].filter((file) => !this.seen.has(file));
    if (walkedAll && unseen.length > 0) {
      for (const file of unseen) this.entries.delete(file);
      this.changed = true;
    }
    if (!this.changed) return;
    if (!walkedAll) {
      // Checks of other paths may have run meanwhile (pre-commit runs a hook on parts of the staged files
      // in parallel): what they kept for files this run did not see is kept too.
      for (const [file, entry] of readEntries(this.file, this.build, this.settings)) {
        if (!this.seen.has(file)) this.entries.set(file, entry);
      }
    }
    if (this.entries.size > MAX_ENTRIES) {
      const kept = [...this.entries].filter(([file]) => this.seen.has(file)).slice(-MAX_ENTRIES);
      this.entries = new Map(kept);
    }
    const stored: CacheFile = { format: FORMAT, build: this.build, settings: this.settings, entries: Object.fromEntries(this.entries) };
    // A read-only or full disk: the next run analyses again, as without a cache.
    if (writeCacheFile(this.file, v8().serialize(stored))) pruneUnusedCaches(path.dirname(this.file));
  }
}
