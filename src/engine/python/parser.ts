// Loads web-tree-sitter and the Python grammar (both WebAssembly, no Python runtime needed) and parses.
// The wasm files sit next to the bundle in dist/ (copied by scripts/build.mjs); from sources (tests run
// through tsx) they are found in node_modules.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { setWasmTieringBudget, WASM_TIERING_BUDGET } from '../wasm-tiering';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

function findWasm(file: string, wasmDir: string | undefined, nodeModulesPath: () => string): string {
  const candidates = [wasmDir && path.join(wasmDir, file), typeof __dirname === 'string' ? path.join(__dirname, file) : undefined];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return nodeModulesPath();
}

/**
 * Loads the parser once; later calls return the same promise. `parseAndExit`: a process that has set the
 * `command` budget and will parse little before it exits (see WASM_TIERING_BUDGET); the parser's instances
 * are made under the `shortRun` budget, then the `command` one is back, so that no other code (and
 * no V8 code cache, which V8 checks against the flags) sees another setting.
 */
export function initPythonParser(wasmDir?: string, parseAndExit = false): Promise<void> {
  loading ??= (async () => {
    if (parseAndExit) setWasmTieringBudget(WASM_TIERING_BUDGET.shortRun);
    try {
      await loadParser(wasmDir);
    } finally {
      if (parseAndExit) setWasmTieringBudget(WASM_TIERING_BUDGET.command);
    }
  })();
  return loading;
}

async function loadParser(wasmDir: string | undefined): Promise<void> {
  const runtimeWasm = findWasm('web-tree-sitter.wasm', wasmDir, () => require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
  await Parser.init({ locateFile: () => runtimeWasm });
  const grammarWasm = findWasm('tree-sitter-python.wasm', wasmDir, () =>
    path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'));
  // Bytes, not a path: given a path, web-tree-sitter reads it through a dynamic import() of
  // fs/promises, which starts Node's ES module loader on every run of the CLI.
  const language = await Language.load(readFileSync(grammarWasm));
  const p = new Parser();
  p.setLanguage(language);
  parser = p;
}

export function isPythonParserReady(): boolean {
  return parser !== undefined;
}

/** Parses `text`, reusing `oldTree` (already edited with `tree.edit`) for an incremental parse. */
export function parsePython(text: string, oldTree?: Tree | null): Tree {
  if (!parser) throw new Error('the Python parser is not loaded: call initPythonParser() first');
  const tree = parser.parse(text, oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
