// `adamw-lens check [paths…]`: runs the engine over files and folders, for CI.
// Exit codes: 0 no findings of warning or worse, 1 findings of warning or worse, 2 usage or I/O error.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type AnalysisNote, analyzeText, type DocumentLanguage, initEngine, isSweepSourceLanguage, languageOfFile, WorkspaceIndex } from '../engine';
import { collectFiles } from './files';
import { findPyproject, loadConfig } from './project-config';
import type { EngineConfig } from '../engine/config';
import { type FileFindings, formatJson, formatSarif, formatText } from './formats';

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
  -h, --help                 this help

exit codes: 0 no warnings, 1 warnings or errors found, 2 usage or I/O error`;

/** Files larger than this are skipped with a note (parsing them would stall a CI job, not inform it). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

interface Options { paths: string[]; format: 'text' | 'json' | 'sarif'; config?: string; noConfig: boolean; quiet: boolean; noLink: boolean }

function parseArgs(args: string[]): Options | string {
  const o: Options = { paths: [], format: 'text', noConfig: false, quiet: false, noLink: false };
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
    } else if (a === '--no-config') o.noConfig = true;
    else if (a === '--quiet' || a === '-q') o.quiet = true;
    else if (a === '--no-link') o.noLink = true;
    else if (a.startsWith('-')) return `unknown option '${a}'`;
    else o.paths.push(a);
  }
  if (o.paths.length === 0) o.paths.push('.');
  return o;
}

/** Decodes file bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1 with a note. */
export function decode(bytes: Buffer): { text?: string; note?: string } {
  const head = bytes.subarray(0, 8192);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString('utf16le') };
  if (head.includes(0)) return { note: 'binary file skipped' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { text: bytes.toString('latin1'), note: 'not valid UTF-8; read as Latin-1' };
  }
}

/** Files named explicitly are checked whatever their extension says: the language falls back to Python. */
function languageOf(file: string): DocumentLanguage {
  return languageOfFile(file) ?? 'python';
}

/** A linked script's text, or undefined when it cannot be read, is too large, or is not text. */
function readTextFile(file: string): string | undefined {
  try {
    const bytes = readFileSync(file);
    return bytes.length > MAX_FILE_BYTES ? undefined : decode(bytes).text;
  } catch {
    return undefined;
  }
}

/** A note of the engine or of reading, on one file (a range, when it has one, is within that file). */
export interface FileNote { file: string; note: AnalysisNote }

export interface CheckedPaths {
  /** Every file the walk found, in order (also those skipped as too large or binary). */
  files: string[];
  /** Files read and analysed, with their text (what `npm run corpus` counts lines of). */
  texts: Array<{ file: string; text: string }>;
  /** Findings per analysed file, in walk order; files without findings included. */
  results: FileFindings[];
  notes: FileNote[];
  /** Paths that could not be read, with why. */
  ioErrors: string[];
}

/**
 * What `check` does between the command line and the output: walks the paths, reads and decodes every
 * file, then analyses code before sweep sources (a sweep links to scripts and Hydra configs anywhere in
 * the walk, and reuses the optimizer calls found in them). Shared with `npm run corpus`.
 */
export async function checkPaths(paths: string[], root: string, config: Partial<EngineConfig>, options: { link: boolean }): Promise<CheckedPaths> {
  const walk = collectFiles(paths, root, config.exclude, config.include);
  const ioErrors = [...walk.errors];
  const notes: FileNote[] = [];
  await initEngine({ wasmDir: __dirname });
  // Scripts that sweep sources launch are read on demand, also outside the checked paths.
  const workspace = options.link ? new WorkspaceIndex(root, readTextFile) : undefined;
  const texts: Array<{ file: string; text: string }> = [];
  for (const file of walk.files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      ioErrors.push(`${path.relative(root, file) || file}: ${(error as Error).message}`);
      continue;
    }
    if (bytes.length > MAX_FILE_BYTES) {
      notes.push({ file, note: { message: `skipped, ${(bytes.length / 1048576).toFixed(1)} MB is over the 5 MB limit` } });
      continue;
    }
    const { text, note } = decode(bytes);
    if (note) notes.push({ file, note: { message: note } });
    if (text === undefined) continue;
    texts.push({ file, text });
    if (/\.ya?ml$/i.test(file)) workspace?.setFile(file, text);
  }
  const analysed = new Map<string, FileFindings>();
  const ordered = [...texts.filter((t) => !isSweepSourceLanguage(languageOf(t.file))), ...texts.filter((t) => isSweepSourceLanguage(languageOf(t.file)))];
  for (const { file, text } of ordered) {
    const language = languageOf(file);
    const result = analyzeText(text, { file, language, config, workspace });
    if (language === 'python') workspace?.setAnalyzedScript(file, text, result.sites);
    for (const note of result.notes) notes.push({ file, note });
    analysed.set(file, { file, findings: result.findings });
  }
  const results = texts.map((t) => analysed.get(t.file)).filter((r): r is FileFindings => r !== undefined);
  return { files: walk.files, texts, results, notes, ioErrors };
}

export async function runCheck(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`adamw-lens check: ${parsed}\n${USAGE}\n`);
    return 2;
  }
  const root = process.cwd();
  let ioError = false;
  if (parsed.config) {
    try { statSync(parsed.config); } catch {
      process.stderr.write(`adamw-lens check: ${parsed.config}: no such file\n`);
      return 2;
    }
  }
  const loaded = parsed.noConfig ? { config: {}, problems: [] as string[] } : loadConfig(parsed.config ?? findPyproject(path.resolve(root, parsed.paths[0])));
  for (const p of loaded.problems) process.stderr.write(`adamw-lens: ${p}\n`);
  const checked = await checkPaths(parsed.paths, root, loaded.config, { link: !parsed.noLink });
  for (const e of checked.ioErrors) { process.stderr.write(`adamw-lens check: ${e}\n`); ioError = true; }
  for (const { file, note } of checked.notes) {
    const at = note.range ? `:${note.range.start.line + 1}:${note.range.start.column + 1}` : '';
    process.stderr.write(`adamw-lens: ${path.relative(root, file) || file}${at}: ${note.message}\n`);
  }
  let worst = 0;
  const results: FileFindings[] = [];
  for (const r of checked.results) {
    const findings = parsed.quiet ? r.findings.filter((f) => f.severity === 'warning' || f.severity === 'error') : r.findings;
    if (findings.some((f) => f.severity === 'warning' || f.severity === 'error')) worst = 1;
    if (findings.length) results.push({ file: r.file, findings });
  }
  const render = parsed.format === 'json' ? formatJson : parsed.format === 'sarif' ? formatSarif : formatText;
  process.stdout.write(render(results, root));
  if (parsed.format === 'text' && !parsed.quiet) {
    const count = results.reduce((n, r) => n + r.findings.length, 0);
    process.stderr.write(`adamw-lens: ${count} finding(s) in ${results.length} of ${checked.files.length} file(s)\n`);
  }
  return ioError ? 2 : worst;
}
