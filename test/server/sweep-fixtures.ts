// A workspace of sweep sources around examples/sweeps/train.py (W&B file, shell loop, Makefile, README
// block, an unlinked sweep, a sweep that leaves λ to the script), and what the engine itself says about
// each file: the protocol tests compare the server's diagnostics with it instead of copied numbers.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Diagnostic, Range as LspRange } from 'vscode-languageserver-protocol';
import { analyzeText, languageOfFile, WorkspaceIndex, type EngineConfig, type Finding, type Range } from '../../src/engine';
import { fileUri, ROOT } from './harness';

const example = (name: string) => readFileSync(path.join(ROOT, 'examples/sweeps', name), 'utf8');

export const TRAIN = example('train.py');

export interface SweepCase {
  name: string;
  rel: string;
  languageId: string;
  text: string;
  /** How the fixed λ entry the finding sits on begins. */
  lambdaEntry: string;
}

export const WANDB: SweepCase = { name: 'W&B sweep', rel: 'wandb_lr_sweep.yaml', languageId: 'yaml', text: example('wandb_lr_sweep.yaml'), lambdaEntry: 'weight_decay:' };
export const SHELL: SweepCase = { name: 'shell loop', rel: 'lr_sweep.sh', languageId: 'shellscript', text: example('lr_sweep.sh'), lambdaEntry: '--weight_decay 0.05' };
export const MAKEFILE: SweepCase = {
  name: 'Makefile recipe', rel: 'Makefile', languageId: 'makefile', lambdaEntry: '--weight_decay 0.05',
  text: 'sweep:\n\tfor lr in 1e-4 3e-4 1e-3; do \\\n\t  python train.py --lr $$lr --weight_decay 0.05; \\\n\tdone\n',
};
export const README: SweepCase = {
  name: 'README shell block', rel: 'README.md', languageId: 'markdown', lambdaEntry: '--weight_decay 0.1',
  text: '# Runs\n\nThe learning-rate sweep:\n\n```bash\nfor lr in 1e-4 1e-3; do python train.py --lr $lr --weight_decay 0.1; done\n```\n',
};
/** Its program is not in the workspace: the convention is assumed. */
export const UNLINKED: SweepCase = {
  name: 'unlinked W&B sweep', rel: 'unlinked.yaml', languageId: 'yaml', lambdaEntry: 'weight_decay:',
  text: 'program: missing.py\nmethod: grid\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n  weight_decay:\n    value: 0.05\n',
};
/** No λ entry: λ is the default of train.py's --weight_decay option. */
export const LR_ONLY: SweepCase = {
  name: 'W&B sweep of lr alone', rel: 'lr_only.yaml', languageId: 'yaml', lambdaEntry: 'lr:',
  text: 'program: train.py\nmethod: grid\nparameters:\n  lr:\n    values: [1e-4, 3e-4, 1e-3]\n',
};
/** Run by no one until "Check Workspace": a launch script in a sub-folder (train.py is found one folder up). */
export const CLOSED_LAUNCH: SweepCase = {
  name: 'closed launch script', rel: 'scripts/launch.sh', languageId: 'shellscript', lambdaEntry: '--weight_decay 0.01',
  text: '#!/bin/sh\nfor lr in 3e-4 1e-3 3e-3; do\n  python train.py --lr "$lr" --weight_decay 0.01\ndone\n',
};

export const ALL_CASES = [WANDB, SHELL, MAKEFILE, README, UNLINKED, LR_ONLY, CLOSED_LAUNCH];

export function writeFile(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

export function makeWorkspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'adamw-lens-sweeps-'));
  writeFile(root, 'train.py', TRAIN);
  for (const c of ALL_CASES) writeFile(root, c.rel, c.text);
  return root;
}

export const uriOf = (root: string, rel: string) => fileUri(path.join(root, rel));

/**
 * The engine's own findings for a sweep source of the workspace on disk; `scripts` replaces files' texts
 * the way open documents do in the editor.
 */
export function engineFindings(root: string, c: Pick<SweepCase, 'rel' | 'text'>, options: { config?: Partial<EngineConfig>; scripts?: Record<string, string> } = {}): Finding[] {
  const read = (file: string) => { try { return readFileSync(file, 'utf8'); } catch { return undefined; } };
  const workspace = new WorkspaceIndex(root, read);
  for (const [rel, text] of Object.entries(options.scripts ?? {})) workspace.setFile(path.join(root, rel), text);
  const file = path.join(root, c.rel);
  return analyzeText(c.text, { file, language: languageOfFile(file)!, workspace, config: options.config }).findings;
}

const lspRange = (r: Range): LspRange => ({ start: { line: r.start.line, character: r.start.column }, end: { line: r.end.line, character: r.end.column } });

/** What a diagnostic says, in a shape a finding maps to without the server's code. */
export function view(d: Diagnostic) {
  return {
    code: d.code, range: d.range, message: d.message,
    related: (d.relatedInformation ?? []).map((r) => ({ uri: r.location.uri, range: r.location.range, message: r.message })),
  };
}

/** The diagnostic the server must publish for an engine finding of a file of this workspace. */
export function expectedView(finding: Finding): ReturnType<typeof view> {
  return {
    code: finding.rule, range: lspRange(finding.range), message: finding.message,
    related: (finding.related ?? []).map((r) => ({ uri: fileUri(r.file!), range: lspRange(r.range), message: r.message })),
  };
}

/** The text a range covers. */
export function textAt(text: string, range: LspRange): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}
