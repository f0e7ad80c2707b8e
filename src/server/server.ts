// The language server: capabilities, document and notebook synchronisation, and the handlers. The
// logic lives in the modules it wires together; this file only routes LSP messages to them.

import {
  CodeActionKind, DidChangeWatchedFilesNotification, DidChangeWorkspaceFoldersNotification, ErrorCodes, FileChangeType, NotebookCellKind, ResponseError,
  TextDocumentSyncKind,
  type CancellationToken, type Connection, type TextDocumentContentChangeEvent, type FileEvent, type InitializeParams, type InitializeResult, type NotebookCell as LspNotebookCell, type WorkDoneProgressParams,
} from 'vscode-languageserver';
import { initEngine, isSweepSourceLanguage } from '../engine';
import { codeActions, codeLenses, instantiate, isFindingKey } from './code-actions';
import { DiagnosticsScheduler } from './diagnostics';
import { engineLanguage, OpenNotebook, OpenTextDocument, type NotebookCell } from './documents';
import { hoverAt } from './hover';
import { sweepHoverAt } from './sweep-hover';
import {
  APPLY_INPUT_FIX_COMMAND, CHECK_WORKSPACE, INSTANTIATE_FIX, RESCALE_COMMAND, SIMULATE_COMMAND, WATCHED_FILES,
  type CheckWorkspaceResult, type InstantiateFixParams, type InstantiateFixResult,
} from './protocol';
import { executeRescale } from './rescale';
import { parseSettings } from './settings';
import { pathOfUri, ServerState } from './state';
import { isLinkTarget, SweepLinks } from './sweep-links';
import { WorkspaceChecker } from './workspace-check';
import { version } from '../../package.json';

export interface ServerOptions {
  /** Where the tree-sitter .wasm files are (beside dist/server.js in the bundle). */
  wasmDir?: string;
  /** Where Check Workspace keeps code files' analyses between checks (the CLI's result cache); none without it. */
  cache?: { dir: string; build: string | undefined };
  /** Called once with the server's per-document state (tests check that closing a document empties it). */
  inspect?(internals: { state: ServerState; diagnostics: () => DiagnosticsScheduler; links: SweepLinks }): void;
}

/** Client-specific start-up options; editors other than VS Code may send `settings` here instead of answering workspace/configuration. */
interface InitializationOptions {
  debounceMs?: number;
  settings?: unknown;
  /** The client watches the workspace files itself (VS Code's `synchronize.fileEvents`): no watcher registration needed. */
  watchesFiles?: boolean;
  /** The client commands the editor runs itself (VS Code's client: CLIENT_COMMANDS); others get none of them. */
  clientCommands?: unknown;
}

const DEFAULT_DEBOUNCE_MS = 150;

function uriOf(params: unknown): string {
  const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'expected params.textDocument.uri (a string)');
  return uri;
}

function cellOf(cell: LspNotebookCell): NotebookCell {
  return { uri: cell.document, kind: cell.kind === NotebookCellKind.Code ? 'code' : 'markdown' };
}

/** didOpen's document when every field has its type, else undefined. */
function validOpen(params: unknown): { uri: string; languageId: string; version: number; text: string } | undefined {
  const doc = (params as { textDocument?: unknown } | null)?.textDocument as Record<string, unknown> | null | undefined;
  if (typeof doc !== 'object' || doc === null) return undefined;
  const { uri, languageId, version, text } = doc;
  return typeof uri === 'string' && typeof languageId === 'string' && typeof version === 'number' && typeof text === 'string' ? { uri, languageId, version, text } : undefined;
}

const isPosition = (p: unknown): boolean => typeof p === 'object' && p !== null && Number.isFinite((p as { line?: unknown }).line) && Number.isFinite((p as { character?: unknown }).character);

