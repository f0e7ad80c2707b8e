// The simulator's public types, shared by the Node host, the webview worker, the CLI and the panel.

/** pt: torch AdamW (decay α_t·λ); lh: the paper's form (η_t·λ); l2: Adam with λ·w in the gradient;
 * constant: decay λ per step (TensorFlow Addons); lr-squared: decay α_t²/α_max·λ (timm corrected). */
export type Variant = 'pt' | 'lh' | 'l2' | 'constant' | 'lr-squared';
export const VARIANTS: readonly Variant[] = ['pt', 'lh', 'l2', 'constant', 'lr-squared'];

export type ScheduleName = 'constant' | 'sqrt' | 'cosine' | 'warmup-cosine';

export type DataSource =
  /** The seed's synthetic generator (docs/simulation.md). */
  | { kind: 'synthetic'; n: number; d: number; noise: number }
  /** Explicit data in the layout of test/fixtures/adamw-golden.json (row-major arrays). */
  | { kind: 'inline'; A: number[][]; b: number[]; A_val: number[][]; b_val: number[]; order?: number[][] };

export interface SimConfig {
  variants: Variant[];
  schedule: ScheduleName;
  /** Warm-up length in epochs for 'warmup-cosine'. */
  warmupEpochs?: number;
  /** Learning rates α, the rows of every heatmap. */
  lrs: number[];
  /** λ values per variant, the columns of that variant's heatmap. */
  weightDecays: Partial<Record<Variant, number[]>>;
  epochs: number;
  batchSize: number;
  /** Number of runs (seeds) averaged per cell. */
  seeds: number;
  /** Index of the first run seed (data, validation set and minibatch order of run s come from seed firstSeed + s); default 0. */
  firstSeed?: number;
  data: DataSource;
  /** Worker threads; defaults to the number of cores. */
  threads?: number;
}

export interface SimResult {
  config: SimConfig;
  lrs: number[];
  weightDecays: Partial<Record<Variant, number[]>>;
  /** Final validation loss averaged over the seeds that did not diverge: loss[variant][lrIndex][wdIndex]. */
  loss: Partial<Record<Variant, number[][]>>;
  /** A cell is diverged when any of its seeds produced a non-finite or exploding loss. */
  diverged: Partial<Record<Variant, boolean[][]>>;
  /** How many seeds the averages are over so far (partial results while streaming). */
  seedsDone: number;
  seconds: number;
  /** Final weights, for a single-cell run on user data (`--data` with one α and one λ). */
  weights?: Partial<Record<Variant, number[]>>;
}

export interface SimProgress {
  seedsDone: number;
  seedsTotal: number;
  /** Results over the seeds finished so far. */
  partial: SimResult;
}

export interface SimOptions {
  onProgress?: (progress: SimProgress) => void;
  signal?: AbortSignal;
  /** With a first seed computed ahead: the workers start on the other seeds once this settles (the panel's
   * page is up), so that they do not take the cores that build the page showing that seed. */
  restAfter?: Promise<unknown>;
}
