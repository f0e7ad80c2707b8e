// Enumerates the (α, λ) points an optimizer call runs at: every combination of the loops and
// comprehensions around it, and — one level of same-file calls — around the calls of the function
// that builds it. Loop domains are evaluated with the outer loops bound, so nested and dependent
// loops (grids, zips, lists of config dicts) come out right.

import type { Node } from './syntax';
import { contains, isComprehension, rangeBetween, rangeOf, scopeOf, topLevelStatement } from './syntax';
import { type Env, type Evaluator, kids, type Thunk } from './evaluate';
import { MAX_SEQUENCE, type Value } from '../values';
import type { RelatedLocation } from '../types';

/** A loop or comprehension clause around a call. */
export interface LoopFrame { loop: Node; target: Node; iterable: Node }

/** Frames around `node`, outermost first, up to (not including) `stop`. */
export function framesAround(node: Node, stop: Node): LoopFrame[] {
  const frames: LoopFrame[] = [];
  let child = node;
  for (let n = node.parent; n && !n.equals(stop); child = n, n = n.parent) {
    if (n.type === 'for_statement') {
      const body = n.childForFieldName('body');
      const target = n.childForFieldName('left');
      const iterable = n.childForFieldName('right');
      if (body && contains(body, child) && target && iterable) frames.push({ loop: n, target, iterable });
    } else if (isComprehension(n)) {
      const body = n.childForFieldName('body');
      if (!body || !contains(body, node)) continue;
      const clauses = kids(n).filter((k) => k.type === 'for_in_clause').reverse();
      for (const c of clauses) {
        const target = c.childForFieldName('left');
        const iterable = c.childForFieldName('right');
        if (target && iterable) frames.push({ loop: c, target, iterable });
      }
    } else if (n.type === 'function_definition' || n.type === 'lambda') break;
  }
  return frames.reverse();
}

/** One way the optimizer call is reached: through the loops around it, or around a call of its builder. */
export interface Route {
  /** Frames outside the builder function (at its call site), outermost first. */
  outer: LoopFrame[];
  /** Frames inside, around the optimizer call. */
  inner: LoopFrame[];
  /** Environment with the builder's parameters bound to the call site's arguments. */
  env: Env;
  /** Where the builder is called, for related information. */
  callSite?: Node;
}

/** The routes to an optimizer call: directly, or through each call of the same-file function that builds it. */
export function routesTo(call: Node, ev: Evaluator): Route[] {
  const scope = scopeOf(call);
  const direct = (): Route => ({
    outer: [], inner: framesAround(call, scope),
    env: { loops: new Map(), params: new Map(), moduleAnchor: scope.type === 'module' ? call.startIndex : Number.POSITIVE_INFINITY },
  });
  if (scope.type !== 'function_definition') return [direct()];
  const name = scope.childForFieldName('name')?.text;
  const params = scope.childForFieldName('parameters');
  if (!name || !params) return [direct()];
  const sites = ev.ctx.ids.occurrences(name).filter((id) => {
    const parent = id.parent;
    return parent?.type === 'call' && parent.childForFieldName('function')?.equals(id) && !contains(scope, id);
  });
  if (sites.length === 0) return [direct()];
  const paramNames = kids(params).map(paramName);
  return sites.slice(0, 50).map((id) => {
    const site = id.parent as Node;
    const siteScope = scopeOf(site);
    const anchor = topLevelStatement(site).startIndex;
    const env: Env = { loops: new Map(), params: new Map(), moduleAnchor: siteScope.type === 'module' ? site.startIndex : anchor };
    const args = ev.callArguments(site, env);
    const bound = new Map<string, Thunk>();
    args.positional.forEach((node, i) => { const p = paramNames[i]; if (p) bound.set(p, { node, env }); });
    for (const [k, node] of args.keywords) bound.set(k, { node, env });
    env.params.set(scope.id, bound);
    return { outer: framesAround(site, siteScope), inner: framesAround(call, scope), env, callSite: site };
  });
}

function paramName(p: Node): string | undefined {
  if (p.type === 'identifier') return p.text;
  if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') return p.childForFieldName('name')?.text;
  if (p.type === 'typed_parameter') return kids(p)[0]?.text;
  return undefined;
}

export interface Enumeration {
  /** One environment per combination of loop items (capped). */
  envs: Env[];
  /** Loops that iterate over more than one item, for related information. */
  swept: LoopFrame[];
  capped: boolean;
}

/** Every combination of loop items along a route, each as an environment. */
export function enumerate(route: Route, ev: Evaluator): Enumeration {
  const frames = [...route.outer, ...route.inner];
  const envs: Env[] = [];
  const swept = new Set<LoopFrame>();
  let capped = false;
  const walk = (i: number, env: Env): void => {
    if (envs.length >= MAX_SEQUENCE) { capped = true; return; }
    if (i === frames.length) { envs.push(env); return; }
    const f = frames[i];
    const items: Value[] = ev.sequence(f.iterable, env) ?? [{ kind: 'unknown' }];
    if (items.length > 1) swept.add(f);
    for (const item of items) {
      const loops = new Map(env.loops);
      loops.set(f.loop.id, item);
      walk(i + 1, { ...env, loops });
      if (capped) return;
    }
  };
  walk(0, route.env);
  return { envs, swept: [...swept], capped };
}

/** Related locations for the loops that sweep: the loop header, and where its values are defined. */
export function sweepLocations(frames: LoopFrame[], ev: Evaluator, callSites: Node[]): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (const f of frames) {
    const head = f.loop.type === 'for_statement' ? rangeBetween(f.loop, f.iterable) : rangeOf(f.loop);
    out.push({ range: head, message: `sweep over ${f.target.text} in ${truncate(f.iterable.text)}` });
    if (f.iterable.type === 'identifier') {
      const b = ev.lookup(f.iterable.text, f.iterable, { loops: new Map(), params: new Map(), moduleAnchor: f.loop.startIndex });
      if (b?.kind === 'assign') out.push({ range: rangeOf(b.rhs), message: `values of ${f.iterable.text} defined here` });
    }
  }
  for (const c of callSites) out.push({ range: rangeOf(c), message: `optimizer built through ${truncate(c.childForFieldName('function')?.text ?? 'this call')}(…) here` });
  return out;
}

function truncate(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}
