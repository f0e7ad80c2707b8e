// The commands that need the editor's UI: "Check Workspace" (a cancellable progress notification fed by
// the server's work-done progress) and the rescaling fixes that ask for a number first.

import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import {
  CHECK_WORKSPACE, INSTANTIATE_FIX, type CheckWorkspaceResult, type InputFixArguments, type InstantiateFixParams, type InstantiateFixResult,
} from '../server/protocol';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function checkWorkspace(client: LanguageClient): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'AdamW Lens: checking the workspace', cancellable: true },
    async (progress, token) => {
      const workDoneToken = randomUUID();
      let reported = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind !== 'report') return;
        const percentage = value.percentage ?? reported;
        progress.report({ message: value.message, increment: Math.max(0, percentage - reported) });
        reported = Math.max(reported, percentage);
      });
      try {
        return await client.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE, { workDoneToken }, token);
      } finally {
        listener.dispose();
      }
    },
  ).then(undefined, (error: unknown) => {
    void vscode.window.showErrorMessage(`AdamW Lens: the workspace check failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  if (!result) return;
  const summary = `${result.cancelled ? 'Workspace check cancelled after' : 'Checked'} ${plural(result.filesChecked, 'file')}: ` +
    `${plural(result.findings, 'finding')} in ${plural(result.filesWithFindings, 'file')} (Problems panel).`;
  const unreadable = result.errors.length ? ` ${plural(result.errors.length, 'path')} could not be read: ${result.errors.slice(0, 3).join('; ')}` : '';
  void vscode.window.showInformationMessage(`AdamW Lens: ${summary}${unreadable}`);
}

function isInputFixArguments(value: unknown): value is InputFixArguments {
  const args = value as InputFixArguments | undefined;
  return typeof args?.prompt === 'string' && typeof args.fixKind === 'string' && typeof args.key?.uri === 'string';
}

/** Asks for the number, lets the server compute the edit, applies it as one undoable workspace edit. */
export async function applyInputFix(client: LanguageClient, args: unknown): Promise<void> {
  if (!isInputFixArguments(args)) {
    void vscode.window.showErrorMessage('AdamW Lens: this command is run from a quick fix (lightbulb) on a weight-decay finding.');
    return;
  }
  const answer = await vscode.window.showInputBox({
    title: args.title, prompt: args.prompt, placeHolder: args.placeholder, ignoreFocusOut: true,
    validateInput: (text) => (text.split(/[,;\s]+/).filter(Boolean).every((x) => Number(x) > 0) && text.trim() ? undefined : 'Positive numbers, e.g. 3e-4 or 50000, 200000'),
  });
  if (answer === undefined) return;
  const params: InstantiateFixParams = { key: args.key, fixKind: args.fixKind, answer };
  const result = await client.sendRequest<InstantiateFixResult>(INSTANTIATE_FIX, params);
  if ('error' in result) {
    void vscode.window.showErrorMessage(result.error);
    return;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
  if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showErrorMessage('AdamW Lens: the edit could not be applied (the document changed?).');
}
