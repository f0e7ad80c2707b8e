// Where a name gets its value: the binding in force at a use, following Python's scoping closely
// enough for configuration code (assignments in order, loop targets, parameters, imports).

import type { Node } from './syntax';
import { contains, IdentifierIndex, isComprehension, scopeChain, scopeOf } from './syntax';

export type Binding =
  /** `name = rhs` (or a pattern inside `a, b = rhs`: `path` indexes into the unpacked value). */
  | { kind: 'assign'; rhs: Node; path: number[]; statement: Node; target: Node }
  /** `name op= rhs`. */
  | { kind: 'augassign'; rhs: Node; operator: string; statement: Node; target: Node }
  /** `for name in …` or a comprehension's `for name in …` clause. */
  | { kind: 'loop'; loop: Node; path: number[]; target: Node }
  /** A parameter of a function or lambda. */
  | { kind: 'param'; func: Node; name: string; defaultValue?: Node; index: number; target: Node }
  | { kind: 'import'; target: Node }
  | { kind: 'def'; node: Node; target: Node }
  | { kind: 'other'; target: Node };

/** Index path of `target` inside a tuple/list pattern (`a, (b, c) = …` → c is [1, 1]). */
function patternPath(pattern: Node, target: Node): number[] | undefined {
  if (pattern.equals(target)) return [];
  if (!['pattern_list', 'tuple_pattern', 'list_pattern', 'expression_list', 'tuple', 'list', 'parenthesized_expression'].includes(pattern.type)) return undefined;
  const items = pattern.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (pattern.type === 'parenthesized_expression') return items[0] ? patternPath(items[0], target) : undefined;
  for (let i = 0; i < items.length; i++) {
    if (!contains(items[i], target)) continue;
    const rest = patternPath(items[i], target);
    return rest ? [i, ...rest] : undefined;
  }
  return undefined;
}

/** Classifies one identifier occurrence: is it a binding, and of which kind? */
export function bindingAt(id: Node): Binding | undefined {
  const parent = id.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'assignment': {
      const left = parent.childForFieldName('left');
      const right = parent.childForFieldName('right');
      if (!left || !contains(left, id)) {
        // Chained `a = b = 1` nests assignments on the right; `b` is the left of the inner one.
        return undefined;
      }
      if (!right) return { kind: 'other', target: id }; // annotation only: `lr: float`
      const path = patternPath(left, id);
      if (!path) return undefined; // attribute or subscript target
      return { kind: 'assign', rhs: innermostValue(right), path, statement: parent, target: id };
    }
    case 'augmented_assignment': {
      const left = parent.childForFieldName('left');
      const right = parent.childForFieldName('right');
      const op = parent.childForFieldName('operator');
      if (!left?.equals(id) || !right || !op) return undefined;
      return { kind: 'augassign', rhs: right, operator: op.text.replace('=', ''), statement: parent, target: id };
    }
    case 'named_expression': {
      const name = parent.childForFieldName('name');
      const value = parent.childForFieldName('value');
      return name?.equals(id) && value ? { kind: 'assign', rhs: value, path: [], statement: parent, target: id } : undefined;
    }
    case 'default_parameter': case 'typed_default_parameter': case 'typed_parameter': case 'parameters': case 'lambda_parameters':
      return paramBinding(id);
    case 'function_definition': case 'class_definition':
      return parent.childForFieldName('name')?.equals(id) ? { kind: 'def', node: parent, target: id } : undefined;
    case 'aliased_import': case 'dotted_name': case 'import_statement': case 'import_from_statement':
      return { kind: 'import', target: id };
    default: {
      // Loop targets may sit inside patterns: climb to the for statement / clause.
      let n: Node | null = parent;
      let child: Node = id;
      while (n && ['pattern_list', 'tuple_pattern', 'list_pattern', 'parenthesized_expression', 'tuple', 'list'].includes(n.type)) {
        child = n;
        n = n.parent;
      }
      if (n && (n.type === 'for_statement' || n.type === 'for_in_clause')) {
        const left = n.childForFieldName('left');
        if (left && contains(left, id) && left.equals(child)) {
          const path = patternPath(left, id);
          return path ? { kind: 'loop', loop: n, path, target: id } : undefined;
        }
      }
      // `a, b = …`: the pattern is the assignment's left side. (Classifying `id` again from here, as this
      // once did, recursed without end: its parent is still the pattern.)
      if (n && n.type === 'assignment' && n.childForFieldName('left')?.equals(child)) return patternAssign(n, id);
      return undefined;
    }
  }
}

function patternAssign(statement: Node, id: Node): Binding | undefined {
  const left = statement.childForFieldName('left');
  const rhs = statement.childForFieldName('right');
  const path = left && patternPath(left, id);
  if (!path || !rhs) return undefined;
  return { kind: 'assign', rhs: innermostValue(rhs), path, statement, target: id };
}

/** The value of a chained `a = b = value` (assignments nest on the right); stops at a half-written one. */
function innermostValue(right: Node): Node {
  let rhs = right;
  for (let next = rhs.childForFieldName('right'); rhs.type === 'assignment' && next; next = rhs.childForFieldName('right')) rhs = next;
  return rhs;
}

function paramBinding(id: Node): Binding | undefined {
  let p: Node | null = id.parent;
  if (!p) return undefined;
  let defaultValue: Node | undefined;
  if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
    if (!p.childForFieldName('name')?.equals(id)) return undefined;
    defaultValue = p.childForFieldName('value') ?? undefined;
    p = p.parent;
  } else if (p.type === 'typed_parameter') {
    if (!p.namedChildren[0]?.equals(id)) return undefined;
    p = p.parent;
  }
  if (!p || (p.type !== 'parameters' && p.type !== 'lambda_parameters')) return undefined;
  const func = p.parent;
  if (!func) return undefined;
  const index = p.namedChildren.findIndex((c) => !!c && contains(c, id));
  return { kind: 'param', func, name: id.text, defaultValue, index, target: id };
}

