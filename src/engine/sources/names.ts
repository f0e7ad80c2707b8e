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

const LR_WORD = '(?:lr|learning[_-]?rate|base[_-]?lr|max[_-]?lr|peak[_-]?lr|init[_-]?lr|lr0)';
const SWEEP_MENTION = new RegExp(`(?<![A-Za-z0-9])${LR_WORD}["']?\\s*[:=]|--${LR_WORD}(?![A-Za-z0-9])|\\bfor\\s+\\w*lr\\w*\\s+in\\b`, 'i');

/**
 * The cheap pre-filter of sweep sources: a sweep sets a learning rate as a key (`lr:`, `"lr":`), an
 * option or override (`--lr`, `optimizer.lr=`) or a loop variable (`for lr in`). A file without such a
 * mention cannot hold a sweep this engine reports, so it is skipped before any parsing.
 */
export function mayContainSweep(text: string): boolean {
  return SWEEP_MENTION.test(text);
}

const JSON_KEY_BEFORE_LIST = /"((?:[^"\\\n]|\\.)*)"\s*:\s*\[/g;

function jsonKey(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * The JSON pre-filter, after `mayContainSweep`: a JSON sweep is a W&B `"parameters"` map, a Hydra
 * `"hydra"` block, or an experiment config whose learning-rate key holds a list. Result and log files
 * (step-back's outputs repeat `"lr": 0.01` in every record, up to megabytes of them) have none of these
 * and are rejected before any parsing.
 */
export function mayContainJsonSweep(text: string): boolean {
  if (text.includes('"parameters"') || text.includes('"hydra"')) return true;
  for (const m of text.matchAll(JSON_KEY_BEFORE_LIST)) if (isLearningRateName(jsonKey(m[1]))) return true;
  return false;
}

/** Sweep files are small; larger YAML/JSON/shell files are data, lock files or logs, and are not parsed. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
