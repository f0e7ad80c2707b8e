// Hydra: `hydra.sweeper.params` in a config file (the basic sweeper's override syntax `1e-4,3e-4`,
// `choice(…)`, `range(…)`, and the Optuna sweeper's `interval(…)` / `tag(log, interval(…))`), and
// the optimizer configs they feed (`_target_: torch.optim.AdamW` with `lr` and `weight_decay`).

import path from 'node:path';
import { isMap, isPair, isScalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Convention, Range } from '../types';
import type { SweepDeclaration, SweptParameter } from './model';
import { getNode, getPair, numberOf, pairSpan, type ParsedYaml } from './yaml-doc';
import { multirunValues } from './shell';
import { numeric } from './shell-expand';
import { lookupApi } from '../catalog';

export function hydraSweeperDeclaration(doc: Document.Parsed, parsed: ParsedYaml, text: string): SweepDeclaration | undefined {
  const sweeper = getNode(getNode(doc.contents, 'hydra'), 'sweeper');
  const paramsPair = isMap(sweeper) ? getPair(sweeper, 'params') : undefined;
  if (!paramsPair || !isMap(paramsPair.value)) return undefined;
  const parameters: SweptParameter[] = [];
  for (const item of paramsPair.value.items) {
    const pair = item as Pair<Node, Node | null>;
    const entry = pairSpan(pair, text);
    const valueRange = pair.value?.range;
    if (!entry || !valueRange || !isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    const written = isScalar(pair.value) ? String(pair.value.value) : '';
    const base = { name, range: parsed.rangeOf(entry[0], entry[1]), valueRange: parsed.rangeOf(valueRange[0], Math.min(valueRange[1], entry[1])) };
    const interval = /^(?:tag\(\s*(log)\s*,\s*)?interval\(\s*([^,]+),\s*([^)]+)\)\)?$/.exec(written.trim());
    if (interval) {
      const [min, max] = [numeric(interval[2]), numeric(interval[3])];
      if (min !== undefined && max !== undefined) parameters.push({ ...base, values: undefined, bounds: { min, max, log: interval[1] === 'log' } });
      continue;
    }
    const values = multirunValues(written.trim()).map(numeric);
    parameters.push({ ...base, values: values.every((v): v is number => v !== undefined) ? values : undefined });
  }
  const start = pairSpan(paramsPair, text) ?? [0, 0];
  const anchor = parsed.rangeOf(start[0], start[0] + 'params'.length);
  return { kind: 'hydra', label: 'Hydra sweeper params', parameters, anchor, definedAt: [anchor] };
}

/** An optimizer a Hydra config instantiates, with its keys. */
export interface TargetOptimizer {
  file: string;
  api: string;
  convention: Convention;
  /** Where the map sits: its parent keys, or the config group folder (`conf/optimizer/adamw.yaml` → `optimizer`). */
  group: string;
  range: Range;
  values: Map<string, { value: number; range: Range }>;
}

/** Every `_target_:` map naming a catalogued optimizer in a YAML file. */
export function targetOptimizers(file: string, docs: Document.Parsed[], parsed: ParsedYaml): TargetOptimizer[] {
  const out: TargetOptimizer[] = [];
  const folder = path.basename(path.dirname(file));
  const visit = (node: unknown, keys: string[]) => {
    if (!isMap(node)) return;
    const target = getNode(node, '_target_');
    const entry = isScalar(target) && typeof target.value === 'string' ? lookupApi('python', target.value) : undefined;
    if (entry && node.range) {
      const values = new Map<string, { value: number; range: Range }>();
      for (const item of (node as YAMLMap).items) {
        if (!isPair(item) || !isScalar(item.key)) continue;
        const value = numberOf(item.value);
        const r = (item.value as Node | null)?.range;
        if (value !== undefined && r) values.set(String(item.key.value), { value, range: parsed.rangeOf(r[0], r[1]) });
      }
      const group = keys.length ? keys.join('.') : folder;
      out.push({ file, api: entry.id, convention: entry.convention, group, range: parsed.rangeOf(node.range[0], node.range[1]), values });
    }
    for (const item of (node as YAMLMap).items) {
      if (isPair(item) && isScalar(item.key)) visit(item.value, [...keys, String(item.key.value)]);
    }
  };
  for (const doc of docs) visit(doc.contents, []);
  return out;
}
