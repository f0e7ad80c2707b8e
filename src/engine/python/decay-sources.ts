// Where α and λ come from when the optimizer call does not name them: parameter groups (each group may
// set its own `lr` and `weight_decay`, nanoGPT's 0.0 on biases and norms), a `**kwargs` dict, and values
// written into `optimizer.param_groups` at run time (DINOv2's λ schedule). Unknown is not default: a
// source the engine cannot see may set the value, so it is then unknown, never the library default.

import type { Node } from './syntax';
import { contains, stringLiteralValue } from './syntax';
import { type Env, type Evaluator, kids } from './evaluate';

/** One parameter group: the expressions of its `lr` and `weight_decay` when it sets them. */
export interface GroupSpec {
  node: Node;
  lr?: Node;
  weightDecay?: Node;
  /** The group may set the value in a way the engine cannot read (`**other` inside the dict). */
  lrUnknown: boolean;
  weightDecayUnknown: boolean;
}

/**
 * What the optimizer's first argument is: plain parameters (`model.parameters()`, a list of tensors, a
 * generator of them), parameter groups the engine can read, or something that may be groups it cannot see
 * (a function's argument, a helper's result, a list built by `append`).
 */
export type ParamsShape = { kind: 'plain' } | { kind: 'unknown' } | { kind: 'groups'; groups: GroupSpec[] };

const PLAIN: ParamsShape = { kind: 'plain' };
const UNKNOWN_SHAPE: ParamsShape = { kind: 'unknown' };

/** Methods whose result is plain parameters (or named ones), never groups. */
const PARAMETER_METHODS = new Set(['parameters', 'named_parameters', 'trainable_variables', 'trainable_weights']);
/** Builtins that pass their iterable's items through. */
const PASS_THROUGH = new Set(['list', 'tuple', 'filter', 'sorted', 'iter']);

export function paramsShape(node: Node | undefined, ev: Evaluator, env: Env, depth = 0): ParamsShape {
  if (!node || depth > 6) return node ? UNKNOWN_SHAPE : PLAIN;
  switch (node.type) {
    case 'parenthesized_expression': return paramsShape(kids(node)[0], ev, env, depth + 1);
    case 'call': {
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
      if (name && (PARAMETER_METHODS.has(name) || (/parameters$/i.test(name) && !/group/i.test(name)))) return PLAIN;
      if (fn?.type === 'identifier' && name === 'dict') return { kind: 'groups', groups: [groupSpec(node)] };
      if (fn?.type === 'identifier' && name && PASS_THROUGH.has(name)) {
        const items = args ? kids(args).filter((a) => a.type !== 'keyword_argument') : [];
        return paramsShape(items[items.length - 1], ev, env, depth + 1);
      }
      if (name === 'chain' && args) return combine(kids(args).map((a) => paramsShape(a, ev, env, depth + 1)));
      return UNKNOWN_SHAPE;
    }
    case 'generator_expression': case 'list_comprehension': {
      const body = node.childForFieldName('body');
      return isGroupExpression(body) ? { kind: 'groups', groups: [groupSpec(body as Node)] } : PLAIN;
    }
    case 'list': case 'tuple': {
      const items = kids(node);
      if (items.length === 0) return UNKNOWN_SHAPE; // filled later by append
      if (items.some((i) => i.type === 'list_splat')) return UNKNOWN_SHAPE;
      if (!items.some(isGroupExpression)) return PLAIN;
      return items.every(isGroupExpression) ? { kind: 'groups', groups: items.map(groupSpec) } : UNKNOWN_SHAPE;
    }
    case 'identifier': {
      const b = ev.lookup(node.text, node, env);
      if (b?.kind === 'assign' && b.path.length === 0) {
        if (mutatedAfter(node.text, b.statement, ev)) return UNKNOWN_SHAPE;
        return paramsShape(b.rhs, ev, env, depth + 1);
      }
      return byName(node.text);
    }
    case 'attribute': return byName(node.childForFieldName('attribute')?.text ?? '');
    default: return UNKNOWN_SHAPE;
  }
}

/**
 * A function's argument or an attribute, whose value the engine cannot see: its name is the only evidence
 * (`param_groups`, `optim_groups` hold groups; `params`, `model_parameters` hold parameters).
 */
function byName(name: string): ParamsShape {
  return /group/i.test(name) ? UNKNOWN_SHAPE : PLAIN;
}

function combine(shapes: ParamsShape[]): ParamsShape {
  if (shapes.every((s) => s.kind === 'plain')) return PLAIN;
  return UNKNOWN_SHAPE;
}

function isGroupExpression(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === 'dictionary') return true;
  return node.type === 'call' && node.childForFieldName('function')?.text === 'dict';
}

