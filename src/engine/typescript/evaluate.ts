// Values of TS/JS expressions where the code determines them, `unknown` elsewhere; and the binding of a
// name at a use (const/let declarations, parameters, loop variables, callback parameters, imports).

import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { contains, isFunction, type Node, type Tree, unwrap } from './ast';
import { arange, asNumber, isSequence, list, MAX_SEQUENCE, num, power, UNKNOWN, type Value } from '../values';

type PathStep = number | string;

export type Binding =
  | { kind: 'value'; init: Node; path: PathStep[]; id: Node; defaultValue?: Node }
  | { kind: 'loop'; loop: Node; path: PathStep[]; id: Node }
  | { kind: 'param'; func: Node; index: number; path: PathStep[]; id: Node; defaultValue?: Node }
  | { kind: 'import'; id: Node }
  | { kind: 'function'; func: Node; id: Node }
  | { kind: 'other'; id: Node };

export interface Env {
  /** Current item per loop (for-of, classic for, or iteration callback), by node. */
  loops: Map<Node, Value>;
  /** Call-site arguments bound to a builder function's parameters (one level of calls). */
  params: Map<Node, Node[]>;
  /** Environment in which call-site arguments are evaluated. */
  callerEnv?: Env;
}

export const emptyEnv = (): Env => ({ loops: new Map(), params: new Map() });

const ITERATION_METHODS = new Set(['map', 'forEach', 'flatMap', 'filter', 'some', 'every']);

/** The loop-like construct a callback parameter iterates over: `lrs.map((lr) => …)`. */
export function iterationCallee(func: Node, tree: Tree): TSESTree.CallExpression | undefined {
  const call = tree.parents.get(func);
  if (call?.type !== 'CallExpression' || call.arguments[0] !== func) return undefined;
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && ITERATION_METHODS.has(callee.property.name)) return call;
  if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Array'
    && callee.property.type === 'Identifier' && callee.property.name === 'from' && call.arguments[1] === func) return call;
  return undefined;
}

function patternPath(pattern: Node, id: Node, tree: Tree): { path: PathStep[]; defaultValue?: Node } | undefined {
  const steps: PathStep[] = [];
  let defaultValue: Node | undefined;
  let cur: Node = id;
  while (cur !== pattern) {
    const parent = tree.parents.get(cur);
    if (!parent) return undefined;
    if (parent.type === 'ArrayPattern') steps.unshift(parent.elements.indexOf(cur as TSESTree.DestructuringPattern));
    else if (parent.type === 'Property') {
      const key = parent.key;
      steps.unshift(key.type === 'Identifier' ? key.name : key.type === 'Literal' ? String(key.value) : '?');
      cur = tree.parents.get(parent) ?? parent; // the ObjectPattern
      continue;
    } else if (parent.type === 'AssignmentPattern') defaultValue ??= parent.right;
    else if (parent.type !== 'ObjectPattern' && parent.type !== 'RestElement') return undefined;
    cur = parent;
  }
  return { path: steps, defaultValue };
}

export function bindingOf(id: Node, tree: Tree): Binding | undefined {
  let top: Node = id;
  let parent = tree.parents.get(id);
  while (parent && ['ArrayPattern', 'ObjectPattern', 'Property', 'AssignmentPattern', 'RestElement'].includes(parent.type)) {
    top = parent;
    parent = tree.parents.get(parent);
  }
  if (!parent) return undefined;
  if (parent.type === 'ImportSpecifier' || parent.type === 'ImportDefaultSpecifier' || parent.type === 'ImportNamespaceSpecifier') return { kind: 'import', id };
  if (parent.type === 'FunctionDeclaration' && parent.id === id) return { kind: 'function', func: parent, id };
  if (parent.type === 'VariableDeclarator') {
    const pp = patternPath(top, id, tree);
    if (!pp) return undefined;
    const declaration = tree.parents.get(parent);
    const holder = declaration && tree.parents.get(declaration);
    if (holder?.type === 'ForOfStatement' && holder.left === declaration) return { kind: 'loop', loop: holder, path: pp.path, id };
    if (holder?.type === 'ForStatement' && holder.init === declaration) return { kind: 'loop', loop: holder, path: pp.path, id };
    if (!parent.init) return { kind: 'other', id };
    const init = unwrap(parent.init);
    if (isFunction(init) && pp.path.length === 0) return { kind: 'function', func: init, id };
    return { kind: 'value', init, path: pp.path, id, defaultValue: pp.defaultValue };
  }
  if (isFunction(parent)) {
    const index = parent.params.indexOf(top as TSESTree.Parameter);
    if (index < 0) return undefined;
    const pp = patternPath(top, id, tree);
    if (!pp) return undefined;
    if (iterationCallee(parent, tree)) return { kind: 'loop', loop: parent, path: [index, ...pp.path], id };
    return { kind: 'param', func: parent, index, path: pp.path, id, defaultValue: pp.defaultValue };
  }
  return undefined;
}

