// What surrounds an optimizer call and changes how its λ must be read: learning-rate schedules, λ given
// as a schedule, `convention=` annotations, a named base learning rate, the length of training, and
// optax chains whose order decides the convention.

import type { IdentifierIndex, Node } from './syntax';
import { rangeOf } from './syntax';
import { type Env, type Evaluator, kids } from './evaluate';
import { qualify } from './imports';
import { parsePragma } from '../pragmas';
import { OPTAX_CHAIN_PARTS, type CatalogEntry } from '../catalog';
import { asNumber, type Value } from '../values';
import { statedTrainingLength } from './training-length';
import type { Convention, OptimizerSite, ScheduleInfo } from '../types';

/** How to read α and λ off one optimizer call (a catalogued API or an optax chain). */
export interface CallSpec {
  api: string;
  convention: Convention;
  entry?: CatalogEntry;
  lrNode?: Node;
  wdNode?: Node;
  lrSplat?: Value;
  wdSplat?: Value;
  defaults: { lr?: number; weightDecay?: number };
  paramsNode?: Node;
  facts?: Record<string, unknown>;
}

// ---- optax.chain ------------------------------------------------------------------------------

type ChainRole = 'precondition' | 'decay' | 'learningRate' | 'other';

export function chainSpec(call: Node, ev: Evaluator): CallSpec | undefined {
  const args = call.childForFieldName('arguments');
  const parts: Array<{ role: ChainRole; name: string; node: Node }> = [];
  for (const a of args ? kids(args) : []) {
    const fn = a.type === 'call' ? a.childForFieldName('function') : undefined;
    const q = fn ? qualify(fn, ev.ctx.imports) : undefined;
    if (!q) { parts.push({ role: 'other', name: a.text.slice(0, 40), node: a }); continue; }
    const role: ChainRole = (OPTAX_CHAIN_PARTS.decay as readonly string[]).includes(q) ? 'decay'
      : (OPTAX_CHAIN_PARTS.precondition as readonly string[]).includes(q) ? 'precondition'
        : (OPTAX_CHAIN_PARTS.learningRate as readonly string[]).includes(q) ? 'learningRate' : 'other';
    parts.push({ role, name: q, node: a });
  }
  const decayAt = parts.findIndex((p) => p.role === 'decay');
  if (decayAt < 0) return undefined;
  const preAt = parts.findIndex((p) => p.role === 'precondition');
  const lrAt = parts.findIndex((p) => p.role === 'learningRate');
  let convention: Convention = 'lr-scaled';
  let chainProblem: string | undefined;
  if (preAt >= 0 && decayAt < preAt) {
    convention = 'coupled-l2';
    chainProblem = `add_decayed_weights comes before ${parts[preAt].name.replace('optax.', '')}, so λ·w is rescaled by the preconditioner: this is L2 regularisation, not AdamW`;
  } else if (lrAt >= 0 && decayAt > lrAt) {
    convention = 'constant';
    chainProblem = `add_decayed_weights comes after ${parts[lrAt].name.replace('optax.', '')}, so λ·w is not multiplied by the learning rate (and, after the sign flip of the learning-rate step, it pushes the weights away from zero)`;
  }
  const decayCall = parts[decayAt].node;
  const env: Env = { loops: new Map(), params: new Map(), moduleAnchor: call.startIndex };
  const dArgs = ev.callArguments(decayCall, env);
  const wdNode = dArgs.keywords.get('weight_decay') ?? dArgs.positional[0];
  let lrNode: Node | undefined;
  let lrNegated = false;
  if (lrAt >= 0) {
    const lArgs = ev.callArguments(parts[lrAt].node, env);
    lrNode = lArgs.keywords.get('learning_rate') ?? lArgs.keywords.get('step_size') ?? lArgs.positional[0];
    lrNegated = parts[lrAt].name === 'optax.scale';
    if (lrNode && lrNegated && lrNode.type === 'unary_operator') lrNode = lrNode.childForFieldName('argument') ?? lrNode;
  }
  return {
    api: 'optax.chain', convention, lrNode, wdNode, defaults: { weightDecay: 0 },
    facts: { chain: parts.map((p) => ({ role: p.role, name: p.name, range: rangeOf(p.node) })), ...(chainProblem ? { chainProblem } : {}) },
  };
}

