// Drives the real language server over stdio, the way an editor does: spawns it (from the sources
// through tsx, or the built bundle), answers its workspace/configuration and progress requests, and
// records every publishDiagnostics so tests can wait for the next one of a document.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification,
  PublishDiagnosticsNotification, ConfigurationRequest, WorkDoneProgressCreateRequest, DidChangeConfigurationNotification,
  ShutdownRequest, ExitNotification, RegistrationRequest, type Registration, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  type Diagnostic, type ProtocolConnection, type PublishDiagnosticsParams, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

import { CLIENT_COMMANDS } from '../../src/server/protocol';

export const ROOT = path.resolve(__dirname, '../..');

export interface ServerHandle {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** What the server gets for `workspace/configuration` of `adamwLens` (null: the client has none); change it, then `configurationChanged()`. */
  settings: Record<string, unknown> | null;
  latest(uri: string): Diagnostic[] | undefined;
  /** The latest diagnostics of every URI published so far. */
  allLatest(): Map<string, Diagnostic[]>;
  /** publishDiagnostics notifications received so far. */
  publishCount(): number;
  /** Resolves with the next publishDiagnostics for `uri` (after the call). */
  nextDiagnostics(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, languageId: string, text: string, version?: number): Promise<PublishDiagnosticsParams>;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams>;
  close(uri: string): Promise<void>;
  configurationChanged(): Promise<void>;
  /** Progress notifications received, by token. */
  progress: Map<string | number, unknown[]>;
  /** Capabilities the server registered dynamically (client/registerCapability). */
  registrations: Registration[];
  stderr(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Run dist/server.js instead of the sources (needs `npm run build`). */
  bundle?: boolean;
  /** Node arguments that start a server on stdio, instead of the two above (e.g. `bin/adamw-lens.js lsp --stdio`). */
  nodeArgs?: string[];
  debounceMs?: number;
  workspaceFolders?: string[];
  settings?: Record<string, unknown> | null;
  /** `initializationOptions.settings`, the way editors without workspace/configuration pass settings. */
  initializationSettings?: unknown;
  /** Announce dynamic registration of file watchers (Neovim, Helix…), and whether the client watches files itself (VS Code). */
  dynamicWatchers?: boolean;
  watchesFiles?: boolean;
  /** The client commands the client runs itself (default: all, as VS Code's client); [] for other editors. */
  clientCommands?: readonly string[];
  /** Environment variables of the server process, added to this one's (e.g. XDG_CACHE_HOME). */
  env?: Record<string, string>;
}

/**
 * The first publish for `uri` from now on that satisfies `wanted`. "The next publish" races on a loaded
 * machine: a settings change can cross a publish already under way (the start-up indexing of a large
 * workspace re-publishes open documents with the old settings), and a close or an edit made before can
 * still publish after the next message is sent. Call it before sending the message whose publish it
 * awaits. Fails after `timeoutMs` naming the last diagnostics seen.
 */
export async function publishWhen(
  server: ServerHandle, uri: string, wanted: (publish: PublishDiagnosticsParams) => boolean, timeoutMs = 20_000,
): Promise<PublishDiagnosticsParams> {
  const deadline = Date.now() + timeoutMs;
  let last: PublishDiagnosticsParams | undefined;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    try {
      last = await server.nextDiagnostics(uri, left);
    } catch {
      break;
    }
    if (wanted(last)) return last;
  }
  throw new Error(`no wanted diagnostics for ${uri} within ${timeoutMs} ms; last seen: version ${last?.version}, ${JSON.stringify(last?.diagnostics.map((d) => [d.code, d.severity]))}`);
}

/** The diagnostics of the first publish for `uri` from now on whose diagnostics satisfy `wanted`. */
export async function diagnosticsWhen(
  server: ServerHandle, uri: string, wanted: (diagnostics: Diagnostic[]) => boolean, timeoutMs = 20_000,
): Promise<Diagnostic[]> {
  return (await publishWhen(server, uri, (p) => wanted(p.diagnostics), timeoutMs)).diagnostics;
}

/** The first publish for `uri` that carries `version` (the answer to the message that sent it). */
export function publishOfVersion(server: ServerHandle, uri: string, version: number, timeoutMs = 20_000): Promise<PublishDiagnosticsParams> {
  return publishWhen(server, uri, (p) => p.version === version, timeoutMs);
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

export async function startTestServer(options: StartOptions = {}): Promise<ServerHandle> {
  const args = options.nodeArgs ?? (options.bundle ? [path.join(ROOT, 'dist/server.js'), '--stdio'] : ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts'), '--stdio']);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const latest = new Map<string, Diagnostic[]>();
  const waiters = new Map<string, Array<(p: PublishDiagnosticsParams) => void>>();
  const progress = new Map<string | number, unknown[]>();
  const registrations: Registration[] = [];
  let publishCount = 0;
  const handle: ServerHandle = {
    connection, process: child, settings: options.settings === undefined ? {} : options.settings, progress, registrations,
    latest: (uri) => latest.get(uri),
    allLatest: () => new Map(latest),
    publishCount: () => publishCount,
    nextDiagnostics(uri, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
        const list = waiters.get(uri) ?? [];
        list.push((p) => { clearTimeout(timer); resolve(p); });
        waiters.set(uri, list);
      });
    },
    async open(uri, languageId, text, version = 1) {
      const next = handle.nextDiagnostics(uri);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
      return next;
    },
    async change(uri, version, contentChanges) {
      const next = handle.nextDiagnostics(uri);
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
      return next;
    },
    async close(uri) {
      await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    async configurationChanged() {
      await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    },
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
        await connection.sendNotification(ExitNotification.type).catch(() => undefined);
        await new Promise((resolve) => { const t = setTimeout(() => { child.kill(); resolve(undefined); }, 2000); child.once('exit', () => { clearTimeout(t); resolve(undefined); }); });
      }
      connection.dispose();
    },
  };
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    publishCount++;
    latest.set(params.uri, params.diagnostics);
    const list = waiters.get(params.uri) ?? [];
    waiters.delete(params.uri);
    for (const resolve of list) resolve(params);
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'adamwLens' ? handle.settings : null)));
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  connection.onRequest(RegistrationRequest.type, (params) => { registrations.push(...params.registrations); });
  connection.onNotification('$/progress', (params: { token: string | number; value: unknown }) => {
    progress.set(params.token, [...(progress.get(params.token) ?? []), params.value]);
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: null,
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: options.dynamicWatchers ?? false } }, window: { workDoneProgress: true } },
    workspaceFolders: (options.workspaceFolders ?? []).map((f) => ({ uri: fileUri(f), name: path.basename(f) })),
    initializationOptions: { debounceMs: options.debounceMs ?? 20, settings: options.initializationSettings, watchesFiles: options.watchesFiles,
      clientCommands: options.clientCommands ?? CLIENT_COMMANDS },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return handle;
}
