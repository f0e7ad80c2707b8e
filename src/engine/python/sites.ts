// Finds every call of a catalogued optimizer API in a Python file and resolves it into an
// OptimizerSite: convention, α and λ (with where they are defined), and the sweep around the call.

import type { Node } from './syntax';
import { rangeOf } from './syntax';
import { type Env, type Evaluator, kids } from './evaluate';
import { qualify } from './imports';
import { enumerate as enumeratePoints, routesTo, sweepLocations } from './sweep-points';
import { API_WORDS, type CatalogEntry, lookupApi, namedUpdateRule } from '../catalog';
import { makeSweepInfo, distinctSorted } from '../sweep';
import { formatNumber } from '../format';
import { asNumber, UNKNOWN, type Value } from '../values';
import type { AnalysisNote, Convention, OptimizerSite, ParamSite } from '../types';
import { attachContext, chainSpec, type CallSpec } from './context-facts';
import { internalErrorNote } from '../internal-error';
import { type ParamsShape, paramsShape, runtimeGroupWrites, splatMayHold } from './decay-sources';
import { fineTuneEvidence } from './fine-tune';

/** Calls whose callee ends in a catalogued short name or an import alias of one (found by text, confirmed on the tree). */
function candidateCalls(ev: Evaluator): Node[] {
  const { text, tree, imports } = ev.ctx;
  const words = new Set(API_WORDS);
  for (const [local, qualified] of imports.names) {
    if (qualified === 'optax.chain' || lookupApi('python', qualified)) words.add(local);
  }
  const candidate = new RegExp(`(?<![A-Za-z0-9_])(${[...words].join('|')})\\s*\\(`, 'g');
  const calls: Node[] = [];
  for (let m = candidate.exec(text); m; m = candidate.exec(text)) {
    const id = tree.rootNode.descendantForIndex(m.index, m.index + m[1].length);
    if (!id || id.type !== 'identifier') continue;
    let callee: Node = id;
    while (callee.parent?.type === 'attribute' && callee.parent.childForFieldName('attribute')?.equals(callee)) callee = callee.parent;
    const call = callee.parent;
    if (call?.type === 'call' && call.childForFieldName('function')?.equals(callee)) calls.push(call);
  }
  return calls;
}

export function findSites(ev: Evaluator, notes: AnalysisNote[]): OptimizerSite[] {
  const sites: OptimizerSite[] = [];
  let skippedBroken = 0;
  for (const call of candidateCalls(ev)) {
    const fn = call.childForFieldName('function');
    const qualified = fn && qualify(fn, ev.ctx.imports);
    if (!qualified) continue;
    // A failure on one call must not lose the file's other calls: it is skipped and reported.
    try {
      const spec = qualified === 'optax.chain' ? chainSpec(call, ev) : catalogSpec(call, qualified, ev);
      if (!spec) continue;
      if (call.hasError) { skippedBroken++; continue; }
      const site = buildSite(call, spec, ev, notes);
      if (site) sites.push(site);
    } catch (error) {
      const api = lookupApi('python', qualified)?.id ?? qualified;
      notes.push(internalErrorNote(error, `this ${api} call was not analysed`, { site: api, range: rangeOf(call) }));
    }
  }
  if (skippedBroken > 0) notes.push({ message: `${skippedBroken} optimizer call(s) inside code with syntax errors were skipped` });
  return sites;
}

function catalogSpec(call: Node, qualified: string, ev: Evaluator): CallSpec | undefined {
  const entry = lookupApi('python', qualified);
  if (!entry) return undefined;
  const env: Env = { loops: new Map(), params: new Map(), moduleAnchor: call.startIndex };
  const args = ev.callArguments(call, env);
  const argNode = (name: string | undefined): Node | undefined => {
    if (!name) return undefined;
    const kw = args.keywords.get(name);
    if (kw) return kw;
    const i = entry.positional.indexOf(name);
    return i >= 0 ? args.positional[i] : undefined;
  };
  let convention: Convention = entry.convention;
  const facts: Record<string, unknown> = {};
  if (entry.optimizerNameParam) {
    // A factory (timm): the name decides the update rule; an unknown name says nothing.
    const n = argNode(entry.optimizerNameParam.param);
    const v = n ? ev.evaluate(n, env) : UNKNOWN;
    const rule = v.kind === 'string' ? namedUpdateRule(v.value) : undefined;
    if (!rule) return undefined;
    convention = rule.convention;
    Object.assign(facts, { optimizerName: rule.label, preconditioned: rule.preconditioned, momentum: rule.momentum });
  }
  for (const sw of entry.switches ?? []) {
    const n = argNode(sw.param);
    const v = n ? ev.evaluate(n, env) : args.splat.get(sw.param);
    if (!v) continue;
    const matches = typeof sw.equals === 'boolean' ? v.kind === 'bool' && v.value === sw.equals : v.kind === 'string' && v.value === sw.equals;
    if (matches) convention = sw.convention;
  }
  const trap = positionalTrap(entry, args.positional, args.keywords, ev, env);
  if (trap) facts.positionalTrap = trap;
  const lrNode = argNode(entry.lrParam);
  const wdNode = argNode(entry.wdParam);
  return {
    api: entry.id, convention, entry, facts, lrNode, wdNode,
    lrSplat: lrNode || !entry.lrParam ? undefined : splatValue(call, entry.lrParam, args, ev, env),
    wdSplat: wdNode ? undefined : splatValue(call, entry.wdParam, args, ev, env),
    defaults: entry.defaults, paramsNode: entry.positional[0] === 'params' ? argNode('params') : undefined,
  };
}

