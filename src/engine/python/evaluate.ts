// Evaluates Python expressions to values where the code determines them (literals, arithmetic,
// constants, dicts, comprehensions, numpy's spaced sequences, argparse defaults, dataclass configs) and
// to `unknown` everywhere else. Evaluation is lazy and on demand: only optimizer arguments and what they
// depend on are ever looked at.

import type { Node, Tree } from './syntax';
import { IdentifierIndex, scopeOf, stringLiteralValue } from './syntax';
import { attributeAssignment, builtWithArguments, hyperparameterDefaults } from './attributes';
import { resolveName, type Binding } from './bindings';
import { type ImportTable, qualify } from './imports';
import {
  arange, asNumber, cartesian, power, geomspace, isSequence, linspace, list, logspace, MAX_SEQUENCE, num, tuple, UNKNOWN, type Value,
} from '../values';

export interface Thunk { node: Node; env: Env }

export interface Env {
  /** Current item of each enumerated loop or comprehension clause, by node id. */
  loops: Map<number, Value>;
  /** Arguments bound at the call site of a function (one level of same-file calls), by function node id. */
  params: Map<number, Map<string, Thunk>>;
  /** Text index up to which module-level code has run. */
  moduleAnchor: number;
}

export const emptyEnv = (): Env => ({ loops: new Map(), params: new Map(), moduleAnchor: Number.POSITIVE_INFINITY });

const MAX_DEPTH = 60;

