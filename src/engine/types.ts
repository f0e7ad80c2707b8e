// The vocabulary shared by every part of the engine: language front ends produce `OptimizerSite`s,
// rules turn them into `Finding`s, and the CLI, the language server and the tests consume findings.
// Nothing here knows about VS Code; positions are 0-based internally (the CLI prints 1-based lines).

/** How an optimizer's weight decay scales with the learning rate (see docs/conventions.md). */
export type Convention =
  /** decay α_t·λ per step: torch.optim.AdamW, optax.adamw, Keras AdamW ("PT" form). */
  | 'lr-scaled'
  /** decay η_t·λ per step: the paper's form (Loshchilov & Hutter), "LH". */
  | 'schedule-scaled'
  /** decay λ per step whatever the schedule: tensorflow_addons AdamW. */
  | 'constant'
  /** decay α_t²/α_max·λ: timm's corrected weight decay. */
  | 'lr-squared'
  /** λ·w added to the gradient, then preconditioned: Adam(weight_decay=…), SGD, RMSprop… */
  | 'coupled-l2';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type Language = 'python' | 'typescript' | 'yaml' | 'json' | 'shell';

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based column in UTF-16 code units (what LSP and VS Code use). */
  column: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A place in another part of the code that explains a finding (the loop, the list of learning rates…). */
export interface RelatedLocation {
  /** Absolute path or URI of the file; omitted when it is the file being analysed. */
  file?: string;
  range: Range;
  message: string;
}

export type FixKind =
  | 's2-rescale'
  | 'convert-convention'
  | 'rescale-for-lr'
  | 'rescale-for-dataset'
  | 'rescale-for-width'
  | 'suppress';

export interface Fix {
  kind: FixKind;
  title: string;
  /** Edits in the analysed file (or `file` when set on the fix). */
  edits: TextEdit[];
  file?: string;
  isPreferred?: boolean;
  /** Why the fix may change behaviour beyond the intended rescale (shown in docs and CLI output). */
  unsafeReason?: string;
  /**
   * Fixes that need a number from the user (new lr, new dataset size, new width): the editor asks for
   * `input.prompt` and calls the engine's `instantiateFix` with the answer.
   */
  input?: { prompt: string; placeholder?: string; parameter: 'lr' | 'datasetSize' | 'width' };
  /** What an input fix rewrites: the λ expression (and the α expression, for a new learning rate). */
  target?: { weightDecay: { range: Range; value: number }; lr?: { range?: Range; value: number } };
}

export type SweepKind = 'S1' | 'S2' | 'grid' | 'lambda-only' | 'none';

export interface SweepInfo {
  kind: SweepKind;
  /** Distinct α values in the sweep, sorted ascending (resolved points only). */
  lrs: number[];
  /** Distinct λ values in the sweep, sorted ascending. */
  weightDecays: number[];
  /** Every resolved (α, λ) point of the sweep, in iteration order. */
  points: Array<{ lr: number; weightDecay: number }>;
  /** Where the sweep is defined (loop header, list literal, sweep file entry…). */
  source?: RelatedLocation[];
}

/** Machine-readable payload of a finding (JSON output, hovers, the simulation panel). */
export interface FindingData {
  api: string;
  convention: Convention;
  lr?: number;
  weightDecay?: number;
  sweep?: SweepInfo;
  /** Per-step decay α·λ (or the convention's equivalent) at the reference point. */
  decayPerStep?: number;
  tauIter?: number;
  tauEpoch?: number;
  stepsPerEpoch?: number;
  totalSteps?: number;
  [extra: string]: unknown;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  data: FindingData;
  fixes: Fix[];
  related?: RelatedLocation[];
}

/** A note about input the engine skipped or could only partly read (binary file, parse errors…). */
export interface AnalysisNote {
  message: string;
  range?: Range;
  /** In a notebook: the 0-based index of the cell that `range` is relative to. */
  cell?: number;
  /**
   * Set when the engine itself failed (an exception caught around one optimizer call, one rule or one
   * file), as opposed to input it chose to skip: the CLI counts it and `check` exits 3.
   */
  internalError?: {
    /** The optimizer call it happened on (its catalog id), when the failure was confined to one. */
    site?: string;
  };
}

