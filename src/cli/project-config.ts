// `[tool.adamw-lens]` in the nearest pyproject.toml: rule severities, the timescale horizon, and the
// paths to include or exclude. Unknown keys and wrong types are reported, never silently ignored.
//
//   [tool.adamw-lens]
//   horizon-steps = 1e6
//   strong-decay-per-step = 0.1
//   reference-lr = "named-base"        # or "sweep-middle"
//   default-convention = "lr-scaled"   # assumed for sweep files whose optimizer is not found
//   exclude = ["experiments/old/"]
//   skip-tests = true                  # test_*.py, *_test.py, conftest.py, tests/ (false checks them too)
//   [tool.adamw-lens.rules]
//   s1-sweep = "error"                 # error | warning | information | hint | off

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { CONVENTIONS, RULE_SETTINGS, type EngineConfig, type RuleSetting } from '../engine/config';
import type { Convention } from '../engine/types';
import { RULES } from '../engine';


export interface LoadedConfig { config: Partial<EngineConfig>; file?: string; problems: string[] }

export function findPyproject(start: string): string | undefined {
  let dir = path.resolve(start);
  for (let i = 0; i < 40; i++) {
    const candidate = path.join(dir, 'pyproject.toml');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

export function loadConfig(file: string | undefined): LoadedConfig {
  if (!file) return { config: {}, problems: [] };
  const problems: string[] = [];
  let doc: Record<string, unknown>;
  try {
    doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    return { config: {}, file, problems: [`${file}: not valid TOML (${(error as Error).message.split('\n')[0]})`] };
  }
  const section = (doc.tool as Record<string, unknown> | undefined)?.['adamw-lens'] as Record<string, unknown> | undefined;
  if (!section) return { config: {}, file, problems };
  const config: Partial<EngineConfig> = {};
  const positive = (key: string): number | undefined => {
    const v = section[key];
    if (v === undefined) return undefined;
    if (typeof v === 'number' && v > 0 && Number.isFinite(v)) return v;
    problems.push(`${file}: [tool.adamw-lens] ${key} must be a positive number`);
    return undefined;
  };
  const horizon = positive('horizon-steps');
  if (horizon) config.horizonSteps = horizon;
  const strong = positive('strong-decay-per-step');
  if (strong) config.strongDecayPerStep = strong;
  const ref = section['reference-lr'];
  if (ref === 'named-base' || ref === 'sweep-middle') config.referenceLr = ref;
  else if (ref !== undefined) problems.push(`${file}: reference-lr must be "named-base" or "sweep-middle"`);
  const convention = section['default-convention'];
  if (CONVENTIONS.includes(convention as Convention)) config.defaultConvention = convention as Convention;
  else if (convention !== undefined) problems.push(`${file}: default-convention must be one of ${CONVENTIONS.join(', ')}`);
  const skipTests = section['skip-tests'];
  if (typeof skipTests === 'boolean') config.skipTests = skipTests;
  else if (skipTests !== undefined) problems.push(`${file}: skip-tests must be true or false`);
  for (const key of ['include', 'exclude'] as const) {
    const v = section[key];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) config[key] = v as string[];
    else problems.push(`${file}: ${key} must be a list of strings`);
  }
  const rules = section.rules as Record<string, unknown> | undefined;
  if (rules) {
    config.rules = {};
    for (const [name, value] of Object.entries(rules)) {
      if (!RULES.some((r) => r.meta.name === name)) problems.push(`${file}: unknown rule "${name}"`);
      else if (RULE_SETTINGS.includes(value as RuleSetting)) config.rules[name] = value as RuleSetting;
      else problems.push(`${file}: rule ${name} must be one of error, warning, information, hint, off`);
    }
  }
  for (const key of Object.keys(section)) {
    if (!['horizon-steps', 'strong-decay-per-step', 'reference-lr', 'default-convention', 'include', 'exclude', 'skip-tests', 'rules'].includes(key)) problems.push(`${file}: unknown key "${key}" in [tool.adamw-lens]`);
  }
  return { config, file, problems };
}
