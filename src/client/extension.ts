// The VS Code extension: a thin client. Everything about weight decay happens in the language server
// (dist/server.js); this file starts it, registers the commands that need the editor's UI, and the
// simulation and sweep-results panels (src/panel/); the client warms the simulator when the server offers it.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerSimulationPanel, simulationOffered } from '../panel/index';
import { registerResultsPanel } from '../panel/results-panel';
import { APPLY_INPUT_FIX_COMMAND } from '../server/protocol';
import { applyInputFix, checkWorkspace } from './commands';
import { CrashPolicy } from './crash-policy';
import { createLanguageClient, createWorkspaceWatchers } from './language-client';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('AdamW Lens', { log: true });
  const crashes = new CrashPolicy();
  const watchers = createWorkspaceWatchers();
  client = createLanguageClient(context, output, crashes, watchers, simulationOffered);

  const restart = async () => {
    crashes.reset();
    // The document selector is fixed when a client is created: a new languages list needs a new client.
    await client?.dispose();
    client = createLanguageClient(context, output, crashes, watchers, simulationOffered);
    await client.start();
  };

  context.subscriptions.push(
    output,
    ...watchers,
    registerSimulationPanel(context),
    registerResultsPanel(context),
    vscode.commands.registerCommand('adamwLens.checkWorkspace', () => client && checkWorkspace(client)),
    vscode.commands.registerCommand('adamwLens.restartServer', async () => {
      await restart();
      void vscode.window.showInformationMessage('AdamW Lens: the language server has been restarted.');
    }),
    vscode.commands.registerCommand(APPLY_INPUT_FIX_COMMAND, (args: unknown) => client && applyInputFix(client, args)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('adamwLens.languages')) void restart();
    }),
    { dispose: () => void client?.dispose() },
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
  client = undefined;
}
