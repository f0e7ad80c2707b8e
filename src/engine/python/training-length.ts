// How long a run trains when the code says so somewhere other than a variable named like `max_iters`:
// a training loop `for i in range(N): state = step(state, …)` (optax, JAX) or `optimizer.step()` in a
// `range` loop, and the length given to a trainer by keyword (`Trainer(max_steps=…)`,
// `TrainingArguments(num_train_epochs=…)`, Lightning's `max_epochs`, Composer's `max_duration="…ba"`).
// Only a length the code states is returned: when two places disagree, nothing is.

import type { Node } from './syntax';
import { stringLiteralValue } from './syntax';
import { type Env, type Evaluator, emptyEnv } from './evaluate';
import { asNumber } from '../values';

/** Keyword arguments (of any call) that state the number of optimizer steps. */
const STEP_KEYWORDS = new Set(['max_steps', 'total_steps', 'num_training_steps', 'max_iters', 'num_train_steps', 'train_steps', 'total_iters']);
/** Keyword arguments that state the number of epochs (a length only with a known number of steps per epoch). */
const EPOCH_KEYWORDS = new Set(['max_epochs', 'num_train_epochs', 'num_epochs', 'epochs']);

export interface TrainingLength { steps?: number; epochs?: number }

const positive = (x: number | undefined) => (x !== undefined && Number.isFinite(x) && x > 0 ? x : undefined);

/** The one value all candidates agree on, or undefined. */
function agreed(values: number[]): number | undefined {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

/** Composer's `max_duration`: "50000ba" (batches = steps), "3ep" (epochs); other units say nothing here. */
function composerDuration(text: string): TrainingLength | undefined {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*(ba|ep)\s*$/i.exec(text.replace(/_/g, ''));
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2].toLowerCase() === 'ba' ? { steps: positive(n) } : { epochs: positive(n) };
}

/** A keyword that may state a length, as source text: files without one skip the walk of the tree. */
const LENGTH_KEYWORD_TEXT = new RegExp(`\\b(${[...STEP_KEYWORDS, ...EPOCH_KEYWORDS, 'max_duration'].join('|')})\\s*=`);

/**
 * File-level facts, computed once per analysis (a walk of the whole tree per optimizer call made a
 * 10 000-line file with many optimizers take half a second per keystroke).
 */
const keywordCache = new WeakMap<Evaluator, TrainingLength>();
const loopCache = new WeakMap<Evaluator, Array<{ loop: Node; body: string }>>();

/** Lengths stated as keyword arguments anywhere in the file. */
function keywordLengths(ev: Evaluator): TrainingLength {
  let cached = keywordCache.get(ev);
  if (!cached) keywordCache.set(ev, (cached = LENGTH_KEYWORD_TEXT.test(ev.ctx.text) ? readKeywordLengths(ev) : {}));
  return cached;
}

function readKeywordLengths(ev: Evaluator): TrainingLength {
  const steps: number[] = [];
  const epochs: number[] = [];
  const env = emptyEnv();
  for (const kw of ev.ctx.tree.rootNode.descendantsOfType('keyword_argument')) {
    const name = kw?.childForFieldName('name')?.text;
    const value = kw?.childForFieldName('value');
    if (!name || !value) continue;
    if (name === 'max_duration') {
      const text = value.type === 'string' ? stringLiteralValue(value) : undefined;
      const d = text !== undefined ? composerDuration(text) : undefined;
      if (d?.steps) steps.push(d.steps);
      if (d?.epochs) epochs.push(d.epochs);
      continue;
    }
    const set = STEP_KEYWORDS.has(name) ? steps : EPOCH_KEYWORDS.has(name) ? epochs : undefined;
    if (!set) continue;
    const n = positive(asNumber(ev.evaluate(value, env)));
    if (n !== undefined) set.push(n);
  }
  return { steps: agreed(steps), epochs: agreed(epochs) };
}

/** The name the optimizer (or the transformation) is assigned to: `opt = optax.adamw(…)` → `opt`. */
function assignedName(call: Node): string | undefined {
  const assign = call.parent;
  if (assign?.type !== 'assignment' || !assign.childForFieldName('right')?.equals(call)) return undefined;
  const left = assign.childForFieldName('left');
  return left?.type === 'identifier' || left?.type === 'attribute' ? left.text : undefined;
}

