// `adamw-lens check [paths…]`: runs the engine over files and folders, for CI.
// Exit codes: 0 no findings of warning or worse, 1 findings of warning or worse, 2 usage or I/O error.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeText, type DocumentLanguage, type Finding, initEngine, isSweepSourceLanguage, languageOfFile, WorkspaceIndex } from '../engine';
import { collectFiles } from './files';
import { findPyproject, loadConfig } from './project-config';
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
  const walk = collectFiles(parsed.paths, root, loaded.config.exclude, loaded.config.include);
  for (const e of walk.errors) { process.stderr.write(`adamw-lens check: ${e}\n`); ioError = true; }
  await initEngine({ wasmDir: __dirname });
  // Scripts that sweep sources launch are read on demand, also outside the checked paths.
  const workspace = parsed.noLink ? undefined : new WorkspaceIndex(root, readTextFile);
  let worst = 0;
  // Read every file first, then analyse code before sweep sources: a sweep links to scripts and Hydra
  // configs anywhere in the walk, and reuses the optimizer calls found in them.
  const texts: Array<{ file: string; text: string }> = [];
  for (const file of walk.files) {
    const rel = path.relative(root, file) || file;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      process.stderr.write(`adamw-lens check: ${rel}: ${(error as Error).message}\n`);
      ioError = true;
      continue;
    }
    if (bytes.length > MAX_FILE_BYTES) {
      process.stderr.write(`adamw-lens: ${rel}: skipped, ${(bytes.length / 1048576).toFixed(1)} MB is over the 5 MB limit\n`);
      continue;
    }
    const { text, note } = decode(bytes);
    if (note) process.stderr.write(`adamw-lens: ${rel}: ${note}\n`);
    if (text === undefined) continue;
    texts.push({ file, text });
    if (/\.ya?ml$/i.test(file)) workspace?.setFile(file, text);
  }
  const analysed = new Map<string, FileFindings>();
  const ordered = [...texts.filter((t) => !isSweepSourceLanguage(languageOf(t.file))), ...texts.filter((t) => isSweepSourceLanguage(languageOf(t.file)))];
  for (const { file, text } of ordered) {
    const rel = path.relative(root, file) || file;
    const language = languageOf(file);
    const result = analyzeText(text, { file, language, config: loaded.config, workspace });
    if (language === 'python') workspace?.setAnalyzedScript(file, text, result.sites);
    for (const n of result.notes) {
      const at = n.range ? `:${n.range.start.line + 1}:${n.range.start.column + 1}` : '';
      process.stderr.write(`adamw-lens: ${rel}${at}: ${n.message}\n`);
    }
    let findings: Finding[] = result.findings;
    if (parsed.quiet) findings = findings.filter((f) => f.severity === 'warning' || f.severity === 'error');
    if (findings.some((f) => f.severity === 'warning' || f.severity === 'error')) worst = 1;
    if (findings.length) analysed.set(file, { file, findings });
  }
  const results = texts.map((t) => analysed.get(t.file)).filter((r): r is FileFindings => r !== undefined);
  const render = parsed.format === 'json' ? formatJson : parsed.format === 'sarif' ? formatSarif : formatText;
  process.stdout.write(render(results, root));
  if (parsed.format === 'text' && !parsed.quiet) {
    const count = results.reduce((n, r) => n + r.findings.length, 0);
    process.stderr.write(`adamw-lens: ${count} finding(s) in ${results.length} of ${walk.files.length} file(s)\n`);
  }
  return ioError ? 2 : worst;
}
