// Values assigned to attributes: `config.weight_decay = 1e-5` before `Adam(…, weight_decay=
// config.weight_decay)` in the same function (or module), and `self.lr = lr` in a class's `__init__`
// read by another method (Lightning's configure_optimizers), where `lr` is then `__init__`'s default
// unless the file builds the class with arguments. Likewise Lightning's `self.hparams.lr` after
// `self.save_hyperparameters()` in `__init__`.

import type { Node } from './syntax';
import { contains, scopeOf } from './syntax';

/** The right-hand side assigned to the attribute `use` (same text) that is in force at `use`, if one is. */
export function attributeAssignment(use: Node, occurrences: (name: string) => Node[]): { rhs: Node } | 'unknown' | undefined {
  const key = use.text;
  const attr = use.childForFieldName('attribute')?.text;
  if (!attr || key.length > 80 || /\s/.test(key)) return undefined;
  const writes: Array<{ statement: Node; rhs?: Node }> = [];
  for (const id of occurrences(attr)) {
    const target = id.parent;
    if (target?.type !== 'attribute' || !target.childForFieldName('attribute')?.equals(id) || target.text !== key) continue;
    const statement = target.parent;
    if (!statement || !statement.childForFieldName('left')?.equals(target)) continue;
    if (statement.type === 'assignment') writes.push({ statement, rhs: statement.childForFieldName('right') ?? undefined });
    else if (statement.type === 'augmented_assignment') writes.push({ statement });
  }
  if (writes.length === 0) return undefined;
  const scope = scopeOf(use);
  const before = writes.filter((w) => scopeOf(w.statement).equals(scope) && w.statement.endIndex <= use.startIndex && !contains(w.statement, use));
  if (before.length > 0) {
    const last = before.reduce((a, b) => (b.statement.endIndex > a.statement.endIndex ? b : a));
    return last.rhs && last.rhs.type !== 'assignment' ? { rhs: last.rhs } : 'unknown';
  }
  if (!key.startsWith('self.') || scope.type !== 'function_definition') return undefined;
  // Another method of the same class: only `__init__` may set it, once.
  const cls = scope.parent?.parent;
  if (cls?.type !== 'class_definition') return undefined;
  const inClass = writes.filter((w) => contains(cls, w.statement));
  const init = inClass.filter((w) => scopeOf(w.statement).childForFieldName('name')?.text === '__init__');
  if (init.length !== 1 || inClass.length !== 1 || !init[0].rhs) return inClass.length ? 'unknown' : undefined;
  return { rhs: init[0].rhs };
}

/** Whether the file builds `cls` with arguments (then `__init__`'s defaults are not what runs). */
export function builtWithArguments(cls: Node, occurrences: (name: string) => Node[]): boolean {
  const name = cls.childForFieldName('name')?.text;
  if (!name) return true;
  return occurrences(name).some((id) => {
    const call = id.parent;
    if (call?.type !== 'call' || !call.childForFieldName('function')?.equals(id)) return false;
    return (call.childForFieldName('arguments')?.namedChildCount ?? 0) > 0;
  });
}

/**
 * `self.hparams` read in a method of a class whose `__init__` calls `self.save_hyperparameters()` with no
 * arguments (then hparams holds every `__init__` argument): the default value node of each `__init__`
 * parameter that has one, by name. Undefined when `use` is not such a read, or when the class is built
 * with arguments elsewhere in the file or saves only some arguments (then the values are unknown).
 */
export function hyperparameterDefaults(use: Node, occurrences: (name: string) => Node[]): Map<string, Node> | undefined {
  if (use.text !== 'self.hparams') return undefined;
  const method = scopeOf(use);
  const cls = method.type === 'function_definition' ? enclosingClass(method) : undefined;
  const init = cls && methodNamed(cls, '__init__');
  if (!cls || !init || builtWithArguments(cls, occurrences)) return undefined;
  const saves = init.descendantsOfType('call').some((call) => call.childForFieldName('function')?.text === 'self.save_hyperparameters'
    && call.childForFieldName('arguments')?.namedChildCount === 0);
  if (!saves) return undefined;
  const defaults = new Map<string, Node>();
  for (const param of init.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!param || (param.type !== 'default_parameter' && param.type !== 'typed_default_parameter')) continue;
    const name = param.childForFieldName('name')?.text;
    const value = param.childForFieldName('value');
    if (name && value) defaults.set(name, value);
  }
  return defaults;
}

/** The class whose body defines `method` directly (decorated or not). */
function enclosingClass(method: Node): Node | undefined {
  const holder = method.parent?.type === 'decorated_definition' ? method.parent : method;
  const cls = holder.parent?.parent;
  return cls?.type === 'class_definition' ? cls : undefined;
}

function methodNamed(cls: Node, name: string): Node | undefined {
  for (const child of cls.childForFieldName('body')?.namedChildren ?? []) {
    const fn = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (fn?.type === 'function_definition' && fn.childForFieldName('name')?.text === name) return fn;
  }
  return undefined;
}
