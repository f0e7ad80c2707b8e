// Weights & Biases sweep configurations (YAML or JSON): `method`, `program`, and `parameters.<name>`
// with `values`, `value`, or `min`/`max` and a `distribution`. Nested parameters
// (`optimizer: {parameters: {lr: …}}`) are read with dotted names.

import { isMap, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range, TextEdit } from '../types';
import type { S2Plan, SweepDeclaration, SweptParameter } from './model';
import { getNode, getPair, numberOf, numbersOf, pairSpan, span, stringOf, type ParsedYaml } from './yaml-doc';
import { isLearningRateName, isWeightDecayName } from './names';
import { formatLiteral } from '../format';

const SWEEP_KEYS = ['method', 'program', 'metric', 'command', 'early_terminate'];

/** Whether a parsed document is a W&B sweep: a `parameters` map next to `method` or `program`. */
export function isWandbSweep(doc: Document.Parsed): boolean {
  const root = doc.contents;
  return isMap(root) && isMap(getNode(root, 'parameters')) && SWEEP_KEYS.some((k) => getPair(root, k));
}

export function wandbDeclaration(doc: Document.Parsed, parsed: ParsedYaml, text: string): SweepDeclaration | undefined {
  const root = doc.contents as YAMLMap;
  const parametersPair = getPair(root, 'parameters');
  if (!parametersPair || !isMap(parametersPair.value)) return undefined;
  const parameters: SweptParameter[] = [];
  const pairedEntries: Array<{ name: string; pair: Pair<Node, Node | null> }> = [];
  const visit = (map: YAMLMap, prefix: string) => {
    for (const item of map.items) {
      const pair = item as Pair<Node, Node | null>;
      const name = `${prefix}${String((pair.key as { value?: unknown }).value)}`;
      const spec = pair.value;
      if (!isMap(spec)) continue;
      const nested = getNode(spec, 'parameters');
      if (isMap(nested)) { visit(nested, `${name}.`); continue; }
      const read = readParameter(name, pair, spec, parsed, text);
      if (read) parameters.push(read);
      else pairedEntries.push({ name, pair });
    }
  };
  visit(parametersPair.value, '');
  const method = stringOf(getNode(root, 'method')) ?? 'grid';
  const programNode = getNode(root, 'program');
  const programSpan = programNode && span(programNode);
  const program = stringOf(programNode);
  const lr = parameters.find((p) => isLearningRateName(p.name));
  const pairs = pairedParameter(pairedEntries, parsed, text);
  const anchorSpan = pairSpan(parametersPair, text) ?? [0, 0];
  return {
    kind: 'wandb',
    label: `W&B sweep (${method})`,
    parameters,
    pairs,
    program: program && programSpan ? { path: program, range: parsed.rangeOf(programSpan[0], programSpan[1]) } : undefined,
    anchor: lr?.range ?? parsed.rangeOf(anchorSpan[0], anchorSpan[0]),
    definedAt: [parsed.rangeOf(anchorSpan[0], anchorSpan[0] + 'parameters'.length)],
    s2Edits: (plan, names) => pairEdits(parametersPair.value as YAMLMap, plan, names, parsed, text),
  };
}

/** One `parameters.<name>` entry with numbers in it; undefined for entries without numbers. */
function readParameter(name: string, pair: Pair<Node, Node | null>, spec: YAMLMap, parsed: ParsedYaml, text: string): SweptParameter | undefined {
  const entry = pairSpan(pair, text);
  const valueSpan = entry && pair.value && span(pair.value);
  if (!entry || !valueSpan) return undefined;
  const base = { name, range: parsed.rangeOf(entry[0], entry[1]), valueRange: parsed.rangeOf(valueSpan[0], Math.min(valueSpan[1], entry[1])) };
  const values = numbersOf(getNode(spec, 'values'));
  if (values && values.length) return { ...base, values };
  const value = numberOf(getNode(spec, 'value'));
  if (value !== undefined) return { ...base, values: [value] };
  const min = numberOf(getNode(spec, 'min'));
  const max = numberOf(getNode(spec, 'max'));
  if (min === undefined || max === undefined) return undefined;
  const distribution = stringOf(getNode(spec, 'distribution')) ?? 'uniform';
  // `log_uniform` takes natural-log bounds; `log_uniform_values` takes the values themselves.
  if (distribution === 'log_uniform' || distribution === 'q_log_uniform') return { ...base, values: undefined, bounds: { min: Math.exp(min), max: Math.exp(max), log: true } };
  return { ...base, values: undefined, bounds: { min, max, log: distribution.includes('log') } };
}