export function kids(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

export interface PyContext {
  text: string;
  tree: Tree;
  ids: IdentifierIndex;
  imports: ImportTable;
  /** Comment text by 0-based line (for `adamw-lens: convention=…` annotations). */
  commentsByLine: Map<number, string>;
}

export class Evaluator {
  private argparseDefaults: Value | undefined;
  constructor(readonly ctx: PyContext) {}

  evaluate(node: Node, env: Env, depth = 0): Value {
    if (depth > MAX_DEPTH) return UNKNOWN;
    try {
      return this.evalNode(node, env, depth + 1);
    } catch {
      return UNKNOWN;
    }
  }

  /** The binding of an identifier at `use`, in `env`. */
  lookup(name: string, use: Node, env: Env): Binding | undefined {
    return resolveName(this.ctx.ids, name, use, env.moduleAnchor);
  }

  valueOfBinding(b: Binding, env: Env, depth: number): Value {
    switch (b.kind) {
      case 'assign': return destructure(this.evaluate(b.rhs, env, depth), b.path);
      case 'augassign': {
        const before = this.lookup(b.target.text, b.statement, env);
        const prev = before ? this.valueOfBinding(before, env, depth + 1) : UNKNOWN;
        return binaryOp(b.operator, prev, this.evaluate(b.rhs, env, depth));
      }
      case 'loop': {
        const item = env.loops.get(b.loop.id);
        return item ? destructure(item, b.path) : UNKNOWN;
      }
      case 'param': {
        const bound = env.params.get(b.func.id)?.get(b.name);
        // The argument is evaluated at the call site, with the loops enumerated around it (in `env`).
        if (bound) return this.evaluate(bound.node, { ...env, moduleAnchor: bound.env.moduleAnchor }, depth);
        return b.defaultValue ? this.evaluate(b.defaultValue, env, depth) : UNKNOWN;
      }
      case 'def':
        return b.node.type === 'class_definition' ? this.classDefaults(b.node, env, depth) : UNKNOWN;
      default: return UNKNOWN;
    }
  }

  /** Items of an iterable expression (the domain of a loop), or undefined when unknown. */
  sequence(node: Node, env: Env, depth = 0): Value[] | undefined {
    const v = this.evaluate(node, env, depth);
    if (isSequence(v)) return v.items;
    if (v.kind === 'dict') return [...v.entries.keys()].map((k) => ({ kind: 'string', value: k }) as Value);
    if (v.kind === 'string') return [...v.value].map((ch) => ({ kind: 'string', value: ch }) as Value);
    return undefined;
  }

  private evalNode(node: Node, env: Env, depth: number): Value {
    switch (node.type) {
      case 'integer': return parseInteger(node.text);
      case 'float': return parseFloatLiteral(node.text);
      case 'true': return { kind: 'bool', value: true };
      case 'false': return { kind: 'bool', value: false };
      case 'none': return { kind: 'none' };
      case 'string': case 'concatenated_string': {
        const s = stringLiteralValue(node);
        return s === undefined ? UNKNOWN : { kind: 'string', value: s };
      }
      case 'parenthesized_expression': case 'expression_statement': {
        const inner = kids(node)[0];
        return inner ? this.evaluate(inner, env, depth) : UNKNOWN;
      }
      case 'unary_operator': {
        const arg = node.childForFieldName('argument');
        const op = node.childForFieldName('operator')?.text ?? node.text.trim()[0];
        const v = asNumber(arg ? this.evaluate(arg, env, depth) : UNKNOWN);
        if (v === undefined) return UNKNOWN;
        return op === '-' ? num(-v) : op === '+' ? num(v) : UNKNOWN;
      }
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const op = node.childForFieldName('operator')?.text;
        if (!left || !right || !op) return UNKNOWN;
        return binaryOp(op, this.evaluate(left, env, depth), this.evaluate(right, env, depth));
      }
      case 'boolean_operator': case 'comparison_operator': case 'not_operator':
        return this.evalLogic(node, env, depth);
      case 'conditional_expression': {
        const [a, cond, b] = kids(node);
        const c = cond ? truthy(this.evaluate(cond, env, depth)) : undefined;
        if (c === undefined || !a || !b) return UNKNOWN;
        return this.evaluate(c ? a : b, env, depth);
      }
      case 'list': case 'tuple': case 'expression_list': case 'set': {
        const items: Value[] = [];
        for (const k of kids(node)) {
          if (k.type === 'list_splat') {
            const inner = kids(k)[0];
            const seq = inner && this.sequence(inner, env, depth);
            if (!seq) return UNKNOWN;
            items.push(...seq);
          } else items.push(this.evaluate(k, env, depth));
        }
        return node.type === 'list' || node.type === 'set' ? list(items) : tuple(items);
      }
      case 'dictionary': {
        const entries = new Map<string, Value>();
        for (const k of kids(node)) {
          if (k.type === 'pair') {
            const key = k.childForFieldName('key');
            const value = k.childForFieldName('value');
            const kv = key ? dictKey(this.evaluate(key, env, depth)) : undefined;
            if (kv === undefined || !value) continue;
            entries.set(kv, this.evaluate(value, env, depth));
          } else if (k.type === 'dictionary_splat') {
            const inner = kids(k)[0];
            const v = inner ? this.evaluate(inner, env, depth) : UNKNOWN;
            if (v.kind === 'dict') for (const [kk, vv] of v.entries) entries.set(kk, vv);
          }
        }
        return { kind: 'dict', entries };
      }
      case 'subscript': return this.evalSubscript(node, env, depth);
      case 'identifier': {
        const b = this.lookup(node.text, node, env);
        return b ? this.valueOfBinding(b, env, depth) : builtinConstant(node.text);
      }
      case 'attribute': return this.evalAttribute(node, env, depth);
      case 'call': return this.evalCall(node, env, depth);
      case 'list_comprehension': case 'generator_expression': case 'set_comprehension':
        return this.evalComprehension(node, env, depth);
      default: return UNKNOWN;
    }
  }

  private evalLogic(node: Node, env: Env, depth: number): Value {
    if (node.type === 'not_operator') {
      const arg = node.childForFieldName('argument');
      const t = arg ? truthy(this.evaluate(arg, env, depth)) : undefined;
      return t === undefined ? UNKNOWN : { kind: 'bool', value: !t };
    }
    if (node.type === 'boolean_operator') {
      const l = node.childForFieldName('left');
      const r = node.childForFieldName('right');
      const op = node.childForFieldName('operator')?.text;
      if (!l || !r) return UNKNOWN;
      const lv = this.evaluate(l, env, depth);
      const lt = truthy(lv);
      if (lt === undefined) return UNKNOWN;
      if (op === 'and') return lt ? this.evaluate(r, env, depth) : lv;
      return lt ? lv : this.evaluate(r, env, depth);
    }
    // comparison_operator: a < b (<= c …); operators are anonymous children between operands.
    const operands = kids(node);
    const ops = [] as string[];
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (c && !c.isNamed) ops.push(c.type);
    }
    const values = operands.map((o) => asNumber(this.evaluate(o, env, depth)));
    if (values.some((v) => v === undefined) || ops.length !== values.length - 1) return UNKNOWN;
    for (let i = 0; i < ops.length; i++) {
      const a = values[i] as number;
      const b = values[i + 1] as number;
      const ok = ops[i] === '<' ? a < b : ops[i] === '<=' ? a <= b : ops[i] === '>' ? a > b : ops[i] === '>=' ? a >= b
        : ops[i] === '==' ? a === b : ops[i] === '!=' ? a !== b : undefined;
      if (ok === undefined) return UNKNOWN;
      if (!ok) return { kind: 'bool', value: false };
    }
    return { kind: 'bool', value: true };
  }

  private evalSubscript(node: Node, env: Env, depth: number): Value {
    const value = node.childForFieldName('value');
    const sub = node.childForFieldName('subscript');
    if (!value || !sub) return UNKNOWN;
    const container = this.evaluate(value, env, depth);
    if (sub.type === 'slice') {
      if (!isSequence(container)) return UNKNOWN;
      const parts = kids(sub).map((p) => asNumber(this.evaluate(p, env, depth)));
      const text = sub.text;
      const [start, stop] = text.startsWith(':') ? [undefined, parts[0]] : [parts[0], text.endsWith(':') ? undefined : parts[1]];
      return { ...container, items: container.items.slice(start, stop) } as Value;
    }
    const key = this.evaluate(sub, env, depth);
    if (container.kind === 'dict') {
      const k = dictKey(key);
      return (k !== undefined && container.entries.get(k)) || UNKNOWN;
    }
    if (isSequence(container)) {
      const i = asNumber(key);
      if (i === undefined || !Number.isInteger(i)) return UNKNOWN;
      return container.items[i < 0 ? container.items.length + i : i] ?? UNKNOWN;
    }
    return UNKNOWN;
  }

  private evalAttribute(node: Node, env: Env, depth: number): Value {
    const qualified = qualify(node, this.ctx.imports);
    if (qualified) {
      const c = MODULE_CONSTANTS[qualified.replace(/^(numpy|jax\.numpy|torch)\./, 'math.')];
      if (c !== undefined) return num(c);
    }
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!object || !attr) return UNKNOWN;
    const occurrences = (name: string) => this.ctx.ids.occurrences(name);
    const hparams = hyperparameterDefaults(node, occurrences);
    if (hparams) {
      // Lightning's saved hyperparameters: `__init__`'s defaults, evaluated where they are written.
      const entries = new Map<string, Value>();
      for (const [name, value] of hparams) entries.set(name, this.evaluate(value, { loops: new Map(), params: new Map(), moduleAnchor: env.moduleAnchor }, depth));
      return { kind: 'dict', entries };
    }
    const assigned = attributeAssignment(node, occurrences);
    if (assigned === 'unknown') return UNKNOWN;
    if (assigned) {
      // `self.lr = lr` in __init__: its parameters are their defaults unless the file passes arguments.
      const init = scopeOf(assigned.rhs);
      const cls = init.parent?.parent;
      if (!scopeOf(node).equals(init) && cls?.type === 'class_definition' && builtWithArguments(cls, occurrences)) return UNKNOWN;
      return this.evaluate(assigned.rhs, scopeOf(node).equals(init) ? env : { loops: new Map(), params: new Map(), moduleAnchor: env.moduleAnchor }, depth);
    }
    const v = this.evaluate(object, env, depth);
    // Config objects: dicts (EasyDict, OmegaConf), argparse namespaces, dataclass instances all become dicts.
    if (v.kind === 'dict') return v.entries.get(attr) ?? UNKNOWN;
    return UNKNOWN;
  }

  private evalComprehension(node: Node, env: Env, depth: number): Value {
    const body = node.childForFieldName('body');
    if (!body) return UNKNOWN;
    const clauses = kids(node).filter((k) => k.type === 'for_in_clause' || k.type === 'if_clause');
    const out: Value[] = [];
    let ok = true;
    const walk = (i: number, e: Env): void => {
      if (!ok) return;
      if (out.length > MAX_SEQUENCE) { ok = false; return; }
      if (i === clauses.length) { out.push(this.evaluate(body, e, depth)); return; }
      const clause = clauses[i];
      if (clause.type === 'if_clause') {
        const cond = kids(clause)[0];
        const t = cond ? truthy(this.evaluate(cond, e, depth)) : undefined;
        if (t === undefined) { ok = false; return; }
        if (t) walk(i + 1, e);
        return;
      }
      const right = clause.childForFieldName('right');
      const items = right && this.sequence(right, e, depth);
      if (!items) { ok = false; return; }
      for (const item of items) {
        const loops = new Map(e.loops);
        loops.set(clause.id, item);
        walk(i + 1, { ...e, loops });
      }
    };
    walk(0, env);
    return ok ? list(out) : UNKNOWN;
  }

  /** Positional and keyword arguments of a call, with `*list` and `**dict` splats expanded when known. */
  callArguments(call: Node, env: Env, depth = 0): { positional: Node[]; keywords: Map<string, Node>; splat: Map<string, Value>; opaque: boolean } {
    const args = call.childForFieldName('arguments');
    const positional: Node[] = [];
    const keywords = new Map<string, Node>();
    const splat = new Map<string, Value>();
    let opaque = false;
    for (const a of args ? kids(args) : []) {
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name')?.text;
        const value = a.childForFieldName('value');
        if (name && value) keywords.set(name, value);
      } else if (a.type === 'dictionary_splat') {
        const inner = kids(a)[0];
        const v = inner ? this.evaluate(inner, env, depth) : UNKNOWN;
        if (v.kind === 'dict') for (const [k, vv] of v.entries) splat.set(k, vv);
        else opaque = true;
      } else if (a.type === 'list_splat') opaque = true;
      else positional.push(a);
    }
    return { positional, keywords, splat, opaque };
  }

  private evalCall(node: Node, env: Env, depth: number): Value {
    const fn = node.childForFieldName('function');
    if (!fn) return UNKNOWN;
    const { positional, keywords, splat } = this.callArguments(node, env, depth);
    const arg = (i: number, name?: string): Value => {
      const n = (name && keywords.get(name)) || positional[i];
      if (n) return this.evaluate(n, env, depth);
      return (name && splat.get(name)) || UNKNOWN;
    };
    const n = (i: number, name?: string) => asNumber(arg(i, name));
    // Methods on values: cfg.get("lr", 1e-3), d.items(), np.logspace(...).tolist()
    if (fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text;
      const object = fn.childForFieldName('object');
      const qualified = qualify(fn, this.ctx.imports);
      if (qualified) return this.evalLibraryCall(qualified, arg, n, positional.length, keywords, env, depth);
      if (object && method) {
        if (method === 'parse_args' || method === 'parse_known_args') {
          const ns = this.argparseNamespace(env);
          return method === 'parse_args' ? ns : tuple([ns, list([])]);
        }
        const target = this.evaluate(object, env, depth);
        if (target.kind === 'dict') {
          if (method === 'get') {
            const key = dictKey(arg(0));
            return (key !== undefined && target.entries.get(key)) || (positional[1] ? arg(1) : { kind: 'none' });
          }
          if (method === 'items') return list([...target.entries].map(([k, v]) => tuple([{ kind: 'string', value: k }, v])));
          if (method === 'keys') return list([...target.entries.keys()].map((k) => ({ kind: 'string', value: k }) as Value));
          if (method === 'values') return list([...target.entries.values()]);
          if (method === 'copy') return target;
        }
        if (isSequence(target) && (method === 'tolist' || method === 'copy')) return list(target.items);
        if (target.kind === 'number' && method === 'item') return target;
      }
      return UNKNOWN;
    }
    if (fn.type !== 'identifier') return UNKNOWN;
    const name = fn.text;
    const binding = this.lookup(name, fn, env);
    if (binding?.kind === 'import') {
      const q = this.ctx.imports.names.get(name);
      return q ? this.evalLibraryCall(q, arg, n, positional.length, keywords, env, depth) : UNKNOWN;
    }
    if (binding?.kind === 'def' && binding.node.type === 'class_definition') {
      const defaults = this.classDefaults(binding.node, env, depth);
      if (defaults.kind !== 'dict') return UNKNOWN;
      const entries = new Map(defaults.entries);
      for (const [k, v] of keywords) entries.set(k, this.evaluate(v, env, depth));
      for (const [k, v] of splat) entries.set(k, v);
      return { kind: 'dict', entries };
    }
    if (binding) return UNKNOWN; // a user function: only one level is followed, from the optimizer side
    return this.evalBuiltin(name, arg, n, positional, keywords, env, depth);
  }

  private evalBuiltin(name: string, arg: (i: number, k?: string) => Value, n: (i: number, k?: string) => number | undefined,
    positional: Node[], keywords: Map<string, Node>, env: Env, depth: number): Value {
    switch (name) {
      case 'float': { const v = arg(0); if (v.kind === 'string') { const f = Number(v.value.trim()); return Number.isNaN(f) && !/nan/i.test(v.value) ? UNKNOWN : num(f); } return asNumber(v) === undefined ? UNKNOWN : num(asNumber(v) as number); }
      case 'int': { const v = asNumber(arg(0)); return v === undefined ? UNKNOWN : num(Math.trunc(v)); }
      case 'abs': { const v = n(0); return v === undefined ? UNKNOWN : num(Math.abs(v)); }
      case 'round': { const v = n(0); const d = n(1) ?? 0; return v === undefined ? UNKNOWN : num(Math.round(v * 10 ** d) / 10 ** d); }
      case 'min': case 'max': {
        const values = positional.length === 1 ? (this.sequence(positional[0], env, depth) ?? []).map(asNumber) : positional.map((p) => asNumber(this.evaluate(p, env, depth)));
        if (values.length === 0 || values.some((v) => v === undefined)) return UNKNOWN;
        return num(name === 'min' ? Math.min(...(values as number[])) : Math.max(...(values as number[])));
      }
      case 'len': { const v = arg(0); return isSequence(v) ? num(v.items.length) : v.kind === 'dict' ? num(v.entries.size) : UNKNOWN; }
      case 'range': {
        const a = n(0); const b = n(1); const c = n(2);
        if (a === undefined) return UNKNOWN;
        const seq = positional.length === 1 ? arange(0, a) : b === undefined ? undefined : arange(a, b, c ?? 1);
        return seq ? list(seq.map(num)) : UNKNOWN;
      }
      case 'list': case 'tuple': case 'sorted': case 'reversed': {
        if (positional.length === 0) return list([]);
        const seq = this.sequence(positional[0], env, depth);
        if (!seq) return UNKNOWN;
        let items = [...seq];
        if (name === 'sorted') { const ns = items.map(asNumber); if (ns.some((x) => x === undefined)) return UNKNOWN; items = (ns as number[]).sort((x, y) => x - y).map(num); }
        if (name === 'reversed') items.reverse();
        return name === 'tuple' ? tuple(items) : list(items);
      }
      case 'zip': {
        const seqs = positional.map((p) => this.sequence(p, env, depth));
        if (seqs.some((s) => !s)) return UNKNOWN;
        const len = Math.min(...seqs.map((s) => (s as Value[]).length));
        return list(Array.from({ length: len }, (_, i) => tuple(seqs.map((s) => (s as Value[])[i]))));
      }
      case 'enumerate': {
        const seq = positional[0] && this.sequence(positional[0], env, depth);
        const start = n(1, 'start') ?? 0;
        return seq ? list(seq.map((v, i) => tuple([num(i + start), v]))) : UNKNOWN;
      }
      case 'dict': {
        const entries = new Map<string, Value>();
        const base = positional[0] ? this.evaluate(positional[0], env, depth) : undefined;
        if (base?.kind === 'dict') for (const [k, v] of base.entries) entries.set(k, v);
        for (const [k, v] of keywords) entries.set(k, this.evaluate(v, env, depth));
        return { kind: 'dict', entries };
      }
      case 'sum': {
        const seq = positional[0] && this.sequence(positional[0], env, depth);
        const ns = seq?.map(asNumber);
        return ns && ns.every((x) => x !== undefined) ? num((ns as number[]).reduce((a, b) => a + b, 0)) : UNKNOWN;
      }
      default: return UNKNOWN;
    }
  }

  private evalLibraryCall(qualified: string, arg: (i: number, k?: string) => Value, n: (i: number, k?: string) => number | undefined,
    _count: number, keywords: Map<string, Node>, env: Env, depth: number): Value {
    const q = qualified.replace(/^(numpy|jax\.numpy|torch|cupy)\./, 'np.');
    const seq = (xs: number[] | undefined) => (xs ? list(xs.map(num)) : UNKNOWN);
    const endpoint = () => { const e = arg(99, 'endpoint'); return e.kind === 'bool' ? e.value : true; };
    switch (q) {
      case 'np.logspace': { const a = n(0, 'start'); const b = n(1, 'stop'); const c = n(2, 'num') ?? 50; const base = n(3, 'base') ?? 10; return a === undefined || b === undefined ? UNKNOWN : seq(logspace(a, b, c, base, endpoint())); }
      case 'np.geomspace': { const a = n(0, 'start'); const b = n(1, 'stop'); const c = n(2, 'num') ?? 50; return a === undefined || b === undefined ? UNKNOWN : seq(geomspace(a, b, c, endpoint())); }
      case 'np.linspace': { const a = n(0, 'start'); const b = n(1, 'stop'); const c = n(2, 'num') ?? 50; return a === undefined || b === undefined ? UNKNOWN : seq(linspace(a, b, c, endpoint())); }
      case 'np.arange': { const a = n(0, 'start'); const b = n(1, 'stop'); const c = n(2, 'step'); if (a === undefined) return UNKNOWN; return seq(b === undefined ? arange(0, a) : arange(a, b, c ?? 1)); }
      case 'np.array': case 'np.asarray': case 'np.tensor': { const v = arg(0); return isSequence(v) ? list(v.items) : v; }
      case 'itertools.product': {
        const reps = n(99, 'repeat') ?? 1;
        const seqs: Value[][] = [];
        for (let i = 0; ; i++) { const v = arg(i); if (v.kind === 'unknown') break; if (!isSequence(v)) return UNKNOWN; seqs.push(v.items); }
        if (seqs.length === 0) return UNKNOWN;
        const all = cartesian(Array.from({ length: reps }, () => seqs).flat());
        return all ? list(all.map(tuple)) : UNKNOWN;
      }
      case 'types.SimpleNamespace': case 'easydict.EasyDict': case 'omegaconf.OmegaConf.create': case 'ml_collections.ConfigDict': {
        const base = arg(0);
        const entries = new Map<string, Value>(base.kind === 'dict' ? base.entries : []);
        for (const [k, v] of keywords) entries.set(k, this.evaluate(v, env, depth));
        return { kind: 'dict', entries };
      }
    }
    const unary = MATH_FUNCTIONS[q.replace(/^np\./, 'math.')];
    if (unary) { const v = n(0); return v === undefined ? UNKNOWN : num(unary(v, n(1))); }
    return UNKNOWN;
  }

  /** Class-level `name = value` / `name: T = value` of a local (data)class, as a dict. */
  classDefaults(cls: Node, env: Env, depth: number): Value {
    const body = cls.childForFieldName('body');
    const entries = new Map<string, Value>();
    for (const stmt of body ? kids(body) : []) {
      const a = stmt.type === 'expression_statement' ? kids(stmt)[0] : undefined;
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type === 'identifier' && right) entries.set(left.text, this.evaluate(right, env, depth));
    }
    return { kind: 'dict', entries };
  }

  /** Defaults of every `parser.add_argument('--name', default=…)` in the file, as a namespace. */
  private argparseNamespace(env: Env): Value {
    if (this.argparseDefaults) return this.argparseDefaults;
    const entries = new Map<string, Value>();
    this.argparseDefaults = { kind: 'dict', entries };
    const re = /\badd_argument\s*\(/g;
    for (let m = re.exec(this.ctx.text); m; m = re.exec(this.ctx.text)) {
      let call: Node | null = this.ctx.tree.rootNode.descendantForIndex(m.index, m.index + 12);
      while (call && call.type !== 'call') call = call.parent;
      if (!call) continue;
      const { positional, keywords } = this.callArguments(call, env);
      const flags = positional.map((p) => stringLiteralValue(p)).filter((s): s is string => !!s);
      const destNode = keywords.get('dest');
      const dest = (destNode && stringLiteralValue(destNode)) ?? (flags.find((f) => f.startsWith('--')) ?? flags[0])?.replace(/^-+/, '').replace(/-/g, '_');
      const def = keywords.get('default');
      if (!dest) continue;
      let value = def ? this.evaluate(def, { ...env, loops: new Map() }) : { kind: 'none' } as Value;
      const type = keywords.get('type')?.text;
      if (value.kind === 'string' && (type === 'float' || type === 'int')) {
        const f = Number(value.value);
        value = Number.isNaN(f) ? UNKNOWN : num(type === 'int' ? Math.trunc(f) : f);
      }
      entries.set(dest, value);
    }
    return this.argparseDefaults;
  }
}