/** What a training step looks like in a loop body: the optimizer stepped, or an optimizer state carried along. */
function stepsOptimizer(body: string, optimizer: string | undefined): boolean {
  if (/\bopt(imizer)?_?state\b|\.step\(\s*\)|\btrain_step\s*\(|\bupdate_step\s*\(/.test(body)) return true;
  if (!optimizer) return false;
  const escaped = optimizer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.])${escaped}\\.(update|step)\\s*\\(`).test(body);
}

/** `range(N)` / `range(a, N)` with N resolvable: its length. */
function rangeLength(iterable: Node | null, ev: Evaluator, env: Env): number | undefined {
  if (iterable?.type !== 'call' || iterable.childForFieldName('function')?.text !== 'range') return undefined;
  const args = iterable.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
  if (args.length === 0 || args.length > 2 || args.some((a) => a.type === 'keyword_argument')) return undefined;
  const nums = args.map((a) => asNumber(ev.evaluate(a, env)));
  if (nums.some((n) => n === undefined)) return undefined;
  const n = nums.length === 1 ? nums[0]! : nums[1]! - nums[0]!;
  return positive(n);
}

/**
 * Steps of `for … in range(N)` loops that step the optimizer, multiplied by the `range` loops around
 * them (`for epoch in range(E): for i in range(S): …`). Loops over a data loader have no known length:
 * a loop nested in one, or around one, says nothing.
 */
function loopSteps(call: Node, ev: Evaluator): number | undefined {
  const env = emptyEnv();
  const optimizer = assignedName(call);
  const found: number[] = [];
  for (const { loop, body } of rangeLoops(ev)) {
    if (!stepsOptimizer(body, optimizer)) continue;
    // The innermost loop that steps: a loop around another stepping loop is counted through that one.
    if (loop.childForFieldName('body')?.descendantsOfType('for_statement').some((inner) => inner && stepsOptimizer(inner.childForFieldName('body')?.text ?? '', optimizer))) continue;
    let total = rangeLength(loop.childForFieldName('right'), ev, env);
    for (let outer = loop.parent; total !== undefined && outer; outer = outer.parent) {
      if (outer.type !== 'for_statement') continue;
      const n = rangeLength(outer.childForFieldName('right'), ev, env);
      total = n === undefined ? undefined : total * n;
    }
    if (total === undefined) return undefined;
    found.push(total);
  }
  return agreed(found);
}

/**
 * Where a training step may be written: every text `stepsOptimizer` accepts contains one of these
 * (a looser test, without word boundaries, so that nothing it accepts is missed).
 */
const STEP_TEXT = /opt(imizer)?_?state|\.(update|step)\s*\(|train_step\s*\(|update_step\s*\(/g;

/**
 * The `for` loops of the file that may step an optimizer, with their bodies' text; none when no loop
 * runs over a `range`. A loop steps only if its body holds a step, so the loops are found from the
 * steps upwards (the loops around each place the text has one) instead of walking the whole tree.
 */
function rangeLoops(ev: Evaluator): Array<{ loop: Node; body: string }> {
  let loops = loopCache.get(ev);
  if (loops) return loops;
  const found = new Map<number, { loop: Node; body: string }>();
  if (/\bin\s+range\s*\(/.test(ev.ctx.text)) {
    for (const m of ev.ctx.text.matchAll(STEP_TEXT)) {
      const at = m.index ?? 0;
      for (let n = ev.ctx.tree.rootNode.descendantForIndex(at, at + 1); n; n = n.parent) {
        if (n.type !== 'for_statement' || found.has(n.id)) continue;
        const body = n.childForFieldName('body');
        if (body) found.set(n.id, { loop: n, body: body.text });
      }
    }
  }
  loops = [...found.values()].sort((a, b) => a.loop.startIndex - b.loop.startIndex);
  loopCache.set(ev, loops);
  return loops;
}

/** The training length the file states around an optimizer call, from loops and trainer keywords. */
export function statedTrainingLength(call: Node, ev: Evaluator): TrainingLength {
  const keywords = keywordLengths(ev);
  return { steps: keywords.steps ?? loopSteps(call, ev), epochs: keywords.epochs };
}
