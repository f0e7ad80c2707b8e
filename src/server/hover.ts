// Hover on an optimizer call or on its lr / weight_decay argument: the numbers behind the rules (α, λ,
// per-step decay, τ_iter, τ_epoch) and the λ that means the same decay in the other conventions.

import type { Hover, Position as LspPosition } from 'vscode-languageserver';
import { convertWeightDecay, timescale } from '../engine/decay';
import { formatNumber, formatSteps } from '../engine/format';
import type { AnalysisResult, Convention, OptimizerSite, Range } from '../engine';
import { toLspRange } from './convert';

export const CONVENTION_TEXT: Record<Convention, { name: string; formula: string }> = {
  'lr-scaled': { name: 'lr-scaled (PyTorch / Optax / Keras AdamW)', formula: 'α·λ' },
  'schedule-scaled': { name: "schedule-scaled (the paper's η·λ)", formula: 'η·λ' },
  constant: { name: 'constant (λ per step, whatever the schedule)', formula: 'λ' },
  'lr-squared': { name: 'lr-squared (corrected: α²/α_max·λ)', formula: 'α²/α_max·λ' },
  'coupled-l2': { name: 'coupled L2 (λ·w added to the gradient)', formula: 'none (L2 is preconditioned by Adam)' },
};
const OTHER_CONVENTIONS: Convention[] = ['lr-scaled', 'schedule-scaled', 'constant'];

export function contains(range: Range | undefined, position: LspPosition): boolean {
  if (!range) return false;
  const after = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.column);
  const before = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.column);
  return after && before;
}

function size(range: Range): number {
  return (range.end.line - range.start.line) * 1e6 + (range.end.column - range.start.column);
}

/** α and λ the hover describes: the call's own values, else the reference point of its sweep. */
export function referencePoint(site: OptimizerSite, result: AnalysisResult): { lr?: number; weightDecay?: number; from: string } {
  if (site.lr.value !== undefined && site.weightDecay.value !== undefined) return { lr: site.lr.value, weightDecay: site.weightDecay.value, from: 'at the call' };
  const s1 = result.findings.find((f) => f.rule === 's1-sweep' && f.range.start.line === site.range.start.line && f.range.start.column === site.range.start.column);
  if (s1) return { lr: s1.data.lr, weightDecay: s1.data.weightDecay, from: "at the sweep's reference α" };
  const middle = site.sweep.points[Math.floor(site.sweep.points.length / 2)];
  return { lr: site.lr.value ?? middle?.lr, weightDecay: site.weightDecay.value ?? middle?.weightDecay, from: middle ? "at the sweep's middle point" : 'at the call' };
}

export function row(label: string, value: string): string {
  return `| ${label} | ${value.replace(/\|/g, '\\|')} |`;
}

export function hoverMarkdown(site: OptimizerSite, result: AnalysisResult): string {
  const { lr, weightDecay, from } = referencePoint(site, result);
  const convention = CONVENTION_TEXT[site.convention];
  const rows = [row('convention', convention.name), row('α (learning rate)', lr === undefined ? 'unknown' : formatNumber(lr)),
    row(`λ (weight decay${site.weightDecay.explicit ? '' : ', default'})`, weightDecay === undefined ? 'unknown' : formatNumber(weightDecay))];
  const t = lr !== undefined && weightDecay !== undefined ? timescale(site.convention, lr, weightDecay, site.stepsPerEpoch) : undefined;
  if (site.convention === 'coupled-l2') rows.push(row('per-step decay', convention.formula));
  else if (t) {
    rows.push(row(`per-step decay ${convention.formula}`, formatNumber(t.decayPerStep)), row('τ_iter = 1/decay', `${formatSteps(t.tauIter)} steps`));
    if (t.tauEpoch !== undefined) rows.push(row('τ_epoch = τ_iter / steps per epoch', `${formatNumber(t.tauEpoch)} epochs (${formatSteps(site.stepsPerEpoch!)} steps each)`));
  }
  if (site.totalSteps !== undefined) rows.push(row('training length', `${formatSteps(site.totalSteps)} steps`));
  if (site.sweep.kind !== 'none' && site.sweep.lrs.length) {
    rows.push(row('sweep', `${site.sweep.kind}: α ${formatNumber(site.sweep.lrs[0])} … ${formatNumber(site.sweep.lrs[site.sweep.lrs.length - 1])} (${site.sweep.lrs.length} values)`));
  }
  if (t && lr !== undefined && weightDecay !== undefined) {
    for (const other of OTHER_CONVENTIONS.filter((c) => c !== site.convention)) {
      const same = convertWeightDecay(site.convention, other, lr, weightDecay);
      if (same !== undefined) rows.push(row(`same decay as ${other} λ`, formatNumber(same)));
    }
  }
  const formula = site.convention === 'coupled-l2'
    ? 'Adam with weight_decay adds λ·w to the gradient before the preconditioner: large weights decay least (not AdamW).'
    : `Each step multiplies the weights by (1 − ${convention.formula}); the weights are an average of the last τ_iter = 1/(${convention.formula}) updates.`;
  return [`**${site.api}** (${from})`, '', '| | |', '|---|---|', ...rows, '', formula].join('\n');
}

export function hoverAt(result: AnalysisResult | undefined, position: LspPosition): Hover | null {
  if (!result) return null;
  let best: { site: OptimizerSite; range: Range } | undefined;
  for (const site of result.sites) {
    const anchor = [site.lr.range, site.weightDecay.range, site.calleeRange].find((r) => contains(r, position));
    if (anchor && (!best || size(anchor) < size(best.range))) best = { site, range: anchor };
  }
  if (!best) return null;
  return { contents: { kind: 'markdown', value: hoverMarkdown(best.site, result) }, range: toLspRange(best.range) };
}