/** A paired parameter `<lr>_<weight_decay>` whose values are [α, λ] pairs (what the S2 fix writes). */
function pairedParameter(entries: Array<{ name: string; pair: Pair<Node, Node | null> }>, parsed: ParsedYaml, text: string): SweepDeclaration['pairs'] {
  for (const { name, pair } of entries) {
    const split = splitPairedName(name);
    const valuesNode = getNode(pair.value, 'values');
    if (!split || !isSeq(valuesNode)) continue;
    const points: Array<{ lr: number; weightDecay: number }> = [];
    for (const item of valuesNode.items) {
      const two = numbersOf(item);
      if (!two || two.length !== 2) return undefined;
      points.push({ lr: two[0], weightDecay: two[1] });
    }
    const s = pairSpan(pair, text);
    if (s && points.length) return { lrName: split.lr, weightDecayName: split.weightDecay, points, range: parsed.rangeOf(s[0], s[1]) };
  }
  return undefined;
}

export function splitPairedName(name: string): { lr: string; weightDecay: string } | undefined {
  for (let i = name.indexOf('_'); i > 0; i = name.indexOf('_', i + 1)) {
    const lr = name.slice(0, i);
    const weightDecay = name.slice(i + 1);
    if (isLearningRateName(lr) && isWeightDecayName(weightDecay)) return { lr, weightDecay };
  }
  return undefined;
}

/**
 * W&B cannot zip two parameters, so the S2 sweep is one paired parameter whose values are [α, λ]
 * lists; it replaces the α entry, and the λ entry is removed.
 */
function pairEdits(parameters: YAMLMap, plan: S2Plan, names: { lr: string; weightDecay: string }, parsed: ParsedYaml, text: string): { edits: TextEdit[]; note: string } | undefined {
  if (plan.continuous) return undefined;
  const lrPair = getPair(parameters, names.lr);
  const wdPair = getPair(parameters, names.weightDecay);
  const lrSpan = lrPair && pairSpan(lrPair, text);
  if (!lrPair || !lrSpan) return undefined;
  // λ's name may be the script's option (`--weight_decay`) when the sweep has no λ entry; W&B passes
  // parameter `weight_decay` to the program as `--weight_decay=…`, so its name has no dashes.
  const pairName = `${wandbName(names.lr)}_${wandbName(names.weightDecay)}`;
  const list = `[${plan.lrs.map((lr, i) => `[${formatLiteral(lr)}, ${formatLiteral(plan.weightDecays[i])}]`).join(', ')}]`;
  const flow = parameters.flow === true;
  const lineStart = text.lastIndexOf('\n', lrSpan[0] - 1) + 1;
  const indent = ' '.repeat(lrSpan[0] - lineStart);
  const quote = flow && text[lrSpan[0]] === '"' ? '"' : '';
  const replacement = flow
    ? `${quote}${pairName}${quote}: {${quote}values${quote}: ${list}}`
    : `${pairName}:\n${indent}  values: ${list}`;
  const edits: TextEdit[] = [{ range: parsed.rangeOf(lrSpan[0], lrSpan[1]), newText: replacement }];
  const wdSpan = wdPair && pairSpan(wdPair, text);
  if (wdSpan) edits.push({ range: removalRange(text, wdSpan, flow, parsed), newText: '' });
  edits.sort((a, b) => compare(b.range, a.range));
  return {
    edits,
    note: `the training script must read the pair: ${wandbName(names.lr)}, ${wandbName(names.weightDecay)} = config["${pairName}"]`,
  };
}

/** A W&B parameter name for a script option: `--weight-decay` → `weight_decay` (argparse's dest, what `config` holds). */
function wandbName(name: string): string {
  return name.startsWith('-') ? name.replace(/^-+/, '').replace(/-/g, '_') : name;
}

function compare(a: Range, b: Range): number {
  return a.start.line - b.start.line || a.start.column - b.start.column;
}

/** What to delete to remove an entry: its whole lines in block YAML, the entry and one comma in flow/JSON. */
function removalRange(text: string, [start, end]: [number, number], flow: boolean, parsed: ParsedYaml): Range {
  if (!flow) {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = text.indexOf('\n', end);
    return parsed.rangeOf(lineStart, lineEnd < 0 ? text.length : lineEnd + 1);
  }
  const after = /^\s*,[ \t]*\n?[ \t]*/.exec(text.slice(end));
  if (after) return parsed.rangeOf(start, end + after[0].length);
  const before = /,\s*$/.exec(text.slice(0, start));
  return parsed.rangeOf(before ? before.index : start, end);
}
