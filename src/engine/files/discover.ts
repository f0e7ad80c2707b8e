// Which files a check reads: the paths given, folders walked recursively, skipping what .gitignore
// ignores, vendored and virtual-environment folders, and files of languages the engine does not serve.
// The CLI's `check` and the language server's Check Workspace both walk through here.
//
// Symbolic links are followed at most once per real path: Bazel and monorepo tools link folders to their
// parents, and a walk that follows such links blindly never ends. Links are walked after everything
// else, so a file reachable both directly and through a link is reported under its own path, once.

import { type Dirent, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageOfFile } from '../languages';

const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', 'env', '.env', 'site-packages', '__pycache__', '.tox', '.nox',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', 'dist', 'build', 'vendor', 'third_party', '.ipynb_checkpoints', '.cache', 'out']);

interface IgnoreScope { dir: string; rules: Ignore }

export interface FileWalk {
  /** The files to check, in a stable order: path arguments in turn, each folder's entries sorted by name. */
  files: string[];
  /** Paths that could not be read (missing, permission), with why. */
  errors: string[];
}

function gitignoreAt(dir: string): IgnoreScope | undefined {
  try {
    const text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { dir, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
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

/** Where a file sits in the walk: the path argument's index, then the path's segments below it. */
interface Found { file: string; key: Array<number | string> }

function compareKeys(a: Found['key'], b: Found['key']): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

/** A folder still to walk: where it is, its real path, the ignore rules in force, its sort key. */
interface PendingDir { dir: string; real: string; scopes: IgnoreScope[]; key: Found['key'] }
/** A symbolic link met during the walk, resolved once everything reachable without links is known. */
interface PendingLink { full: string; name: string; scopes: IgnoreScope[]; key: Found['key'] }

/** What a path (or a link) points at, followed through links, and its real path; undefined when it does not exist. */
function resolvedTarget(full: string): { st: Stats; real: string } | undefined {
  try {
    return { st: statSync(full), real: realpathSync(full) };
  } catch {
    return undefined;
  }
}

/** Expands paths into the files to check. */
export function discoverFiles(paths: string[], root: string, exclude: string[] = [], include: string[] = []): FileWalk {
  const found: Found[] = [];
  const errors: string[] = [];
  const excludes = exclude.length ? ignore().add(exclude) : undefined;
  const includes = include.length ? ignore().add(include) : undefined;
  /** Real paths of the folders walked and of the files taken. */
  const walkedDirs = new Set<string>();
  const takenFiles = new Set<string>();
  const links: PendingLink[] = [];

  const ignored = (file: string, isDir: boolean, scopes: IgnoreScope[]): boolean => {
    for (const s of scopes) {
      const rel = path.relative(s.dir, file).split(path.sep).join('/');
      if (rel && !rel.startsWith('..') && s.rules.ignores(isDir ? `${rel}/` : rel)) return true;
    }
    if (excludes) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      if (rel && !rel.startsWith('..') && excludes.ignores(isDir ? `${rel}/` : rel)) return true;
    }
    return false;
  };
  const skippedDir = (full: string, name: string, scopes: IgnoreScope[]) =>
    SKIPPED_DIRS.has(name) || name.endsWith('.egg-info') || ignored(full, true, scopes);
  const takeFile = (full: string, real: string, name: string, scopes: IgnoreScope[], key: Found['key']) => {
    if (takenFiles.has(real) || !languageOfFile(name) || ignored(full, false, scopes)) return;
    if (includes && !includes.ignores(path.relative(root, full).split(path.sep).join('/'))) return;
    takenFiles.add(real);
    found.push({ file: full, key });
  };

  const walk = (start: PendingDir) => {
    const stack = [start];
    while (stack.length) {
      const { dir, real, scopes, key } = stack.pop()!;
      if (walkedDirs.has(real)) continue;
      walkedDirs.add(real);
      const own = gitignoreAt(dir);
      const here = own ? [...scopes, own] : scopes;
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (error) {
        errors.push(`${dir}: ${(error as Error).message}`);
        continue;
      }
      const subdirs: PendingDir[] = [];
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        const entryKey = [...key, entry.name];
        if (entry.isSymbolicLink()) links.push({ full, name: entry.name, scopes: here, key: entryKey });
        else if (entry.isDirectory()) {
          if (!skippedDir(full, entry.name, here)) subdirs.push({ dir: full, real: path.join(real, entry.name), scopes: here, key: entryKey });
        } else if (entry.isFile()) takeFile(full, path.join(real, entry.name), entry.name, here, entryKey);
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
    }
  };

  paths.forEach((p, index) => {
    const full = path.resolve(root, p);
    const target = resolvedTarget(full);
    if (!target) {
      errors.push(`${p}: no such file or directory`);
      return;
    }
    const { st, real } = target;
    if (st.isDirectory()) walk({ dir: full, real, scopes: parentGitignores(full), key: [index] });
    else if (!takenFiles.has(real)) { // named explicitly: checked whatever its extension says
      takenFiles.add(real);
      found.push({ file: full, key: [index] });
    }
  });

  // Links last, each real path once: a link into the tree is skipped (its target was walked already), a
  // link out of it is walked once, and a loop (a link to a parent folder) ends at the second visit.
  for (let i = 0; i < links.length; i++) {
    const { full, name, scopes, key } = links[i];
    const target = resolvedTarget(full);
    if (!target) continue; // a dangling link
    const { st, real } = target;
    if (st.isDirectory()) {
      if (!skippedDir(full, name, scopes)) walk({ dir: full, real, scopes, key });
    } else if (st.isFile()) takeFile(full, real, name, scopes, key);
  }
  found.sort((a, b) => compareKeys(a.key, b.key));
  return { files: found.map((f) => f.file), errors };
}