// ---- value helpers --------------------------------------------------------------------------

export function destructure(v: Value, path: number[]): Value {
  let cur = v;
  for (const i of path) {
    if (!isSequence(cur)) return UNKNOWN;
    cur = cur.items[i] ?? UNKNOWN;
  }
  return cur;
}

function dictKey(v: Value): string | undefined {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'number') return String(v.value);
  return undefined;
}

function truthy(v: Value): boolean | undefined {
  switch (v.kind) {
    case 'bool': return v.value;
    case 'number': return v.value !== 0;
    case 'string': return v.value.length > 0;
    case 'none': return false;
    case 'list': case 'tuple': return v.items.length > 0;
    case 'dict': return v.entries.size > 0;
    default: return undefined;
  }
}

function parseInteger(text: string): Value {
  const t = text.replace(/_/g, '').toLowerCase();
  if (/[jl]$/.test(t)) return UNKNOWN;
  const v = t.startsWith('0x') ? parseInt(t.slice(2), 16) : t.startsWith('0o') ? parseInt(t.slice(2), 8) : t.startsWith('0b') ? parseInt(t.slice(2), 2) : Number(t);
  return Number.isFinite(v) ? num(v) : UNKNOWN;
}

function parseFloatLiteral(text: string): Value {
  const t = text.replace(/_/g, '');
  if (/j$/i.test(t)) return UNKNOWN;
  const v = Number(t.endsWith('.') ? t.slice(0, -1) : t);
  return Number.isFinite(v) ? num(v) : UNKNOWN;
}

