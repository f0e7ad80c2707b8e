// Finds catalogued optimizer calls in TS/JS (`adamw(lr, { weightDecay })` from @jax-js/optax) and
// enumerates their sweeps: for…of, classic for, `.map`/`.forEach` callbacks, and one level of calls
// of a same-file builder function.

import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { contains, isFunction, type Node, rangeOf, sourceText, type Tree, unwrap } from './ast';
import { type Binding, type Env, type Evaluator, iterationCallee, resolve } from './evaluate';
import { lookupApi, type CatalogEntry } from '../catalog';
import { distinctSorted, makeSweepInfo } from '../sweep';
import { arange, asNumber, list, MAX_SEQUENCE, num, type Value } from '../values';
import type { AnalysisNote, OptimizerSite, ParamSite, RelatedLocation } from '../types';
import { parsePragma } from '../pragmas';
import { internalErrorNote } from '../internal-error';

/** Local name → module (namespace/default import or require) or module.export (named import). */
export function importTable(tree: Tree): Map<string, string> {
  const table = new Map<string, string>();
  for (const stmt of tree.program.body) {
    if (stmt.type === 'ImportDeclaration') {
      for (const s of stmt.specifiers) {
        if (s.type === 'ImportSpecifier') table.set(s.local.name, `${stmt.source.value}.${s.imported.type === 'Identifier' ? s.imported.name : s.imported.value}`);
        else table.set(s.local.name, String(stmt.source.value));
      }
    }
  }
  for (const [name, ids] of tree.declarations) {
    for (const id of ids) {
      const decl = tree.parents.get(id);
      const pattern = decl?.type === 'Property' ? tree.parents.get(decl) : undefined;
      const declarator = decl?.type === 'VariableDeclarator' ? decl : pattern && tree.parents.get(pattern);
      if (declarator?.type !== 'VariableDeclarator' || !declarator.init) continue;
      const init = unwrap(declarator.init);
      if (init.type !== 'CallExpression' || init.callee.type !== 'Identifier' || init.callee.name !== 'require') continue;
      const source = init.arguments[0];
      if (source?.type !== 'Literal' || typeof source.value !== 'string') continue;
      if (decl?.type === 'VariableDeclarator') table.set(name, source.value);
      else if (decl?.type === 'Property' && decl.key.type === 'Identifier') table.set(name, `${source.value}.${decl.key.name}`);
    }
  }
  return table;
}

function qualify(callee: Node, imports: Map<string, string>, tree: Tree): string | undefined {
  const c = unwrap(callee);
  if (c.type === 'Identifier') {
    const q = imports.get(c.name);
    const b = q ? resolve(c.name, c, tree) : undefined;
    return b?.kind === 'import' || b?.kind === 'value' ? q : undefined;
  }
  if (c.type === 'MemberExpression' && !c.computed && c.object.type === 'Identifier' && c.property.type === 'Identifier') {
    const q = imports.get(c.object.name);
    return q ? `${q}.${c.property.name}` : undefined;
  }
  return undefined;
}

interface Frame { loop: Node; iterable: () => (env: Env) => Value[] | undefined; label: string; at: Node }

function framesAround(node: Node, stop: Node | undefined, tree: Tree, ev: Evaluator): Frame[] {
  const frames: Frame[] = [];
  let child: Node = node;
  for (let n = tree.parents.get(node); n && n !== stop; child = n, n = tree.parents.get(n)) {
    if (n.type === 'ForOfStatement' && n.body === child) {
      const right = n.right;
      frames.push({ loop: n, at: n, label: `sweep over ${sourceText(ev.text, n.left).replace(/^(const|let|var)\s+/, '')} of ${sourceText(ev.text, right).slice(0, 50)}`, iterable: () => (env) => ev.sequence(right, env) });
    } else if (n.type === 'ForStatement' && n.body === child) {
      const loop = n;
      frames.push({ loop, at: n, label: `sweep in ${sourceText(ev.text, n).split(')')[0]})`, iterable: () => (env) => classicForDomain(loop, ev, env) });
    } else if (isFunction(n)) {
      const call = iterationCallee(n, tree);
      if (!call) break;
      const fn = n;
      frames.push({
        loop: fn, at: call, label: `sweep over ${sourceText(ev.text, call.callee).slice(0, 50)}`,
        iterable: () => (env) => {
          const callee = unwrap(call.callee) as TSESTree.MemberExpression;
          if (callee.object.type === 'Identifier' && callee.object.name === 'Array') {
            const len = ev.evaluate(call.arguments[0], env);
            const count = len.kind === 'dict' ? asNumber(len.entries.get('length')) : undefined;
            return count === undefined || count > MAX_SEQUENCE ? undefined : arange(0, count)!.map((i) => list([{ kind: 'none' }, num(i)]));
          }
          return ev.sequence(callee.object, env)?.map((v, i) => list([v, num(i)]));
        },
      });
    }
  }
  return frames.reverse();
}