/** The `lr` and `weight_decay` entries of a group written as `{…}` or `dict(…)`. */
function groupSpec(node: Node): GroupSpec {
  const spec: GroupSpec = { node, lrUnknown: false, weightDecayUnknown: false };
  const set = (key: string | undefined, value: Node | null) => {
    if (!value) return;
    if (key === 'lr') spec.lr = value;
    else if (key === 'weight_decay') spec.weightDecay = value;
  };
  if (node.type === 'dictionary') {
    for (const entry of kids(node)) {
      if (entry.type === 'pair') {
        const key = entry.childForFieldName('key');
        set(key ? stringLiteralValue(key) : undefined, entry.childForFieldName('value'));
      } else if (entry.type === 'dictionary_splat') {
        spec.lrUnknown ||= !spec.lr;
        spec.weightDecayUnknown ||= !spec.weightDecay;
      }
    }
    return spec;
  }
  const args = node.childForFieldName('arguments');
  for (const a of args ? kids(args) : []) {
    if (a.type === 'keyword_argument') set(a.childForFieldName('name')?.text, a.childForFieldName('value'));
    else { spec.lrUnknown = true; spec.weightDecayUnknown = true; }
  }
  return spec;
}

/** Whether the list or dict bound to `name` by `statement` is changed in place later in the file. */
function mutatedAfter(name: string, statement: Node, ev: Evaluator): boolean {
  return mutatedKeys(name, statement, ev) !== undefined;
}

/**
 * The keys written into the dict (or items added to the list) bound to `name` after `statement`:
 * `name["k"] = …` adds "k"; `name.update(…)`, `name |= …`, `name.append(…)`, `name += …` and a
 * subscript the engine cannot read add '*' (anything). Undefined when it is never changed.
 */
export function mutatedKeys(name: string, statement: Node, ev: Evaluator): Set<string> | undefined {
  let keys: Set<string> | undefined;
  const add = (k: string) => (keys ??= new Set()).add(k);
  for (const id of ev.ctx.ids.occurrences(name)) {
    if (id.startIndex < statement.endIndex || contains(statement, id)) continue;
    const parent = id.parent;
    if (!parent) continue;
    if (parent.type === 'subscript' && parent.childForFieldName('value')?.equals(id)) {
      const holder = parent.parent;
      if (holder?.type === 'assignment' && holder.childForFieldName('left')?.equals(parent)) {
        const sub = parent.childForFieldName('subscript');
        add((sub && stringLiteralValue(sub)) ?? '*');
      }
    } else if (parent.type === 'attribute' && parent.childForFieldName('object')?.equals(id)) {
      const method = parent.childForFieldName('attribute')?.text;
      if (method && ['update', 'append', 'extend', 'insert', 'setdefault'].includes(method) && parent.parent?.type === 'call') add('*');
    } else if (parent.type === 'augmented_assignment' && parent.childForFieldName('left')?.equals(id)) add('*');
  }
  return keys;
}

/** Whether a `**name` dict argument may hold `key` beyond what its definition shows. */
export function splatMayHold(splat: Node, key: string, ev: Evaluator, env: Env): boolean {
  if (splat.type !== 'identifier') return true;
  const b = ev.lookup(splat.text, splat, env);
  if (b?.kind !== 'assign') return true;
  const keys = mutatedKeys(splat.text, b.statement, ev);
  return keys !== undefined && (keys.has(key) || keys.has('*'));
}

/**
 * Keys written into parameter groups at run time anywhere in the file: `group["weight_decay"] = …`
 * where `group` runs over `….param_groups` (or is `….param_groups[i]` itself). Cached per analysis.
 */
const runtimeCache = new WeakMap<Evaluator, Set<string>>();

export function runtimeGroupWrites(ev: Evaluator): Set<string> {
  let found = runtimeCache.get(ev);
  if (found) return found;
  found = new Set();
  const { text, tree } = ev.ctx;
  for (const m of text.matchAll(/\[\s*(["'])(lr|weight_decay)\1\s*\]\s*=[^=]/g)) {
    const at = m.index ?? 0;
    let sub = tree.rootNode.descendantForIndex(at, at + 1);
    while (sub && sub.type !== 'subscript') sub = sub.parent;
    const assignment = sub?.parent;
    if (!sub || assignment?.type !== 'assignment' || !assignment.childForFieldName('left')?.equals(sub)) continue;
    const object = sub.childForFieldName('value');
    if (object && isParamGroup(object, ev)) found.add(m[2]);
  }
  runtimeCache.set(ev, found);
  return found;
}

function isParamGroup(object: Node, ev: Evaluator): boolean {
  if (/\.param_groups\s*\[/.test(object.text) || /\bparam_groups$/.test(object.text)) return true;
  if (object.type !== 'identifier') return false;
  const b = ev.lookup(object.text, object, { loops: new Map(), params: new Map(), moduleAnchor: Number.POSITIVE_INFINITY });
  if (b?.kind !== 'loop') return false;
  const iterable = b.loop.childForFieldName('right');
  return !!iterable && /param_groups\s*$/.test(iterable.text);
}
