// The Python front end: text → FileModel (optimizer sites, comments, suppressions, notes).
// `analyzePython` parses from scratch; `PythonDocument` keeps the tree and re-parses incrementally.

import { Edit, type Tree } from 'web-tree-sitter';
import { initPythonParser, isPythonParserReady, parsePython } from './parser';
import { IdentifierIndex, NamePositions, rangeOf, syntaxErrors } from './syntax';
import { collectImports } from './imports';
import { Evaluator } from './evaluate';
import { findSites } from './sites';
import { collectSuppressions, type CommentInfo } from '../pragmas';
import type { FileModel } from '../frontend';
import { internalErrorNote } from '../internal-error';
import type { AnalysisNote, Range } from '../types';

export { initPythonParser, isPythonParserReady };

/** Builds the FileModel of a parsed file. Never throws: an internal failure becomes a note. `positions`:
 * the document's, kept across its edits (PythonDocument). */
export function modelOf(text: string, tree: Tree, positions?: NamePositions): FileModel {
  const notes: AnalysisNote[] = [];
  const comments: CommentInfo[] = [];
  const commentsByLine = new Map<number, string>();
  try {
    // Only pragma comments matter (`adamw-lens: …`): find the word by text and confirm it sits in a
    // comment node, instead of visiting every comment of the file.
    for (let at = text.indexOf('adamw-lens'); at >= 0; at = text.indexOf('adamw-lens', at + 10)) {
      const node = tree.rootNode.descendantForIndex(at, at + 10);
      if (node?.type !== 'comment') continue;
      const line = node.startPosition.row;
      if (commentsByLine.has(line)) continue;
      const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
      const body = node.text.replace(/^#/, '');
      comments.push({ line, text: body, standalone: text.slice(lineStart, node.startIndex).trim() === '' });
      commentsByLine.set(line, body);
    }
    if (tree.rootNode.hasError) {
      const errors = syntaxErrors(tree.rootNode);
      notes.push({
        message: `${Math.max(errors.count, 1)} syntax error(s); optimizer calls inside broken code were skipped`,
        range: errors.first ? rangeOf(errors.first) : undefined,
      });
    }
    const ev = new Evaluator({ text, tree, ids: new IdentifierIndex(text, tree, positions), imports: collectImports(text, tree), commentsByLine });
    const sites = findSites(ev, notes);
    return { language: 'python', sites, comments, suppressions: collectSuppressions(comments), notes };
  } catch (error) {
    notes.push(internalErrorNote(error, 'the Python analysis stopped'));
    return { language: 'python', sites: [], comments, suppressions: collectSuppressions(comments), notes };
  }
}

export function analyzePython(text: string): FileModel {
  const tree = parsePython(text);
  try {
    return modelOf(text, tree);
  } finally {
    tree.delete();
  }
}

/** A Python document kept open in an editor: edits re-parse incrementally from the previous tree. */
export class PythonDocument {
  private tree: Tree | undefined;
  private current: string;
  private readonly positions = new NamePositions();

  constructor(text: string) {
    this.current = text;
  }

  get text(): string {
    return this.current;
  }

  applyChanges(changes: Array<{ range?: Range; text: string }>): void {
    for (const change of changes) {
      if (!change.range) {
        this.current = change.text;
        this.tree?.delete();
        this.tree = undefined;
        this.positions.clear();
        continue;
      }
      const startIndex = offsetAt(this.current, change.range.start);
      const oldEndIndex = offsetAt(this.current, change.range.end);
      const next = this.current.slice(0, startIndex) + change.text + this.current.slice(oldEndIndex);
      const newEndIndex = startIndex + change.text.length;
      this.tree?.edit(new Edit({
        startIndex, oldEndIndex, newEndIndex,
        startPosition: { row: change.range.start.line, column: change.range.start.column },
        oldEndPosition: { row: change.range.end.line, column: change.range.end.column },
        newEndPosition: positionAt(next, newEndIndex),
      }));
      this.current = next;
      this.positions.edit(next, startIndex, oldEndIndex, change.text.length);
    }
  }

  model(): FileModel {
    const tree = parsePython(this.current, this.tree);
    this.tree?.delete();
    this.tree = tree;
    return modelOf(this.current, tree, this.positions);
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }
}

/** UTF-16 offset of a 0-based line/column, clamped to the text. */
export function offsetAt(text: string, pos: { line: number; column: number }): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  return Math.min(offset + Math.max(0, pos.column), lineEnd < 0 ? text.length : lineEnd);
}

function positionAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
