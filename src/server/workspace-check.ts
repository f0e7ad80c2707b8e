// "Check Workspace": every file of the workspace folders that the engine serves, walked the way
// `adamw-lens check` walks them (.gitignore, vendored and virtual-environment folders skipped), analysed
// one at a time with a yield to the event loop in between, so edits and hovers are answered meanwhile.
// Code goes first and sweep sources last, as in the CLI: a sweep file links to the training scripts
// of its workspace folder and reuses the optimizer calls the check has just found in them.

import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, Diagnostic, WorkDoneProgressReporter } from 'vscode-languageserver';
import {
  AnalysisPool, analyzeText, checkFile, discoverFiles, isSweepSourceLanguage, languageOfCheckedFile as languageOf, limitFor, POOL_MIN_CODE_FILES, readSourceFileAsync,
  ResultCache, type DocumentLanguage, type EngineConfig, type FileJob, type FileOutcome, type Finding,
} from '../engine';
import { toDiagnostic } from './convert';
import type { CheckWorkspaceResult } from './protocol';
import type { ServerState } from './state';
import type { SweepLinks } from './sweep-links';

/** How often progress is reported at most: every message crosses the pipe and redraws the notification. */
const PROGRESS_INTERVAL_MS = 100;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A closed notebook has no cell URIs to attach findings to: its diagnostics sit at the top of the
 * .ipynb file and say which cell and line they are about.
 */
