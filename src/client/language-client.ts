// The language client: starts dist/server.js over node IPC for the documents AdamW Lens serves (the
// `adamwLens.languages` setting) and the Python cells of Jupyter notebooks, restarts it when it crashes.
// It also watches the files sweep sources link to, so that a training script changed on disk re-links them,
// and tells the extension when the server offers a simulation (a CodeLens running `adamwLens.simulate`),
// so that the simulator warms up before the click; what to offer stays the server's decision.

import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type DocumentSelector, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, DEFAULT_LANGUAGES, SIMULATE_COMMAND, WATCHED_FILES } from '../server/protocol';
import { CrashPolicy } from './crash-policy';

export function documentSelector(languages: readonly string[]): DocumentSelector {
  const selector: DocumentSelector = [];
  for (const language of languages) {
    if (language === 'notebook') selector.push({ notebook: { notebookType: 'jupyter-notebook' }, language: 'python' });
    else selector.push({ scheme: 'file', language }, { scheme: 'untitled', language });
  }
  return selector;
}

export function configuredLanguages(): string[] {
  const languages = vscode.workspace.getConfiguration('adamwLens').get<unknown>('languages');
  return Array.isArray(languages) ? languages.filter((l): l is string => typeof l === 'string') : [...DEFAULT_LANGUAGES];
}

/**
 * Watchers of the files sweep sources link to. Created once per activation and shared by every client:
 * the language client hooks listeners on `synchronize.fileEvents` but never disposes the watchers
 * themselves, so a client per restart would leak them.
 */
export function createWorkspaceWatchers(): vscode.FileSystemWatcher[] {
  return WATCHED_FILES.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
}

export function createLanguageClient(
  context: vscode.ExtensionContext, output: vscode.LogOutputChannel, crashes: CrashPolicy, watchers: vscode.FileSystemWatcher[],
  simulationOffered: (requests: unknown[]) => void = () => {},
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  return new LanguageClient('adamwLens', 'AdamW Lens', serverOptions, {
    documentSelector: documentSelector(configuredLanguages()),
    synchronize: { configurationSection: 'adamwLens', fileEvents: watchers },
    initializationOptions: { watchesFiles: true, clientCommands: CLIENT_COMMANDS },
    outputChannel: output,
    middleware: {
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        const offered = lenses?.filter((lens) => lens.command?.command === SIMULATE_COMMAND) ?? [];
        if (offered.length > 0) simulationOffered(offered.map((lens) => lens.command?.arguments?.[0]));
        return lenses;
      },
    },
    errorHandler: {
      // A malformed message is not worth a restart; the server answers the next one.
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const decision = crashes.onCrash();
        output.warn(decision.message);
        // Shown by us (and marked handled) so the user sees it whatever the client's own notification policy.
        if (decision.restart) void vscode.window.showWarningMessage(decision.message);
        else void vscode.window.showErrorMessage(decision.message);
        return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
      },
    },
  });
}