/** `for (let i = a; i < b; i++ | i += k | i *= k)` with resolvable bounds. */
function classicForDomain(loop: TSESTree.ForStatement, ev: Evaluator, env: Env): Value[] | undefined {
  const decl = loop.init?.type === 'VariableDeclaration' ? loop.init.declarations[0] : undefined;
  if (!decl || decl.id.type !== 'Identifier' || !decl.init || loop.test?.type !== 'BinaryExpression' || !loop.update) return undefined;
  const start = asNumber(ev.evaluate(decl.init, env));
  const bound = asNumber(ev.evaluate(loop.test.right, env));
  if (start === undefined || bound === undefined) return undefined;
  const u = loop.update;
  let step: (x: number) => number;
  if (u.type === 'UpdateExpression') step = u.operator === '++' ? (x) => x + 1 : (x) => x - 1;
  else if (u.type === 'AssignmentExpression') {
    const k = asNumber(ev.evaluate(u.right, env));
    if (k === undefined) return undefined;
    step = u.operator === '+=' ? (x) => x + k : u.operator === '-=' ? (x) => x - k : u.operator === '*=' ? (x) => x * k : u.operator === '/=' ? (x) => x / k : () => NaN;
  } else return undefined;
  const op = loop.test.operator;
  const ok = (x: number) => (op === '<' ? x < bound : op === '<=' ? x <= bound : op === '>' ? x > bound : op === '>=' ? x >= bound : false);
  const out: Value[] = [];
  for (let x = start; ok(x) && Number.isFinite(x); x = step(x)) {
    out.push(num(x));
    if (out.length > MAX_SEQUENCE) return undefined;
  }
  return out;
}

interface ArgSpec { node?: Node; value?: (env: Env) => Value; shorthand?: string }

function argumentFor(call: TSESTree.CallExpression, entry: CatalogEntry, name: string | undefined, ev: Evaluator): ArgSpec {
  if (!name) return {};
  const i = entry.positional.indexOf(name);
  if (i >= 0 && call.arguments[i] && call.arguments[i].type !== 'SpreadElement') return { node: call.arguments[i] };
  // An options object: `adamw(lr, { weightDecay: 0.05 })` or a const holding it.
  for (const [at, a] of call.arguments.entries()) {
    if (entry.positional[at] !== 'options') continue;
    const arg = unwrap(a);
    if (arg.type === 'ObjectExpression') {
      const prop = arg.properties.find((p): p is TSESTree.Property => p.type === 'Property' && !p.computed && ((p.key.type === 'Identifier' && p.key.name === name) || (p.key.type === 'Literal' && p.key.value === name)));
      if (prop) return { node: prop.value as Node, shorthand: prop.shorthand ? name : undefined };
      if (arg.properties.some((p) => p.type === 'SpreadElement')) return { value: (env) => { const v = ev.evaluate(arg, env); return v.kind === 'dict' ? v.entries.get(name) ?? { kind: 'none' } : v; } };
    } else if (arg.type === 'Identifier') {
      return { value: (env) => { const v = ev.evaluate(arg, env); return v.kind === 'dict' ? v.entries.get(name) ?? { kind: 'none' } : { kind: 'none' }; } };
    }
  }
  return {};
}

function evalArg(spec: ArgSpec, fallback: number | undefined, env: Env, ev: Evaluator): number | undefined {
  const v = spec.node ? ev.evaluate(spec.node, env) : spec.value ? spec.value(env) : undefined;
  if (!v) return fallback;
  if (v.kind === 'none' && !spec.node) return fallback;
  const x = asNumber(v);
  return x !== undefined && Number.isFinite(x) ? x : undefined;
}