/** The binding of `name` in force at `use`: the latest visible declaration before it, else the latest at all (hoisting). */
export function resolve(name: string, use: Node, tree: Tree): Binding | undefined {
  const candidates = (tree.declarations.get(name) ?? []).map((id) => bindingOf(id, tree)).filter((b): b is Binding => !!b);
  const visible = candidates.filter((b) => {
    const scope = scopeOfBinding(b, tree);
    return !scope || contains(scope, use);
  });
  if (visible.length === 0) return undefined;
  // Innermost scope first, then the latest declaration before the use.
  visible.sort((a, b) => depthOf(scopeOfBinding(b, tree), tree) - depthOf(scopeOfBinding(a, tree), tree) || b.id.range[0] - a.id.range[0]);
  const innermost = depthOf(scopeOfBinding(visible[0], tree), tree);
  const same = visible.filter((b) => depthOf(scopeOfBinding(b, tree), tree) === innermost);
  return same.find((b) => b.id.range[0] < use.range[0]) ?? same[0];
}

function scopeOfBinding(b: Binding, tree: Tree): Node | undefined {
  if (b.kind === 'param') return b.func;
  if (b.kind === 'loop') return b.loop;
  let n = tree.parents.get(b.id);
  if (b.kind === 'function' && b.func.type === 'FunctionDeclaration') n = tree.parents.get(b.func);
  while (n && n.type !== 'BlockStatement' && n.type !== 'Program' && !isFunction(n)) n = tree.parents.get(n);
  return n;
}

function depthOf(n: Node | undefined, tree: Tree): number {
  let d = 0;
  for (let c = n; c; c = tree.parents.get(c)) d++;
  return d;
}

export class Evaluator {
  constructor(readonly tree: Tree, readonly text: string) {}

  evaluate(node: Node | null | undefined, env: Env, depth = 0): Value {
    if (!node || depth > 60) return UNKNOWN;
    try {
      return this.evalNode(unwrap(node), env, depth + 1);
    } catch {
      return UNKNOWN;
    }
  }

  sequence(node: Node, env: Env, depth = 0): Value[] | undefined {
    const v = this.evaluate(node, env, depth);
    return isSequence(v) ? v.items : undefined;
  }

  valueOfBinding(b: Binding, env: Env, depth: number): Value {
    switch (b.kind) {
      case 'value': return withDefault(destructure(this.evaluate(b.init, env, depth), b.path), b.defaultValue, this, env, depth);
      case 'loop': { const item = env.loops.get(b.loop); return item ? destructure(item, b.path) : UNKNOWN; }
      case 'param': {
        const args = env.params.get(b.func);
        const arg = args?.[b.index];
        const v = arg ? this.evaluate(arg, env.callerEnv ? { ...env.callerEnv, loops: env.loops } : env, depth) : UNKNOWN;
        return withDefault(destructure(v, b.path), b.defaultValue, this, env, depth);
      }
      default: return UNKNOWN;
    }
  }

