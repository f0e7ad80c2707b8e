// Learning-rate schedules and the per-step coefficients of every weight-decay convention. Shared by the
// float64 reference and the wasm host so both compute exactly the same recurrences.
import type { ScheduleName, Variant } from './types';

export interface StepPlan {
  epochs: number;
  stepsPerEpoch: number;
  /** Warm-up length in steps for 'warmup-cosine'. */
  warmupSteps: number;
}

/** Schedule factor η_t for global step t (0-based) in epoch `epoch`; η ≤ 1 everywhere, η_0 = 1 except during warm-up. */
export function scheduleFactor(schedule: ScheduleName, t: number, epoch: number, plan: StepPlan): number {
  const total = plan.epochs * plan.stepsPerEpoch;
  switch (schedule) {
    case 'constant': return 1;
    case 'sqrt': return 1 / Math.sqrt(epoch + 1);
    case 'cosine': return 0.5 * (1 + Math.cos(Math.PI * t / total));
    case 'warmup-cosine': {
      const warm = Math.min(plan.warmupSteps, total - 1);
      if (t < warm) return (t + 1) / warm;
      return 0.5 * (1 + Math.cos(Math.PI * (t - warm) / Math.max(1, total - warm)));
    }
  }
}

export interface StepCoefficients {
  /** Multiplier of w before the Adam step. */
  decay: number;
  /** The learning rate in force, α·η_t. */
  lr: number;
  /** Coefficient of w added to the gradient (Adam's coupled L2). */
  l2: number;
}

/** How variant `variant` with peak lr α and weight decay λ steps at schedule factor η (max η is 1, so α_max = α). */
export function stepCoefficients(variant: Variant, alpha: number, lambda: number, eta: number): StepCoefficients {
  const lr = alpha * eta;
  switch (variant) {
    case 'pt': return { decay: 1 - lr * lambda, lr, l2: 0 };
    case 'lh': return { decay: 1 - eta * lambda, lr, l2: 0 };
    case 'l2': return { decay: 1, lr, l2: lambda };
    case 'constant': return { decay: 1 - lambda, lr, l2: 0 };
    case 'lr-squared': return { decay: 1 - (lr * lr / alpha) * lambda, lr, l2: 0 };
  }
}

export const BETA1 = 0.9;
export const BETA2 = 0.999;
export const EPS = 1e-8;

/** Minibatches of one epoch: consecutive slices of the permutation; the last one may be shorter. */
export function batchesOf(n: number, batchSize: number): number {
  return Math.ceil(n / batchSize);
}
