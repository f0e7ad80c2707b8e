// What a training script tells the sweep linker: the optimizer calls (through the normal front end),
// the command-line options it declares (argparse `add_argument`, click `option`, typer `Option`) with
// their numeric defaults, which parameter key each optimizer argument reads (`args.lr`,
// `wandb.config["lr"]`, `cfg.optimizer.lr` → `lr`), and the local modules it imports.

import { analyzePython } from './index';
import { parsePython } from './parser';
import { rangeOf, stringLiteralValue, type Node } from './syntax';
import type { AnalysisNote, OptimizerSite, Range } from '../types';
import { parameterKey } from '../sources/names';

export interface DeclaredOption {
  /** The first flag as written (`--weight-decay`) or the typer parameter name. */
  name: string;
  default?: number;
  /** Range of the declaration call. */
  range: Range;
}

export interface ScriptIndex {
  sites: OptimizerSite[];
  /** Declared options by parameter key. */
  options: Map<string, DeclaredOption>;
  /** Modules imported with `import x` / `from x import …` (first dotted segment resolved by the linker). */
  imports: string[];
  notes: AnalysisNote[];
}

const OPTION_CALL = /\b(add_argument|option|Option)\s*\(/g;

export function indexScript(text: string): ScriptIndex {
  const model = analyzePython(text);
  const index: ScriptIndex = { sites: model.sites, options: new Map(), imports: importedModules(text), notes: model.notes };
  const matches = [...text.matchAll(OPTION_CALL)];
  if (matches.length === 0) return index;
  // Visit only the calls the text search found (crossing into WebAssembly per node is what costs time).
  const tree = parsePython(text);
  try {
    for (const m of matches) {
      const name = tree.rootNode.descendantForIndex(m.index, m.index + m[1].length);
      let call: Node | null = name;
      while (call && call.type !== 'call') call = call.type === 'identifier' || call.type === 'attribute' ? call.parent : null;
      if (call) readOption(call, index.options);
    }
  } finally {
    tree.delete();
  }
  return index;
}

function readOption(call: Node, options: Map<string, DeclaredOption>): void {
  const fn = call.childForFieldName('function');
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
  if (method !== 'add_argument' && method !== 'option' && method !== 'Option') return;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => n !== null) ?? [];
  const flags: string[] = [];
  let defaultValue: number | undefined;
  let dest: string | undefined;
  let positionalDefault: number | undefined;
  args.forEach((arg, i) => {
    if (arg.type === 'string') {
      const s = stringLiteralValue(arg);
      if (s?.startsWith('-')) flags.push(s);
    } else if (arg.type === 'keyword_argument') {
      const key = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (key === 'default' && value) defaultValue = numericLiteral(value);
      if (key === 'dest' && value) dest = stringLiteralValue(value);
    } else if (i === 0 && method === 'Option') positionalDefault = numericLiteral(arg);
  });
  // typer: `lr: float = typer.Option(1e-3, "--lr")` names the option after the function parameter.
  const parameter = call.parent?.type === 'typed_default_parameter' || call.parent?.type === 'default_parameter'
    ? call.parent.childForFieldName('name')?.text : undefined;
  const long = flags.find((f) => f.startsWith('--')) ?? flags[0];
  const name = dest ?? long ?? parameter;
  if (!name) return;
  options.set(parameterKey(name), { name: long ?? name, default: defaultValue ?? positionalDefault, range: rangeOf(call) });
}

function numericLiteral(node: Node): number | undefined {
  if (node.type === 'float' || node.type === 'integer') {
    const n = Number(node.text.replace(/_/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  if (node.type === 'unary_operator' && node.text.startsWith('-')) {
    const inner = node.namedChildren[0];
    const n = inner ? numericLiteral(inner) : undefined;
    return n === undefined ? undefined : -n;
  }
  return undefined;
}

function importedModules(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/^\s*(?:from\s+(\.?[\w.]+)\s+import|import\s+([\w.]+(?:\s*,\s*[\w.]+)*))/gm)) {
    if (m[1]) out.add(m[1]);
    else for (const name of m[2].split(',')) out.add(name.trim());
  }
  return [...out];
}

/**
 * The parameter key an argument expression reads: `args.lr`, `config.lr`, `wandb.config["lr"]`,
 * `cfg.optimizer.weight_decay`, `hparams.get("lr")`, or a bare name. Undefined for anything else.
 */
export function readKey(expression: string | undefined): string | undefined {
  if (!expression) return undefined;
  const t = expression.trim();
  const m = /(?:\.|^)([A-Za-z_]\w*)$/.exec(t) ?? /\[\s*["']([\w.-]+)["']\s*\]$/.exec(t) ?? /\.get\(\s*["']([\w.-]+)["']/.exec(t);
  return m ? parameterKey(m[1]) : undefined;
}
