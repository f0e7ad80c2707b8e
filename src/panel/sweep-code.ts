// "Copy S2 sweep as code": the (lr, weight_decay) pairs of the S2 sweep as a literal the user can paste
// into the file the simulation came from (a Python list of tuples, or a TypeScript array).
import { formatLiteral } from '../engine/format';
import type { CodeLanguage } from './setup';

export function sweepAsCode(pairs: readonly (readonly [number, number])[], language: CodeLanguage): string {
  const product = pairs.length > 0 ? formatLiteral(pairs[0][0] * pairs[0][1]) : '';
  if (language === 'typescript') {
    const rows = pairs.map(([lr, wd]) => `  { lr: ${formatLiteral(lr)}, weightDecay: ${formatLiteral(wd)} },`);
    return [`// S2 sweep: lr · weight_decay = ${product} at every point (AdamW Lens)`,
      'const lrWeightDecaySweep: { lr: number; weightDecay: number }[] = [', ...rows, '];', ''].join('\n');
  }
  const rows = pairs.map(([lr, wd]) => `    (${formatLiteral(lr)}, ${formatLiteral(wd)}),`);
  return [`# S2 sweep: lr * weight_decay = ${product} at every point (AdamW Lens)`,
    'lr_weight_decay_sweep = [', ...rows, ']', ''].join('\n');
}
