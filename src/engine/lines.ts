// Line access for fixes and rules. Every finding's fixes read a line or two of the analysed text;
// splitting the whole text per finding made a re-analysis cost O(findings × file size). The line
// starts are computed once per text and kept for the text analysed last (all findings of one
// analysis share it).

let cachedText: string | undefined;
let cachedStarts: number[] = [0];

/** Offsets at which each line of `text` starts (`\n` ends a line; `\r` stays part of it, as with split). */
export function lineStarts(text: string): number[] {
  if (text === cachedText) return cachedStarts;
  const starts = [0];
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
  cachedText = text;
  cachedStarts = starts;
  return starts;
}

/** The text of 0-based `line` without its newline: `text.split('\n')[line] ?? ''`, without the split. */
export function lineText(text: string, line: number): string {
  const starts = lineStarts(text);
  if (line < 0 || line >= starts.length || !Number.isInteger(line)) return '';
  const end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  return text.slice(starts[line], end);
}

/** Lines `from` … `to` (inclusive, clamped to the text), as `split('\n').slice(from, to + 1)` gives them. */
export function linesBetween(text: string, from: number, to: number): string[] {
  const out: string[] = [];
  const last = Math.min(to, lineStarts(text).length - 1);
  for (let line = Math.max(0, from); line <= last; line++) out.push(lineText(text, line));
  return out;
}

/** The first line of the shell command that `line` belongs to: a command continued with a trailing `\\`
 * spans several lines, and a comment line inside it would end it there. */
export function commandStartLine(text: string, line: number): number {
  let first = line;
  while (first > 0 && /\\\r?$/.test(lineText(text, first - 1))) first--;
  return first;
}

/**
 * The text with every lone `\r` (old Mac line ends) turned into `\n`. LSP and editors count `\r\n`,
 * `\n` and a lone `\r` as line ends; the parsers and `lineStarts` count `\n` only. The replacement
 * keeps every offset, so lines and columns computed on the result are the editor's.
 */
export function normalizeLoneCr(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** The line end a text uses (its first one; `\n` when it has none): what fixes should insert. */
export function lineEndOf(text: string): '\n' | '\r\n' | '\r' {
  const m = /\r\n?|\n/.exec(text);
  return m ? (m[0] as '\n' | '\r\n' | '\r') : '\n';
}

/** Lines in a text, a last line without its line end included. */
export function countLines(text: string): number {
  let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