/** didChange's content changes when each is `{ text }` or `{ range, text }` with numeric positions, else undefined. */
function validChanges(changes: unknown): TextDocumentContentChangeEvent[] | undefined {
  if (!Array.isArray(changes)) return undefined;
  const valid = changes.every((c: unknown) => {
    if (typeof c !== 'object' || c === null || typeof (c as { text?: unknown }).text !== 'string') return false;
    const range = (c as { range?: unknown }).range;
    if (range === undefined) return true;
    return typeof range === 'object' && range !== null && isPosition((range as { start?: unknown }).start) && isPosition((range as { end?: unknown }).end);
  });
  return valid ? (changes as TextDocumentContentChangeEvent[]) : undefined;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const state = new ServerState();
  const links = new SweepLinks();
  let diagnostics = new DiagnosticsScheduler(connection, state, links, DEFAULT_DEBOUNCE_MS);
  const checker = new WorkspaceChecker(connection, state, links, options.cache);
  options.inspect?.({ state, diagnostics: () => diagnostics, links });
  let pullsConfiguration = false;
  let registersWatchers = false;
  let clientCommands = new Set<string>();
  /** Settings from initializationOptions: what applies when the client has no `adamwLens` section to give. */
  let initialSettings = state.settings;
  /** The client's settings, first asked for once initialized: a workspace check started before waits for them. */
  let settingsLoaded = Promise.resolve();

  async function refreshSettings(pushed?: unknown): Promise<void> {
    const fromPush = (pushed as { adamwLens?: unknown } | null | undefined)?.adamwLens ?? pushed;
    const fromPull = pullsConfiguration
      ? (await connection.workspace.getConfiguration([{ section: 'adamwLens' }]).catch(() => [undefined]))[0]
      : undefined;
    const section = [fromPull, fromPush].find((s) => typeof s === 'object' && s !== null && !Array.isArray(s));
    state.settings = section ? parseSettings(section) : initialSettings;
    diagnostics.scheduleAll();
  }

  /** Reads the scripts and configs of new workspace folders, then re-links the open sweep sources. */
  async function loadFolders(folders: string[]): Promise<void> {
    if (!folders.length) return;
    await links.load(folders, state.settings.engine.exclude, state.settings.engine.include);
    diagnostics.relinkSweepSources();
  }

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    const debounce = typeof init.debounceMs === 'number' && init.debounceMs >= 0 ? init.debounceMs : DEFAULT_DEBOUNCE_MS;
    diagnostics = new DiagnosticsScheduler(connection, state, links, debounce);
    if (init.settings !== undefined) initialSettings = state.settings = parseSettings(init.settings);
    pullsConfiguration = params.capabilities.workspace?.configuration === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    state.workspaceFolders = folders.map(pathOfUri).filter((p): p is string => p !== undefined);
    links.setFolders(state.workspaceFolders);
    registersWatchers = init.watchesFiles !== true && params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    clientCommands = new Set(Array.isArray(init.clientCommands) ? init.clientCommands.filter((c): c is string => typeof c === 'string') : []);
    await initEngine({ wasmDir: options.wasmDir });
    return {
      serverInfo: { name: 'adamw-lens', version },
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        notebookDocumentSync: { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] },
        hoverProvider: true,
        // The only lens is "Simulate", VS Code's panel; other editors would show a lens they cannot run.
        ...(clientCommands.has(SIMULATE_COMMAND) ? { codeLensProvider: { resolveProvider: false } } : {}),
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        // VS Code's client runs the rescaling fixes itself (an input box); the others run them through the server.
        ...(clientCommands.has(APPLY_INPUT_FIX_COMMAND) ? {} : { executeCommandProvider: { commands: [RESCALE_COMMAND] } }),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
    };
  });

  connection.onInitialized(() => {
    settingsLoaded = refreshSettings();
    void settingsLoaded.then(() => loadFolders(state.workspaceFolders));
    if (registersWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) }).catch(() => undefined);
    }
  });
  connection.onDidChangeConfiguration((params) => void refreshSettings(params.settings));
  // The raw notification: the library's helper throws unless the client announced support before listen().
  connection.onNotification(DidChangeWorkspaceFoldersNotification.type, ({ event }) => {
    const removed = new Set(event.removed.map((f) => pathOfUri(f.uri)));
    const added = event.added.map((f) => pathOfUri(f.uri)).filter((p): p is string => p !== undefined);
    state.workspaceFolders = [...state.workspaceFolders.filter((p) => !removed.has(p)), ...added];
    const fresh = links.setFolders(state.workspaceFolders);
    diagnostics.scheduleAll();
    void loadFolders(fresh);
  });
  // A script or config edited outside the editor (git checkout, another tool) re-links the open sweep
  // sources; a closed file flagged by the last workspace check is checked again.
  connection.onDidChangeWatchedFiles((params) => {
    const changes: unknown = params?.changes;
    let relink = false;
    let scriptsChanged = false;
    for (const change of Array.isArray(changes) ? (changes as Array<Partial<FileEvent> | null>) : []) {
      const uri = change?.uri;
      const file = typeof uri === 'string' ? pathOfUri(uri) : undefined;
      if (uri === undefined || file === undefined) continue;
      relink = links.diskChanged(file, change?.type === FileChangeType.Deleted) || relink;
      scriptsChanged ||= isLinkTarget(file); // also an open script saved: closed sweep files read the disk
      void checker.recheck(uri, file);
    }
    if (relink) diagnostics.relinkSweepSources();
    if (scriptsChanged) checker.recheckSweepSources();
  });

  // Notifications cannot be answered with an error: malformed ones are logged and dropped here, before
  // anything reaches a debounce timer where a throw would end the process.
  connection.onDidOpenTextDocument((params) => {
    const doc = validOpen(params);
    if (!doc) { connection.console.warn('adamw-lens: didOpen ignored: expected textDocument { uri, languageId, version, text } of strings and a number'); return; }
    const language = engineLanguage(doc.uri, doc.languageId);
    if (!language) return;
    state.texts.get(doc.uri)?.dispose();
    state.texts.set(doc.uri, new OpenTextDocument(doc.uri, doc.languageId, language, doc.version, doc.text));
    diagnostics.schedule(doc.uri);
  });
  connection.onDidChangeTextDocument((params) => {
    const uri = (params as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
    const doc = typeof uri === 'string' ? state.texts.get(uri) : undefined;
    if (!doc) return;
    const changes = validChanges(params?.contentChanges);
    if (!changes) { connection.console.warn(`adamw-lens: didChange of ${uri} ignored: malformed contentChanges`); return; }
    const version = params.textDocument.version;
    doc.update(changes, typeof version === 'number' ? version : doc.version + 1);
    diagnostics.schedule(doc.uri);
  });
  connection.onDidCloseTextDocument(({ textDocument }) => {
    state.texts.get(textDocument.uri)?.dispose();
    state.texts.delete(textDocument.uri);
    diagnostics.forget(textDocument.uri);
    const file = pathOfUri(textDocument.uri);
    if (file !== undefined && links.documentClosed(file)) diagnostics.relinkSweepSources();
  });

  const notebooks = connection.notebooks.synchronization;
  notebooks.onDidOpenNotebookDocument(({ notebookDocument, cellTextDocuments }) => {
    const notebook = new OpenNotebook(notebookDocument.uri, notebookDocument.version);
    notebook.spliceCells(0, 0, notebookDocument.cells.map(cellOf));
    for (const cell of cellTextDocuments) notebook.openCellText(cell.uri, cell.languageId, cell.version, cell.text);
    state.notebooks.set(notebook.uri, notebook);
    diagnostics.schedule(notebook.uri);
  });
  notebooks.onDidChangeNotebookDocument(({ notebookDocument, change }) => {
    const notebook = state.notebooks.get(notebookDocument.uri);
    if (!notebook) return;
    notebook.version = notebookDocument.version;
    const structure = change.cells?.structure;
    if (structure) {
      notebook.spliceCells(structure.array.start, structure.array.deleteCount, (structure.array.cells ?? []).map(cellOf));
      for (const closed of structure.didClose ?? []) notebook.closeCellText(closed.uri);
      for (const opened of structure.didOpen ?? []) notebook.openCellText(opened.uri, opened.languageId, opened.version, opened.text);
    }
    for (const cell of change.cells?.data ?? []) notebook.setCellKind(cell.document, cellOf(cell).kind);
    for (const content of change.cells?.textContent ?? []) notebook.changeCellText(content.document.uri, content.document.version, content.changes);
    diagnostics.schedule(notebook.uri);
  });
  notebooks.onDidCloseNotebookDocument(({ notebookDocument, cellTextDocuments }) => {
    const notebook = state.notebooks.get(notebookDocument.uri);
    state.notebooks.delete(notebookDocument.uri);
    diagnostics.forget(notebookDocument.uri, [...(notebook?.cellUris ?? []), ...cellTextDocuments.map((c) => c.uri)]);
  });

  /** The latest result for a document or cell, with any pending analysis run first. */
  const resultFor = (uri: string) => {
    diagnostics.flush(uri);
    return state.results.get(uri);
  };

  connection.onHover((params) => {
    const uri = uriOf(params);
    const result = resultFor(uri);
    const doc = state.texts.get(uri);
    return doc && isSweepSourceLanguage(doc.language) ? sweepHoverAt(result, pathOfUri(uri), params.position) : hoverAt(result, params.position);
  });
  connection.onCodeLens((params) => codeLenses(resultFor(uriOf(params)), params.textDocument.uri, clientCommands));
  connection.onCodeAction((params) => codeActions(resultFor(uriOf(params)), params, clientCommands));
  connection.onExecuteCommand(async (params) => {
    if (params?.command !== RESCALE_COMMAND || clientCommands.has(APPLY_INPUT_FIX_COMMAND)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${String(params?.command)}; this server runs ${RESCALE_COMMAND}`);
    }
    return executeRescale(connection, resultFor, params.arguments?.[0]);
  });

  connection.onRequest<InstantiateFixResult, unknown>(INSTANTIATE_FIX, (params: InstantiateFixParams): InstantiateFixResult => {
    if (!isFindingKey(params?.key) || typeof params.fixKind !== 'string' || typeof params.answer !== 'string') {
      throw new ResponseError(ErrorCodes.InvalidParams, 'expected { key: { uri, rule, line, column }, fixKind, answer }');
    }
    return instantiate(resultFor(params.key.uri), params.key, params.fixKind, params.answer);
  });

  connection.onRequest(CHECK_WORKSPACE, async (params: WorkDoneProgressParams | undefined, token: CancellationToken): Promise<CheckWorkspaceResult> => {
    await settingsLoaded;
    if (checker.isRunning) throw new ResponseError(ErrorCodes.InvalidRequest, 'a workspace check is already running');
    // Progress goes to the token the client created (VS Code shows it in its notification); a client
    // that sent none gets server-initiated progress.
    const progress = params?.workDoneToken !== undefined
      ? connection.window.attachWorkDoneProgress(params.workDoneToken)
      : await connection.window.createWorkDoneProgress();
    return checker.check(token, progress);
  });

  connection.onShutdown(() => {
    diagnostics.dispose();
    checker.dispose();
  });
  connection.listen();
}
