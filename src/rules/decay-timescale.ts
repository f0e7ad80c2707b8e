// decay-timescale: AdamW's weights are an EMA of recent updates with timescale τ_iter = 1/(α·λ) steps
// (seed 003). When τ_iter is longer than the whole training, decay is effectively off; when α·λ is 0.1
// or more, each step wipes out a tenth of the weights and the EMA forgets almost at once.

import type { Rule } from './rule';
import { docsUrl } from './rule';
import { timescale } from '../engine/decay';
import { formatNumber, formatSteps } from '../engine/format';
import { rescaleFixes } from '../engine/fixes';
import type { OptimizerSite } from '../engine/types';
import { paperFormValue } from './paper-form';
import { defaultWeightDecay } from './default-weight-decay';
import { effectivelyOff, perStepFormula, runHorizon, tooShortForDecay } from './timescale';

type Verdict = 'off' | 'strong' | 'fine';

function judge(decay: number, horizon: number, strong: number): Verdict {
  if (decay >= strong) return 'strong';
  if (1 / decay > horizon) return 'off';
  return 'fine';
}

function pointsOf(site: OptimizerSite): Array<{ lr: number; weightDecay: number }> {
  if (site.sweep.points.length) return site.sweep.points;
  if (site.lr.value !== undefined && site.weightDecay.value !== undefined) return [{ lr: site.lr.value, weightDecay: site.weightDecay.value }];
  return groupPoints(site) ?? [];
}

/**
 * Each decaying parameter group with its own α and λ (modded-nanogpt's lr 0.7 / 0.004 / 0.015 under one
 * λ), when the groups differ; undefined when any of them is unknown: then nothing is said.
 */
function groupPoints(site: OptimizerSite): Array<{ lr: number; weightDecay: number }> | undefined {
  const decaying = site.paramGroups?.filter((g) => g.weightDecay !== 0);
  if (!decaying?.length || decaying.some((g) => g.lr === undefined || g.weightDecay === undefined)) return undefined;
  const distinct = new Map<string, { lr: number; weightDecay: number }>();
  for (const g of decaying) distinct.set(`${g.lr}|${g.weightDecay}`, { lr: g.lr as number, weightDecay: g.weightDecay as number });
  return [...distinct.values()];
}

/** exp(−T/τ) as words: the share of the initialisation left after T steps of decay with timescale τ. */
function remaining(runOverTau: number): string {
  const pct = 100 * Math.exp(-runOverTau);
  if (pct >= 99.5) return 'more than 99 %';
  if (pct < 1) return 'less than 1 %';
  return `about ${Math.round(pct)} %`;
}

/**
 * The λ that brings τ_iter within the run, unless that λ would make decay far too strong at another α of
 * the same sweep (decay-timescale's own threshold): then no single λ serves, and α·λ should be held.
 */
function suggestion(site: OptimizerSite, lrs: number[], worstLr: number, horizon: number, formula: 'λ' | 'α·λ', strong: number): string {
  const within = site.totalSteps !== undefined ? 'the training' : 'the horizon';
  const needed = 1 / (horizon * (formula === 'λ' ? 1 : worstLr));
  const largest = Math.max(...lrs);
  // Reached only with α that differ (a run too short for any single α is not reported): a λ large enough
  // for the smallest α is too strong for the largest.
  if ((formula === 'λ' ? needed : needed * largest) >= strong) {
    return `No single λ brings τ_iter within ${within} at every α of this sweep without making decay far too strong at α = ${formatNumber(largest)} (${formula} ≥ ${formatNumber(strong)}): keep α·λ fixed across the sweep instead (λ ∝ 1/α).`;
  }
  return `λ ≥ ${formatNumber(needed)} brings τ_iter within ${within} (seed 003: the best τ_epoch is a fraction of the run and stays roughly constant across model and dataset size).`;
}