// ---- context around a site --------------------------------------------------------------------

const BASE_LR = /^(base|ref|reference|default|nominal|peak|max)_?(lr|learning_rate)$|^(lr|learning_rate)_?(base|ref|0|max|peak)$|^lr0$|^blr$/i;

const TORCH_SCHEDULERS: Record<string, ScheduleInfo['kind']> = {
  CosineAnnealingLR: 'cosine', CosineAnnealingWarmRestarts: 'cosine', OneCycleLR: 'warmup-cosine', LinearLR: 'linear',
  StepLR: 'step', MultiStepLR: 'step', ExponentialLR: 'exponential', PolynomialLR: 'linear', LambdaLR: 'other',
  SequentialLR: 'other', ReduceLROnPlateau: 'step', CyclicLR: 'other',
  get_cosine_schedule_with_warmup: 'warmup-cosine', get_linear_schedule_with_warmup: 'linear', get_scheduler: 'other',
  get_constant_schedule_with_warmup: 'other', get_polynomial_decay_schedule_with_warmup: 'linear', create_scheduler_v2: 'other', create_scheduler: 'other',
};

const VALUE_SCHEDULES: Record<string, ScheduleInfo['kind']> = {
  cosine_decay_schedule: 'cosine', warmup_cosine_decay_schedule: 'warmup-cosine', linear_schedule: 'linear',
  exponential_decay: 'exponential', piecewise_constant_schedule: 'step', join_schedules: 'other', polynomial_schedule: 'linear',
  constant_schedule: 'constant', cosine_onecycle_schedule: 'warmup-cosine', warmup_exponential_decay_schedule: 'exponential', sgdr_schedule: 'cosine',
  CosineDecay: 'cosine', CosineDecayRestarts: 'cosine', ExponentialDecay: 'exponential', PiecewiseConstantDecay: 'step',
  PolynomialDecay: 'linear', InverseTimeDecay: 'other',
};

/** A schedule (callable learning rate) that `node` evaluates to, following names a few steps. */
function scheduleOf(node: Node | undefined, ev: Evaluator, env: Env, depth = 0): ScheduleInfo | undefined {
  if (!node || depth > 5) return undefined;
  if (node.type === 'lambda') return { kind: 'other', range: rangeOf(node), text: node.text.slice(0, 80) };
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const last = fn?.text.split('.').pop() ?? '';
    const kind = VALUE_SCHEDULES[last];
    if (kind && (!fn || fn.type === 'identifier' || qualify(fn, ev.ctx.imports))) return { kind, range: rangeOf(node), text: node.text.slice(0, 80) };
    return undefined;
  }
  if (node.type === 'identifier') {
    const b = ev.lookup(node.text, node, env);
    if (b?.kind === 'assign') return scheduleOf(b.rhs, ev, env, depth + 1);
    if (b?.kind === 'def' && b.node.type === 'function_definition') return { kind: 'other', range: rangeOf(b.target), text: node.text };
  }
  return undefined;
}

/** A torch / transformers scheduler built on the variable the optimizer is assigned to. */
function schedulerOn(call: Node, ev: Evaluator): ScheduleInfo | undefined {
  const assign = call.parent;
  if (assign?.type !== 'assignment' || !assign.childForFieldName('right')?.equals(call)) return undefined;
  const target = assign.childForFieldName('left')?.text;
  if (!target || target.length > 80) return undefined;
  const found = firstSchedulerCall(ev.ctx.text, call.endIndex, target, ev.ctx.ids);
  if (!found) return undefined;
  const { m, at } = found;
  const node = ev.ctx.tree.rootNode.descendantForIndex(at, at + m[0].length);
  let sched: Node | null = node;
  while (sched && sched.type !== 'call') sched = sched.parent;
  return { kind: TORCH_SCHEDULERS[m[2]], range: sched ? rangeOf(sched) : rangeOf(call), text: (sched?.text ?? m[0]).slice(0, 80) };
}

