// The `adamwLens.*` settings, as the client sends them (VS Code nests dotted keys: `rules.s1-sweep`
// arrives as `{ rules: { "s1-sweep": … } }`), validated and mapped to the engine's `EngineConfig`.
// Anything malformed falls back to the default for that one setting: a typo must not switch the server off.

import { CONVENTIONS, DEFAULT_CONFIG, RULE_SETTINGS, type EngineConfig, type RuleSetting } from '../engine/config';
import type { Convention } from '../engine';
import { RULES } from '../rules';
import { DEFAULT_LANGUAGES } from './protocol';

export interface ServerSettings {
  engine: EngineConfig;
  /** Entries of `adamwLens.languages`: LSP language ids, plus `notebook` for notebook cells. */
  languages: Set<string>;
}


export const DEFAULT_SETTINGS: ServerSettings = { engine: DEFAULT_CONFIG, languages: new Set(DEFAULT_LANGUAGES) };

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Also accepts flat keys (`"rules.s1-sweep": "off"`), which editors other than VS Code tend to send. */
function ruleSettings(section: Record<string, unknown>): Record<string, RuleSetting> {
  const nested = isRecord(section.rules) ? section.rules : {};
  const rules: Record<string, RuleSetting> = {};
  for (const { meta } of RULES) {
    const value = nested[meta.name] ?? section[`rules.${meta.name}`];
    if (RULE_SETTINGS.includes(value as RuleSetting)) rules[meta.name] = value as RuleSetting;
  }
  return rules;
}

export function parseSettings(raw: unknown): ServerSettings {
  if (!isRecord(raw)) return DEFAULT_SETTINGS;
  const languages = Array.isArray(raw.languages) ? raw.languages.filter((l): l is string => typeof l === 'string') : DEFAULT_LANGUAGES;
  return {
    engine: {
      ...DEFAULT_CONFIG,
      rules: ruleSettings(raw),
      horizonSteps: positive(raw.horizonSteps, DEFAULT_CONFIG.horizonSteps),
      strongDecayPerStep: positive(raw.strongDecayPerStep, DEFAULT_CONFIG.strongDecayPerStep),
      referenceLr: raw.referenceLr === 'sweep-middle' || raw.referenceLr === 'named-base' ? raw.referenceLr : DEFAULT_CONFIG.referenceLr,
      defaultConvention: CONVENTIONS.includes(raw.defaultConvention as Convention)
        ? raw.defaultConvention as Convention : DEFAULT_CONFIG.defaultConvention,
      skipTests: typeof raw.skipTests === 'boolean' ? raw.skipTests : DEFAULT_CONFIG.skipTests,
    },
    languages: new Set(languages),
  };
}
