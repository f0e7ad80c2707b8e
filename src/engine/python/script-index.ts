// What a training script tells the sweep linker: the optimizer calls (through the normal front end),
// the command-line options it declares (argparse `add_argument`, click `option`, typer `Option`) with
// their numeric defaults, which parameter key each optimizer argument reads (`args.lr`,
// `wandb.config["lr"]`, `cfg.optimizer.lr` → `lr`), and the local modules it imports.

import { analyzePython } from './index';
import type { AnalysisNote, OptimizerSite, Range } from '../types';
import { parameterKey } from '../sources/names';
import { rangeMaker } from '../sources/offsets';

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

/** `sites`: the optimizer calls when the file was analysed already (a workspace check), so it is not parsed twice. */
export function indexScript(text: string, sites?: OptimizerSite[]): ScriptIndex {
  const model = sites ? { sites, notes: [] } : analyzePython(text);
  return { sites: model.sites, options: declaredOptions(text), imports: importedModules(text), notes: model.notes };
}

/**
 * Option declarations read from the text: the argument list of each call is split at top-level commas
 * (strings and brackets respected). A second tree-sitter parse would double the cost of linking, and
 * these calls are flat: flags, `dest=`, `default=` and typer's positional default.
 */
export function declaredOptions(text: string): Map<string, DeclaredOption> {
  const options = new Map<string, DeclaredOption>();
  const rangeOf = rangeMaker(text);
  for (const m of text.matchAll(OPTION_CALL)) {
    const open = (m.index ?? 0) + m[0].length;
    const close = closingParen(text, open);
    if (close < 0) continue;
    const args = splitTopLevel(text.slice(open, close));
    const flags = args.map(stringLiteral).filter((s): s is string => s !== undefined && s.startsWith('-'));
    const keyword = (name: string) => args.find((a) => new RegExp(`^${name}\\s*=`).test(a))?.replace(/^\w+\s*=\s*/, '');
    const dest = keyword('dest');
    const defaultText = keyword('default') ?? (m[1] === 'Option' && args[0] && !/^\w+\s*=/.test(args[0]) ? args[0] : undefined);
    // typer: `lr: float = typer.Option(1e-3, "--lr")` is named after the function parameter.
    const parameter = m[1] === 'Option' ? /(\w+)\s*(?::[^=,()]*)?=\s*[\w.]*$/.exec(text.slice(Math.max(0, (m.index ?? 0) - 200), m.index))?.[1] : undefined;
    const long = flags.find((f) => f.startsWith('--')) ?? flags[0];
    const name = (dest && stringLiteral(dest)) ?? long ?? parameter;
    if (!name) continue;
    options.set(parameterKey(name), { name: long ?? name, default: numericLiteral(defaultText), range: rangeOf(m.index ?? 0, close + 1) });
  }
  return options;
}

function closingParen(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length && i < from + 2000; i++) {
    const c = text[i];
    if (c === '"' || c === "'") { const end = text.indexOf(c, i + 1); if (end < 0) return -1; i = end; continue; }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '"' || c === "'") { const end = args.indexOf(c, i + 1); i = end < 0 ? args.length : end; continue; }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) { out.push(args.slice(start, i).trim()); start = i + 1; }
  }
  out.push(args.slice(start).trim());
  return out.filter(Boolean);
}

function stringLiteral(arg: string): string | undefined {
  return /^[rRuU]?(["'])(.*)\1$/s.exec(arg.trim())?.[2];
}

function numericLiteral(arg: string | undefined): number | undefined {
  const t = arg?.trim().replace(/_/g, '');
  return t && /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : undefined;
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
