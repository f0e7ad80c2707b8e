// Expands the words of a launch command under the loop variables' current values: `$lr`, `${lr}`,
// `"${LRS[@]}"`, scalars assigned earlier, and the awk one-liner the S2 fix writes
// (`$(awk -v lr="$lr" 'BEGIN { print 0.05 * 3e-4 / lr }')`). Anything else stays unknown.

import type { ShellScript } from './shell-parse';
import { lastBefore } from './shell-parse';
import type { ShellToken } from './shell-tokens';

export type Bindings = Map<string, string>;

const REFERENCE = /\$\{?([A-Za-z_]\w*)\}?/g;
const ARRAY_ALL = /^\$\{([A-Za-z_]\w*)\[[@*]\]\}$/;
const AWK = /^\$\(awk\s+-v\s+([A-Za-z_]\w*)="?\$\{?([A-Za-z_]\w*)\}?"?\s+'\s*BEGIN\s*\{\s*print\s+([^}']*)\}\s*'\s*\)$/;

/** The words a `for` loop iterates over: literal words, `${ARR[@]}` arrays, `$VAR` lists split on blanks. */
export function loopValues(words: ShellToken[], script: ShellScript): string[] {
  const out: string[] = [];
  for (const w of words) {
    const array = ARRAY_ALL.exec(w.value);
    if (array) {
      const bound = lastBefore(script.arrays.get(array[1]), w.start);
      if (bound) out.push(...bound.words.map((x) => x.value));
      continue;
    }
    const scalar = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(w.value);
    if (scalar && !w.quoted) {
      const bound = lastBefore(script.scalars.get(scalar[1]), w.start);
      if (bound) out.push(...bound.value.split(/\s+/).filter(Boolean));
      continue;
    }
    out.push(w.value);
  }
  return out;
}

/** A word's text with loop variables and earlier scalars substituted; undefined when a reference is unbound. */
export function expandWord(word: ShellToken, bindings: Bindings, script: ShellScript): string | undefined {
  const awk = AWK.exec(word.value);
  if (awk) {
    const input = bindings.get(awk[2]) ?? lastBefore(script.scalars.get(awk[2]), word.start)?.value;
    const x = input === undefined ? undefined : Number(input);
    const result = x === undefined || !Number.isFinite(x) ? undefined : evaluateProduct(awk[3], awk[1], x);
    return result === undefined ? undefined : String(result);
  }
  let unbound = false;
  const text = word.value.replace(REFERENCE, (_, name: string) => {
    const v = bindings.get(name) ?? lastBefore(script.scalars.get(name), word.start)?.value;
    if (v === undefined) unbound = true;
    return v ?? '';
  });
  return unbound || text.includes('$(') || text.includes('`') ? undefined : text;
}

/** `a * b / x`: numbers and one variable joined by `*` and `/`, left to right (what the S2 fix writes). */
export function evaluateProduct(expression: string, variable: string, value: number): number | undefined {
  const parts = expression.trim().split(/\s*([*/])\s*/);
  let result: number | undefined;
  for (let k = 0; k < parts.length; k += 2) {
    const operandText = parts[k];
    const operand = operandText === variable ? value : /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(operandText) ? Number(operandText) : undefined;
    if (operand === undefined) return undefined;
    result = k === 0 ? operand : parts[k - 1] === '*' ? (result as number) * operand : (result as number) / operand;
  }
  return result !== undefined && Number.isFinite(result) ? result : undefined;
}

/** A word read as a number, when it is one. */
export function numeric(text: string | undefined): number | undefined {
  if (text === undefined || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text.trim())) return undefined;
  return Number(text);
}
