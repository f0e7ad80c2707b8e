// How a run's τ_iter = 1/(per-step decay) is judged against the run, in one place: decay-timescale's
// notes and lambda-convention's default-λ hint say "effectively off" at the same point (seed 003).

import type { EngineConfig } from '../engine/config';
import type { Convention, OptimizerSite } from '../engine/types';

/** The steps τ_iter is judged against: the training's length when the code says it, else `horizonSteps`. */
export function runHorizon(site: OptimizerSite, config: EngineConfig): number {
  return site.totalSteps ?? config.horizonSteps;
}

/** How the per-step decay is written: λ itself in the paper's form and TensorFlow Addons', α·λ otherwise. */
export function perStepFormula(convention: Convention): 'λ' | 'α·λ' {
  return convention === 'schedule-scaled' || convention === 'constant' ? 'λ' : 'α·λ';
}

/** τ_iter beyond 10× the run: more than 90 % of the initialisation is still in the weights at the end. */
export function effectivelyOff(tauIter: number, horizon: number): boolean {
  return tauIter > 10 * horizon;
}

/** A run of at most 1/strongDecayPerStep steps (10 by default): no sane decay could act within it. */
export function tooShortForDecay(horizon: number, config: EngineConfig): boolean {
  return horizon * config.strongDecayPerStep <= 1;
}
