// Which language the engine reads a file as, from its name alone (no text needed): the walk uses it to
// decide what to read at all, the CLI and the server to route a file to its front end.

import type { SourceLanguage } from './sources/languages';

/** Languages by VS Code language id; the sweep sources (docs/sweep-sources.md) are the last five. */
export type DocumentLanguage = 'python' | 'typescript' | 'javascript' | 'typescriptreact' | 'javascriptreact' | 'notebook' | SourceLanguage;

const SOURCE_LANGUAGES: ReadonlySet<string> = new Set<SourceLanguage>(['yaml', 'json', 'shellscript', 'makefile', 'markdown']);

export function isSweepSourceLanguage(language: DocumentLanguage): language is SourceLanguage {
  return SOURCE_LANGUAGES.has(language);
}

export function languageOfFile(fileName: string): DocumentLanguage | undefined {
  const base = fileName.split(/[/\\]/).pop() ?? fileName;
  if (/^(GNU)?makefile$/i.test(base)) return 'makefile';
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  switch (ext) {
    case 'py': case 'pyi': return 'python';
    case 'ipynb': return 'notebook';
    case 'ts': case 'mts': case 'cts': return 'typescript';
    case 'tsx': return 'typescriptreact';
    case 'js': case 'mjs': case 'cjs': return 'javascript';
    case 'jsx': return 'javascriptreact';
    case 'yaml': case 'yml': return 'yaml';
    case 'json': return 'json';
    case 'sh': case 'bash': return 'shellscript';
    case 'mk': return 'makefile';
    case 'md': case 'markdown': return 'markdown';
    default: return undefined;
  }
}

/** A file a check was given or found: named without a known extension, it is read as Python. */
export function languageOfCheckedFile(file: string): DocumentLanguage {
  return languageOfFile(file) ?? 'python';
}
