// Which column is α, which is λ, which is the metric, and whether the metric is minimised: found by name,
// case-insensitively, in the spellings that W&B exports, Optuna's dataframes, Lightning/HF loggers and
// hand-written CSVs use (`lr`, `learning_rate`, `optimizer.lr`, `config/lr`, `params_weight_decay`…).
import type { Direction } from './types';

/** Lower case; `.`, `/`, `-`, `:` and spaces become `_` ("Optimizer.LR" → "optimizer_lr"). */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s./:-]+/g, '_').replace(/^_+|_+$/g, '');
}

/** Prefixes under which loggers and sweep tools file hyperparameters; stripped before matching. */
const HYPERPARAMETER_PREFIXES = ['config', 'configs', 'optimizer', 'optim', 'opt', 'params', 'param', 'parameters', 'hparams',
  'hparam', 'hp', 'hyperparameters', 'args', 'train', 'training', 'trainer', 'solver', 'cfg'];
/** Prefixes under which loggers file final metrics. */
const METRIC_PREFIXES = ['summary', 'metrics', 'metric', 'final', 'best'];

/** α and λ spellings, in order of preference. */
const LR_NAMES = ['lr', 'learning_rate', 'learningrate', 'lr0', 'base_lr', 'peak_lr', 'max_lr', 'initial_lr', 'init_lr'];
const WD_NAMES = ['weight_decay', 'weightdecay', 'wd', 'decay_rate_weight', 'l2_weight_decay'];

/**
 * The metric guessed when no --metric is given: validation losses first, then accuracies, then the
 * generic objective columns (Optuna's dataframe calls it `value`). Normalised spellings.
 */
export const METRIC_GUESSES = ['val_loss', 'valid_loss', 'validation_loss', 'eval_loss', 'dev_loss', 'test_loss', 'loss',
  'train_loss', 'val_accuracy', 'val_acc', 'valid_accuracy', 'validation_accuracy', 'eval_accuracy', 'eval_acc',
  'test_accuracy', 'test_acc', 'accuracy', 'acc', 'objective', 'value', 'score'];

const MINIMIZED_WORDS = new Set(['loss', 'error', 'err', 'perplexity', 'ppl', 'mse', 'mae', 'rmse', 'nll', 'cer', 'wer', 'bpb', 'bpc',
  'regret', 'cost', 'distance']);
const MAXIMIZED_WORDS = new Set(['acc', 'accuracy', 'auc', 'auroc', 'f1', 'precision', 'recall', 'bleu', 'rouge', 'score', 'reward',
  'return', 'map', 'iou', 'dice', 'top1', 'top5', 'r2', 'mcc', 'ndcg', 'spearman', 'pearson', 'correlation']);

function stripPrefixes(normalized: string, prefixes: readonly string[]): { rest: string; stripped: number } {
  let rest = normalized;
  let stripped = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (const prefix of prefixes) {
      if (rest.startsWith(`${prefix}_`) && rest.length > prefix.length + 1) {
        rest = rest.slice(prefix.length + 1);
        stripped++;
        changed = true;
      }
    }
  }
  return { rest, stripped };
}

/** The column among `names` that holds a hyperparameter spelled one of `aliases`, best spelling first. */
function findHyperparameter(names: readonly string[], aliases: readonly string[]): { index: number; others: number[] } | undefined {
  const scored: { index: number; score: number }[] = [];
  names.forEach((name, index) => {
    const { rest } = stripPrefixes(normalizeName(name), HYPERPARAMETER_PREFIXES);
    const rank = aliases.indexOf(rest);
    if (rank >= 0) scored.push({ index, score: rank });
  });
  if (scored.length === 0) return undefined;
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return { index: scored[0].index, others: scored.slice(1).map((s) => s.index) };
}

export const findLrColumn = (names: readonly string[]) => findHyperparameter(names, LR_NAMES);
export const findWeightDecayColumn = (names: readonly string[]) => findHyperparameter(names, WD_NAMES);

/** The column the user named (exact, then case-insensitive, then normalised, then without a summary prefix), or undefined. */
export function findNamedColumn(names: readonly string[], wanted: string): number | undefined {
  const exact = names.indexOf(wanted);
  if (exact >= 0) return exact;
  const lower = wanted.toLowerCase();
  const caseless = names.findIndex((n) => n.toLowerCase() === lower);
  if (caseless >= 0) return caseless;
  const normalized = normalizeName(wanted);
  const loose = names.findIndex((n) => normalizeName(n) === normalized);
  if (loose >= 0) return loose;
  // `eval/accuracy` also names `summary.eval/accuracy` (W&B's and loggers' prefixes for final metrics).
  const unprefixed = names.findIndex((n) => stripPrefixes(normalizeName(n), METRIC_PREFIXES).rest === normalized);
  return unprefixed >= 0 ? unprefixed : undefined;
}

/** The guessed metric column: the first of METRIC_GUESSES present, with or without a summary prefix. */
export function guessMetricColumn(names: readonly string[]): number | undefined {
  const stripped = names.map((n) => stripPrefixes(normalizeName(n), METRIC_PREFIXES).rest);
  for (const guess of METRIC_GUESSES) {
    const index = stripped.indexOf(guess);
    if (index >= 0) return index;
  }
  return undefined;
}

/** Minimised or maximised, from the words of the metric's name; undefined when the name does not say. */
export function directionFromName(name: string): Direction | undefined {
  const words = normalizeName(name).split('_');
  if (words.some((w) => MINIMIZED_WORDS.has(w))) return 'minimize';
  if (words.some((w) => MAXIMIZED_WORDS.has(w))) return 'maximize';
  return undefined;
}

/** A column that says whether the run finished (W&B's State, Optuna dataframe's state). */
export function findStateColumn(names: readonly string[]): number | undefined {
  const index = names.findIndex((n) => ['state', 'status', 'run_state'].includes(normalizeName(n)));
  return index >= 0 ? index : undefined;
}

/** States of runs that did not finish: their metric is partial or missing. */
const UNFINISHED_STATES = new Set(['running', 'crashed', 'failed', 'fail', 'killed', 'pruned', 'waiting', 'preempted', 'preempting',
  'error', 'errored', 'canceled', 'cancelled', 'queued', 'pending', 'aborted']);

export function isUnfinishedState(value: unknown): boolean {
  return typeof value === 'string' && UNFINISHED_STATES.has(value.trim().toLowerCase());
}
