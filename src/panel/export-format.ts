// The grid as files: CSV (one row per cell, for spreadsheets and pandas) and JSON (the setting and the
// result), and the S2 sweep's (lr, weight_decay) pairs. Plain functions shared by the page and tests.
import type { Variant } from '../simulation/types';
import type { PanelResult } from './messages';
import type { PanelSetup } from './setup';
import { sweepPath, tauIter } from './sweeps';
import { tunedReference } from './tuning';

const CSV_HEADER = 'variant,lr,weight_decay,lr_times_weight_decay,tau_iter,val_loss,diverged,seeds';

export function gridCsv(result: PanelResult): string {
  const rows = [CSV_HEADER];
  for (const [variant, wds] of Object.entries(result.weightDecays) as [Variant, number[]][]) {
    result.lrs.forEach((lr, i) => wds.forEach((wd, j) => {
      const loss = result.loss[variant]?.[i]?.[j];
      const diverged = result.diverged[variant]?.[i]?.[j] ?? false;
      const tau = tauIter(variant, lr, wd);
      rows.push([variant, lr, wd, Number((lr * wd).toPrecision(12)), tau === undefined ? '' : Number(tau.toPrecision(12)),
        loss === null || loss === undefined ? '' : loss, diverged, result.seedsDone].join(','));
    }));
  }
  return `${rows.join('\n')}\n`;
}

/** The setting (without inline data, which can be large and is the user's own file) and the result. */
export function gridJson(setup: PanelSetup, result: PanelResult): string {
  const { data, ...config } = setup.config;
  const dataSource = data.kind === 'synthetic' ? data : { kind: 'inline', rows: data.b.length, features: data.A[0]?.length ?? 0 };
  return `${JSON.stringify({ title: setup.title, references: setup.references, config: { ...config, data: dataSource }, result }, null, 2)}\n`;
}

/** The S2 sweep drawn on the user's heatmap as (lr, weight_decay) pairs, with α·λ exactly ᾱ·λ̄ (not snapped to the
 * grid), λ̄ being the best λ at ᾱ on the map (tuning.ts). */
export function s2Pairs(setup: PanelSetup, result: PanelResult): [number, number][] {
  const user = setup.references[setup.userVariant];
  if (!user) return [];
  const { reference } = tunedReference(result, setup.userVariant, user);
  const product = reference.lr * reference.weightDecay;
  return sweepPath(result, setup.userVariant, reference, 'S2').map((p) => [p.lr, Number((product / p.lr).toPrecision(12))]);
}