function notebookDiagnostic(uri: string, finding: Finding): Diagnostic {
  const cell = typeof finding.data.cell === 'number' ? finding.data.cell + 1 : undefined;
  const diagnostic = toDiagnostic(uri, finding);
  const where = cell === undefined ? '' : `cell ${cell}, line ${finding.range.start.line + 1}: `;
  return { ...diagnostic, message: `${where}${diagnostic.message}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, relatedInformation: undefined };
}

export class WorkspaceChecker {
  /** Files that got diagnostics from the last check, cleared when a new check finds nothing there. */
  private published = new Set<string>();
  /** Closed sweep sources the last check flagged (URI → path): checked again when a script they may link to changes on disk. */
  private flaggedSweepSources = new Map<string, string>();
  private running = false;
  /** Worker threads of the checks, started by the first large one. */
  private pool?: AnalysisPool;
  /** Writes the last check's result cache: run just after its reply is sent, or before anything else reads it. */
  private pendingSave?: () => void;

  /**
   * `cache`: where code files' analyses are kept between checks and sessions (the CLI's result cache,
   * src/engine/files/result-cache.ts); a file unchanged on disk since it was last checked is not parsed
   * again. None from the TypeScript sources (no build id).
   */
  constructor(private readonly connection: Connection, private readonly state: ServerState, private readonly links: SweepLinks,
    private readonly cache?: { dir: string; build: string | undefined }) {}

  get isRunning(): boolean {
    return this.running;
  }

  async check(token: CancellationToken, progress: WorkDoneProgressReporter): Promise<CheckWorkspaceResult> {
    this.running = true;
    this.saveCache();
    try {
      return await this.walk(token, progress);
    } finally {
      this.running = false;
      progress.done();
    }
  }

  private async walk(token: CancellationToken, progress: WorkDoneProgressReporter): Promise<CheckWorkspaceResult> {
    const folders = this.state.workspaceFolders;
    const { engine } = this.state.settings;
    const { files, errors } = folders.length ? discoverFiles(folders, folders[0], engine.exclude, engine.include) : { files: [], errors: ['no workspace folder is open'] };
    const result: CheckWorkspaceResult = { filesChecked: 0, filesUnchanged: 0, filesWithFindings: 0, findings: 0, cancelled: false, errors };
    progress.begin('AdamW Lens: checking the workspace', 0, `${files.length} files`, true);
    const published = new Set<string>();
    const flaggedSweepSources = new Map<string, string>();
    let lastReport = 0;
    let done = 0;
    const advance = (count: number) => {
      done += count;
      if (Date.now() - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = Date.now();
      progress.report(Math.floor((100 * done) / files.length), `${done}/${files.length} files`);
    };
    const settle = (file: string, uri: string, language: DocumentLanguage, findings: Finding[]) => {
      result.filesChecked++;
      if (findings.length) {
        result.filesWithFindings++;
        result.findings += findings.length;
        published.add(uri);
        if (isSweepSourceLanguage(language)) flaggedSweepSources.set(uri, file);
        void this.connection.sendDiagnostics({ uri, diagnostics: this.diagnosticsOf(uri, language, findings) });
      } else if (this.published.has(uri)) {
        void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    };
    // Open documents have live diagnostics; closed notebooks are checked only when notebooks are served.
    const wanted = (file: string) => {
      const uri = pathToFileURL(file).href;
      const language = languageOf(file);
      return !this.state.isOpen(uri) && (language !== 'notebook' || this.state.notebooksServed()) ? { file, uri, language } : undefined;
    };
    const cache = this.cache && folders.length ? ResultCache.open(this.cache.dir, folders[0], this.cache.build, engine) : undefined;
    const code: Array<FileJob & { uri: string }> = [];
    const sweepSources: Array<FileJob & { uri: string }> = [];
    for (const file of files) {
      const job = wanted(file);
      if (!job) {
        cache?.keep(file); // open: its kept analysis stays for when it is closed
        advance(1);
      } else if (isSweepSourceLanguage(job.language)) sweepSources.push(job);
      else code.push(cache ? { ...job, hash: true, cached: cache.candidate(file, job.language, false) } : job);
    }
    // Code first, on the worker threads: a sweep source links to the scripts of its workspace folder
    // and reuses the optimizer calls the check has just found in them.
    const uris = new Map(code.map((j) => [j.file, j.uri]));
    for await (const outcomes of this.outcomesOf(code, engine)) {
      for (const outcome of outcomes) {
        const uri = uris.get(outcome.file)!;
        // Opened while a worker read it: the editor's text and its live diagnostics own it now.
        if (this.state.isOpen(uri)) continue;
        cache?.remember(outcome, false);
        if ('kept' in outcome && outcome.kept) result.filesUnchanged++;
        settle(outcome.file, uri, outcome.language, this.findingsOf(outcome, result.errors));
      }
      advance(outcomes.length);
      if (token.isCancellationRequested) break;
    }
    for (const { file, uri, language } of sweepSources) {
      if (token.isCancellationRequested) break;
      if (!this.state.isOpen(uri)) settle(file, uri, language, await this.analyzeFile(file, language, result.errors));
      advance(1);
      await nextTurn();
    }
    result.cancelled = token.isCancellationRequested && done < files.length;
    if (cache) {
      // Serialising the analyses of a large workspace takes a few hundred milliseconds: the user waits for
      // the diagnostics and the reply, not for the cache file, which is written on the next turn.
      const walkedAll = !result.cancelled;
      this.pendingSave = () => cache.save(walkedAll);
      setImmediate(() => this.saveCache());
    }
    // Files the previous check flagged and this one did not reach (cancelled) keep their diagnostics.
    if (!result.cancelled) {
      this.published = published;
      this.flaggedSweepSources = flaggedSweepSources;
    } else {
      for (const uri of published) this.published.add(uri);
      for (const [uri, file] of flaggedSweepSources) this.flaggedSweepSources.set(uri, file);
    }
    return result;
  }

  /**
   * Outcomes of the code files, batch by batch. A large check goes to the worker pool (created at the
   * first one, then kept); a small one, or one whose files are mostly unchanged, is read here, a file per
   * turn of the event loop, since starting the workers would cost more than it saves.
   */
  private async *outcomesOf(jobs: FileJob[], config: Partial<EngineConfig>): AsyncGenerator<FileOutcome[]> {
    // Files with a kept analysis are likely unchanged (a read and a hash each): they start no workers.
    if (this.pool || jobs.filter((job) => !job.cached).length >= POOL_MIN_CODE_FILES) {
      this.pool ??= new AnalysisPool({ onWorkerError: (error) => this.connection.console.error(`adamw-lens: an analysis worker failed (its files are checked in the server): ${error.message}`) });
      yield* this.pool.check(jobs, config);
      return;
    }
    for (const job of jobs) {
      yield [checkFile(job, config)];
      await nextTurn();
    }
  }

  /** The findings of a file a worker read, after giving a Python script's optimizer calls to the sweep links. */
  private findingsOf(outcome: FileOutcome, errors: string[]): Finding[] {
    if ('error' in outcome) {
      errors.push(`${outcome.file}: ${outcome.error}`);
      return [];
    }
    if ('skipped' in outcome) return [];
    if (outcome.text !== undefined) this.links.scriptAnalyzed(outcome.file, outcome.text, outcome.sites);
    else if (outcome.language === 'python') this.links.scriptOnDisk(outcome.file);
    return outcome.findings;
  }

  private saveCache(): void {
    const save = this.pendingSave;
    this.pendingSave = undefined;
    save?.();
  }

  dispose(): void {
    this.saveCache();
    this.pool?.dispose();
    this.pool = undefined;
  }

  /**
   * A watched file changed on disk. A closed file the last check flagged is checked again (or cleared
   * when deleted): the Problems panel must not keep findings for text that is gone.
   */
  async recheck(uri: string, file: string): Promise<void> {
    if ((!this.published.has(uri) && !this.flaggedSweepSources.has(uri)) || this.state.isOpen(uri) || this.running) return;
    const language = languageOf(file);
    const findings = await this.analyzeFile(file, language, []);
    if (this.state.isOpen(uri)) return; // opened meanwhile: live diagnostics own it now
    if (findings.length) this.published.add(uri);
    else this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: this.diagnosticsOf(uri, language, findings) });
  }

  /** A script or config changed on disk: the closed sweep sources the last check flagged may link differently now. */
  recheckSweepSources(): void {
    for (const [uri, file] of this.flaggedSweepSources) void this.recheck(uri, file);
  }

  private diagnosticsOf(uri: string, language: DocumentLanguage, findings: Finding[]): Diagnostic[] {
    return findings.map((f) => (language === 'notebook' ? notebookDiagnostic(uri, f) : toDiagnostic(uri, f)));
  }

  private async analyzeFile(file: string, language: DocumentLanguage, errors: string[]): Promise<Finding[]> {
    try {
      // Stat'ed first: files over the engine's limits (generated data) and non-files are never read.
      const read = await readSourceFileAsync(file, limitFor(language));
      if ('error' in read) throw new Error(read.error);
      if ('skipped' in read) return [];
      const text = read.text;
      const workspace = this.links.indexFor(file);
      const result = analyzeText(text, { language, file, config: this.state.settings.engine, workspace });
      if (language === 'python') this.links.scriptAnalyzed(file, text, result.sites);
      return result.findings;
    } catch (error) {
      errors.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }
}