  private evalNode(node: Node, env: Env, depth: number): Value {
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'number') return num(node.value);
        if (typeof node.value === 'string') return { kind: 'string', value: node.value };
        if (typeof node.value === 'boolean') return { kind: 'bool', value: node.value };
        if (node.value === null) return { kind: 'none' };
        return UNKNOWN;
      case 'TemplateLiteral':
        return node.expressions.length === 0 ? { kind: 'string', value: node.quasis.map((q) => q.value.cooked ?? '').join('') } : UNKNOWN;
      case 'UnaryExpression': {
        const v = this.evaluate(node.argument, env, depth);
        if (node.operator === '!') { const t = truthy(v); return t === undefined ? UNKNOWN : { kind: 'bool', value: !t }; }
        const x = asNumber(v);
        if (x === undefined) return UNKNOWN;
        return node.operator === '-' ? num(-x) : node.operator === '+' ? num(x) : UNKNOWN;
      }
      case 'BinaryExpression': return binary(node.operator, this.evaluate(node.left, env, depth), this.evaluate(node.right, env, depth));
      case 'LogicalExpression': {
        const l = this.evaluate(node.left, env, depth);
        if (node.operator === '??') return l.kind === 'none' ? this.evaluate(node.right, env, depth) : l.kind === 'unknown' ? UNKNOWN : l;
        const t = truthy(l);
        if (t === undefined) return UNKNOWN;
        return node.operator === '&&' ? (t ? this.evaluate(node.right, env, depth) : l) : (t ? l : this.evaluate(node.right, env, depth));
      }
      case 'ConditionalExpression': {
        const t = truthy(this.evaluate(node.test, env, depth));
        return t === undefined ? UNKNOWN : this.evaluate(t ? node.consequent : node.alternate, env, depth);
      }
      case 'ArrayExpression': {
        const items: Value[] = [];
        for (const e of node.elements) {
          if (!e) { items.push({ kind: 'none' }); continue; }
          if (e.type === 'SpreadElement') { const s = this.sequence(e.argument, env, depth); if (!s) return UNKNOWN; items.push(...s); continue; }
          items.push(this.evaluate(e, env, depth));
        }
        return list(items);
      }
      case 'ObjectExpression': {
        const entries = new Map<string, Value>();
        for (const p of node.properties) {
          if (p.type === 'SpreadElement') { const v = this.evaluate(p.argument, env, depth); if (v.kind === 'dict') for (const [k, x] of v.entries) entries.set(k, x); continue; }
          const key = propertyKey(p, this, env, depth);
          if (key !== undefined) entries.set(key, this.evaluate(p.value as Node, env, depth));
        }
        return { kind: 'dict', entries };
      }
      case 'MemberExpression': {
        const obj = this.evaluate(node.object, env, depth);
        const key = node.computed ? this.evaluate(node.property, env, depth) : { kind: 'string', value: (node.property as TSESTree.Identifier).name } as Value;
        if (obj.kind === 'dict' && (key.kind === 'string' || key.kind === 'number')) return obj.entries.get(String(key.value)) ?? UNKNOWN;
        if (isSequence(obj)) {
          if (key.kind === 'number') return obj.items[key.value] ?? UNKNOWN;
          if (key.kind === 'string' && key.value === 'length') return num(obj.items.length);
        }
        if (node.object.type === 'Identifier' && node.object.name === 'Math' && key.kind === 'string') {
          const c = ({ PI: Math.PI, E: Math.E, LN10: Math.LN10, LN2: Math.LN2 } as Record<string, number>)[key.value];
          if (c !== undefined) return num(c);
        }
        return UNKNOWN;
      }
      case 'ChainExpression': return this.evaluate(node.expression, env, depth);
      case 'Identifier': {
        if (node.name === 'undefined') return { kind: 'none' };
        if (node.name === 'Infinity') return num(Infinity);
        const b = resolve(node.name, node, this.tree);
        return b ? this.valueOfBinding(b, env, depth) : UNKNOWN;
      }
      case 'CallExpression': return this.evalCall(node, env, depth);
      default: return UNKNOWN;
    }
  }

  private evalCall(node: TSESTree.CallExpression, env: Env, depth: number): Value {
    const callee = unwrap(node.callee);
    const args = node.arguments.map((a) => (a.type === 'SpreadElement' ? undefined : a));
    const n = (i: number) => asNumber(this.evaluate(args[i], env, depth));
    if (callee.type === 'Identifier') {
      if (callee.name === 'Number' || callee.name === 'parseFloat') { const v = this.evaluate(args[0], env, depth); return v.kind === 'string' ? num(Number(v.value)) : asNumber(v) === undefined ? UNKNOWN : num(asNumber(v) as number); }
      return UNKNOWN;
    }
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return UNKNOWN;
    const method = callee.property.name;
    if (callee.object.type === 'Identifier' && callee.object.name === 'Math') {
      const xs = args.map((_, i) => n(i));
      if (xs.some((x) => x === undefined)) return UNKNOWN;
      const v = xs as number[];
      const r = method === 'pow' ? power(v[0], v[1]) : method === 'min' ? Math.min(...v) : method === 'max' ? Math.max(...v)
        : typeof (Math as unknown as Record<string, unknown>)[method] === 'function' ? ((Math as unknown as Record<string, (...a: number[]) => number>)[method])(...v) : NaN;
      return Number.isFinite(r) ? num(r) : UNKNOWN;
    }
    if (callee.object.type === 'Identifier' && callee.object.name === 'Array' && method === 'from') {
      const len = this.evaluate(args[0], env, depth);
      const count = len.kind === 'dict' ? asNumber(len.entries.get('length')) : undefined;
      const fn = args[1] && unwrap(args[1]);
      if (count === undefined || count > MAX_SEQUENCE) return isSequence(len) ? list(len.items) : UNKNOWN;
      const items = arange(0, count)!.map(num);
      if (!fn) return list(items.map(() => ({ kind: 'none' }) as Value));
      return this.mapCallback(fn, items.map((i) => ({ kind: 'list', items: [{ kind: 'none' }, i] }) as Value), env, depth, true);
    }
    const target = this.evaluate(callee.object, env, depth);
    if (isSequence(target)) {
      if (method === 'map' && args[0]) return this.mapCallback(unwrap(args[0]), target.items.map((v, i) => list([v, num(i)])), env, depth, true);
      if (method === 'slice') return list(target.items.slice(n(0), n(1)));
      if (method === 'concat') { const other = args.map((a) => (a ? this.sequence(a, env, depth) : undefined)); return other.every(Boolean) ? list([...target.items, ...other.flat() as Value[]]) : UNKNOWN; }
    }
    return UNKNOWN;
  }

  /** Evaluates an arrow/function callback with an expression body for each item (params bound by position). */
  private mapCallback(fn: Node, argLists: Value[], env: Env, depth: number, spread: boolean): Value {
    if (!isFunction(fn)) return UNKNOWN;
    const body = fn.body.type === 'BlockStatement'
      ? (fn.body.body.length === 1 && fn.body.body[0].type === 'ReturnStatement' ? fn.body.body[0].argument : undefined)
      : fn.body;
    if (!body) return UNKNOWN;
    const out: Value[] = [];
    for (const a of argLists) {
      const loops = new Map(env.loops);
      loops.set(fn, spread ? a : list([a]));
      out.push(this.evaluate(body, { ...env, loops }, depth));
    }
    return list(out);
  }
}

