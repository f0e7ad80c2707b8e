// Links a sweep declaration to the optimizer it feeds: the script it launches (W&B `program:`, the
// loop's `python train.py`), then that script's local imports; an optimizer call whose α argument
// reads a swept parameter (`args.lr`, `config.lr`, `wandb.config["lr"]`) is the link. λ comes from the
// sweep when it sets the parameter the call reads, else from the script (option default, literal,
// catalog default). When no optimizer is found, the configured default convention is assumed.

import path from 'node:path';
import type { EngineConfig } from '../config';
import type { Convention, OptimizerSite, Range, SweepInfo } from '../types';
import type { SweepDeclaration, SweptParameter } from './model';
import type { WorkspaceIndex } from './workspace';
import { isLearningRateName, isWeightDecayName, parameterKey } from './names';
import { readKey } from '../python/script-index';
import { makeSweepInfo } from '../sweep';

export interface LinkedSweep {
  declaration: SweepDeclaration;
  /** The sweep-source file (absolute), when known. */
  file?: string;
  lrParameter: SweptParameter;
  /** The λ entry, when the source sets λ. */
  weightDecayParameter?: SweptParameter;
  sweep: SweepInfo;
  /** Set when α is sampled from a range instead of listed: `sweep.lrs` holds the bounds. */
  continuous?: { min: number; max: number; log: boolean };
  convention: Convention;
  /** The optimizer the sweep feeds: a call in a script, or a Hydra `_target_` config. */
  optimizer?: LinkedOptimizer;
  /** Where λ comes from when the sweep does not set it. */
  weightDecayOrigin?: { file: string; range: Range; description: string };
  /** Name of λ's parameter as the script reads it (for fixes that add it). */
  weightDecayName: string;
  /** Why no optimizer was linked (and so why the convention is assumed). */
  unlinkedReason?: string;
  /** The source file as shown in messages. */
  display: string;
}

export interface LinkedOptimizer {
  file: string;
  display: string;
  api: string;
  convention: Convention;
  /** The call, or the `_target_` map. */
  range: Range;
  site?: OptimizerSite;
}

interface Found {
  optimizer: Omit<LinkedOptimizer, 'display'>;
  lrParameter: SweptParameter | undefined;
  lrKey: string;
  wdKey?: string;
  /** λ as a Hydra `_target_` config sets it, when the sweep does not. */
  targetWeightDecay?: { value: number; range: Range };
}

function scriptsToSearch(declaration: SweepDeclaration, file: string, workspace: WorkspaceIndex): string[] | { reason: string } {
  if (declaration.program) {
    const script = workspace.resolveProgram(file, declaration.program.path);
    return script ? [script] : { reason: `${declaration.program.path} is not in the workspace` };
  }
  if (declaration.kind === 'hydra') return workspace.hydraApps(file);
  if (declaration.kind === 'experiment') {
    const readers = workspace.scriptsMentioning(path.basename(file));
    return readers.length ? readers : { reason: `no script in the workspace names ${path.basename(file)}` };
  }
  return { reason: 'the sweep names no program' };
}

function findOptimizer(declaration: SweepDeclaration, file: string, workspace: WorkspaceIndex): Found | { reason: string } {
  const scripts = scriptsToSearch(declaration, file, workspace);
  const swept = new Map(declaration.parameters.map((p) => [parameterKey(p.name), p]));
  const pairedLr = declaration.pairs && parameterKey(declaration.pairs.lrName);
  for (const script of Array.isArray(scripts) ? scripts : []) {
    for (const candidate of [script, ...workspace.localImports(script)]) {
      for (const site of workspace.script(candidate)?.sites ?? []) {
        const lrKey = readKey(site.lr.text);
        if (!lrKey || (!swept.has(lrKey) && lrKey !== pairedLr)) continue;
        return { optimizer: { file: candidate, api: site.api, convention: site.convention, range: site.range, site }, lrParameter: swept.get(lrKey), lrKey, wdKey: readKey(site.weightDecay.text) };
      }
    }
  }
  const target = findHydraTarget(declaration, workspace);
  if (target) return target;
  if (!Array.isArray(scripts)) return scripts;
  if (scripts.length === 0) return { reason: 'no script or Hydra config in the workspace uses this config' };
  return { reason: `${scripts.map((s) => workspace.display(s)).join(', ')} builds no optimizer from a swept learning rate` };
}

/** `optimizer.lr` swept → a `_target_` optimizer config in the `optimizer` group (or under an `optimizer:` key). */
function findHydraTarget(declaration: SweepDeclaration, workspace: WorkspaceIndex): Found | undefined {
  for (const p of declaration.parameters) {
    const dot = p.name.lastIndexOf('.');
    if (dot < 0 || !isLearningRateName(p.name)) continue;
    const group = p.name.slice(0, dot).replace(/^[+~]+/, '');
    const target = workspace.hydraOptimizers().find((t) => t.group === group || t.group.endsWith(`.${group}`));
    if (!target) continue;
    const wdKey = [...target.values.keys()].find(isWeightDecayName) ?? 'weight_decay';
    return {
      optimizer: { file: target.file, api: target.api, convention: target.convention, range: target.range },
      lrParameter: p, lrKey: parameterKey(p.name), wdKey, targetWeightDecay: target.values.get(wdKey),
    };
  }
  return undefined;
}

