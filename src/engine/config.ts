// Engine settings: rule severities, the timescale horizon, the reference-α policy of fixes, and the
// convention assumed for sweeps whose optimizer is not found. The CLI reads them from
// `[tool.adamw-lens]` in pyproject.toml, the language server from the editor's settings.

import type { Convention, Severity } from './types';

export type RuleSetting = Severity | 'off';

/** Every value a rule setting may take, for the CLI's and the language server's validation. */
export const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Every decay convention, for validating `defaultConvention` wherever it is read. */
export const CONVENTIONS: readonly Convention[] = ['lr-scaled', 'schedule-scaled', 'constant', 'lr-squared', 'coupled-l2'];

export interface EngineConfig {
  /** Per-rule severity override, or 'off'. Unlisted rules use their default severity. */
  rules: Record<string, RuleSetting>;
  /** Steps beyond which decay counts as effectively off when the training length is unknown. */
  horizonSteps: number;
  /** Per-step decay α·λ at or above which decay is far too strong. */
  strongDecayPerStep: number;
  /** Where the S2 fix takes its reference learning rate from. */
  referenceLr: 'named-base' | 'sweep-middle';
  /** Convention assumed for a sweep whose optimizer is not found (sweep files, shell loops). */
  defaultConvention: Convention;
  /** Glob patterns (gitignore syntax) of paths to check and to skip. */
  include: string[];
  exclude: string[];
  /** Skip test code (`test_*.py`, `*_test.py`, `conftest.py`, `tests/`): unit tests use odd values on purpose. */
  skipTests: boolean;
}

export const DEFAULT_CONFIG: EngineConfig = {
  rules: {},
  horizonSteps: 1e6,
  strongDecayPerStep: 0.1,
  referenceLr: 'named-base',
  defaultConvention: 'lr-scaled',
  include: [],
  exclude: [],
  skipTests: true,
};

export function withDefaults(partial: Partial<EngineConfig> | undefined): EngineConfig {
  return { ...DEFAULT_CONFIG, ...partial, rules: { ...DEFAULT_CONFIG.rules, ...(partial?.rules ?? {}) } };
}
