// Which swept parameter names mean the learning rate and which mean λ, and the key under which a
// name is matched against what a training script reads (`--weight-decay`, `optimizer.weight_decay`,
// `config["weight_decay"]` all become `weight_decay`).

/** The matching key of a parameter name: last dotted segment, leading dashes dropped, `-` → `_`, lower case. */
export function parameterKey(name: string): string {
  const last = name.replace(/^[-+~]+/, '').split('.').pop() ?? name;
  return last.replace(/-/g, '_').toLowerCase();
}

const LR_KEYS = new Set(['lr', 'learning_rate', 'learningrate', 'base_lr', 'max_lr', 'peak_lr', 'lr0', 'init_lr']);
const WD_KEYS = new Set(['weight_decay', 'weightdecay', 'wd', 'decay_rate_wd', 'lambda_wd']);

export function isLearningRateName(name: string): boolean {
  return LR_KEYS.has(parameterKey(name));
}

export function isWeightDecayName(name: string): boolean {
  return WD_KEYS.has(parameterKey(name));
}

/**
 * The cheap pre-filter of sweep sources: a file that names neither a learning rate nor λ cannot hold
 * a sweep this engine reports, so it is skipped before any parsing.
 */
export function mayContainSweep(text: string): boolean {
  return /(?<![A-Za-z])(lr|learning[_-]?rate)(?![A-Za-z])/i.test(text);
}
