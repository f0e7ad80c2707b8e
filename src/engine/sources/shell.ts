// Launch loops in shell scripts, Makefile recipes and the fenced shell blocks of Markdown files:
// `for lr in 1e-4 3e-4 1e-3; do python train.py --lr $lr --weight_decay 0.05; done`, nested loops
// (a grid), arrays, and Hydra multirun overrides (`python train.py -m optimizer.lr=1e-4,1e-3`).

import type { AnalysisNote } from '../types';
import type { SourceModel, SweepDeclaration, SweptParameter } from './model';
import { tokenizeShell, type ShellToken } from './shell-tokens';
import { parseShell, type ShellCommand, type ShellScript } from './shell-parse';
import { expandWord, loopValues, numeric, type Bindings } from './shell-expand';
import { hashComments } from './comments';
import { rangeMaker } from './offsets';
import { distinctSorted } from '../sweep';
import { shellS2Edits } from './shell-fix';
import { isLearningRateName } from './names';
import { groupThousands } from '../format';

export type ShellFlavor = 'shell' | 'makefile' | 'markdown';

/** Most points a launch loop nest is enumerated to (a larger grid is not read). */
const MAX_POINTS = 10_000;

/**
 * The shell part of a file: Makefile recipe lines, Markdown's fenced sh/bash blocks (a `$ ` prompt
 * dropped). Other lines become blanks of the same length, so offsets stay those of the original text.
 */
