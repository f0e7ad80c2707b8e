// Quick fixes and CodeLens. Every engine fix becomes a quick fix with one workspace edit (undoable in
// one step); fixes that need a number (new lr, dataset size, width) become, in VS Code, the
// `adamwLens.applyInputFix` command, which asks the user and comes back through `adamwLens/instantiateFix`,
// and in other editors the server's own `adamw-lens.rescale` command (rescale.ts). The "Simulate" lens and
// action open VS Code's panel: only a client that runs that command gets them.

import { CodeActionKind, type CodeAction, type CodeActionParams, type CodeLens, type Diagnostic } from 'vscode-languageserver';
import { instantiateFix, type AnalysisResult, type Finding, type Fix, type OptimizerSite, type Range } from '../engine';
import { requestFromSite } from '../panel/request';
import { fromLspRange, keyOf, sameKey, SOURCE, toLspEdit, toLspRange } from './convert';
import {
  APPLY_INPUT_FIX_COMMAND, RESCALE_COMMAND, SIMULATE_COMMAND, type FindingKey, type InputFixArguments, type InstantiateFixResult, type RescaleArguments,
} from './protocol';

/** Which client commands the editor runs itself (VS Code's client: all of them; others: none). */
export interface ClientCommands {
  has(command: string): boolean;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.column <= q.column);
  return before(a.start, b.end) && before(b.start, a.end);
}

function isFindingKey(value: unknown): value is FindingKey {
  const k = value as FindingKey | undefined;
  return typeof k?.uri === 'string' && typeof k.rule === 'string' && Number.isInteger(k.line) && Number.isInteger(k.column);
}

function fixAction(uri: string, finding: Finding, fix: Fix, diagnostic: Diagnostic | undefined, client: ClientCommands): CodeAction {
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: diagnostic ? [diagnostic] : undefined };
  if (fix.isPreferred) action.isPreferred = true;
  if (fix.input && !client.has(APPLY_INPUT_FIX_COMMAND)) {
    const args: RescaleArguments = { key: keyOf(uri, finding), fixKind: fix.kind };
    action.command = { title: fix.title, command: RESCALE_COMMAND, arguments: [args] };
  } else if (fix.input) {
    const args: InputFixArguments = { key: keyOf(uri, finding), fixKind: fix.kind, prompt: fix.input.prompt, placeholder: fix.input.placeholder, title: fix.title };
    action.command = { title: fix.title, command: APPLY_INPUT_FIX_COMMAND, arguments: [args] };
  } else {
    action.edit = { changes: { [fix.file ?? uri]: fix.edits.map(toLspEdit) } };
  }
  return action;
}

function simulateAction(uri: string, site: OptimizerSite): CodeAction {
  const title = `Simulate this optimizer (${site.api})`;
  return { title, kind: CodeActionKind.Empty, command: { title, command: SIMULATE_COMMAND, arguments: [requestFromSite(site, uri)] } };
}

export function codeActions(result: AnalysisResult | undefined, params: CodeActionParams, client: ClientCommands): CodeAction[] {
  if (!result) return [];
  const uri = params.textDocument.uri;
  const range = fromLspRange(params.range);
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const ours = params.context.diagnostics.filter((d) => d.source === SOURCE && isFindingKey(d.data));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const finding of result.findings) {
      const diagnostic = ours.find((d) => sameKey(finding, d.data as FindingKey));
      if (!diagnostic && !overlaps(finding.range, range)) continue;
      actions.push(...finding.fixes.map((fix) => fixAction(uri, finding, fix, diagnostic, client)));
    }
  }
  if (!only && client.has(SIMULATE_COMMAND)) {
    for (const site of result.sites) if (overlaps(site.range, range)) actions.push(simulateAction(uri, site));
  }
  return actions;
}

export function codeLenses(result: AnalysisResult | undefined, uri: string, client: ClientCommands): CodeLens[] {
  if (!client.has(SIMULATE_COMMAND)) return [];
  return (result?.sites ?? []).map((site) => ({
    range: toLspRange(site.calleeRange),
    command: { title: 'Simulate α–λ coupling', command: SIMULATE_COMMAND, arguments: [requestFromSite(site, uri)] },
  }));
}

/** Fills in an input fix with the user's answer; an error message (never an exception) when it cannot. */
export function instantiate(result: AnalysisResult | undefined, key: FindingKey, fixKind: string, answer: string): InstantiateFixResult {
  const finding = result?.findings.find((f) => sameKey(f, key));
  if (!finding) return { error: 'The finding is gone (the document changed); run the quick fix again.' };
  const fix = finding.fixes.find((f) => f.kind === fixKind);
  if (!fix) return { error: `No ${fixKind} fix for this finding.` };
  const filled = instantiateFix(fix, answer);
  if ('error' in filled) return { error: `AdamW Lens: ${filled.error}.` };
  return { title: filled.title, edit: { changes: { [filled.file ?? key.uri]: filled.edits.map(toLspEdit) } } };
}

export { isFindingKey };
