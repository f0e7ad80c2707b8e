// Experiment configs that list values per optimizer (JSON or YAML), as in the step-back repository:
// `{"name": "adamw", "lr": [1e-4, 1e-3], "weight_decay": [0.1]}`. The script that reads the file takes
// the product of the lists: a grid when λ has several values, S1 when it has one.

import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextEdit } from '../types';
import type { S2Plan, SweepDeclaration, SweptParameter } from './model';
import { getNode, numberOf, numbersOf, pairSpan, span, stringOf, type ParsedYaml } from './yaml-doc';
import { isLearningRateName, isWeightDecayName } from './names';
import { formatLiteral } from '../format';
import { namedUpdateRule } from '../catalog';


export function experimentDeclarations(docs: Document.Parsed[], parsed: ParsedYaml, text: string): SweepDeclaration[] {
  const out: SweepDeclaration[] = [];
  const visit = (node: unknown) => {
    if (isSeq(node)) { for (const item of node.items) visit(item); return; }
    if (!isMap(node)) return;
    const declaration = experimentEntry(node, parsed, text);
    if (declaration) out.push(declaration);
    for (const item of node.items) if (isPair(item)) visit(item.value);
  };
  for (const doc of docs) visit(doc.contents);
  return out;
}

function experimentEntry(map: YAMLMap, parsed: ParsedYaml, text: string): SweepDeclaration | undefined {
  const pairs = map.items.filter((p): p is Pair<Node, Node | null> => isPair(p) && isScalar(p.key)) as Array<Pair<Node, Node | null>>;
  const keyOf = (p: Pair<Node, Node | null>) => String((p.key as { value: unknown }).value);
  const lrPair = pairs.find((p) => isLearningRateName(keyOf(p)) && isSeq(p.value));
  const lrs = lrPair && numbersOf(lrPair.value);
  if (!lrPair || !lrs || lrs.length < 2) return undefined;
  const name = stringOf(getNode(map, 'name')) ?? stringOf(getNode(map, 'optimizer')) ?? stringOf(getNode(map, 'type'));
  // The name decides the update rule: Adam-type L2 is coupled-l2's business, and an unknown optimizer's
  // decay is unknown. SGD with momentum decays by α·λ/(1−β) and is swept over α on purpose in
  // step-size studies: without the script that builds it, say nothing about those either.
  const rule = name !== undefined ? namedUpdateRule(name) : undefined;
  if (name !== undefined && (!rule || rule.convention === 'coupled-l2' || rule.momentum)) return undefined;
  const parameters: SweptParameter[] = [];
  for (const pair of pairs) {
    const entry = pairSpan(pair, text);
    const valueSpan = pair.value && span(pair.value);
    if (!entry || !valueSpan) continue;
    const values = isSeq(pair.value) ? numbersOf(pair.value) : (() => { const n = numberOf(pair.value); return n === undefined ? undefined : [n]; })();
    if (!values) continue;
    parameters.push({ name: keyOf(pair), values, range: parsed.rangeOf(entry[0], entry[1]), valueRange: parsed.rangeOf(valueSpan[0], Math.min(valueSpan[1], entry[1])) });
  }
  const lrParameter = parameters.find((p) => p.name === keyOf(lrPair));
  if (!lrParameter) return undefined;
  return {
    kind: 'experiment',
    label: `experiment config${name ? ` "${name}"` : ''}`,
    ...(name && rule ? { namedOptimizer: { name, label: rule.label, convention: rule.convention } } : {}),
    parameters,
    anchor: lrParameter.range,
    definedAt: [lrParameter.valueRange],
    s2Edits: (plan, names) => pairedListEdits(map, plan, names, parsed, text, keyOf),
  };
}

/** The lists cannot pair values, so the S2 config is one list of [α, λ] pairs replacing both keys. */
function pairedListEdits(map: YAMLMap, plan: S2Plan, names: { lr: string; weightDecay: string }, parsed: ParsedYaml, text: string, keyOf: (p: Pair<Node, Node | null>) => string): { edits: TextEdit[]; note: string } | undefined {
  const pairs = map.items.filter(isPair) as Array<Pair<Node, Node | null>>;
  const lrPair = pairs.find((p) => keyOf(p) === names.lr);
  const wdPair = pairs.find((p) => keyOf(p) === names.weightDecay && isWeightDecayName(names.weightDecay));
  const lrValue = lrPair?.value && span(lrPair.value);
  const wdEntry = wdPair && pairSpan(wdPair, text);
  if (!lrPair || !lrValue || !wdEntry || plan.continuous) return undefined;
  const keySpan = lrPair.key.range;
  if (!keySpan) return undefined;
  const pairName = `${names.lr}_${names.weightDecay}`;
  const quote = text[keySpan[0]] === '"' ? '"' : '';
  const list = `[${plan.lrs.map((lr, i) => `[${formatLiteral(lr)}, ${formatLiteral(plan.weightDecays[i])}]`).join(', ')}]`;
  const lrEnd = pairSpan(lrPair, text)![1];
  const edits: TextEdit[] = [
    { range: parsed.rangeOf(keySpan[0], lrEnd), newText: `${quote}${pairName}${quote}: ${list}` },
    { range: removal(text, wdEntry, parsed), newText: '' },
  ];
  return { edits, note: `the script that reads this file must take the pairs from "${pairName}" instead of the product of two lists` };
}

/** An entry and one neighbouring comma (flow/JSON) or its whole line (block YAML). */
function removal(text: string, [start, end]: [number, number], parsed: ParsedYaml) {
  const after = /^\s*,[ \t]*/.exec(text.slice(end));
  if (after) {
    const rest = text.slice(end + after[0].length);
    const newline = rest.startsWith('\n') ? 1 : 0;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const alone = newline && text.slice(lineStart, start).trim() === '';
    return alone ? parsed.rangeOf(lineStart, end + after[0].length + 1) : parsed.rangeOf(start, end + after[0].length);
  }
  const before = /,\s*$/.exec(text.slice(0, start));
  if (before) return parsed.rangeOf(before.index, end);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  return parsed.rangeOf(lineStart, lineEnd < 0 ? text.length : lineEnd + 1);
}
