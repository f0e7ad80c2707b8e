// The part of the `vscode` API the panel's host uses, recorded for the tests: commands, webview panels
// (what they are given and what they post), dialogs, the clipboard, files and the workspace state.
// `installFakeVscode` makes `require('vscode')` return it, so src/panel/index.ts runs unchanged.
import Module from 'node:module';
import path from 'node:path';

export class FakeUri {
  constructor(readonly path: string) {}
  static file(p: string): FakeUri {
    return new FakeUri(p);
  }
  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri(path.posix.join(base.path, ...parts));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `https://file+.vscode-resource.vscode-cdn.net${this.path}`;
  }
}

type Listener<T> = (value: T) => void;

export class FakePanel {
  readonly posted: unknown[] = [];
  disposed = false;
  revealed = 0;
  private readonly receivers: Listener<unknown>[] = [];
  private readonly disposers: Listener<void>[] = [];
  readonly webview = {
    options: {} as Record<string, unknown>,
    html: '',
    cspSource: 'https://*.vscode-cdn.net',
    asWebviewUri: (uri: FakeUri) => uri,
    postMessage: async (message: unknown) => { this.posted.push(message); return true; },
    onDidReceiveMessage: (listener: Listener<unknown>) => { this.receivers.push(listener); return { dispose: () => undefined }; },
  };

  constructor(readonly viewType: string, readonly options: Record<string, unknown> = {}) {}

  /** The page sends `message` to the host. */
  fromPage(message: unknown): void {
    for (const receive of this.receivers) receive(message);
  }

  reveal(): void {
    this.revealed++;
  }

  onDidDispose(listener: Listener<void>): { dispose(): void } {
    this.disposers.push(listener);
    return { dispose: () => undefined };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const listener of this.disposers) listener();
  }
}

export interface FakeVscode {
  api: Record<string, unknown>;
  commands: Map<string, (...args: unknown[]) => unknown>;
  panels: FakePanel[];
  serializers: Map<string, { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> }>;
  logs: string[];
  clipboard: string[];
  written: Map<string, Uint8Array>;
  files: Map<string, string>;
  informations: string[];
  /** What the next open and save dialogs return. */
  nextOpen: FakeUri | undefined;
  nextSave: FakeUri | undefined;
  state: Map<string, unknown>;
  /** Settings by full name (`adamwLens.simulation.warmUp`); absent ones read as undefined. */
  settings: Map<string, unknown>;
}

export function createFakeVscode(): FakeVscode {
  const fake: FakeVscode = {
    api: {}, commands: new Map(), panels: [], serializers: new Map(), logs: [], clipboard: [], written: new Map(),
    files: new Map(), informations: [], nextOpen: undefined, nextSave: undefined, state: new Map(), settings: new Map(),
  };
  const log = (level: string) => (message: string) => fake.logs.push(`${level}: ${message}`);
  fake.api = {
    Uri: FakeUri,
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    ViewColumn: { Beside: -2 },
    Disposable: { from: (...items: { dispose(): void }[]) => ({ dispose: () => items.forEach((item) => item.dispose()) }) },
    commands: { registerCommand: (id: string, run: (...args: unknown[]) => unknown) => { fake.commands.set(id, run); return { dispose: () => fake.commands.delete(id) }; } },
    window: {
      createOutputChannel: () => ({ info: log('info'), warn: log('warn'), error: log('error'), dispose: () => undefined }),
      createWebviewPanel: (viewType: string, _title: string, _column: number, options: Record<string, unknown>) => {
        const panel = new FakePanel(viewType, options);
        fake.panels.push(panel);
        return panel;
      },
      registerWebviewPanelSerializer: (viewType: string, serializer: FakeVscode['serializers'] extends Map<string, infer S> ? S : never) => {
        fake.serializers.set(viewType, serializer);
        return { dispose: () => fake.serializers.delete(viewType) };
      },
      showOpenDialog: async () => (fake.nextOpen ? [fake.nextOpen] : undefined),
      showSaveDialog: async () => fake.nextSave,
      showInformationMessage: async (message: string) => { fake.informations.push(message); return undefined; },
    },
    workspace: {
      getConfiguration: (section: string) => ({ get: (key: string) => fake.settings.get(`${section}.${key}`) }),
      workspaceFolders: [{ uri: FakeUri.file('/home/user/project') }],
      asRelativePath: (uri: FakeUri) => uri.path.replace('/home/user/project/', ''),
      fs: {
        stat: async (uri: FakeUri) => {
          const text = fake.files.get(uri.path);
          if (text === undefined) throw new Error(`ENOENT: ${uri.path}`);
          return { type: 1, size: new TextEncoder().encode(text).length };
        },
        readFile: async (uri: FakeUri) => {
          const text = fake.files.get(uri.path);
          if (text === undefined) throw new Error(`ENOENT: ${uri.path}`);
          return new TextEncoder().encode(text);
        },
        writeFile: async (uri: FakeUri, bytes: Uint8Array) => { fake.written.set(uri.path, bytes); },
      },
    },
    env: { clipboard: { writeText: async (text: string) => { fake.clipboard.push(text); } } },
  };
  return fake;
}

/** Makes `require('vscode')` return the fake from now on (the real module only exists inside VS Code). */
export function installFakeVscode(fake: FakeVscode): void {
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const original = loader._load;
  loader._load = function load(request, parent, isMain) {
    return request === 'vscode' ? fake.api : original.call(this, request, parent, isMain);
  };
}

/** `extensionPath`: where the extension's files are (the simulation panel reads dist/webview's page from there). */
export function fakeContext(fake: FakeVscode, extensionPath = '/ext'): Record<string, unknown> {
  return {
    extensionUri: FakeUri.file(extensionPath),
    workspaceState: {
      get: (key: string) => fake.state.get(key),
      update: async (key: string, value: unknown) => { fake.state.set(key, value); },
    },
  };
}

/** Lets queued promise callbacks (the host's async handlers) run. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));