export function findSites(tree: Tree, ev: Evaluator, commentsByLine: Map<number, string>, notes: AnalysisNote[]): OptimizerSite[] {
  const imports = importTable(tree);
  if (imports.size === 0) return [];
  const sites: OptimizerSite[] = [];
  for (const call of tree.calls) {
    const q = qualify(call.callee, imports, tree);
    const entry = q ? lookupApi('typescript', q) : undefined;
    if (!entry) continue;
    // A failure on one call must not lose the file's other calls: it is skipped and reported.
    try {
      sites.push(buildSite(call, entry, tree, ev, commentsByLine, notes));
    } catch (error) {
      notes.push(internalErrorNote(error, `this ${entry.id} call was not analysed`, { site: entry.id, range: rangeOf(call) }));
    }
  }
  return sites;
}

/** One catalogued call, resolved: α, λ, the sweep around it, a named base α and a schedule. */
function buildSite(call: TSESTree.CallExpression, entry: CatalogEntry, tree: Tree, ev: Evaluator, commentsByLine: Map<number, string>, notes: AnalysisNote[]): OptimizerSite {
  const lrSpec = argumentFor(call, entry, entry.lrParam, ev);
  const wdSpec = argumentFor(call, entry, entry.wdParam, ev);
  const { points, lrs, wds, related, capped } = enumeratePoints(call, tree, ev, lrSpec, wdSpec, entry);
  if (capped) notes.push({ message: 'sweep enumeration stopped after 10 000 points', range: rangeOf(call) });
  const site: OptimizerSite = {
    api: entry.id, convention: entry.convention, language: 'typescript',
    range: rangeOf(call), calleeRange: rangeOf(call.callee),
    lr: paramSite(lrSpec, entry.defaults.lr, lrs, ev, tree, commentsByLine),
    weightDecay: paramSite(wdSpec, entry.defaults.weightDecay, wds, ev, tree, commentsByLine),
    sweep: makeSweepInfo(points, related.length ? related : undefined),
    facts: {},
  };
  const base = namedBase(lrSpec.node, tree, ev);
  if (base) site.facts!.namedBaseLr = base;
  if (lrSpec.node && isFunction(unwrap(lrSpec.node))) site.schedule = { kind: 'other', range: rangeOf(lrSpec.node), text: sourceText(ev.text, lrSpec.node).slice(0, 80) };
  return site;
}

function enumeratePoints(call: TSESTree.CallExpression, tree: Tree, ev: Evaluator, lrSpec: ArgSpec, wdSpec: ArgSpec, entry: CatalogEntry) {
  const builder = enclosingFunction(call, tree);
  const routes: Array<{ frames: Frame[]; env: Env; callSite?: Node }> = [];
  const inner = framesAround(call, builder, tree, ev);
  const builderName = builder && builderNameOf(builder, tree);
  const callSites = builderName ? tree.calls.filter((c) => c.callee.type === 'Identifier' && c.callee.name === builderName && !contains(builder!, c)) : [];
  if (builder && callSites.length) {
    for (const site of callSites.slice(0, 50)) {
      const callerEnv: Env = { loops: new Map(), params: new Map() };
      const env: Env = { loops: new Map(), params: new Map([[builder, site.arguments as Node[]]]), callerEnv };
      routes.push({ frames: [...framesAround(site, enclosingFunction(site, tree), tree, ev), ...inner], env, callSite: site });
    }
  } else routes.push({ frames: inner, env: { loops: new Map(), params: new Map() } });
  const points: Array<{ lr: number; weightDecay: number }> = [];
  const lrs: number[] = [];
  const wds: number[] = [];
  const swept = new Set<Frame>();
  const sweptSites: Node[] = [];
  let capped = false;
  for (const route of routes) {
    const walk = (i: number, env: Env): void => {
      if (points.length >= MAX_SEQUENCE) { capped = true; return; }
      if (i === route.frames.length) {
        const lr = evalArg(lrSpec, entry.defaults.lr, env, ev);
        const wd = evalArg(wdSpec, entry.defaults.weightDecay, env, ev);
        if (lr !== undefined) lrs.push(lr);
        if (wd !== undefined) wds.push(wd);
        if (lr !== undefined && wd !== undefined && !points.some((p) => p.lr === lr && p.weightDecay === wd)) points.push({ lr, weightDecay: wd });
        return;
      }
      const f = route.frames[i];
      const items = f.iterable()(env) ?? [{ kind: 'unknown' } as Value];
      if (items.length > 1) { swept.add(f); if (route.callSite && !sweptSites.includes(route.callSite)) sweptSites.push(route.callSite); }
      for (const item of items) {
        const loops = new Map(env.loops);
        loops.set(f.loop, item);
        walk(i + 1, { ...env, loops, callerEnv: env.callerEnv && { ...env.callerEnv, loops } });
      }
    };
    walk(0, route.env);
  }
  const related: RelatedLocation[] = [...swept].map((f) => ({ range: rangeOf(f.at), message: f.label }));
  for (const s of sweptSites) related.push({ range: rangeOf(s), message: `optimizer built through ${sourceText(ev.text, (s as TSESTree.CallExpression).callee)}(…) here` });
  return { points, lrs, wds, related, capped };
}

