// What a sweep-source front end (W&B sweep file, Hydra config or override, shell loop…) hands to the
// linker: the swept parameters with where they are written, the script the sweep launches, and how to
// rewrite the source into an S2 sweep in its own idiom.

import type { CommentInfo } from '../pragmas';
import type { AnalysisNote, Convention, Language, Range, TextEdit } from '../types';

export type SweepSourceKind = 'wandb' | 'hydra' | 'shell' | 'makefile' | 'markdown' | 'optuna' | 'ray-tune' | 'experiment';

/** One parameter of a sweep as the source writes it. */
export interface SweptParameter {
  /** The name as written: `lr`, `optimizer.lr`, `--weight-decay`. */
  name: string;
  /** Listed values (one for a fixed value); undefined when they cannot be read as numbers. */
  values: number[] | undefined;
  /** Bounds of a continuous range (`min`/`max`, a distribution), when the source samples instead of listing. */
  bounds?: { min: number; max: number; log: boolean };
  /** Range of the whole entry (its key and value): where a finding about it is placed. */
  range: Range;
  /** Range of the value alone: what a fix rewrites. */
  valueRange: Range;
}

/** The S2 plan a fix writes: λ for each α, keeping α·λ at `reference.lr · weightDecay`. */
export interface S2Plan {
  lrs: number[];
  weightDecay: number;
  reference: number;
  /** λ for each of `lrs`, in order. */
  weightDecays: number[];
  /** α is sampled from a range (`lrs` are its bounds): only a rewrite that derives λ from α applies. */
  continuous: boolean;
}

/** A sweep declared in a source: its parameters, the script it runs, and its idiomatic S2 rewrite. */
export interface SweepDeclaration {
  kind: SweepSourceKind;
  /** Short description for messages: `W&B sweep (grid)`, `shell loop`, `Hydra multirun`. */
  label: string;
  parameters: SweptParameter[];
  /**
   * Explicit (α, λ) pairs when the source pairs them itself (a paired parameter, one loop over pairs):
   * then the points are these and not the product of the parameters.
   */
  pairs?: { lrName: string; weightDecayName: string; points: Array<{ lr: number; weightDecay: number }>; range: Range };
  /**
   * The (α, λ) points of the sweep for the parameters named so, in launch order, when the source
   * enumerates them itself (nested shell loops); λ is undefined where the source does not set it.
   * Without it the linker takes the product of the parameters' values (W&B grid, Hydra multirun).
   */
  enumerate?(lrName: string, weightDecayName: string | undefined): Array<{ lr: number; weightDecay?: number }> | undefined;
  /** The training script the sweep launches, as written (relative paths are resolved by the linker). */
  program?: { path: string; range: Range };
  /** An optimizer the source names by string (`"name": "sgd-m"`), with the update rule that name means. */
  namedOptimizer?: { name: string; label: string; convention: Convention };
  /** An optimizer the source itself configures (Hydra `_target_: torch.optim.AdamW`), by catalog id. */
  inlineOptimizer?: { api: string; range: Range };
  /** Range a finding falls back to when the sweep has no λ entry (the α entry, the loop header). */
  anchor: Range;
  /**
   * Edits that turn this sweep into S2 in the source's own idiom, given the names the script reads;
   * undefined when the source's shape does not allow it.
   */
  s2Edits?(plan: S2Plan, names: { lr: string; weightDecay: string }): { edits: TextEdit[]; note?: string } | undefined;
  /** Where the sweep's values are defined (loop headers, the parameters block), for related information. */
  definedAt: Range[];
}

/** The model of one sweep-source file. */
export interface SourceModel {
  language: Language;
  declarations: SweepDeclaration[];
  comments: CommentInfo[];
  notes: AnalysisNote[];
}
