// The TS/JS front end: text → FileModel, through @typescript-eslint/typescript-estree.

import { parse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { index } from './ast';
import { Evaluator } from './evaluate';
import { findSites } from './sites';
import { collectSuppressions, type CommentInfo } from '../pragmas';
import type { FileModel } from '../frontend';
import { internalErrorNote } from '../internal-error';
import type { AnalysisNote } from '../types';

export function analyzeTypeScript(text: string, options: { jsx?: boolean } = {}): FileModel {
  const notes: AnalysisNote[] = [];
  let program: TSESTree.Program;
  try {
    program = parse(text, { loc: true, range: true, comment: true, jsx: !!options.jsx, errorOnUnknownASTType: false, allowInvalidAST: true });
  } catch (error) {
    const e = error as { message?: string; lineNumber?: number; column?: number };
    const line = typeof e.lineNumber === 'number' ? e.lineNumber - 1 : 0;
    const column = typeof e.column === 'number' ? e.column : 0;
    notes.push({
      message: error instanceof RangeError ? 'nesting too deep to parse; file skipped' : `syntax error, file skipped: ${e.message ?? String(error)}`,
      range: { start: { line, column }, end: { line, column } },
    });
    return { language: 'typescript', sites: [], comments: [], suppressions: collectSuppressions([]), notes };
  }
  const comments: CommentInfo[] = [];
  const commentsByLine = new Map<number, string>();
  const lines = text.split('\n');
  for (const c of program.comments ?? []) {
    const line = c.loc.start.line - 1;
    const before = (lines[line] ?? '').slice(0, c.loc.start.column);
    comments.push({ line, text: c.value, standalone: before.trim() === '' });
    commentsByLine.set(line, c.value);
  }
  try {
    const tree = index(program);
    const sites = findSites(tree, new Evaluator(tree, text), commentsByLine, notes);
    return { language: 'typescript', sites, comments, suppressions: collectSuppressions(comments), notes };
  } catch (error) {
    notes.push(internalErrorNote(error, 'the TypeScript analysis stopped'));
    return { language: 'typescript', sites: [], comments, suppressions: collectSuppressions(comments), notes };
  }
}