function enclosingFunction(node: Node, tree: Tree): Node | undefined {
  for (let n = tree.parents.get(node); n; n = tree.parents.get(n)) if (isFunction(n) && !iterationCallee(n, tree)) return n;
  return undefined;
}

function builderNameOf(fn: Node, tree: Tree): string | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id?.name;
  const parent = tree.parents.get(fn);
  return parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
}

function paramSite(spec: ArgSpec, fallback: number | undefined, values: number[], ev: Evaluator, tree: Tree, comments: Map<number, string>): ParamSite {
  const distinct = distinctSorted(values);
  const node = spec.node;
  const site: ParamSite = { explicit: !!node, value: node ? (distinct.length === 1 ? distinct[0] : undefined) : distinct.length === 1 ? distinct[0] : fallback };
  if (!node) return site;
  site.range = rangeOf(node);
  site.text = sourceText(ev.text, node);
  if (spec.shorthand) site.shorthandKey = spec.shorthand;
  let definitionLine: number | undefined;
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const b: Binding | undefined = resolve(inner.name, inner, tree);
    if (b?.kind === 'value' && b.path.length === 0) {
      const v = asNumber(ev.evaluate(b.init, { loops: new Map(), params: new Map() }));
      site.definition = { name: inner.name, range: rangeOf(b.init), text: sourceText(ev.text, b.init), value: v };
      definitionLine = rangeOf(b.init).start.line;
    }
  }
  for (const line of [site.range.start.line, definitionLine]) {
    const p = line === undefined ? undefined : comments.get(line) && parsePragma(comments.get(line)!);
    if (p && p.kind === 'convention') { site.annotatedConvention = p.convention; break; }
  }
  return site;
}

const BASE_LR = /^(base|ref|reference|default|peak|max)_?(lr|learningrate)$|^(lr|learningrate)_?(base|ref|0|max|peak)$|^lr0$/i;

function namedBase(lrNode: Node | undefined, tree: Tree, ev: Evaluator): { name: string; value: number } | undefined {
  const names = new Set<string>();
  const visit = (n: Node | undefined, depth: number) => {
    if (!n || depth > 4) return;
    const u = unwrap(n);
    if (u.type === 'Identifier') {
      names.add(u.name);
      const b = resolve(u.name, u, tree);
      if (b?.kind === 'value') visit(b.init, depth + 1);
      if (b?.kind === 'loop' && b.loop.type === 'ForOfStatement') visit(b.loop.right, depth + 1);
      return;
    }
    if (u.type === 'BinaryExpression') { visit(u.left, depth + 1); visit(u.right, depth + 1); }
    if (u.type === 'ArrayExpression') for (const e of u.elements) if (e && e.type !== 'SpreadElement') visit(e, depth + 1);
    if (u.type === 'CallExpression' && u.callee.type === 'MemberExpression') { visit(u.callee.object, depth + 1); for (const a of u.arguments) visit(a, depth + 1); }
  };
  visit(lrNode, 0);
  for (const [name, ids] of tree.declarations) if (BASE_LR.test(name) && ids.length) names.add(name);
  for (const name of names) {
    if (!BASE_LR.test(name)) continue;
    const id = tree.declarations.get(name)?.[0];
    const b = id && resolve(name, id, tree);
    const v = b && b.kind === 'value' ? asNumber(ev.evaluate(b.init, { loops: new Map(), params: new Map() })) : undefined;
    if (v !== undefined && v > 0) return { name, value: v };
  }
  return undefined;
}
