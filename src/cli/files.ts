// Which files `adamw-lens check` reads: the paths given, folders walked recursively, skipping what
// .gitignore ignores, vendored and virtual-environment folders, and files of languages it does not serve.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageOfFile } from '../engine';

const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', 'env', '.env', 'site-packages', '__pycache__', '.tox', '.nox',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', 'dist', 'build', 'vendor', 'third_party', '.ipynb_checkpoints', '.cache', 'out']);

interface IgnoreScope { dir: string; rules: Ignore }

function gitignoreAt(dir: string): IgnoreScope | undefined {
  try {
    const text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { dir, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

function ignored(file: string, isDir: boolean, scopes: IgnoreScope[], excludes: Ignore | undefined, root: string): boolean {
  for (const s of scopes) {
    const rel = path.relative(s.dir, file).split(path.sep).join('/');
    if (rel && !rel.startsWith('..') && s.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  if (excludes) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (rel && !rel.startsWith('..') && excludes.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

export interface FileWalk {
  files: string[];
  /** Paths that could not be read (missing, permission), with why. */
  errors: string[];
}

/** Expands paths into the files to check, in a stable order. */
export function collectFiles(paths: string[], root: string, exclude: string[] = [], include: string[] = []): FileWalk {
  const files: string[] = [];
  const errors: string[] = [];
  const excludes = exclude.length ? ignore().add(exclude) : undefined;
  const includes = include.length ? ignore().add(include) : undefined;
  const walk = (dir: string, scopes: IgnoreScope[]) => {
    const own = gitignoreAt(dir);
    const here = own ? [...scopes, own] : scopes;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (error) {
      errors.push(`${dir}: ${(error as Error).message}`);
      return;
    }
    for (const name of entries) {
      const full = path.join(dir, name);
      let st;
      try { st = statSync(full); } catch { continue; }
      if (st.isDirectory()) {
        if (SKIPPED_DIRS.has(name) || name.endsWith('.egg-info') || ignored(full, true, here, excludes, root)) continue;
        walk(full, here);
      } else if (st.isFile() && languageOfFile(name) && !ignored(full, false, here, excludes, root)) {
        const rel = path.relative(root, full).split(path.sep).join('/');
        if (!includes || includes.ignores(rel)) files.push(full);
      }
    }
  };
  for (const p of paths) {
    const full = path.resolve(root, p);
    let st;
    try {
      st = statSync(full);
    } catch {
      errors.push(`${p}: no such file or directory`);
      continue;
    }
    if (st.isDirectory()) walk(full, parentGitignores(full));
    else files.push(full); // named explicitly: checked whatever its extension says (the language falls back to Python)
  }
  return { files: [...new Set(files)], errors };
}

/** .gitignore files of the folders above `dir` up to the repository root, so `check sub/` respects them. */
function parentGitignores(dir: string): IgnoreScope[] {
  const scopes: IgnoreScope[] = [];
  let cur = path.dirname(dir);
  for (let i = 0; i < 20 && cur !== path.dirname(cur); i++, cur = path.dirname(cur)) {
    const s = gitignoreAt(cur);
    if (s) scopes.unshift(s);
    try { statSync(path.join(cur, '.git')); break; } catch { /* keep climbing */ }
  }
  return scopes;
}
