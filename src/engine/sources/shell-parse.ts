// Reads the structure a launch loop needs out of shell tokens: `for VAR in WORDS; do … done` loops
// (nested loops form a grid), array and scalar assignments, and the commands run inside them. Other
// compound commands (if, while, case, functions) are walked through: their inner commands still count.

import type { ShellToken } from './shell-tokens';

export interface ShellLoop {
  variable: string;
  words: ShellToken[];
  /** Offsets of `for … in …` up to the end of the word list. */
  header: [number, number];
}

export interface ShellCommand {
  words: ShellToken[];
  /** The loops around the command, outermost first. */
  loops: ShellLoop[];
}

export interface ShellScript {
  commands: ShellCommand[];
  /** `NAME=(a b c)` arrays and `NAME=value` scalars, with the offset they are assigned at (last wins). */
  arrays: Map<string, Array<{ at: number; words: ShellToken[] }>>;
  scalars: Map<string, Array<{ at: number; token: ShellToken; value: string }>>;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'while', 'until', 'do', 'esac', '{', '}', '!', 'time']);
const SEPARATORS = new Set([';', '&&', '||', '|', '&', ';;']);

export function parseShell(tokens: ShellToken[]): ShellScript {
  const script: ShellScript = { commands: [], arrays: new Map(), scalars: new Map() };
  const stack: ShellLoop[] = [];
  let i = 0;
  const word = (k: number) => (tokens[k]?.kind === 'word' ? tokens[k] : undefined);
  const skipSeparators = () => { while (i < tokens.length && (tokens[i].kind === 'newline' || SEPARATORS.has(tokens[i].value))) i++; };
  while (i < tokens.length) {
    skipSeparators();
    const first = word(i);
    if (!first) { i++; continue; }
    if (!first.quoted && first.value === 'for' && word(i + 1) && word(i + 2)?.value === 'in') {
      const variable = tokens[i + 1].value;
      const start = first.start;
      i += 3;
      const words: ShellToken[] = [];
      while (word(i)) words.push(tokens[i++]);
      stack.push({ variable, words, header: [start, words.length ? words[words.length - 1].end : tokens[i - 1].end] });
      continue;
    }
    if (!first.quoted && first.value === 'done') { stack.pop(); i++; continue; }
    if (!first.quoted && KEYWORDS.has(first.value)) { i++; continue; }
    const array = /^([A-Za-z_]\w*)=$/.exec(first.value);
    if (array && tokens[i + 1]?.value === '(' && tokens[i + 1].kind === 'op') {
      i += 2;
      const words: ShellToken[] = [];
      while (i < tokens.length && !(tokens[i].kind === 'op' && tokens[i].value === ')')) { if (word(i)) words.push(tokens[i]); i++; }
      i++;
      push(script.arrays, array[1], { at: first.start, words });
      continue;
    }
    const words: ShellToken[] = [];
    while (word(i)) words.push(tokens[i++]);
    if (tokens[i]?.kind === 'op' && (tokens[i].value === '(' || tokens[i].value === ')')) i++;
    const assignments = leadingAssignments(words);
    if (assignments === words.length) {
      for (const w of words) {
        const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(w.value);
        if (m) push(script.scalars, m[1], { at: w.start, token: w, value: m[2] });
      }
      continue;
    }
    if (words.length) script.commands.push({ words, loops: [...stack] });
  }
  return script;
}

function leadingAssignments(words: ShellToken[]): number {
  let k = 0;
  while (k < words.length && /^[A-Za-z_]\w*=/.test(words[k].value) && !words[k].value.startsWith('-')) k++;
  return k;
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key) ?? [];
  list.push(item);
  map.set(key, list);
}

/** The binding of `name` in effect at `offset` (the last assignment before it). */
export function lastBefore<T extends { at: number }>(list: T[] | undefined, offset: number): T | undefined {
  let found: T | undefined;
  for (const item of list ?? []) if (item.at < offset) found = item;
  return found;
}