/**
 * The value a `**kwargs` argument gives `key`: from the dict when the engine can read it, unknown when it
 * cannot (or when the dict is changed in place later), undefined when no `**kwargs` can hold it.
 */
function splatValue(call: Node, key: string, args: ReturnType<Evaluator['callArguments']>, ev: Evaluator, env: Env): Value | undefined {
  const splats = kids(call.childForFieldName('arguments') ?? call).filter((a) => a.type === 'dictionary_splat').map((a) => kids(a)[0]).filter((n): n is Node => !!n);
  if (splats.length === 0) return undefined;
  if (args.opaque || splats.some((n) => splatMayHold(n, key, ev, env))) return UNKNOWN;
  return args.splat.get(key);
}

/** The name an argument is read from: `momentum`, `args.b1`, `config["weight_decay"]`; undefined for anything else. */
function argumentName(node: Node): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text;
  if (node.type === 'subscript') {
    const key = node.childForFieldName('subscript');
    return key?.type === 'string' ? key.text.replace(/^[a-z]*['"]+|['"]+$/gi, '') : undefined;
  }
  return undefined;
}

/** Names that say what an argument holds: a weight decay, a first-moment decay (β₁), a learning rate. */
const READS_AS_WEIGHT_DECAY = /weight_?decay|^(?:\w+_)?(?:wd|l2)(?:_\w+)?$|^decay$/i;
const READS_AS_BETA1 = /beta|momentum|^(?:\w+_)?(?:b1|b_1|mom|mu)$/i;
const READS_AS_LEARNING_RATE = /learning_?rate|^(?:\w+_)?lr(?:_\w+)?$/i;

/**
 * Whether optax's second positional argument (b1) reads as a λ put in the wrong place: by its name
 * (`wd`, `weight_decay`), or, nameless or named otherwise, by a value no β₁ takes (0 < v < 0.5, or ≥ 1).
 * `optax.adamw(lr, momentum)` and `optax.adamw(lr, 0.95)` set β₁ on purpose; an unknown value says nothing.
 */
function readsAsMisplacedDecay(arg: Node, value: number | undefined): boolean {
  const name = argumentName(arg);
  if (name !== undefined && READS_AS_BETA1.test(name)) return false;
  if (name !== undefined && READS_AS_WEIGHT_DECAY.test(name)) return true;
  return value !== undefined && ((value > 0 && value < 0.5) || value >= 1);
}

/** A positional argument that lands on a parameter its author likely did not mean (optax's b1, TFA's λ). */
function positionalTrap(entry: CatalogEntry, positional: Node[], keywords: Map<string, Node>, ev: Evaluator, env: Env): { message: string; range: ReturnType<typeof rangeOf> } | undefined {
  if (!entry.trap) return undefined;
  if (entry.positional[1] === 'b1' && positional[1]) {
    const v = asNumber(ev.evaluate(positional[1], env));
    if (!readsAsMisplacedDecay(positional[1], v)) return undefined;
    return {
      message: `${entry.trap}: ${positional[1].text} sets β₁${v !== undefined ? ` = ${v}` : ''} (the momentum of the first moment), and weight_decay keeps its default ${formatNumber(entry.defaults.weightDecay ?? 0)}. Pass weight_decay=${positional[1].text} by keyword.`,
      range: rangeOf(positional[1]),
    };
  }
  // TFA's AdamW(wd) with a name that says λ is what its author meant; a learning-rate name or a bare value may not be.
  const first = positional[0];
  if (entry.positional[0] === 'weight_decay' && first && positional.length === 1 && !keywords.has('learning_rate')) {
    const name = argumentName(first);
    if (name !== undefined && READS_AS_WEIGHT_DECAY.test(name) && !READS_AS_LEARNING_RATE.test(name)) return undefined;
    return {
      message: `${entry.trap}: ${first.text} sets λ, and the learning rate stays at its default ${formatNumber(entry.defaults.lr ?? 0)}. If ${first.text} was meant as the learning rate, pass learning_rate=${first.text} by keyword.`,
      range: rangeOf(first),
    };
  }
  return undefined;
}

function buildSite(call: Node, spec: CallSpec, ev: Evaluator, notes: AnalysisNote[]): OptimizerSite | undefined {
  const routes = routesTo(call, ev);
  const points: Array<{ lr: number; weightDecay: number }> = [];
  const lrValues: number[] = [];
  const wdValues: number[] = [];
  const sweptFrames = new Set<ReturnType<typeof enumeratePoints>['swept'][number]>();
  const callSites: Node[] = [];
  let capped = false;
  let firstEnv: Env | undefined;
  let firstGroups: OptimizerSite['paramGroups'];
  const sources = decaySources(spec, ev, routes[0].env);
  for (const route of routes) {
    const e = enumeratePoints(route, ev);
    capped ||= e.capped;
    if (e.swept.length) {
      e.swept.forEach((f) => sweptFrames.add(f));
      if (route.callSite) callSites.push(route.callSite);
    }
    for (const env of e.envs) {
      firstEnv ??= env;
      const { lr, wd, groups } = decayAt(spec, sources, env, ev);
      firstGroups ??= groups;
      if (lr !== undefined) lrValues.push(lr);
      if (wd !== undefined) wdValues.push(wd);
      if (lr !== undefined && wd !== undefined) points.push({ lr, weightDecay: wd });
    }
  }
  if (capped) notes.push({ message: 'sweep enumeration stopped after 10 000 points', range: rangeOf(call) });
  const env = firstEnv ?? routes[0].env;
  const fn = call.childForFieldName('function') as Node;
  const site: OptimizerSite = {
    api: spec.api,
    convention: spec.convention,
    language: 'python',
    range: rangeOf(call),
    calleeRange: rangeOf(fn),
    lr: paramSite(spec.lrNode, sources.lrElsewhere, spec.defaults.lr, lrValues, ev, env),
    weightDecay: paramSite(spec.wdNode, sources.wdElsewhere, spec.defaults.weightDecay, wdValues, ev, env),
    sweep: makeSweepInfo(dedupePoints(points), sweptFrames.size ? sweepLocations([...sweptFrames], ev, callSites) : undefined),
    facts: { ...(spec.facts ?? {}) },
  };
  if (firstGroups) site.paramGroups = firstGroups;
  const insertion = keywordInsertion(call);
  if (insertion) site.keywordInsertion = insertion;
  const fineTune = fineTuneEvidence(ev);
  if (fineTune) site.facts!.fineTune = fineTune;
  attachContext(site, call, spec, ev, env);
  return site;
}

/** What, besides the call's own arguments, may set α and λ: parameter groups, `**kwargs`, run-time writes. */
interface DecaySources {
  shape: ParamsShape;
  runtime: Set<string>;
  /** Where α / λ are set when no argument names them (undefined: the library default applies). */
  lrElsewhere?: ParamSite['setElsewhere'];
  wdElsewhere?: ParamSite['setElsewhere'];
}

function decaySources(spec: CallSpec, ev: Evaluator, env: Env): DecaySources {
  const takesParams = spec.entry?.positional[0] === 'params';
  const shape: ParamsShape = takesParams ? paramsShape(spec.paramsNode, ev, env) : { kind: 'plain' };
  const runtime = takesParams ? runtimeGroupWrites(ev) : new Set<string>();
  const elsewhere = (node: Node | undefined, splat: Value | undefined, key: 'lr' | 'weightDecay', runtimeKey: string): ParamSite['setElsewhere'] => {
    if (node) return undefined;
    if (splat) return 'kwargs';
    if (shape.kind === 'unknown') return 'param-groups';
    if (shape.kind === 'groups' && shape.groups.some((g) => g[key] || (key === 'lr' ? g.lrUnknown : g.weightDecayUnknown))) return 'param-groups';
    return runtime.has(runtimeKey) ? 'runtime' : undefined;
  };
  return {
    shape, runtime,
    lrElsewhere: elsewhere(spec.lrNode, spec.lrSplat, 'lr', 'lr'),
    wdElsewhere: elsewhere(spec.wdNode, spec.wdSplat, 'weightDecay', 'weight_decay'),
  };
}

/**
 * α and λ of one sweep point: the call's (or the default), overridden by the parameter groups. Groups
 * that do not decay (λ = 0 on biases and norms) are left out; α or λ is known when every decaying group
 * has the same known value. Unknown sources make the value unknown, never the default.
 */
function decayAt(spec: CallSpec, sources: DecaySources, env: Env, ev: Evaluator): { lr?: number; wd?: number; groups?: OptimizerSite['paramGroups'] } {
  const { shape, runtime } = sources;
  const lrGiven = !!spec.lrNode || spec.lrSplat !== undefined;
  const wdGiven = !!spec.wdNode || spec.wdSplat !== undefined;
  // Without groups the engine can read, only what the call says is known.
  const unknownGroups = shape.kind === 'unknown';
  const groupsSetLr = shape.kind === 'groups' && shape.groups.some((g) => g.lr);
  let lr = !lrGiven && (unknownGroups || (runtime.has('lr') && !groupsSetLr)) ? undefined : valueOf(spec.lrNode, spec.lrSplat, spec.defaults.lr, env, ev);
  let wd = runtime.has('weight_decay') || (!wdGiven && unknownGroups) ? undefined : valueOf(spec.wdNode, spec.wdSplat, spec.defaults.weightDecay, env, ev);
  if (shape.kind !== 'groups') return { lr, wd };
  const groups = shape.groups.map((g) => {
    const groupLr = g.lr ? finite(asNumber(ev.evaluate(g.lr, env))) : g.lrUnknown ? undefined : lr;
    const groupWd = runtime.has('weight_decay') ? undefined : g.weightDecay ? finite(asNumber(ev.evaluate(g.weightDecay, env))) : g.weightDecayUnknown ? undefined : wd;
    return { range: rangeOf(g.node), lr: groupLr, weightDecay: groupWd, setsLr: !!g.lr, setsWeightDecay: !!g.weightDecay };
  });
  const decaying = groups.filter((g) => g.weightDecay !== 0);
  const shared = (values: Array<number | undefined>) => (values.every((v) => v !== undefined && v === values[0]) ? values[0] : undefined);
  if (decaying.length === 0) {
    wd = 0;
  } else {
    lr = shared(decaying.map((g) => g.lr));
    wd = shared(decaying.map((g) => g.weightDecay));
  }
  return { lr, wd, groups };
}

/**
 * Where a keyword argument goes: right after the last argument (before its trailing comma or comment,
 * so that neither can swallow it), or right after `(` when there is none. A bare generator argument
 * (`AdamW(p for p in ps)`) must be parenthesised before another argument may follow it. None when a
 * `**kwargs` argument could already hold the keyword ("got multiple values for keyword argument").
 */
function keywordInsertion(call: Node): OptimizerSite['keywordInsertion'] {
  const args = call.childForFieldName('arguments');
  if (!args) return undefined;
  if (args.type === 'generator_expression') {
    const { start, end } = rangeOf(args);
    if (start.line !== end.line && end.column === 0) return undefined;
    const inner = { start: { line: start.line, column: start.column + 1 }, end: { line: end.line, column: end.column - 1 } };
    return { at: inner.end, separator: ', ', generator: inner };
  }
  if (args.type !== 'argument_list') return undefined;
  const list = kids(args);
  if (list.some((a) => a.type === 'dictionary_splat')) return undefined;
  const last = list[list.length - 1];
  if (last) return { at: rangeOf(last).end, separator: ', ' };
  const open = args.child(0);
  return open?.type === '(' ? { at: rangeOf(open).end, separator: '' } : undefined;
}

function valueOf(node: Node | undefined, splat: Value | undefined, fallback: number | undefined, env: Env, ev: Evaluator): number | undefined {
  if (node) return finite(asNumber(ev.evaluate(node, env)));
  if (splat) return finite(asNumber(splat));
  return fallback;
}

function finite(x: number | undefined): number | undefined {
  return x !== undefined && Number.isFinite(x) ? x : undefined;
}

/** Keep iteration order but drop exact repeats (a builder called twice with the same values). */
function dedupePoints(points: Array<{ lr: number; weightDecay: number }>): Array<{ lr: number; weightDecay: number }> {
  const seen = new Set<string>();
  return points.filter((p) => { const k = `${p.lr}|${p.weightDecay}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

function paramSite(node: Node | undefined, elsewhere: ParamSite['setElsewhere'], fallback: number | undefined, values: number[], ev: Evaluator, env: Env): ParamSite {
  const distinct = distinctSorted(values);
  const site: ParamSite = { explicit: !!node, value: node || elsewhere ? (distinct.length === 1 ? distinct[0] : undefined) : fallback };
  if (elsewhere) site.setElsewhere = elsewhere;
  if (!node) return site;
  site.range = rangeOf(node);
  site.text = node.text;
  if (node.type === 'identifier') {
    const b = ev.lookup(node.text, node, env);
    if (b?.kind === 'assign' && b.path.length === 0) {
      const v = finite(asNumber(ev.evaluate(b.rhs, { loops: new Map(), params: new Map(), moduleAnchor: env.moduleAnchor })));
      site.definition = { name: node.text, range: rangeOf(b.rhs), text: b.rhs.text, value: v };
    }
  }
  return site;
}

export type { CatalogEntry };
