// Cells that train the same weights are computed once.
//
// A cell's run is fixed by the numbers the kernel gets for it at every step: its decay, step and L2
// coefficients, in float32 (lockstep.ts). The data and the minibatch order are the seed's, and the
// kernel's lanes never mix cells, so two cells with the same float32 coefficients at every step end
// with the same loss, bit for bit, whichever column computes them.
//
// The conventions reparameterise each other: this is the seed's point. LH at (α, λ) decays by η_t·λ,
// and PT at (α, λ/α) decays by α·η_t·λ/α, the same number. So the grids of two variants share runs
// wherever their λ values line up on the α·λ diagonals. seed-fig3's PT and LH grids (200 cells) hold
// 129 distinct runs: the panel and `simulate` compute 129 columns instead of 200.
//
// Two cells are merged only when that is certain:
// - they have the same α (so the same α·η_t/(1−β1^t) step at every step);
// - they have the same float32 L2 coefficient (it does not depend on the step);
// - they have the same float32 decay for every value η_t that the schedule takes.
// Cells whose numbers differ by one float32 rounding stay apart (2 of seed-fig3's diagonal pairs).
// The comparison is bounded (STEP_LIMIT, COMPARISON_BUDGET), so a huge grid or a very long schedule cannot
// hold up the host's thread (the editor's extension host) for more than some 40 ms, once per run (5 000 cells
// on a 50 000-step cosine schedule); past the bounds, cells run on their own. The schedule's values are
// listed only when two cells are candidates for one run.
import type { Cell, TrainingSetup } from './lockstep';
import { stepPlanOf } from './reference';
import { scheduleFactor, stepCoefficients, type StepPlan } from './schedule';

export interface DistinctRuns<T> {
  /** One cell per distinct run, in the order of their first cells. */
  runs: T[];
  /** For each cell, the index of its run in `runs`. */
  runOf: Int32Array;
}

/** Longest schedule whose values are listed for a comparison (seed-fig3: 500 steps). */
export const STEP_LIMIT = 50_000;
/** Decays compared, at most, over a whole grid (seed-fig3: 71 comparisons of one value each; under a cosine
 * schedule, of 500). */
export const COMPARISON_BUDGET = 50_000;

/** The cells of one seed's grid grouped into runs (`n`: training rows, which fix the steps per epoch). */
export function distinctRuns<T extends Cell>(cells: readonly T[], setup: TrainingSetup, n: number): DistinctRuns<T> {
  const runs: T[] = [];
  const runOf = new Int32Array(cells.length);
  const plan = stepPlanOf(n, setup.batchSize, setup.epochs, setup.warmupEpochs);
  const steps = plan.epochs * plan.stepsPerEpoch;
  const alone = !(steps <= STEP_LIMIT);
  const firstEta = scheduleFactor(setup.schedule, 0, 0, plan);
  let etas: number[] | undefined;
  let budget = COMPARISON_BUDGET;
  // Candidates share α and the float32 L2 coefficient and decay at the first step.
  const candidates = new Map<string, number[]>();
  cells.forEach((cell, k) => {
    const key = alone ? undefined : `${cell.lr} ${coefficientKey(cell, firstEta)}`;
    const sameKey = key === undefined ? undefined : candidates.get(key);
    const match = sameKey?.find((run) => {
      etas ??= scheduleValues(setup, plan, steps);
      if (budget < etas.length) return false;
      budget -= etas.length;
      return etas.every((eta) => decay32(cell, eta) === decay32(runs[run], eta));
    });
    if (match !== undefined) {
      runOf[k] = match;
      return;
    }
    runOf[k] = runs.length;
    if (sameKey) sameKey.push(runs.length);
    else if (key !== undefined) candidates.set(key, [runs.length]);
    runs.push(cell);
  });
  return { runs, runOf };
}

/** Every value η_t the schedule takes over its `steps` steps, in order, repeats in a row left out. */
function scheduleValues(setup: TrainingSetup, plan: StepPlan, steps: number): number[] {
  const values: number[] = [];
  for (let t = 0; t < steps; t++) {
    const eta = scheduleFactor(setup.schedule, t, Math.floor(t / plan.stepsPerEpoch), plan);
    if (values.length === 0 || values[values.length - 1] !== eta) values.push(eta);
  }
  return values;
}

function decay32(cell: Cell, eta: number): number {
  return Math.fround(stepCoefficients(cell.variant, cell.lr, cell.weightDecay, eta).decay);
}

function coefficientKey(cell: Cell, eta: number): string {
  const c = stepCoefficients(cell.variant, cell.lr, cell.weightDecay, eta);
  return `${Math.fround(c.l2)} ${Math.fround(c.decay)}`;
}
