// The sweep-source languages (docs/sweep-sources.md), by VS Code language id.
export type SourceLanguage = 'yaml' | 'json' | 'shellscript' | 'makefile' | 'markdown';
