// The S2 rewrite of a launch loop in its own idiom: λ computed from the loop's α with awk, which runs
// in plain sh (no bash arithmetic, which is integer-only). In a Makefile every `$` is written `$$`.

import type { Range, TextEdit } from '../types';
import type { S2Plan } from './model';
import type { ShellArgument, ShellFlavor } from './shell';
import { formatLiteral } from '../format';

/** `"$(awk -v lr="$lr" 'BEGIN { print 0.05 * 3e-4 / lr }')"` for the α word `$lr`. */
export function awkExpression(lrWord: string, plan: S2Plan, flavor: ShellFlavor): string {
  const expression = `"$(awk -v lr="${lrWord}" 'BEGIN { print ${formatLiteral(plan.weightDecay)} * ${formatLiteral(plan.reference)} / lr }')"`;
  return flavor === 'makefile' ? expression.replace(/\$/g, '$$$$') : expression;
}

export function shellS2Edits(
  plan: S2Plan, names: { lr: string; weightDecay: string }, lrArg: ShellArgument | undefined, wdArg: ShellArgument | undefined,
  flavor: ShellFlavor, rangeOf: (start: number, end: number) => Range,
): { edits: TextEdit[] } | undefined {
  if (!lrArg?.value) return undefined;
  // The α word as the shell sees it (`$lr`, `${lr}`): only a plain variable reference can feed awk.
  const reference = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(lrArg.value.value);
  if (!reference) return undefined;
  const awk = awkExpression(`$${reference[1]}`, plan, flavor);
  if (wdArg?.value) return { edits: [{ range: rangeOf(wdArg.value.start, wdArg.value.end), newText: awk }] };
  const end = rangeOf(lrArg.value.end, lrArg.value.end);
  const flag = lrArg.override ? `${names.weightDecay}=` : `${names.weightDecay} `;
  return { edits: [{ range: end, newText: ` ${flag}${awk}` }] };
}
