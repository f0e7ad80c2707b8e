// `adamw-lens lsp`: the same language server as the VS Code extension, for Neovim, Helix, Zed and
// other LSP editors. stdio by default; `--node-ipc` and `--socket=<port>` as vscode-languageserver knows them.

import { format } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ENGINE_BUILD, userCacheDir } from '../engine';
import { startServer } from '../server/server';
import { createStdioConnection } from '../server/framing';

const USAGE = `usage: adamw-lens lsp [--stdio | --node-ipc | --socket=<port>]

Starts the AdamW Lens language server (stdio when no transport is given).`;

export async function runLsp(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--stdio' && a !== '--node-ipc' && !/^--socket=\d+$/.test(a) && !/^--clientProcessId=\d+$/.test(a));
  if (unknown.length) {
    process.stderr.write(`adamw-lens lsp: unknown option '${unknown[0]}'\n${USAGE}\n`);
    return 2;
  }
  const stdio = !args.some((a) => a === '--node-ipc' || a.startsWith('--socket='));
  if (stdio) {
    // stdio, which editors expect; vscode-languageserver moves console output off stdout only when it
    // creates the stdio transport itself, so do it here: a stray console.log must not corrupt the stream.
    for (const method of ['log', 'info', 'debug', 'warn'] as const) {
      console[method] = (...values: unknown[]) => process.stderr.write(`${format(...values)}\n`);
    }
  }
  const connection = stdio ? createStdioConnection() : createConnection(ProposedFeatures.all);
  // The .wasm files sit beside dist/cli.js in the bundle (and are found in node_modules from sources).
  startServer(connection, { wasmDir: __dirname, cache: { dir: userCacheDir(), build: ENGINE_BUILD } });
  // The server exits the process itself on the `exit` notification; until then the command runs.
  return new Promise<number>(() => undefined);
}