const SCHEDULER_NAMES = Object.keys(TORCH_SCHEDULERS).join('|');
const ASCII_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The first `Scheduler(target` / `Scheduler(optimizer=target` after `from`, exactly as the regex below finds
 * it on `text.slice(from)`. Running it over the rest of a 10 000-line file per optimizer call was most of
 * a re-analysis: the target is found with indexOf, and the regex runs only on the characters a match
 * ending there can span (nothing outside `[\w.\s=(]` can precede the target inside a match).
 */
function firstSchedulerCall(text: string, from: number, target: string, ids: IdentifierIndex): { m: RegExpExecArray; at: number } | undefined {
  const escaped = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(?<![\\w.])([\\w.]*?)(${SCHEDULER_NAMES})\\s*\\(\\s*(?:optimizer\\s*=\\s*)?${escaped}(?![\\w.])`);
  // In a match the target is a whole name (after `(` or `=`, before no [\w.]), and the window of an earlier
  // whole occurrence holds any match a later hit's window finds: an edited document's kept positions of
  // the name stand for the search (the editor's re-analysis; a file checked once searches from `from`).
  const kept = ASCII_NAME.test(target) ? ids.keptPositions(target) : undefined;
  const hits = kept ? kept.filter((at) => at >= from) : undefined;
  let next = 0;
  const nextHit = (after: number) => (hits ? hits[next++] ?? -1 : text.indexOf(target, after));
  for (let hit = nextHit(from); hit >= 0; hit = nextHit(hit + 1)) {
    const end = hit + target.length;
    if (end < text.length && /[\w.]/.test(text[end])) continue;
    let start = hit;
    while (start > from && /[\w.\s=(]/.test(text[start - 1])) start--;
    const m = re.exec(text.slice(start, end));
    if (m) return { m, at: start + m.index };
  }
  return undefined;
}

function annotation(node: Node | undefined, definitionLine: number | undefined, ev: Evaluator): Convention | undefined {
  for (const line of [node?.startPosition.row, node?.endPosition.row, definitionLine]) {
    if (line === undefined) continue;
    const text = ev.ctx.commentsByLine.get(line);
    const p = text ? parsePragma(text) : undefined;
    if (p?.kind === 'convention') return p.convention;
  }
  return undefined;
}

const TOTAL_STEPS = ['max_iters', 'max_steps', 'total_steps', 'num_training_steps', 'num_train_steps', 'train_steps', 'num_steps', 'n_steps', 'total_iters', 'num_iterations', 'n_iters', 'iterations'];
const EPOCHS = ['epochs', 'num_epochs', 'n_epochs', 'max_epochs', 'num_train_epochs', 'nepochs'];
const BATCH = ['batch_size', 'train_batch_size', 'per_device_train_batch_size', 'bs', 'batchsize'];
const DATASET = ['n_train', 'num_train', 'train_size', 'dataset_size', 'num_samples', 'n_samples', 'n_train_samples', 'num_examples', 'num_train_examples', 'train_samples'];
const PER_EPOCH = ['steps_per_epoch', 'iters_per_epoch', 'iterations_per_epoch', 'num_batches', 'batches_per_epoch'];

function numberNamed(names: string[], use: Node, ev: Evaluator, env: Env, keywords?: Map<string, Node>): number | undefined {
  for (const name of names) {
    const kw = keywords?.get(name);
    const v = kw ? asNumber(ev.evaluate(kw, env)) : undefined;
    if (v !== undefined && v > 0 && Number.isFinite(v)) return v;
    const b = ev.lookup(name, use, env);
    if (!b) continue;
    const x = asNumber(ev.valueOfBinding(b, env, 0));
    if (x !== undefined && x > 0 && Number.isFinite(x)) return x;
  }
  return undefined;
}

export function attachContext(site: OptimizerSite, call: Node, spec: CallSpec, ev: Evaluator, env: Env): void {
  const facts = (site.facts ??= {});
  // Annotations on the argument or on the line of its definition.
  site.weightDecay.annotatedConvention = annotation(spec.wdNode, site.weightDecay.definition?.range.start.line, ev);
  site.lr.annotatedConvention = annotation(spec.lrNode, site.lr.definition?.range.start.line, ev);
  // Schedules: a callable learning rate, or a scheduler built on the optimizer.
  site.schedule = scheduleOf(spec.lrNode, ev, env) ?? schedulerOn(call, ev);
  if (spec.wdNode && scheduleOf(spec.wdNode, ev, env)) facts.weightDecayIsSchedule = true;
  // A named base learning rate the sweep derives from or sits beside.
  const base = namedBase(spec.lrNode, ev, env);
  if (base) facts.namedBaseLr = base;
  // Length of training.
  const keywords = spec.entry ? ev.callArguments(call, env).keywords : undefined;
  const total = numberNamed(TOTAL_STEPS, call, ev, env, keywords);
  let perEpoch = numberNamed(PER_EPOCH, call, ev, env);
  if (perEpoch === undefined) {
    const n = numberNamed(DATASET, call, ev, env);
    const b = numberNamed(BATCH, call, ev, env, keywords);
    if (n !== undefined && b !== undefined) perEpoch = Math.ceil(n / b);
  }
  const epochs = numberNamed(EPOCHS, call, ev, env, keywords);
  if (perEpoch !== undefined) site.stepsPerEpoch = perEpoch;
  if (total !== undefined) site.totalSteps = total;
  else if (perEpoch !== undefined && epochs !== undefined) site.totalSteps = perEpoch * epochs;
  else {
    // A training loop over range(N), or a length handed to a trainer by keyword.
    const stated = statedTrainingLength(call, ev);
    const statedEpochs = epochs ?? stated.epochs;
    if (stated.steps !== undefined) site.totalSteps = stated.steps;
    else if (perEpoch !== undefined && statedEpochs !== undefined) site.totalSteps = perEpoch * statedEpochs;
  }
}

function namedBase(lrNode: Node | undefined, ev: Evaluator, env: Env): { name: string; value: number } | undefined {
  const candidates: Node[] = [];
  const collect = (n: Node | undefined, depth: number) => {
    if (!n || depth > 4) return;
    if (n.type === 'identifier') {
      candidates.push(n);
      const b = ev.lookup(n.text, n, env);
      if (b?.kind === 'loop') {
        const it = b.loop.childForFieldName('right');
        collect(it ?? undefined, depth + 1);
      } else if (b?.kind === 'assign') collect(b.rhs, depth + 1);
      return;
    }
    for (const k of kids(n)) collect(k, depth + 1);
  };
  collect(lrNode, 0);
  for (const c of candidates) {
    if (!BASE_LR.test(c.text)) continue;
    const v = asNumber(ev.evaluate(c, env));
    if (v !== undefined && v > 0) return { name: c.text, value: v };
  }
  // A module-level base learning rate beside the sweep.
  for (const hit of baseLrAssignments(ev)) {
    const id = ev.ctx.ids.occurrences(hit.name).find((o) => o.startIndex === hit.index);
    if (!id) continue;
    const v = asNumber(ev.evaluate(id, { ...env, moduleAnchor: Number.POSITIVE_INFINITY }));
    if (v !== undefined && v > 0) return { name: hit.name, value: v };
  }
  return undefined;
}

// The file's `base_lr = …` lines, scanned once per analysis instead of once per optimizer call.
const baseLrCache = new WeakMap<Evaluator, Array<{ name: string; index: number }>>();

function baseLrAssignments(ev: Evaluator): Array<{ name: string; index: number }> {
  let hits = baseLrCache.get(ev);
  if (!hits) {
    hits = [];
    for (const m of ev.ctx.text.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=\n]*)?=\s*[^=\n]/gm)) {
      if (BASE_LR.test(m[1])) hits.push({ name: m[1], index: m.index ?? 0 });
    }
    baseLrCache.set(ev, hits);
  }
  return hits;
}
