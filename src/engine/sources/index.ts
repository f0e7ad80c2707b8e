// Sweep sources: the files where learning-rate sweeps really live (W&B sweep configs, Hydra sweeper
// params, shell and Makefile launch loops, README shell blocks, Hydra multirun overrides). Each file becomes a
// SourceModel; every declaration is linked to its optimizer through a WorkspaceIndex and judged by
// the rules' `sweepSource` visitors. Never throws: unreadable input becomes a note.

import path from 'node:path';
import { type EngineConfig, withDefaults } from '../config';
import { collectSuppressions, isSuppressed, type CommentInfo } from '../pragmas';
import { suppressFix } from '../fixes';
import type { AnalysisResult, Finding, Language } from '../types';
import type { SourceModel } from './model';
import { parseYaml, hashComments } from './yaml-doc';
import { isWandbSweep, wandbDeclaration } from './wandb';
import { hydraSweeperDeclaration } from './hydra';
import { shellModel } from './shell';
import { linkSweep } from './link';
import { mayContainSweep } from './names';
import type { WorkspaceIndex } from './workspace';
import { RULES } from '../../rules';
import type { RuleContext } from '../../rules/rule';

export { WorkspaceIndex } from './workspace';
export type { LinkedSweep } from './link';
export { mayContainSweep } from './names';

export type SourceLanguage = 'yaml' | 'json' | 'shellscript' | 'makefile' | 'markdown';

/** `"//": "adamw-lens: ignore[s1-sweep]"` members: JSON has no comments, so a pragma is a string on its own line. */
export function jsonPragmas(text: string): CommentInfo[] {
  if (!text.includes('adamw-lens')) return [];
  const out: CommentInfo[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /"[^"]*"\s*:\s*"([^"]*adamw-lens:[^"]*)"/.exec(line);
    if (m) out.push({ line: i, text: m[1], standalone: true });
  });
  return out;
}

export function sourceModel(text: string, language: SourceLanguage): SourceModel {
  if (language === 'shellscript' || language === 'makefile' || language === 'markdown') {
    return shellModel(text, language === 'shellscript' ? 'shell' : language);
  }
  const parsed = parseYaml(text, language === 'json' ? 'JSON' : 'YAML');
  const model: SourceModel = { language, declarations: [], comments: language === 'json' ? jsonPragmas(text) : hashComments(text), notes: parsed.notes };
  for (const doc of parsed.documents) {
    const declaration = isWandbSweep(doc) ? wandbDeclaration(doc, parsed, text) : hydraSweeperDeclaration(doc, parsed, text);
    if (declaration) model.declarations.push(declaration);
  }
  return model;
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
  try {
    const model = sourceModel(text, language);
    const config = withDefaults(options.config);
    const suppressions = collectSuppressions(model.comments);
    const file = options.file ? path.resolve(options.file) : undefined;
    const display = file ? (options.workspace?.display(file) ?? path.basename(file)) : 'this file';
    const findings: Finding[] = [];
    for (const declaration of model.declarations) {
      const linked = linkSweep(declaration, file, options.workspace, config, display);
      if (!linked) continue;
      for (const rule of RULES) {
        const setting = config.rules[rule.meta.name];
        if (setting === 'off') continue;
        const context: RuleContext = {
          file, language: commentLanguage(language), text, config,
          report(d) {
            const line = d.range.start.line;
            if (isSuppressed(suppressions, rule.meta.name, line)) return;
            findings.push({
              rule: rule.meta.name, severity: setting ?? d.severity ?? rule.meta.defaultSeverity, message: d.message, range: d.range,
              data: d.data, related: d.related,
              fixes: [...(d.fixes ?? []), suppressFix(rule.meta.name, line, text, commentLanguage(language))],
            });
          },
        };
        rule.create(context).sweepSource?.(linked);
      }
    }
    findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
    return { findings, notes: model.notes, sites: [] };
  } catch (error) {
    return { findings: [], sites: [], notes: [{ message: `sweep analysis failed: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}