/** The scope a binding belongs to (comprehension targets belong to their comprehension). */
function bindingScope(b: Binding): Node {
  if (b.kind === 'param') return b.func;
  if (b.kind === 'loop' && b.loop.type === 'for_in_clause') return b.loop.parent ?? b.loop;
  return scopeOf(b.target);
}

/**
 * A binding with what resolving a use of its name needs, read from the tree once: every Node getter
 * crosses into WebAssembly, and a name is resolved from dozens of places. One shape for every kind of
 * binding, so the lookup below stays monomorphic (on the seven shapes of Binding, V8 optimised it,
 * met a new shape, threw the code away and compiled it again, some five times per thread).
 */
interface ScopedBinding {
  binding: Binding;
  scope: Node;
  /** Where the binding takes effect: the end of an assignment statement, else where the name is written. */
  at: number;
  param: boolean;
  /** A comprehension's `for` target: in force only inside its own comprehension. */
  comprehension: boolean;
  /** A `for` statement's target: the loop's span, inside which a use sees it wherever it is written (else -1, -1). */
  loopStart: number;
  loopEnd: number;
}

function scoped(b: Binding): ScopedBinding {
  const at = b.kind === 'assign' || b.kind === 'augassign' ? b.statement.endIndex : b.target.startIndex;
  const comprehension = b.kind === 'loop' && b.loop.type === 'for_in_clause';
  const forStatement = b.kind === 'loop' && !comprehension ? b.loop : undefined;
  return {
    binding: b, scope: bindingScope(b), at, param: b.kind === 'param', comprehension,
    loopStart: forStatement ? forStatement.startIndex : -1, loopEnd: forStatement ? forStatement.endIndex : -1,
  };
}

// Every binding of a name with its scope, per identifier index (one index per analysed tree): a
// lookup used to classify every occurrence of the name again, and the ~40 names looked up per
// optimizer call made that the largest cost of a re-analysis.
const bindingsByIndex = new WeakMap<IdentifierIndex, Map<string, ScopedBinding[]>>();

function bindingsOf(index: IdentifierIndex, name: string): ScopedBinding[] {
  let byName = bindingsByIndex.get(index);
  if (!byName) bindingsByIndex.set(index, (byName = new Map()));
  let found = byName.get(name);
  if (!found) {
    found = [];
    for (const id of index.occurrences(name)) {
      const binding = bindingAt(id);
      if (binding) found.push(scoped(binding));
    }
    byName.set(name, found);
  }
  return found;
}

/** What is around a use: its comprehensions and its scopes from the innermost out to the module (the last). */
interface Surroundings { comprehensions: Node[]; chain: Node[]; start: number; end: number }

// The comprehensions and scopes around a use, per use node: one optimizer call looks up dozens of
// names from the same place, and each climb to the module crosses into WebAssembly once per level.
const surroundingsByIndex = new WeakMap<IdentifierIndex, Map<number, Surroundings>>();

function surroundings(index: IdentifierIndex, use: Node): Surroundings {
  let byUse = surroundingsByIndex.get(index);
  if (!byUse) surroundingsByIndex.set(index, (byUse = new Map()));
  let found = byUse.get(use.id);
  if (!found) {
    const comprehensions: Node[] = [];
    for (let n: Node | null = use.parent; n; n = n.parent) if (isComprehension(n)) comprehensions.push(n);
    found = { comprehensions, chain: scopeChain(use), start: use.startIndex, end: use.endIndex };
    byUse.set(use.id, found);
  }
  return found;
}

/**
 * The binding of `name` in force at `use`. `moduleAnchor` is the text index up to which module-level
 * code has run (a function body sees module assignments made before the call that runs it).
 */
export function resolveName(index: IdentifierIndex, name: string, use: Node, moduleAnchor: number): Binding | undefined {
  const all = bindingsOf(index, name);
  if (all.length === 0) return undefined;
  const { comprehensions, chain, start, end } = surroundings(index, use);
  // Comprehension targets first: they scope only the comprehension they belong to.
  for (const n of comprehensions) {
    for (const s of all) if (s.comprehension && s.scope.equals(n)) return s.binding;
  }
  for (let level = 0; level < chain.length; level++) {
    const scope = chain[level];
    // scopeChain ends at the module and holds it once: a function's use sees the module as it stands
    // when the function runs, up to moduleAnchor.
    const moduleLevel = level === chain.length - 1;
    const limit = moduleLevel && level > 0 ? moduleAnchor : start;
    let best: Binding | undefined;
    let bestAt = -1;
    let bestIsParam = false;
    let latest: ScopedBinding | undefined;
    for (const s of all) {
      if (s.comprehension || !s.scope.equals(scope)) continue;
      if (!latest || latest.at < s.at) latest = s;
      if (s.param) {
        if (!best) { best = s.binding; bestIsParam = true; }
        continue;
      }
      if (!(s.at <= limit && (!best || bestIsParam || bestAt < s.at))) continue;
      if (s.loopStart >= 0 && !(s.loopStart <= start && end <= s.loopEnd)) {
        // A for statement's target used outside its loop (after it): bound, to whatever the last iteration left.
        if (s.at < limit) { best = { kind: 'other', target: s.binding.target }; bestAt = s.at; bestIsParam = false; }
        continue;
      }
      best = s.binding;
      bestAt = s.at;
      bestIsParam = false;
    }
    // Used in a function before any module-level binding ran: the latest one in the file.
    if (!best && moduleLevel && latest) best = latest.binding;
    if (best) return best;
  }
  return undefined;
}
