// `adamw-lens check [paths…]`: runs the engine over files and folders, for CI.
// Exit codes: 0 no findings of warning or worse, 1 findings of warning or worse, 2 usage or I/O error,
// 3 an internal error skipped part of the analysis. When several apply, the highest wins: a run whose
// analysis broke somewhere is never reported as clean, nor as merely "findings".

import { statSync } from 'node:fs';
import path from 'node:path';
import { checkPaths, ENGINE_BUILD, isInternalError, userCacheDir } from '../engine';
import { findPyproject, loadConfig } from './project-config';
import { err as stderr, out as stdout } from './output';
import { type FileFindings, type FileInternalError, formatJson, formatSarif, formatText } from './formats';

const USAGE = `usage: adamw-lens check [paths…] [options]

Checks Python (.py), notebooks (.ipynb) and TypeScript/JavaScript files for weight-decay mistakes,
and the sweep sources that launch training scripts: W&B sweep files (.yaml/.yml/.json), shell scripts
(.sh/.bash), Makefiles and the shell blocks of Markdown files, each linked to the optimizer of the script
it runs. Folders are walked recursively, skipping .gitignore'd paths, virtual environments and vendored code.

options:
  --format text|json|sarif   output format (default: text)
  --config FILE              pyproject.toml to read [tool.adamw-lens] from (default: the nearest one)
  --no-config                ignore pyproject.toml
  --quiet                    print findings of warning or worse only
  --no-link                  judge sweep sources without following them to the scripts they run
  --no-cache                 analyse every file again (by default a file unchanged since the last
                             check with the same version and settings gets its findings from the cache)
  --cache-dir DIR            where the cache is kept (default: the user's cache folder, adamw-lens/)
  -h, --help                 this help

exit codes (the highest that applies):
  0  no findings of warning or worse
  1  findings of warning or worse
  2  usage or I/O error
  3  internal error: the analysis of part of a file was skipped (listed on stderr and in the output)`;

interface Options {
  paths: string[]; format: 'text' | 'json' | 'sarif'; config?: string; noConfig: boolean; quiet: boolean; noLink: boolean;
  noCache: boolean; cacheDir?: string;
}

function parseArgs(args: string[]): Options | string {
  const o: Options = { paths: [], format: 'text', noConfig: false, quiet: false, noLink: false, noCache: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i]);
    if (a === '--format' || a.startsWith('--format=')) {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') return `unknown format '${f ?? ''}' (text, json or sarif)`;
      o.format = f;
    } else if (a === '--config' || a.startsWith('--config=')) {
      o.config = value();
      if (!o.config) return '--config needs a file';
    } else if (a === '--cache-dir' || a.startsWith('--cache-dir=')) {
      o.cacheDir = value();
      if (!o.cacheDir) return '--cache-dir needs a folder';
    } else if (a === '--no-cache') o.noCache = true;
    else if (a === '--no-config') o.noConfig = true;
    else if (a === '--quiet' || a === '-q') o.quiet = true;
    else if (a === '--no-link') o.noLink = true;
    else if (a.startsWith('-')) return `unknown option '${a}'`;
    else o.paths.push(a);
  }
  if (o.paths.length === 0) o.paths.push('.');
  return o;
}

// The whole-tree check lives in the engine (shared with `npm run corpus` and the tests); re-exported for them.
export { checkPaths, type CheckedPaths } from '../engine';

/** Where the command writes; tests pass their own. */
export interface CheckIO { out(text: string): void; err(text: string): void }

export async function runCheck(args: string[], { out, err }: CheckIO = { out: stdout, err: stderr }): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    out(`${USAGE}\n`);
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    err(`adamw-lens check: ${parsed}\n${USAGE}\n`);
    return 2;
  }
  const root = process.cwd();
  let ioError = false;
  if (parsed.config) {
    try { statSync(parsed.config); } catch {
      err(`adamw-lens check: ${parsed.config}: no such file\n`);
      return 2;
    }
  }
  const loaded = parsed.noConfig ? { config: {}, problems: [] as string[] } : loadConfig(parsed.config ?? findPyproject(path.resolve(root, parsed.paths[0])));
  for (const p of loaded.problems) err(`adamw-lens: ${p}\n`);
  const cache = parsed.noCache ? undefined : { dir: path.resolve(root, parsed.cacheDir ?? userCacheDir()), build: ENGINE_BUILD };
  const checked = await checkPaths(parsed.paths, root, loaded.config, { link: !parsed.noLink, wasmDir: __dirname, cache, exitsAfter: true });
  for (const e of checked.ioErrors) { err(`adamw-lens check: ${e}\n`); ioError = true; }
  for (const { file, note } of checked.notes) {
    const at = note.range ? `:${note.range.start.line + 1}:${note.range.start.column + 1}` : '';
    err(`adamw-lens: ${path.relative(root, file) || file}${at}: ${note.message}\n`);
  }
  const internalErrors: FileInternalError[] = checked.notes.filter(({ note }) => isInternalError(note));
  let worst = 0;
  const results: FileFindings[] = [];
  for (const r of checked.results) {
    const findings = parsed.quiet ? r.findings.filter((f) => f.severity === 'warning' || f.severity === 'error') : r.findings;
    if (findings.some((f) => f.severity === 'warning' || f.severity === 'error')) worst = 1;
    if (findings.length) results.push({ file: r.file, findings });
  }
  const render = parsed.format === 'json' ? formatJson : parsed.format === 'sarif' ? formatSarif : formatText;
  out(render(results, root, internalErrors));
  if (parsed.format === 'text' && !parsed.quiet) {
    const count = results.reduce((n, r) => n + r.findings.length, 0);
    err(`adamw-lens: ${count} finding(s) in ${results.length} of ${checked.files.length} file(s)\n`);
  }
  if (internalErrors.length > 0) {
    const files = new Set(internalErrors.map((e) => e.file)).size;
    err(`adamw-lens: ${internalErrors.length} internal error(s) in ${files} file(s): part of the analysis was skipped (exit code 3)\n`);
  }
  return Math.max(worst, ioError ? 2 : 0, internalErrors.length > 0 ? 3 : 0);
}
