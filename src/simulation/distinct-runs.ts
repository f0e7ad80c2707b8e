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
// The comparison is bounded (COMPARISON_BUDGET), so a huge grid or a very long schedule cannot hold up
// the host's thread (the editor's extension host); past the bound, cells run on their own.
import type { Cell, TrainingSetup } from './lockstep';
import { defaultWarmup, stepPlanOf } from './reference';
import { scheduleFactor, stepCoefficients } from './schedule';

export interface DistinctRuns<T> {
  /** One cell per distinct run, in the order of their first cells. */
  runs: T[];
  /** For each cell, the index of its run in `runs`. */
  runOf: Int32Array;
}

/** Decay coefficients compared, at most, over a whole grid: a few milliseconds of the host's thread. */
export const COMPARISON_BUDGET = 1_000_000;

/** The cells of one seed's grid grouped into runs (`n`: training rows, which fix the steps per epoch). */
export function distinctRuns<T extends Cell>(cells: readonly T[], setup: TrainingSetup, n: number): DistinctRuns<T> {
  const runs: T[] = [];
  const runOf = new Int32Array(cells.length);
  const etas = scheduleValues(setup, n, COMPARISON_BUDGET);
  let budget = COMPARISON_BUDGET;
  // Candidates share α and the float32 L2 coefficient and decay at the first schedule value.
  const candidates = new Map<string, number[]>();
  cells.forEach((cell, k) => {
    const key = etas ? `${cell.lr} ${coefficientKey(cell, etas[0])}` : undefined;
    const sameKey = key === undefined ? undefined : candidates.get(key);
    const match = sameKey?.find((run) => {
      if (budget < etas!.length) return false;
      budget -= etas!.length;
      return etas!.every((eta) => decay32(cell, eta) === decay32(runs[run], eta));
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

/** Every value η_t the schedule takes, in order, repeats in a row left out; undefined past `limit` steps. */
function scheduleValues(setup: TrainingSetup, n: number, limit: number): number[] | undefined {
  const plan = stepPlanOf(n, setup.batchSize, setup.epochs, setup.warmupEpochs ?? defaultWarmup(setup.epochs));
  const steps = plan.epochs * plan.stepsPerEpoch;
  if (!(steps <= limit)) return undefined;
  const values: number[] = [];
  for (let t = 0; t < steps; t++) {
    const eta = scheduleFactor(setup.schedule, t, Math.floor(t / plan.stepsPerEpoch), plan);
    if (values.length === 0 || values[values.length - 1] !== eta) values.push(eta);
  }
  return values;
}

/** The float32 decay the kernel gets for `cell` at schedule value η. */
function decay32(cell: Cell, eta: number): number {
  return Math.fround(stepCoefficients(cell.variant, cell.lr, cell.weightDecay, eta).decay);
}

function coefficientKey(cell: Cell, eta: number): string {
  const c = stepCoefficients(cell.variant, cell.lr, cell.weightDecay, eta);
  return `${Math.fround(c.l2)} ${Math.fround(c.decay)}`;
}
