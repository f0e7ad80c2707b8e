// A small POSIX-shell tokenizer, enough to read launch loops: words (with quotes removed, `$var`
// kept), the operators that separate commands, comments, `\`-newline continuations and balanced
// `$(…)` / `${…}` / backticks. Offsets are kept so findings and fixes point into the original text.
// Unterminated quotes or substitutions are reported, never thrown.

export interface ShellToken {
  kind: 'word' | 'op' | 'newline';
  /** The word with quotes removed (variable references and substitutions kept as written). */
  value: string;
  start: number;
  end: number;
  /** Whether any part of the word was quoted (a quoted word is never a keyword). */
  quoted: boolean;
}

export interface TokenizeResult {
  tokens: ShellToken[];
  /** Offset and description of the first unterminated construct, if any. */
  error?: { offset: number; message: string };
}

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '(', ')'];

/** In a Makefile recipe `$$` is the shell's `$`; the tokenizer then reads `$$x` as `$x`. */
export function tokenizeShell(text: string, options: { makefile?: boolean } = {}): TokenizeResult {
  const tokens: ShellToken[] = [];
  let i = 0;
  const n = text.length;
  // Here-documents whose bodies start after the current line: their text is data, not commands.
  const pendingHeredocs: Array<{ delimiter: string; stripTabs: boolean }> = [];
  while (i < n) {
    const c = text[i];
    if (c === '\\' && continuation(text, i)) { i += continuation(text, i); continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\n') {
      tokens.push({ kind: 'newline', value: '\n', start: i, end: i + 1, quoted: false });
      i = skipHeredocBodies(text, i + 1, pendingHeredocs.splice(0));
      continue;
    }
    const heredoc = /^<<(-?)\s*(['"]?)([A-Za-z_]\w*)\2/.exec(text.slice(i, i + 80));
    if (heredoc) { pendingHeredocs.push({ delimiter: heredoc[3], stripTabs: heredoc[1] === '-' }); i += heredoc[0].length; continue; }
    if (c === '#') { while (i < n && text[i] !== '\n') i++; continue; }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) { tokens.push({ kind: 'op', value: op, start: i, end: i + op.length, quoted: false }); i += op.length; continue; }
    const word = readWord(text, i, options.makefile === true);
    if ('error' in word) return { tokens, error: word.error };
    tokens.push({ kind: 'word', value: word.value, start: i, end: word.end, quoted: word.quoted });
    i = word.end;
  }
  return { tokens };
}

/**
 * Length of a `\`-newline line continuation at `at` (0 when there is none). A CRLF file's continuation
 * is `\` CR LF: the shell of a Windows checkout or a README written on Windows continues it just the same.
 */
function continuation(text: string, at: number): number {
  if (text[at + 1] === '\n') return 2;
  return text[at + 1] === '\r' && text[at + 2] === '\n' ? 3 : 0;
}

/** Offset after the last body line of each pending here-document (the line holding only its delimiter). */
function skipHeredocBodies(text: string, from: number, heredocs: Array<{ delimiter: string; stripTabs: boolean }>): number {
  let at = from;
  for (const { delimiter, stripTabs } of heredocs) {
    while (at < text.length) {
      const end = text.indexOf('\n', at);
      const line = text.slice(at, end < 0 ? text.length : end);
      at = end < 0 ? text.length : end + 1;
      if ((stripTabs ? line.replace(/^\t+/, '') : line) === delimiter) break;
    }
  }
  return at;
}

type WordResult = { value: string; end: number; quoted: boolean } | { error: { offset: number; message: string } };

function readWord(text: string, start: number, makefile: boolean): WordResult {
  let i = start;
  let value = '';
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && continuation(text, i)) { i += continuation(text, i); continue; }
    if (' \t\r\n;&|()'.includes(c)) break;
    if (c === '\\') { value += text[i + 1] ?? ''; i += 2; continue; }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return { error: { offset: i, message: 'unterminated single quote' } };
      value += text.slice(i + 1, close);
      quoted = true;
      i = close + 1;
      continue;
    }
    if (c === '"') {
      const inner = readDoubleQuoted(text, i + 1, makefile);
      if ('error' in inner) return inner;
      value += inner.value;
      quoted = true;
      i = inner.end;
      continue;
    }
    if (c === '$' || c === '`') {
      const sub = readSubstitution(text, i, makefile);
      if ('error' in sub) return sub;
      value += sub.value;
      i = sub.end;
      continue;
    }
    value += c;
    i++;
  }
  return { value, end: i, quoted };
}

function readDoubleQuoted(text: string, start: number, makefile: boolean): WordResult {
  let i = start;
  let value = '';
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { value, end: i + 1, quoted: true };
    if (c === '\\' && continuation(text, i)) { i += continuation(text, i); continue; }
    if (c === '\\' && '"\\$`\n'.includes(text[i + 1] ?? '')) { value += text[i + 1] === '\n' ? '' : text[i + 1]; i += 2; continue; }
    if (c === '$' || c === '`') {
      const sub = readSubstitution(text, i, makefile);
      if ('error' in sub) return sub;
      value += sub.value;
      i = sub.end;
      continue;
    }
    value += c;
    i++;
  }
  return { error: { offset: start - 1, message: 'unterminated double quote' } };
}

/** `$name`, `${…}`, `$(…)`, `$((…))` or a backtick substitution, kept as written (`$$` → `$` in Makefiles). */
function readSubstitution(text: string, start: number, makefile: boolean): WordResult {
  let i = start;
  if (makefile && text[i] === '$' && text[i + 1] === '$') i++;
  const c = text[i];
  if (c === '`') {
    const close = text.indexOf('`', i + 1);
    if (close < 0) return { error: { offset: i, message: 'unterminated backtick substitution' } };
    return { value: text.slice(i, close + 1), end: close + 1, quoted: false };
  }
  const next = text[i + 1];
  if (next === '(' || next === '{') {
    const open = next;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    let quote: string | undefined;
    for (let j = i + 1; j < text.length; j++) {
      const ch = text[j];
      if (quote) { if (ch === quote) quote = undefined; continue; }
      if (ch === "'" || ch === '"') { quote = ch; continue; }
      if (ch === open) depth++;
      else if (ch === close && --depth === 0) return { value: unmake(text.slice(i, j + 1), makefile), end: j + 1, quoted: false };
    }
    return { error: { offset: i, message: `unterminated $${open} substitution` } };
  }
  const name = /^[A-Za-z_]\w*|^[0-9@*#?$!-]/.exec(text.slice(i + 1));
  if (!name) return { value: '$', end: i + 1, quoted: false };
  return { value: `$${name[0]}`, end: i + 1 + name[0].length, quoted: false };
}

function unmake(s: string, makefile: boolean): string {
  return makefile ? s.replace(/\$\$/g, '$') : s;
}