export function linkSweep(declaration: SweepDeclaration, file: string | undefined, workspace: WorkspaceIndex | undefined, config: EngineConfig, display: string): LinkedSweep | undefined {
  const found = file && workspace ? findOptimizer(declaration, file, workspace)
    : { reason: declaration.program ? `${declaration.program.path} was not looked up (linking is off)` : 'the sweep names no program' };
  const linked = 'optimizer' in found ? found : undefined;
  const lrParameter = linked ? linked.lrParameter : declaration.parameters.find((p) => isLearningRateName(p.name));
  const weightDecayParameter = linked
    ? declaration.parameters.find((p) => linked.wdKey !== undefined && parameterKey(p.name) === linked.wdKey)
    : declaration.parameters.find((p) => isWeightDecayName(p.name));
  const base = {
    declaration, file, display, convention: linked ? linked.optimizer.convention : declaration.namedOptimizer?.convention ?? config.defaultConvention,
    optimizer: linked && workspace ? { ...linked.optimizer, display: workspace.display(linked.optimizer.file) } : undefined,
    unlinkedReason: 'reason' in found ? found.reason : undefined,
  };
  // Paired values (what the W&B S2 fix writes): the points are the pairs.
  const pairs = declaration.pairs;
  if (pairs && (!linked || parameterKey(pairs.lrName) === linked.lrKey)) {
    const pseudo: SweptParameter = { name: pairs.lrName, values: pairs.points.map((p) => p.lr), range: pairs.range, valueRange: pairs.range };
    return { ...base, lrParameter: pseudo, sweep: makeSweepInfo(pairs.points, sourceOf(declaration, file)), weightDecayName: pairs.weightDecayName };
  }
  if (!lrParameter) return undefined;
  const origin = weightDecayParameter ? undefined : scriptWeightDecay(linked, workspace);
  if (!weightDecayParameter && !origin) return undefined;
  const weightDecayName = weightDecayParameter?.name ?? declaredName(linked, workspace) ?? (lrParameter.name.startsWith('--') ? '--weight_decay' : 'weight_decay');
  const common = { ...base, lrParameter, weightDecayParameter, weightDecayName, weightDecayOrigin: origin };
  if (!lrParameter.values && lrParameter.bounds) {
    const wd = weightDecayParameter ? weightDecayParameter.values : origin && [origin.value];
    if (!wd || wd.length !== 1) return undefined;
    const { min, max } = lrParameter.bounds;
    const points = [{ lr: min, weightDecay: wd[0] }, { lr: max, weightDecay: wd[0] }];
    return { ...common, continuous: lrParameter.bounds, sweep: makeSweepInfo(points, sourceOf(declaration, file)) };
  }
  const points = pointsOf(declaration, lrParameter, weightDecayParameter, origin?.value);
  if (!points) return undefined;
  return { ...common, sweep: makeSweepInfo(points, sourceOf(declaration, file)) };
}

function pointsOf(declaration: SweepDeclaration, lr: SweptParameter, wd: SweptParameter | undefined, fixed: number | undefined): Array<{ lr: number; weightDecay: number }> | undefined {
  const enumerated = declaration.enumerate?.(lr.name, wd?.name);
  if (enumerated) {
    const points = enumerated.map((p) => ({ lr: p.lr, weightDecay: p.weightDecay ?? fixed }));
    return points.every((p): p is { lr: number; weightDecay: number } => p.weightDecay !== undefined) ? points : undefined;
  }
  if (declaration.enumerate) return undefined;
  const wds = wd ? wd.values : fixed === undefined ? undefined : [fixed];
  if (!lr.values || !wds) return undefined;
  return lr.values.flatMap((a) => wds.map((w) => ({ lr: a, weightDecay: w })));
}

/** λ as the script fixes it: the default of the option the call reads, or the call's own value. */
function scriptWeightDecay(linked: Found | undefined, workspace: WorkspaceIndex | undefined): { file: string; range: Range; value: number; description: string } | undefined {
  if (!linked || !workspace) return undefined;
  const { site, file } = linked.optimizer;
  const shown = workspace.display(file);
  if (linked.targetWeightDecay) return { file, range: linked.targetWeightDecay.range, value: linked.targetWeightDecay.value, description: `set in ${shown}` };
  if (!site) return undefined;
  const option = linked.wdKey ? workspace.script(file)?.options.get(linked.wdKey) : undefined;
  if (option?.default !== undefined) return { file, range: option.range, value: option.default, description: `${shown}'s ${option.name} default` };
  if (site.weightDecay.value === undefined) return undefined;
  if (!site.weightDecay.explicit) return { file, range: site.range, value: site.weightDecay.value, description: `${site.api}'s default in ${shown}` };
  if (linked.wdKey && site.weightDecay.definition === undefined && /[.[]/.test(site.weightDecay.text ?? '')) return undefined;
  return { file, range: site.weightDecay.range ?? site.range, value: site.weightDecay.value, description: `set in ${shown}` };
}

function declaredName(linked: Found | undefined, workspace: WorkspaceIndex | undefined): string | undefined {
  return linked?.wdKey && workspace ? workspace.script(linked.optimizer.file)?.options.get(linked.wdKey)?.name : undefined;
}

function sourceOf(declaration: SweepDeclaration, file: string | undefined): SweepInfo['source'] {
  return declaration.definedAt.map((range) => ({ file, range, message: `${declaration.label}: values swept here` }));
}