export const decayTimescale: Rule = {
  meta: {
    name: 'decay-timescale',
    defaultSeverity: 'warning',
    description: 'Weight decay is effectively off (τ_iter = 1/(α·λ) longer than the training) or far too strong (α·λ ≥ 0.1 per step).',
    docsUrl: docsUrl('decay-timescale'),
    fixable: true,
  },
  create(context) {
    return {
      optimizer(site) {
        if (site.convention === 'coupled-l2') return;
        // SGD with momentum decays by α·λ/(1−β) through its momentum buffer: α·λ alone would misjudge it.
        if (site.facts?.momentum === true) return;
        const points = pointsOf(site).filter((p) => p.weightDecay > 0 && p.lr > 0);
        if (points.length === 0) return;
        const horizon = runHorizon(site, context.config);
        const judged = points.map((p) => {
          const t = timescale(site.convention, p.lr, p.weightDecay, site.stepsPerEpoch);
          return { p, t, verdict: t ? judge(t.decayPerStep, horizon, context.config.strongDecayPerStep) : 'fine' as Verdict };
        });
        const bad = judged.filter((j) => j.verdict !== 'fine');
        if (bad.length === 0) return;
        if (bad.every((j) => j.verdict === 'off')) {
          // Fine-tuning pretrained weights: staying near them is the point, weak decay is no mistake.
          if (site.facts?.fineTune) return;
          // A paper-form λ: lambda-convention says why decay is off, and how to convert it.
          if (paperFormValue(site, horizon)) return;
          // λ left to the library's default was nobody's choice: lambda-convention's default-λ hint says
          // so, with this timescale (a warning here was noise on demos and benchmarks that never meant decay).
          if (defaultWeightDecay(site) !== undefined) return;
          if (tooShortForDecay(horizon, context.config)) return;
        }
        // A grid or λ-only sweep explores on purpose: its extreme cells are fine when others are not extreme.
        // Parameter groups with their own α are a design too: one λ cannot suit them all, and a group
        // whose decay is fine shows the λ was chosen for it.
        const byGroup = site.sweep.points.length === 0 && points.length > 1;
        const exploring = site.sweep.kind === 'grid' || site.sweep.kind === 'lambda-only' || byGroup;
        if (exploring && bad.length < judged.length) return;
        const worst = bad.reduce((a, b) => (b.verdict === 'strong'
          ? (a.verdict !== 'strong' || (b.t?.decayPerStep ?? 0) > (a.t?.decayPerStep ?? 0) ? b : a)
          : (a.verdict === 'strong' ? a : (b.t?.tauIter ?? 0) > (a.t?.tauIter ?? 0) ? b : a)));
        const t = worst.t!;
        const where = points.length > 1 ? ` ${byGroup ? 'in' : 'at'} ${bad.length} of ${points.length} ${byGroup ? 'parameter groups' : 'sweep points'} (worst: α = ${formatNumber(worst.p.lr)}, λ = ${formatNumber(worst.p.weightDecay)})` : '';
        const epochs = t.tauEpoch !== undefined ? ` = ${formatNumber(t.tauEpoch)} epochs of ${formatSteps(site.stepsPerEpoch!)} steps` : '';
        const length = site.totalSteps !== undefined ? `the ${formatSteps(site.totalSteps)}-step training` : `the ${formatSteps(horizon)}-step horizon (training length unknown)`;
        const formula = perStepFormula(site.convention);
        const farOff = effectivelyOff(t.tauIter, horizon);
        const message = worst.verdict === 'off'
          ? `Weight decay is ${farOff ? 'effectively off' : 'weak'}${where}: ${formula} = ${formatNumber(t.decayPerStep)} per step gives τ_iter = 1/(${formula}) = ${formatSteps(t.tauIter)} steps${epochs}, ` +
            `${formatNumber(t.tauIter / horizon)}× ${length}, so ${remaining(horizon / t.tauIter)} of the initialisation is still in the weights ${site.totalSteps !== undefined ? 'at the end' : `after ${formatSteps(horizon)} steps`} (exp(−T/τ_iter)). ` +
            suggestion(site, points.map((p) => p.lr), worst.p.lr, horizon, formula, context.config.strongDecayPerStep)
          : `Weight decay is far too strong${where}: ${formula} = ${formatNumber(t.decayPerStep)} removes ${formatNumber(t.decayPerStep * 100)} % of the weights every step (τ_iter = ${formatNumber(t.tauIter)} steps${epochs}), so the weights average only the last few updates.`;
        // τ within 10× of the run (or of the horizon when the length is unknown) is a judgement call: the
        // best τ_epoch is a fraction of the run that varies between models (seed 003), and on public
        // repositories these notes were at best debatable. A hint, off the Problems panel's default view.
        const extreme = worst.verdict === 'strong' || farOff;
        context.report({
          message,
          range: site.range,
          severity: extreme ? 'warning' : 'hint',
          data: {
            api: site.api, convention: site.convention, lr: worst.p.lr, weightDecay: worst.p.weightDecay, sweep: site.sweep,
            decayPerStep: t.decayPerStep, tauIter: t.tauIter, tauEpoch: t.tauEpoch, stepsPerEpoch: site.stepsPerEpoch,
            totalSteps: site.totalSteps, verdict: worst.verdict, horizon,
          },
          fixes: rescaleFixes(site),
          related: site.sweep.source,
        });
      },
    };
  },
};
