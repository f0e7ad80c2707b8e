// The arithmetic of weight decay under each convention: how much a step shrinks the weights, the EMA
// timescale τ_iter = 1/decay (seed 003), and the λ that means the same decay in another convention.

import type { Convention } from './types';

/**
 * Fraction of the weights removed per step at peak learning rate α (schedule factor η = 1):
 * lr-scaled α·λ; schedule-scaled λ (η·λ); constant λ; lr-squared α²/α_max·λ = α·λ at the peak.
 * Coupled L2 has no decoupled decay: undefined.
 */
export function decayPerStep(convention: Convention, lr: number, weightDecay: number): number | undefined {
  switch (convention) {
    case 'lr-scaled': case 'lr-squared': return lr * weightDecay;
    case 'schedule-scaled': case 'constant': return weightDecay;
    case 'coupled-l2': return undefined;
  }
}

/** λ that gives `decay` per step at α under `convention`. */
export function weightDecayFor(convention: Convention, lr: number, decay: number): number | undefined {
  switch (convention) {
    case 'lr-scaled': case 'lr-squared': return decay / lr;
    case 'schedule-scaled': case 'constant': return decay;
    case 'coupled-l2': return undefined;
  }
}

/** The same per-step decay expressed in another convention (at α). */
export function convertWeightDecay(from: Convention, to: Convention, lr: number, weightDecay: number): number | undefined {
  const d = decayPerStep(from, lr, weightDecay);
  return d === undefined ? undefined : weightDecayFor(to, lr, d);
}

export interface Timescale {
  decayPerStep: number;
  tauIter: number;
  tauEpoch?: number;
}

export function timescale(convention: Convention, lr: number, weightDecay: number, stepsPerEpoch?: number): Timescale | undefined {
  const d = decayPerStep(convention, lr, weightDecay);
  if (d === undefined || !(d > 0)) return undefined;
  const tauIter = 1 / d;
  return { decayPerStep: d, tauIter, tauEpoch: stepsPerEpoch ? tauIter / stepsPerEpoch : undefined };
}
