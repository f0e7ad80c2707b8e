// s1-sweep for sweep sources (W&B sweep files, shell and Makefile loops, README blocks): the finding
// sits on the fixed λ entry of the source (on the α entry when λ comes from the script), names the
// source and the script whose optimizer decays by α·λ, and offers the S2 rewrite in the source's idiom.

import type { RuleContext } from './rule';
import type { LinkedSweep } from '../engine/sources/link';
import type { Fix, RelatedLocation } from '../engine/types';
import { formatNumber } from '../engine/format';
import { middleValue } from '../engine/sweep';

const DECAYS_BY_LR = new Set(['lr-scaled', 'lr-squared']);

export function reportSweepSource(context: RuleContext, linked: LinkedSweep): void {
  const { sweep, declaration, optimizer, continuous } = linked;
  if (sweep.kind !== 'S1' || !DECAYS_BY_LR.has(linked.convention)) return;
  const wd = sweep.weightDecays[0];
  if (!(wd > 0)) return;
  const lrs = sweep.lrs;
  const lo = lrs[0];
  const hi = lrs[lrs.length - 1];
  const ref = middleValue(lrs);
  const s2 = lrs.map((a) => (wd * ref) / a);
  const origin = linked.weightDecayOrigin ? ` (${linked.weightDecayOrigin.description})` : '';
  const alpha = continuous
    ? `α is sampled ${continuous.log ? 'log-uniformly' : 'uniformly'} from ${formatNumber(lo)} … ${formatNumber(hi)}`
    : `α goes ${formatNumber(lo)} … ${formatNumber(hi)} (${lrs.length} values)`;
  const named = declaration.namedOptimizer;
  const why = optimizer
    ? `${feeds(linked, optimizer)} decays by α·λ, so the best λ moves with α.`
    : named
      ? `Its optimizer "${named.name}" (${named.label}) decays by α·λ, so the best λ moves with α.`
      : `No optimizer found for it (${linked.unlinkedReason ?? 'not linked'}): assuming the ${linked.convention} convention ` +
      `(the defaultConvention setting; lr-scaled is the PyTorch and Optax behaviour), under which the best λ moves with α.`;
  const shown = s2.length <= 6 ? s2.map(formatNumber).join(', ') : `${s2.slice(0, 3).map(formatNumber).join(', ')}, …, ${formatNumber(s2[s2.length - 1])}`;
  const alternative = continuous
    ? `Sweep S2 instead: keep α·λ = ${formatNumber(ref * wd)} (through α = ${formatNumber(ref)}), i.e. λ = ${formatNumber(ref * wd)}/α, from ${formatNumber(s2[0])} down to ${formatNumber(s2[s2.length - 1])} across the range.`
    : `Sweep S2 instead: keep α·λ = ${formatNumber(ref * wd)} (through α = ${formatNumber(ref)}) with λ = ${shown} for these α.`;
  const message = `S1 sweep in ${linked.display} (${declaration.label}): λ = ${formatNumber(wd)}${origin} stays fixed while ${alpha}, ` +
    `so the per-step decay α·λ varies ${formatNumber(hi / lo)}× (${formatNumber(lo * wd)} … ${formatNumber(hi * wd)}). ${why} ${alternative}`;
  const related: RelatedLocation[] = [...(sweep.source ?? [])];
  if (optimizer) related.push({ file: optimizer.file, range: optimizer.range, message: `${optimizer.api} built here from the swept learning rate` });
  if (linked.weightDecayOrigin) related.push({ file: linked.weightDecayOrigin.file, range: linked.weightDecayOrigin.range, message: `λ = ${formatNumber(wd)} comes from here` });
  context.report({
    message,
    range: linked.weightDecayParameter?.range ?? linked.lrParameter.range,
    data: {
      api: optimizer?.api ?? 'unknown', convention: linked.convention, lr: ref, weightDecay: wd, sweep,
      decayPerStep: ref * wd, tauIter: 1 / (ref * wd), referenceLr: ref, s2WeightDecays: s2, decaySpread: hi / lo,
      source: declaration.kind, linkedFile: optimizer?.file, assumedConvention: optimizer || named ? undefined : linked.convention,
    },
    fixes: s2Fixes(linked, wd, ref, s2),
    related,
  });
}

/** How the message names the optimizer: in the script the sweep runs, in this file, or in a Hydra config. */
function feeds(linked: LinkedSweep, optimizer: NonNullable<LinkedSweep['optimizer']>): string {
  const line = `(line ${optimizer.range.start.line + 1})`;
  const sameFile = linked.declaration.kind === 'optuna' || linked.declaration.kind === 'ray-tune';
  if (sameFile) return `It feeds ${optimizer.api} ${line}, which`;
  if (optimizer.site) return `It runs ${optimizer.display}, whose ${optimizer.api} ${line}`;
  return `It feeds ${optimizer.display}, where Hydra instantiates ${optimizer.api} ${line}, which`;
}

function s2Fixes(linked: LinkedSweep, wd: number, reference: number, weightDecays: number[]): Fix[] {
  const rewrite = linked.declaration.s2Edits?.(
    { lrs: linked.sweep.lrs, weightDecay: wd, reference, weightDecays, continuous: linked.continuous !== undefined },
    { lr: linked.lrParameter.name, weightDecay: linked.weightDecayParameter?.name ?? linked.weightDecayName },
  );
  if (!rewrite || rewrite.edits.length === 0) return [];
  return [{
    kind: 's2-rescale',
    title: `Sweep S2: pair each α with λ = ${formatNumber(wd)}·${formatNumber(reference)}/α`,
    edits: rewrite.edits,
    isPreferred: true,
    unsafeReason: rewrite.note
      ? `${rewrite.note}; λ changes at every point except α = ${formatNumber(reference)}`
      : `changes λ at every sweep point except α = ${formatNumber(reference)}: results of earlier runs are not comparable`,
  }];
}
