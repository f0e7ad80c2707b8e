// Entry point of the language server (dist/server.js): stdio (`--stdio`, what other editors use),
// node IPC (`--node-ipc`, what the VS Code client uses) or a socket, as vscode-languageserver decides
// from the command line. In the bundle the tree-sitter .wasm files sit beside this file.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ENGINE_BUILD, userCacheDir } from '../engine';
import { useCompileCache } from '../engine/files/compile-cache';
import { compileForFreshWorkers } from './compiler-flags';
import { startServer } from './server';
import { createStdioConnection } from './framing';

// The parts loaded on demand come from V8's code cache, shared with `adamw-lens lsp`: the first TypeScript
// file with an optimizer loads the TypeScript parser (4 MB) in ≈ 0.3 s instead of ≈ 0.6–0.8 s.
compileForFreshWorkers();
useCompileCache('lsp');
// Over stdio the framing guard keeps a bad header from leaving the server deaf (see framing.ts).
const connection = process.argv.includes('--stdio') ? createStdioConnection() : createConnection(ProposedFeatures.all);
// Check Workspace keeps its analyses where `adamw-lens check` keeps its own (the user's cache folder).
startServer(connection, { wasmDir: __dirname, cache: { dir: userCacheDir(), build: ENGINE_BUILD } });
