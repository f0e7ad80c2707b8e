// Hover on a sweep source (W&B file, shell loop, Makefile, README block): a sweep file has no optimizer
// call of its own, so the numbers come from the s1-sweep finding there: the reference α, the fixed λ,
// the per-step decay and τ_iter under the linked optimizer's convention, and which script it runs.

import path from 'node:path';
import type { Hover, Position as LspPosition } from 'vscode-languageserver';
import { timescale } from '../engine/decay';
import { formatNumber, formatSteps } from '../engine/format';
import type { AnalysisResult, Finding, Range } from '../engine';
import { toLspRange } from './convert';
import { escapeMarkdown } from './markdown';
import { contains, CONVENTION_TEXT, row } from './hover';

/** The λ entry the finding sits on, or a block of swept values in this same file. */
function anchorOf(finding: Finding, file: string | undefined, position: LspPosition): Range | undefined {
  if (contains(finding.range, position)) return finding.range;
  const here = (finding.related ?? []).filter((r) => r.file !== undefined && file !== undefined && path.resolve(r.file) === path.resolve(file));
  return here.find((r) => r.message.endsWith('values swept here') && contains(r.range, position))?.range;
}

function linkedTo(finding: Finding, file: string | undefined): string {
  const linked = typeof finding.data.linkedFile === 'string' ? finding.data.linkedFile : undefined;
  if (!linked) return `no optimizer found: ${finding.data.convention} assumed (defaultConvention setting)`;
  const shown = file ? path.relative(path.dirname(file), linked) : path.basename(linked);
  return escapeMarkdown(shown.split(path.sep).join('/'));
}

export function sweepHoverMarkdown(finding: Finding, file: string | undefined): string {
  const { convention, lr, weightDecay, sweep, api } = finding.data;
  const text = CONVENTION_TEXT[convention];
  const rows = [row('convention', text.name), row('linked to', linkedTo(finding, file))];
  if (lr !== undefined) rows.push(row('α (learning rate)', formatNumber(lr)));
  if (weightDecay !== undefined) rows.push(row('λ (weight decay)', formatNumber(weightDecay)));
  const t = lr !== undefined && weightDecay !== undefined ? timescale(convention, lr, weightDecay) : undefined;
  if (t) rows.push(row(`per-step decay ${text.formula}`, formatNumber(t.decayPerStep)), row('τ_iter = 1/decay', `${formatSteps(t.tauIter)} steps`));
  if (sweep?.lrs.length) {
    rows.push(row('sweep', `${sweep.kind}: α ${formatNumber(sweep.lrs[0])} … ${formatNumber(sweep.lrs[sweep.lrs.length - 1])} (${sweep.lrs.length} values), λ fixed`));
  }
  const s2 = finding.data.s2WeightDecays as number[] | undefined;
  if (s2?.length) rows.push(row('S2 λ for these α', s2.map(formatNumber).join(', ')));
  return [`**${api === 'unknown' ? 'sweep' : api}** (at the sweep's reference α)`, '', '| | |', '|---|---|', ...rows].join('\n');
}

/** The hover for a position in a sweep source, from the findings that carry the sweep's numbers. */
export function sweepHoverAt(result: AnalysisResult | undefined, file: string | undefined, position: LspPosition): Hover | null {
  for (const finding of result?.findings ?? []) {
    if (finding.rule !== 's1-sweep') continue;
    const anchor = anchorOf(finding, file, position);
    if (anchor) return { contents: { kind: 'markdown', value: sweepHoverMarkdown(finding, file) }, range: toLspRange(anchor) };
  }
  return null;
}
