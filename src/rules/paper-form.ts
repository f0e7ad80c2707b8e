// A λ far below anything used with an lr-scaled AdamW (torch's, optax's, Keras'): 3e-6 multiplied by a
// learning rate of 3e-5 decays by 9e-11 per step, nothing at all. Such values are usual in the paper's
// form (decay η_t·λ per step: Loshchilov & Hutter, composer's DecoupledAdamW), so the likely mistake is
// the convention, and lambda-convention reports it; decay-timescale then has nothing to add.

import type { OptimizerSite } from '../engine/types';

/**
 * λ below this is not a value tuned for α·λ decay: AdamW defaults are 1e-4 … 1e-2, and 1e-5 is about the
 * smallest "light decay" seen in real lr-scaled code; paper-form values go lower (composer's 3e-6, 1e-6).
 */
export const PAPER_FORM_BELOW = 1e-5;

/** The site's α and λ when λ reads like a paper-form value: explicit, tiny, and α·λ negligible over the run. */
export function paperFormValue(site: OptimizerSite, horizon: number): { lr: number; weightDecay: number } | undefined {
  if (site.convention !== 'lr-scaled' && site.convention !== 'lr-squared') return undefined;
  const { lr, weightDecay } = site;
  if (!weightDecay.explicit || weightDecay.annotatedConvention || site.sweep.weightDecays.length > 1) return undefined;
  if (lr.value === undefined || weightDecay.value === undefined) return undefined;
  if (!(weightDecay.value > 0) || weightDecay.value >= PAPER_FORM_BELOW) return undefined;
  // Decay must be negligible over the whole run for "effectively off" to be true.
  if (lr.value * weightDecay.value * horizon >= 1) return undefined;
  return { lr: lr.value, weightDecay: weightDecay.value };
}
