// Search spaces written in Python: Optuna objectives (`lr = trial.suggest_float("lr", 1e-5, 1e-2,
// log=True)`) and Ray Tune param spaces (`{"lr": tune.loguniform(1e-4, 1e-1), "weight_decay": 0.05}`)
// feeding an optimizer call of the same file. Each becomes a sweep declaration whose optimizer is that
// call; λ is fixed when the call's λ is not itself suggested or sampled.

import { parsePython } from './parser';
import { rangeOf, stringLiteralValue, type Node } from './syntax';
import type { OptimizerSite, Range } from '../types';
import type { SweepDeclaration, SweptParameter } from '../sources/model';
import { readKey } from './script-index';
import { formatLiteral } from '../format';
import { operand, rewriteWeightDecay } from '../fixes';
import { lookupApi } from '../catalog';

const OPTUNA = /\.suggest_(float|uniform|loguniform|categorical|discrete_uniform)\s*\(/g;
const RAY = /\btune\.(grid_search|choice|uniform|loguniform|quniform|qloguniform)\s*\(/g;
const WANDB = /\bwandb\.sweep\s*\(/g;

/** A sampled value: what it is called, its values or bounds, where it is written. */
interface Sampled { name: string; values?: number[]; bounds?: { min: number; max: number; log: boolean }; range: Range }

export interface SearchSpaceSweep {
  site: OptimizerSite;
  declaration: SweepDeclaration;
  lr: SweptParameter;
  /** The fixed λ entry (the search-space entry or the call's argument). */
  weightDecay: SweptParameter;
}

export function mayContainSearchSpace(text: string): boolean {
  return text.includes('.suggest_') || text.includes('tune.') || text.includes('wandb.sweep');
}

export function searchSpaceSweeps(text: string, sites: OptimizerSite[]): SearchSpaceSweep[] {
  if (sites.length === 0 || !mayContainSearchSpace(text)) return [];
  const tree = parsePython(text);
  try {
    const out: SearchSpaceSweep[] = [];
    const optuna = new Map<string, Sampled>();
    for (const call of callsMatching(tree.rootNode, text, OPTUNA)) {
      const sampled = optunaSample(call);
      const target = call.parent?.type === 'assignment' ? call.parent.childForFieldName('left') : undefined;
      if (sampled && target?.type === 'identifier') optuna.set(target.text, sampled);
    }
    const ray = new Map<string, { sampled: Sampled; dict: Node }>();
    for (const call of callsMatching(tree.rootNode, text, RAY)) {
      const pair = call.parent?.type === 'pair' ? call.parent : undefined;
      const key = pair?.childForFieldName('key');
      const name = key && stringLiteralValue(key);
      const sampled = name ? raySample(call, name) : undefined;
      if (sampled && pair?.parent) ray.set(name as string, { sampled: { ...sampled, range: rangeOf(pair) }, dict: pair.parent });
    }
    const wandb = wandbParameters(tree.rootNode, text);
    for (const site of sites) {
      const lrText = site.lr.text?.trim() ?? '';
      const w = wandb.get(readKey(lrText) ?? '');
      if (w && /config/.test(lrText)) {
        const sweep = wandbSweep(site, w, wandb);
        if (sweep) out.push(sweep);
        continue;
      }
      const o = optuna.get(lrText);
      if (o && !optuna.has(site.weightDecay.text?.trim() ?? '')) {
        const sweep = optunaSweep(site, o, text);
        if (sweep) out.push(sweep);
        continue;
      }
      const key = readKey(lrText);
      const r = key && /\[|\.get\(/.test(lrText) ? ray.get(key) : undefined;
      if (r) {
        const sweep = raySweep(site, r.sampled, r.dict, text);
        if (sweep) out.push(sweep);
      }
    }
    return out;
  } finally {
    tree.delete();
  }
}

function callsMatching(root: Node, text: string, pattern: RegExp): Node[] {
  const calls: Node[] = [];
  for (const m of text.matchAll(pattern)) {
    let n: Node | null = root.descendantForIndex((m.index ?? 0) + 1, (m.index ?? 0) + 2);
    while (n && n.type !== 'call') n = n.parent;
    if (n) calls.push(n);
  }
  return calls;
}

function args(call: Node): { positional: Node[]; keywords: Map<string, Node> } {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!a) continue;
    if (a.type === 'keyword_argument') {
      const k = a.childForFieldName('name')?.text;
      const v = a.childForFieldName('value');
      if (k && v) keywords.set(k, v);
    } else positional.push(a);
  }
  return { positional, keywords };
}

function num(node: Node | undefined): number | undefined {
  if (!node) return undefined;
  const t = node.text.replace(/_/g, '');
  return /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : undefined;
}

function list(node: Node | undefined): number[] | undefined {
  if (!node || (node.type !== 'list' && node.type !== 'tuple')) return undefined;
  const values = node.namedChildren.map((c) => num(c ?? undefined));
  return values.length && values.every((v): v is number => v !== undefined) ? values : undefined;
}

function optunaSample(call: Node): Sampled | undefined {
  const method = /suggest_(\w+)/.exec(call.childForFieldName('function')?.text ?? '')?.[1];
  const { positional, keywords } = args(call);
  const name = positional[0] ? stringLiteralValue(positional[0]) : undefined;
  if (!name) return undefined;
  if (method === 'categorical') {
    const values = list(positional[1] ?? keywords.get('choices'));
    return values && { name, values, range: rangeOf(call) };
  }
  const [min, max] = [num(positional[1] ?? keywords.get('low')), num(positional[2] ?? keywords.get('high'))];
  if (min === undefined || max === undefined) return undefined;
  const log = method === 'loguniform' || keywords.get('log')?.text === 'True';
  return { name, bounds: { min, max, log }, range: rangeOf(call) };
}

function raySample(call: Node, name: string): Sampled | undefined {
  const method = /tune\.(\w+)/.exec(call.childForFieldName('function')?.text ?? '')?.[1];
  const { positional } = args(call);
  if (method === 'grid_search' || method === 'choice') {
    const values = list(positional[0]);
    return values && { name, values, range: rangeOf(call) };
  }
  const [min, max] = [num(positional[0]), num(positional[1])];
  if (min === undefined || max === undefined) return undefined;
  return { name, bounds: { min, max, log: method?.includes('log') ?? false }, range: rangeOf(call) };
}

const parameterOf = (s: Sampled): SweptParameter => ({ name: s.name, values: s.values, bounds: s.bounds, range: s.range, valueRange: s.range });

function optunaSweep(site: OptimizerSite, lr: Sampled, text: string): SearchSpaceSweep | undefined {
  const wd = site.weightDecay;
  if (wd.value === undefined) return undefined;
  const where = wd.range ?? site.range;
  const weightDecay: SweptParameter = { name: 'weight_decay', values: [wd.value], range: where, valueRange: where };
  const declaration: SweepDeclaration = {
    kind: 'optuna', label: 'Optuna objective', parameters: [parameterOf(lr), weightDecay], anchor: lr.range, definedAt: [lr.range],
    // λ derived from the suggested α: the objective keeps α·λ fixed whatever the trial draws.
    s2Edits: (plan) => lrExpressionEdit(site, text, plan.weightDecay, plan.reference),
  };
  return { site, declaration, lr: parameterOf(lr), weightDecay };
}

function raySweep(site: OptimizerSite, lr: Sampled, dict: Node, text: string): SearchSpaceSweep | undefined {
  const wdKey = readKey(site.weightDecay.text);
  const entry = wdKey ? dict.namedChildren.find((p) => p?.type === 'pair' && stringLiteralValue(p.childForFieldName('key') as Node) === wdKey) : undefined;
  const entryValue = entry?.childForFieldName('value') ?? undefined;
  const fixed = entryValue ? num(entryValue) : site.weightDecay.value;
  if (fixed === undefined || (entryValue && num(entryValue) === undefined)) return undefined;
  // Ranges are read now: the tree is freed before a fix is built.
  const range = entry ? rangeOf(entry) : site.weightDecay.range ?? site.range;
  const valueRange = entryValue ? rangeOf(entryValue) : undefined;
  const weightDecay: SweptParameter = { name: wdKey ?? 'weight_decay', values: [fixed], range, valueRange: valueRange ?? range };
  const declaration: SweepDeclaration = {
    kind: 'ray-tune', label: 'Ray Tune search space', parameters: [parameterOf(lr), weightDecay], anchor: lr.range, definedAt: [lr.range],
    // Ray resolves `tune.sample_from` after the other entries: λ follows the sampled α in every trial.
    s2Edits: valueRange
      ? (plan) => ({ edits: [{ range: valueRange, newText: `tune.sample_from(lambda spec: ${formatLiteral(plan.weightDecay)} * ${formatLiteral(plan.reference)} / spec.config["${lr.name}"])` }] })
      : (plan) => lrExpressionEdit(site, text, plan.weightDecay, plan.reference),
  };
  return { site, declaration, lr: parameterOf(lr), weightDecay };
}

/** λ at the call rewritten as `λ̄ · ᾱ / α` of the sampled α (inserted as a keyword when λ was the default). */
function lrExpressionEdit(site: OptimizerSite, text: string, weightDecay: number, reference: number) {
  if (!site.lr.text) return undefined;
  const expression = `${formatLiteral(weightDecay)} * ${formatLiteral(reference)} / ${operand(site.lr.text)}`;
  const edits = rewriteWeightDecay(site, expression, lookupApi('python', site.api)?.wdParam ?? 'weight_decay');
  return edits && { edits };
}

// ---- W&B sweeps defined in Python: wandb.sweep({"method": …, "parameters": {"lr": {"values": […]}}}) ----

interface WandbEntry { sampled?: Sampled; fixed?: number; range: Range; valueRange: Range }

/** The `parameters` of every dict passed to `wandb.sweep(…)` (directly or through a name bound to it). */
function wandbParameters(root: Node, text: string): Map<string, WandbEntry> {
  const out = new Map<string, WandbEntry>();
  for (const call of callsMatching(root, text, WANDB)) {
    const { positional, keywords } = args(call);
    let config: Node | undefined = keywords.get('sweep') ?? positional[0];
    if (config?.type === 'identifier') config = dictBoundTo(root, config.text, call.startIndex);
    if (config?.type !== 'dictionary') continue;
    const parameters = entryOf(config, 'parameters');
    if (parameters?.type !== 'dictionary') continue;
    for (const pair of parameters.namedChildren) {
      const keyNode = pair?.type === 'pair' ? pair.childForFieldName('key') : undefined;
      const name = keyNode ? stringLiteralValue(keyNode) : undefined;
      const spec = pair?.childForFieldName('value');
      if (!pair || !name || spec?.type !== 'dictionary') continue;
      const values = list(entryOf(spec, 'values'));
      const value = num(entryOf(spec, 'value'));
      const [min, max] = [num(entryOf(spec, 'min')), num(entryOf(spec, 'max'))];
      const distributionNode = entryOf(spec, 'distribution');
      const distribution = (distributionNode && stringLiteralValue(distributionNode)) ?? '';
      const range = rangeOf(pair);
      if (values && values.length > 1) out.set(name, { sampled: { name, values, range }, range, valueRange: range });
      else if (values?.length === 1 || value !== undefined) out.set(name, { fixed: values?.[0] ?? value, range, valueRange: rangeOf(spec) });
      else if (min !== undefined && max !== undefined && /^(log_uniform_values|uniform)$/.test(distribution)) {
        out.set(name, { sampled: { name, bounds: { min, max, log: distribution.startsWith('log') }, range }, range, valueRange: range });
      }
    }
  }
  return out;
}

function entryOf(dict: Node | undefined, key: string): Node | undefined {
  const pair = dict?.namedChildren.find((p) => {
    const k = p?.type === 'pair' ? p.childForFieldName('key') : undefined;
    return k ? stringLiteralValue(k) === key : false;
  });
  return pair?.childForFieldName('value') ?? undefined;
}

/** The last `name = {…}` before `before`. */
function dictBoundTo(root: Node, name: string, before: number): Node | undefined {
  let found: Node | undefined;
  for (const a of root.descendantsOfType('assignment')) {
    if (!a || a.startIndex > before || a.childForFieldName('left')?.text !== name) continue;
    const right = a.childForFieldName('right');
    if (right?.type === 'dictionary') found = right;
  }
  return found;
}

function wandbSweep(site: OptimizerSite, lr: WandbEntry, parameters: Map<string, WandbEntry>): SearchSpaceSweep | undefined {
  if (!lr.sampled) return undefined;
  const wdText = site.weightDecay.text?.trim();
  const wdKey = readKey(wdText);
  const entry = wdKey && wdText && /config/.test(wdText) ? parameters.get(wdKey) : undefined;
  // λ read from the run's config but not in the sweep: unknown, say nothing.
  if (wdText && /config/.test(wdText) && !entry) return undefined;
  const fixed = entry ? entry.fixed : site.weightDecay.value;
  if (fixed === undefined) return undefined;
  const range = entry?.range ?? site.weightDecay.range ?? site.range;
  const weightDecay: SweptParameter = { name: wdKey ?? 'weight_decay', values: [fixed], range, valueRange: entry?.valueRange ?? range };
  const declaration: SweepDeclaration = {
    kind: 'wandb', label: 'W&B sweep defined in Python', parameters: [parameterOf(lr.sampled), weightDecay], anchor: lr.range, definedAt: [lr.range],
  };
  return { site, declaration, lr: parameterOf(lr.sampled), weightDecay };
}