export interface AnalysisResult {
  findings: Finding[];
  notes: AnalysisNote[];
  /** The optimizer calls found, resolved; hovers, CodeLens and the panel use them. */
  sites: OptimizerSite[];
}

// ---------------------------------------------------------------------------------------------
// What language front ends produce.

/** A number the engine could resolve, or `undefined` when it could not (never a guess). */
export type MaybeNumber = number | undefined;

export interface ParamSite {
  /** Whether the argument is written at the call (otherwise the catalog default applies). */
  explicit: boolean;
  /** Range of the argument's value expression at the call, when explicit. */
  range?: Range;
  /** Source text of the value expression, when explicit. */
  text?: string;
  /** The value at the call when it is the same for every sweep point (or the default). */
  value: MaybeNumber;
  /**
   * Where a named constant the value comes from is defined (`weight_decay = 0.05` at module level):
   * fixes may rewrite it there instead of at the call, and the S2 fix takes its reference α from it.
   */
  definition?: {
    name: string; range: Range; text: string; value: MaybeNumber;
    /** The document that holds the definition when it is not the call's (a notebook's earlier cell, by cell id). */
    file?: string;
  };
  /** Set for an object shorthand (`{ weightDecay }`): a rewrite must keep the key (`weightDecay: …`). */
  shorthandKey?: string;
  /** `# adamw-lens: convention=lh` annotation on the value or its definition. */
  annotatedConvention?: Convention;
  /**
   * Set when no argument names the value but something else sets it, or may: a `**kwargs` dict
   * ('kwargs'), parameter groups ('param-groups': groups that set it, or groups the engine cannot see),
   * or writes into `optimizer.param_groups` at run time ('runtime'). `value` is then what was found
   * there (undefined when unknown), never the library default.
   */
  setElsewhere?: 'kwargs' | 'param-groups' | 'runtime';
}

/** A learning-rate schedule attached to the optimizer (scheduler object, optax schedule, Keras schedule). */
export interface ScheduleInfo {
  kind: 'constant' | 'sqrt' | 'cosine' | 'warmup-cosine' | 'linear' | 'step' | 'exponential' | 'other';
  range: Range;
  text: string;
  /** The document that holds the schedule when it is not the call's (a notebook's other cell, by cell id). */
  file?: string;
}

export interface OptimizerSite {
  /** Catalog id, e.g. `torch.optim.AdamW`. */
  api: string;
  convention: Convention;
  language: Language;
  /** Range of the whole call expression. */
  range: Range;
  /** Range of the callee (for CodeLens and hover anchors). */
  calleeRange: Range;
  lr: ParamSite;
  weightDecay: ParamSite;
  /** Sweep the call sits in (after one level of same-file calls). */
  sweep: SweepInfo;
  schedule?: ScheduleInfo;
  /** Steps per epoch and total steps, when the code says (dataset size / batch size, max_iters…). */
  stepsPerEpoch?: number;
  totalSteps?: number;
  /**
   * Parameter groups passed to the optimizer, each with its effective α and λ (its own when it sets them,
   * else the call's): e.g. λ = 0 on biases and norms, or one α per group. Absent for plain parameters.
   */
  paramGroups?: Array<{
    range: Range;
    lr: MaybeNumber;
    weightDecay: MaybeNumber;
    setsLr: boolean;
    setsWeightDecay: boolean;
    /** Set when the groups are defined in another notebook cell (its id). */
    file?: string;
  }>;
  /**
   * Where a keyword argument may be added to the call (Python), read from the syntax tree so that
   * comments, trailing commas and a bare generator argument are respected: insert `separator` and the
   * argument at `at`; with `generator`, the call's only argument is a bare generator expression that
   * must be put in parentheses first (`(` at its start, `)` before the insertion). Absent where no
   * argument may be added safely (a `**kwargs` argument could already set it).
   */
  keywordInsertion?: { at: Position; separator: ', ' | ''; generator?: Range };
  /** Front-end specific facts that a rule needs (optax chain order, timm flags…). */
  facts?: Record<string, unknown>;
}

/** A line-level suppression pragma found in comments. */
export interface Suppressions {
  /** Rules ignored for the whole file (`ignore-file` or `ignore-file[rule]`); '*' for all. */
  file: Set<string>;
  /** 0-based line → rules ignored on that line; '*' for all. */
  lines: Map<number, Set<string>>;
}
