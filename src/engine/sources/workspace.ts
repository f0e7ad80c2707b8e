// The files a sweep can link to: file paths and texts (from disk for the CLI, from open documents for
// a language server), with Python training scripts indexed lazily and cached until their text changes.

import path from 'node:path';
import { indexScript, type ScriptIndex } from '../python/script-index';
import { isPythonParserReady } from '../python';
import type { OptimizerSite } from '../types';
import type { TargetOptimizer } from './hydra';

/**
 * Whether a file's text can answer the searches among known files (the readers of a config name its
 * file, `.json`/`.yaml` in the text; a Hydra app says `config_name`; an optimizer config says
 * `_target_`). Any other file is only ever looked up by its path, which reads it on demand, so an
 * index fed from a large workspace need not hold its text.
 */
export function isSearchedAmongKnownFiles(file: string, text: string): boolean {
  if (/\.py$/i.test(file)) return text.includes('config_name') || /\.(json|ya?ml)\b/i.test(text);
  return text.includes('_target_');
}

export class WorkspaceIndex {
  private readonly texts = new Map<string, string>();
  private readonly scripts = new Map<string, ScriptIndex>();
  private readonly targets = new Map<string, TargetOptimizer[]>();
  private readonly analyzed = new Map<string, OptimizerSite[]>();
  /**
   * Answers of the searches among all known files (readers of a config, Hydra apps), kept until a file
   * is added, changed or removed: a repository's experiment configs ask the same question dozens of times.
   */
  private readonly searches = new Map<string, string[]>();

  /** `root`: the workspace folder; paths are shown relative to it and programs resolved up to it. */
  constructor(readonly root?: string, private readonly readFile?: (file: string) => string | undefined) {}

  /** Adds or replaces a file's text (an editor's open document overrides what is on disk). */
  setFile(file: string, text: string): void {
    const key = path.resolve(file);
    if (this.texts.get(key) === text) return;
    if (key.endsWith('.py')) this.searches.clear(); // the searches look at Python files only
    this.texts.set(key, text);
    this.scripts.delete(key);
    this.targets.delete(key);
    this.analyzed.delete(key);
  }

  /**
   * A Python file the caller has analysed already: its optimizer calls are kept, so linking does not
   * parse the file again for them (pass `AnalysisResult.sites` of the same text).
   */
  setAnalyzedScript(file: string, text: string, sites: OptimizerSite[]): void {
    this.setFile(file, text);
    const key = path.resolve(file);
    if (!this.scripts.has(key)) this.analyzed.set(key, sites);
  }

  removeFile(file: string): void {
    const key = path.resolve(file);
    if (this.texts.delete(key) && key.endsWith('.py')) this.searches.clear();
    this.scripts.delete(key);
    this.targets.delete(key);
    this.analyzed.delete(key);
  }

  /** Whether the index holds a text for `file` (given with setFile or read on demand). */
  has(file: string): boolean {
    return this.texts.has(path.resolve(file));
  }

  /** The files given with setFile (and those read on demand so far). */
  files(): string[] {
    return [...this.texts.keys()];
  }

  /** Optimizers instantiated by Hydra configs (`_target_: torch.optim.AdamW`) among the known YAML files. */
  hydraOptimizers(): TargetOptimizer[] {
    const out: TargetOptimizer[] = [];
    for (const [file, text] of this.texts) {
      if (!/\.ya?ml$/i.test(file) || !text.includes('_target_')) continue;
      let found = this.targets.get(file);
      if (!found) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the YAML reader loads on demand (a separate bundle in dist/)
        found = (require('./readers') as typeof import('./readers')).hydraTargets(file, text);
        this.targets.set(file, found);
      }
      out.push(...found);
    }
    return out;
  }

  /** Python scripts whose text names a file (`open("configs/optimizers.json")`): the readers of a config. */
  scriptsMentioning(baseName: string): string[] {
    return this.search(`mentions ${baseName}`, (text) => text.includes(baseName));
  }

  /** Python scripts whose `@hydra.main(config_name=…)` names this config file. */
  hydraApps(configFile: string): string[] {
    const name = path.basename(configFile).replace(/\.ya?ml$/i, '');
    const pattern = new RegExp(`config_name\\s*=\\s*["']${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.ya?ml)?["']`);
    return this.search(`hydra app ${name}`, (text) => pattern.test(text));
  }

  /** The known Python files whose text passes `test`, remembered under `question` until the files change. */
  private search(question: string, test: (text: string) => boolean): string[] {
    let found = this.searches.get(question);
    if (!found) {
      found = this.files().filter((f) => f.endsWith('.py') && test(this.texts.get(f) ?? ''));
      this.searches.set(question, found);
    }
    return [...found];
  }

  textOf(file: string): string | undefined {
    const key = path.resolve(file);
    let text = this.texts.get(key);
    if (text === undefined && this.readFile) {
      text = this.readFile(key);
      if (text !== undefined) {
        this.texts.set(key, text);
        if (key.endsWith('.py')) this.searches.clear();
      }
    }
    return text;
  }

  /** The index of a Python script (optimizer calls, declared options, imports), or undefined when unknown. */
  script(file: string): ScriptIndex | undefined {
    const key = path.resolve(file);
    const cached = this.scripts.get(key);
    if (cached) return cached;
    const text = this.textOf(key);
    if (text === undefined || !isPythonParserReady()) return undefined;
    const index = indexScript(text, this.analyzed.get(key));
    this.scripts.set(key, index);
    return index;
  }

  /**
   * The file a sweep's `program` (or a loop's script) names: relative to the sweep's folder, then to
   * each folder above it up to the workspace root (W&B agents and shell scripts run from the repository root).
   */
  resolveProgram(fromFile: string, program: string): string | undefined {
    if (path.isAbsolute(program)) return this.textOf(program) !== undefined ? path.resolve(program) : undefined;
    let dir = path.dirname(path.resolve(fromFile));
    const stop = this.root ? path.resolve(this.root) : undefined;
    for (let i = 0; i < 20; i++) {
      const candidate = path.join(dir, program);
      if (this.textOf(candidate) !== undefined) return candidate;
      if (dir === stop || dir === path.dirname(dir) || (stop && !dir.startsWith(stop))) break;
      dir = path.dirname(dir);
    }
    return undefined;
  }

  /** Local modules a script imports (`from model import build` → model.py or model/__init__.py beside it). */
  localImports(file: string): string[] {
    const index = this.script(file);
    if (!index) return [];
    const dir = path.dirname(path.resolve(file));
    const out: string[] = [];
    for (const module of index.imports) {
      const rel = module.replace(/^\.+/, '').split('.').join(path.sep);
      if (!rel) continue;
      for (const candidate of [path.join(dir, `${rel}.py`), path.join(dir, rel, '__init__.py')]) {
        if (this.textOf(candidate) !== undefined) { out.push(candidate); break; }
      }
    }
    return out;
  }

  /** How a file is named in messages: relative to the root when inside it, else its base name. */
  display(file: string): string {
    const abs = path.resolve(file);
    if (this.root) {
      const rel = path.relative(path.resolve(this.root), abs);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
    }
    return path.basename(abs);
  }
}