function propertyKey(p: TSESTree.Property, ev: Evaluator, env: Env, depth: number): string | undefined {
  if (p.computed) { const k = ev.evaluate(p.key, env, depth); return k.kind === 'string' || k.kind === 'number' ? String(k.value) : undefined; }
  if (p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'Literal') return String(p.key.value);
  return undefined;
}

function withDefault(v: Value, def: Node | undefined, ev: Evaluator, env: Env, depth: number): Value {
  return (v.kind === 'none' || v.kind === 'unknown') && def ? ev.evaluate(def, env, depth) : v;
}

export function destructure(v: Value, path: PathStep[]): Value {
  let cur = v;
  for (const step of path) {
    if (typeof step === 'number') { if (!isSequence(cur)) return UNKNOWN; cur = cur.items[step] ?? { kind: 'none' }; }
    else { if (cur.kind !== 'dict') return UNKNOWN; cur = cur.entries.get(step) ?? { kind: 'none' }; }
  }
  return cur;
}

function truthy(v: Value): boolean | undefined {
  switch (v.kind) {
    case 'bool': return v.value;
    case 'number': return v.value !== 0 && !Number.isNaN(v.value);
    case 'string': return v.value.length > 0;
    case 'none': return false;
    case 'list': case 'tuple': case 'dict': return true;
    default: return undefined;
  }
}

function binary(op: string, a: Value, b: Value): Value {
  if (op === '+' && a.kind === 'string' && b.kind === 'string') return { kind: 'string', value: a.value + b.value };
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === undefined || y === undefined) return UNKNOWN;
  let r: number | boolean;
  switch (op) {
    case '+': r = x + y; break;
    case '-': r = x - y; break;
    case '*': r = x * y; break;
    case '/': r = x / y; break;
    case '%': r = x % y; break;
    case '**': r = power(x, y); break;
    case '<': r = x < y; break;
    case '<=': r = x <= y; break;
    case '>': r = x > y; break;
    case '>=': r = x >= y; break;
    case '===': case '==': r = x === y; break;
    case '!==': case '!=': r = x !== y; break;
    default: return UNKNOWN;
  }
  if (typeof r === 'boolean') return { kind: 'bool', value: r };
  return Number.isFinite(r) ? num(r) : UNKNOWN;
}
