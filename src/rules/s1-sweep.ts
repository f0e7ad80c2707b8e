// s1-sweep: α swept with λ fixed under an optimizer that decays by α·λ (seed 000). The per-step decay
// then moves with α, so the sweep cuts the diagonal valley of the (α, λ) landscape at an angle and
// misses its floor; keeping α·λ fixed (S2) follows the valley.

import type { Rule } from './rule';
import { docsUrl } from './rule';
import { lookupApi } from '../engine/catalog';
import { s2Fix } from '../engine/fixes';
import { formatLiteral, formatNumber } from '../engine/format';
import { middleValue } from '../engine/sweep';
import { reportSweepSource } from './s1-sweep-source';

export const s1Sweep: Rule = {
  meta: {
    name: 's1-sweep',
    defaultSeverity: 'warning',
    description: 'A learning-rate sweep keeps λ fixed although the optimizer decays by α·λ: sweep α·λ-preserving pairs (S2) instead.',
    docsUrl: docsUrl('s1-sweep'),
    fixable: true,
  },
  create(context) {
    return {
      sweepSource(linked) {
        reportSweepSource(context, linked);
      },
      optimizer(site) {
        const { sweep } = site;
        if (sweep.kind !== 'S1') return;
        if (site.convention !== 'lr-scaled' && site.convention !== 'lr-squared') return;
        const wd = sweep.weightDecays[0];
        if (!(wd > 0)) return;
        const lrs = sweep.lrs;
        const lo = lrs[0];
        const hi = lrs[lrs.length - 1];
        const base = site.facts?.namedBaseLr as { name: string; value: number } | undefined;
        const useBase = context.config.referenceLr === 'named-base' && base && base.value >= lo && base.value <= hi;
        const ref = useBase ? base.value : middleValue(lrs);
        const s2 = lrs.map((a) => (wd * ref) / a);
        const shown = s2.length <= 6 ? s2.map(formatNumber).join(', ') : `${s2.slice(0, 3).map(formatNumber).join(', ')}, …, ${formatNumber(s2[s2.length - 1])}`;
        const wdKeyword = lookupApi(site.language, site.api)?.wdParam ?? 'weight_decay';
        const fix = s2Fix(site, wd, useBase ? { text: base.name, value: base.value } : { text: formatLiteral(ref), value: ref }, wdKeyword);
        context.report({
          message:
            `S1 sweep: λ = ${formatNumber(wd)} stays fixed while α goes ${formatNumber(lo)} … ${formatNumber(hi)} (${lrs.length} values), ` +
            `so the per-step decay α·λ varies ${formatNumber(hi / lo)}× (${formatNumber(lo * wd)} … ${formatNumber(hi * wd)}). ` +
            `${site.api} decays by α·λ, so the best λ moves with α. Sweep S2 instead: keep α·λ = ${formatNumber(ref * wd)} ` +
            `(through α = ${formatNumber(ref)}${useBase ? ` = ${base.name}` : ''}) with λ = ${shown} for these α.`,
          range: site.range,
          data: {
            api: site.api, convention: site.convention, lr: ref, weightDecay: wd, sweep,
            decayPerStep: ref * wd, tauIter: 1 / (ref * wd), referenceLr: ref, s2WeightDecays: s2,
            decaySpread: hi / lo,
          },
          fixes: fix ? [fix] : [],
          related: sweep.source,
        });
      },
    };
  },
};