export function shellView(text: string, flavor: ShellFlavor): string {
  if (flavor === 'shell') return text;
  const blank = (line: string) => ' '.repeat(line.length);
  let inBlock = false;
  return text.split('\n').map((line) => {
    if (flavor === 'makefile') return line.startsWith('\t') ? line : blank(line);
    const fence = /^\s*(```|~~~)\s*(\w*)/.exec(line);
    if (fence) { inBlock = !inBlock && /^(sh|bash|shell|zsh|console)$/i.test(fence[2]); return blank(line); }
    return inBlock ? line.replace(/^\s*\$ /, blank) : blank(line);
  }).join('\n');
}

export interface ShellArgument {
  name: string;
  flag: ShellToken;
  value?: ShellToken;
  /** `key=value` (Hydra override) rather than `--key value`. */
  override: boolean;
}

/** The script a command runs (`python train.py`, `torchrun … train.py`, `python -m pkg.train`) and its arguments. */
export function readLaunch(words: ShellToken[]): { program: ShellToken & { path: string }; args: ShellArgument[]; multirun: boolean } | undefined {
  let at = words.findIndex((w) => /\.py$/.test(w.value) && !w.value.startsWith('-'));
  let path: string | undefined = at >= 0 ? words[at].value : undefined;
  if (at < 0) {
    const m = words.findIndex((w, k) => w.value === '-m' && k > 0 && /^python[\d.]*$/.test(words[k - 1].value.split('/').pop() ?? ''));
    if (m < 0 || !words[m + 1]) return undefined;
    at = m + 1;
    path = `${words[at].value.replace(/\./g, '/')}.py`;
  }
  const args: ShellArgument[] = [];
  let multirun = false;
  for (let k = at + 1; k < words.length; k++) {
    const w = words[k];
    if (w.value === '-m' || w.value === '--multirun') { multirun = true; continue; }
    const eq = /^(--?[\w.-]+|[+~]?[A-Za-z_][\w.]*)=(.*)$/s.exec(w.value);
    if (eq) { args.push({ name: eq[1], flag: w, value: { ...w, value: eq[2], start: w.start + w.value.indexOf('=') + 1 }, override: !eq[1].startsWith('-') }); continue; }
    if (/^--[\w.-]+$/.test(w.value)) {
      const next = words[k + 1];
      const hasValue = next && !next.value.startsWith('--');
      args.push({ name: w.value, flag: w, value: hasValue ? next : undefined, override: false });
      if (hasValue) k++;
    }
  }
  return { program: { ...words[at], path: path as string }, args, multirun };
}

export function shellModel(text: string, flavor: ShellFlavor): SourceModel {
  const comments = hashComments(text);
  const notes: AnalysisNote[] = [];
  const view = shellView(text, flavor);
  const rangeOf = rangeMaker(text);
  const { tokens, error } = tokenizeShell(view, { makefile: flavor === 'makefile' });
  if (error) {
    notes.push({ message: `shell syntax: ${error.message}; launch loops in this file were not read`, range: rangeOf(error.offset, error.offset + 1) });
    return { language: 'shell', declarations: [], comments, notes };
  }
  const script = parseShell(tokens);
  const declarations: SweepDeclaration[] = [];
  for (const command of script.commands) {
    const declaration = launchDeclaration(command, script, text, flavor, rangeOf, notes);
    if (declaration) declarations.push(declaration);
  }
  declarations.push(...writtenOutDeclarations(script, flavor, rangeOf));
  return { language: 'shell', declarations, comments, notes };
}

function launchDeclaration(
  command: ShellCommand, script: ShellScript, text: string, flavor: ShellFlavor, rangeOf: ReturnType<typeof rangeMaker>, notes: AnalysisNote[],
): SweepDeclaration | undefined {
  const launch = readLaunch(command.words);
  if (!launch || (command.loops.length === 0 && !launch.multirun)) return undefined;
  const loops = command.loops.map((loop) => ({ loop, values: loopValues(loop.words, script) }));
  const size = loops.reduce((n, l) => n * Math.max(1, l.values.length), 1);
  if (size > MAX_POINTS) {
    // Said only of a nest that launches with a learning rate: other big loops are none of this reader's business.
    if (launch.args.some((a) => isLearningRateName(a.name))) {
      const [outer] = command.loops;
      notes.push({
        message: `loop nest of ${groupThousands(size)} runs, over the ${groupThousands(MAX_POINTS)} this reader enumerates: not read as a sweep`,
        range: rangeOf(outer.header[0], outer.header[1]),
      });
    }
    return undefined;
  }
  const bindingsList: Bindings[] = [new Map()];
  for (const { loop, values } of loops) {
    const next: Bindings[] = [];
    for (const b of bindingsList) for (const v of values) next.push(new Map(b).set(loop.variable, v));
    bindingsList.splice(0, bindingsList.length, ...next);
  }
  const valuesOf = (arg: ShellArgument, bindings: Bindings): number[] | undefined => {
    if (!arg.value) return undefined;
    const expanded = expandWord(arg.value, bindings, script);
    if (expanded === undefined) return undefined;
    const list = launch.multirun && arg.override ? multirunValues(expanded) : [expanded];
    const numbers = list.map(numeric);
    return numbers.every((x): x is number => x !== undefined) ? numbers : undefined;
  };
  const parameters: SweptParameter[] = [];
  for (const arg of launch.args) {
    if (!arg.value) continue;
    const all = bindingsList.map((b) => valuesOf(arg, b));
    const values = all.every((v): v is number[] => v !== undefined) ? distinctSorted(all.flat()) : undefined;
    parameters.push({ name: arg.name, values, range: rangeOf(arg.flag.start, arg.value.end), valueRange: rangeOf(arg.value.start, arg.value.end) });
  }
  const find = (name: string | undefined) => launch.args.find((a) => a.name === name);
  const headers = command.loops.map((l) => rangeOf(l.header[0], l.header[1]));
  const label = flavor === 'makefile' ? 'Makefile recipe loop' : flavor === 'markdown' ? 'shell block loop' : 'shell loop';
  return {
    kind: flavor === 'shell' ? 'shell' : flavor,
    label: launch.multirun ? `Hydra multirun in a ${flavor === 'shell' ? 'shell script' : flavor === 'makefile' ? 'Makefile' : 'README shell block'}` : label,
    parameters,
    program: { path: launch.program.path, range: rangeOf(launch.program.start, launch.program.end) },
    anchor: headers[headers.length - 1] ?? rangeOf(command.words[0].start, command.words[command.words.length - 1].end),
    definedAt: headers,
    enumerate(lrName, weightDecayName) {
      const lrArg = find(lrName);
      const wdArg = find(weightDecayName);
      if (!lrArg) return undefined;
      const points: Array<{ lr: number; weightDecay?: number }> = [];
      for (const b of bindingsList) {
        const lrs = valuesOf(lrArg, b);
        const wds = wdArg ? valuesOf(wdArg, b) : [undefined];
        if (!lrs || !wds) return undefined;
        for (const lr of lrs) for (const weightDecay of wds) points.push({ lr, weightDecay });
      }
      return points;
    },
    s2Edits: launch.multirun ? undefined : (plan, names) => shellS2Edits(plan, names, find(names.lr), find(names.weightDecay), flavor, rangeOf),
  };
}

/** Hydra's sweep syntax in an override value: `a,b,c`, `choice(a,b)`, `range(start,stop,step)`. */
export function multirunValues(value: string): string[] {
  const choice = /^choice\((.*)\)$/s.exec(value);
  if (choice) return choice[1].split(',').map((s) => s.trim());
  const range = /^range\(([^,]+),([^,]+)(?:,([^,]+))?\)$/.exec(value);
  if (range) {
    const [start, stop, step] = [Number(range[1]), Number(range[2]), range[3] === undefined ? 1 : Number(range[3])];
    const out: string[] = [];
    if (!(step > 0) || !Number.isFinite(start) || !Number.isFinite(stop)) return [value];
    for (let x = start; x < stop && out.length < MAX_POINTS; x += step) out.push(String(x));
    return out;
  }
  return value.split(',').map((s) => s.trim());
}

/**
 * A sweep written out as one command per value: the same script run two or more times with the same
 * arguments except one, whose value changes from command to command (`python train.py --lr 1e-4 --wd 0.05`,
 * then `--lr 1e-3 --wd 0.05`). Commands in loops or multiruns are read above; commands whose other
 * arguments differ (another model, another dataset) are not a sweep of one parameter and say nothing.
 */
function writtenOutDeclarations(script: ShellScript, flavor: ShellFlavor, rangeOf: ReturnType<typeof rangeMaker>): SweepDeclaration[] {
  const groups = new Map<string, Array<{ launch: NonNullable<ReturnType<typeof readLaunch>>; values: Map<string, number> }>>();
  for (const command of script.commands) {
    if (command.loops.length) continue;
    const launch = readLaunch(command.words);
    if (!launch || launch.multirun) continue;
    const values = new Map<string, number>();
    let readable = true;
    for (const arg of launch.args) {
      const v = arg.value ? numeric(expandWord(arg.value, new Map(), script) ?? '') : undefined;
      if (v === undefined) { readable = false; break; }
      values.set(arg.name, v);
    }
    if (!readable) continue;
    const key = `${launch.program.path}\u0000${[...values.keys()].sort().join('\u0000')}`;
    groups.set(key, [...(groups.get(key) ?? []), { launch, values }]);
  }
  const out: SweepDeclaration[] = [];
  const where = flavor === 'makefile' ? 'a Makefile' : flavor === 'markdown' ? 'a README shell block' : 'a shell script';
  for (const runs of groups.values()) {
    if (runs.length < 2) continue;
    const names = [...runs[0].values.keys()];
    const varying = names.filter((n) => new Set(runs.map((r) => r.values.get(n))).size > 1);
    if (varying.length !== 1) continue;
    const argOf = (run: (typeof runs)[number], name: string) => run.launch.args.find((a) => a.name === name)!;
    const parameters: SweptParameter[] = names.map((name) => {
      const first = argOf(runs[0], name);
      return {
        name, values: distinctSorted(runs.map((r) => r.values.get(name)!)),
        range: rangeOf(first.flag.start, first.value!.end), valueRange: rangeOf(first.value!.start, first.value!.end),
      };
    });
    const swept = varying[0];
    const definedAt = runs.map((r) => { const a = argOf(r, swept); return rangeOf(a.value!.start, a.value!.end); });
    const program = runs[0].launch.program;
    out.push({
      kind: flavor === 'shell' ? 'shell' : flavor,
      label: `one command per ${swept.replace(/^-+/, '')} value in ${where}`,
      parameters,
      program: { path: program.path, range: rangeOf(program.start, program.end) },
      anchor: definedAt[0],
      definedAt,
      enumerate(lrName, weightDecayName) {
        if (!runs[0].values.has(lrName)) return undefined;
        return runs.map((r) => ({ lr: r.values.get(lrName)!, weightDecay: weightDecayName ? r.values.get(weightDecayName) : undefined }));
      },
    });
  }
  return out;
}
