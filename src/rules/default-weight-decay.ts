// λ left to the library's default: weight_decay is not written at the call, nor set through **kwargs or
// parameter groups. Nobody chose it, so "decay is effectively off" is no mistake of the author's to warn
// about: lambda-convention notes the default as a hint (with its timescale when decay does little), and
// decay-timescale leaves such calls to it.

import { lookupApi } from '../engine/catalog';
import type { OptimizerSite } from '../engine/types';

/** The default λ the site runs with, or undefined when its λ is set (or the API has no decaying default). */
export function defaultWeightDecay(site: OptimizerSite): number | undefined {
  if (site.weightDecay.explicit || site.weightDecay.setElsewhere) return undefined;
  if (site.convention === 'coupled-l2' || site.api === 'optax.chain') return undefined;
  const wd = lookupApi(site.language, site.api)?.defaults.weightDecay;
  return wd ? wd : undefined;
}
