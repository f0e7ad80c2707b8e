// Sweep sources: the files where learning-rate sweeps really live (W&B sweep configs, Hydra sweeper
// params, shell and Makefile launch loops, README shell blocks, Hydra multirun overrides). Each file becomes a
// SourceModel; every declaration is linked to its optimizer through a WorkspaceIndex and judged by
// the rules' `sweepSource` visitors. Never throws: unreadable input becomes a note.

import path from 'node:path';
import { type EngineConfig, withDefaults } from '../config';
import { collectSuppressions, isSuppressed } from '../pragmas';
import { makeSweepInfo } from '../sweep';
import { mayContainSearchSpace, searchSpaceSweeps } from '../python/search-spaces';
import { suppressFix, withSuppression } from '../fixes';
import { commandStartLine } from '../lines';
import type { AnalysisResult, Finding, Language, OptimizerSite, Suppressions } from '../types';
import type { SourceModel } from './model';
import { hashComments } from './comments';
import { linkSweep, type LinkedSweep } from './link';
import { MAX_SOURCE_BYTES, mayContainJsonSweep, mayContainSweep } from './names';
import type { WorkspaceIndex } from './workspace';
import type { SourceLanguage } from './languages';
import { RULES } from '../../rules';
import { internalErrorNote } from '../internal-error';
import type { RuleContext } from '../../rules/rule';

export { isSearchedAmongKnownFiles, WorkspaceIndex } from './workspace';
export type { LinkedSweep } from './link';
export { mayContainSweep } from './names';

export type { SourceLanguage } from './languages';

/** The readers (YAML, JSON, shell) load on first use: most files a check sees never need them. */
function readers(): typeof import('./readers') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand (a separate bundle in dist/)
  return require('./readers') as typeof import('./readers');
}

/** The model of a sweep-source file: its sweep declarations, pragma comments and notes. */
export function sourceModel(text: string, language: SourceLanguage): SourceModel {
  return readers().sourceModel(text, language);
}

export interface SourceAnalysisOptions {
  file?: string;
  config?: Partial<EngineConfig>;
  /** The workspace to link sweeps to their optimizers; without it every sweep is judged unlinked. */
  workspace?: WorkspaceIndex;
}

const commentLanguage = (language: SourceLanguage): Language => (language === 'json' ? 'json' : language === 'yaml' ? 'yaml' : 'shell');

export function analyzeSweepSource(text: string, language: SourceLanguage, options: SourceAnalysisOptions = {}): AnalysisResult {
  if (!mayContainSweep(text)) return { findings: [], notes: [], sites: [] };
  if (text.length > MAX_SOURCE_BYTES) {
    return { findings: [], sites: [], notes: [{ message: `not read as a sweep source: ${(text.length / 1048576).toFixed(1)} MB is over the 1 MB limit for sweep files` }] };
  }
  if (language === 'json' && !mayContainJsonSweep(text)) return { findings: [], notes: [], sites: [] };
  try {
    const model = sourceModel(text, language);
    const config = withDefaults(options.config);
    const file = options.file ? path.resolve(options.file) : undefined;
    const display = file ? (options.workspace?.display(file) ?? path.basename(file)) : 'this file';
    const linked = model.declarations.map((d) => linkSweep(d, file, options.workspace, config, display)).filter((l): l is LinkedSweep => l !== undefined);
    const findings = runSweepRules(linked, text, commentLanguage(language), collectSuppressions(model.comments), config, file);
    return { findings, notes: model.notes, sites: [] };
  } catch (error) {
    return { findings: [], sites: [], notes: [internalErrorNote(error, 'sweep analysis failed')] };
  }
}

/** Runs every enabled rule's `sweepSource` visitor over linked sweeps, with suppressions and severities. */
export function runSweepRules(linked: LinkedSweep[], text: string, language: Language, suppressions: Suppressions, config: EngineConfig, file: string | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const sweep of linked) {
    for (const rule of RULES) {
      const setting = config.rules[rule.meta.name];
      if (setting === 'off') continue;
      const context: RuleContext = {
        file, language, text, config,
        report(d) {
          // A pragma above a continued shell command covers every line of it (a comment cannot go inside).
          const line = language === 'shell' ? commandStartLine(text, d.range.start.line) : d.range.start.line;
          if (isSuppressed(suppressions, rule.meta.name, line) || isSuppressed(suppressions, rule.meta.name, d.range.start.line)) return;
          findings.push({
            rule: rule.meta.name, severity: setting ?? d.severity ?? rule.meta.defaultSeverity, message: d.message, range: d.range,
            data: d.data, related: d.related, fixes: withSuppression(d.fixes ?? [], suppressFix(rule.meta.name, line, text, language)),
          });
        },
      };
      rule.create(context).sweepSource?.(sweep);
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return findings;
}

/** Optuna objectives and Ray Tune search spaces of a Python file, judged against the file's own optimizer calls. */
export function analyzePythonSearchSpaces(text: string, sites: OptimizerSite[], options: { file?: string; config?: Partial<EngineConfig> }): Finding[] {
  if (!mayContainSearchSpace(text) || sites.length === 0) return [];
  const file = options.file ? path.resolve(options.file) : undefined;
  const display = file ? path.basename(file) : 'this file';
  const linked: LinkedSweep[] = searchSpaceSweeps(text, sites).map((s) => {
    const fixed = s.weightDecay.values?.[0] as number;
    const points = s.lr.values ? s.lr.values.map((lr) => ({ lr, weightDecay: fixed }))
      : s.lr.bounds ? [{ lr: s.lr.bounds.min, weightDecay: fixed }, { lr: s.lr.bounds.max, weightDecay: fixed }] : [];
    return {
      declaration: s.declaration, file, display, lrParameter: s.lr, weightDecayParameter: s.weightDecay, weightDecayName: s.weightDecay.name,
      sweep: makeSweepInfo(points, s.declaration.definedAt.map((range) => ({ file, range, message: `${s.declaration.label}: values sampled here` }))),
      continuous: s.lr.values ? undefined : s.lr.bounds, convention: s.site.convention,
      optimizer: { file: file ?? display, display, api: s.site.api, convention: s.site.convention, range: s.site.range, site: s.site },
    };
  });
  return runSweepRules(linked, text, 'python', collectSuppressions(hashComments(text)), withDefaults(options.config), file);
}