export function binaryOp(op: string, a: Value, b: Value): Value {
  if (op === '+' && isSequence(a) && isSequence(b)) return { ...a, items: [...a.items, ...b.items] } as Value;
  if (op === '+' && a.kind === 'string' && b.kind === 'string') return { kind: 'string', value: a.value + b.value };
  if (op === '*' && isSequence(a) && asNumber(b) !== undefined) {
    const k = asNumber(b) as number;
    if (k * a.items.length > MAX_SEQUENCE) return UNKNOWN;
    return { ...a, items: Array.from({ length: Math.max(0, k) }, () => a.items).flat() } as Value;
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === undefined || y === undefined) return UNKNOWN;
  let r: number;
  switch (op) {
    case '+': r = x + y; break;
    case '-': r = x - y; break;
    case '*': r = x * y; break;
    case '/': if (y === 0) return UNKNOWN; r = x / y; break;
    case '//': if (y === 0) return UNKNOWN; r = Math.floor(x / y); break;
    case '%': if (y === 0) return UNKNOWN; r = ((x % y) + y) % y; break;
    case '**': r = power(x, y); break;
    default: return UNKNOWN;
  }
  return Number.isFinite(r) ? num(r) : UNKNOWN;
}

const MODULE_CONSTANTS: Record<string, number> = { 'math.pi': Math.PI, 'math.e': Math.E, 'math.inf': Infinity, 'math.tau': 2 * Math.PI };

const MATH_FUNCTIONS: Record<string, (x: number, y?: number) => number> = {
  'math.sqrt': Math.sqrt, 'math.exp': Math.exp, 'math.log10': Math.log10, 'math.log2': Math.log2,
  'math.log': (x, base) => (base ? Math.log(x) / Math.log(base) : Math.log(x)),
  'math.pow': (x, y) => x ** (y ?? NaN), 'math.power': (x, y) => x ** (y ?? NaN), 'math.ceil': Math.ceil, 'math.floor': Math.floor,
};

function builtinConstant(name: string): Value {
  return name === 'True' ? { kind: 'bool', value: true } : name === 'False' ? { kind: 'bool', value: false } : UNKNOWN;
}
