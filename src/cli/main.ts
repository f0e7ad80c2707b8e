// The `adamw-lens` command: dispatches to its subcommands. Each subcommand is a module with `run(args)`
// returning the exit code: 0 no findings, 1 findings of warning or worse, 2 usage or I/O error, 3 an
// internal error skipped part of the analysis (check).

import { version } from '../../package.json';
import { useCompileCache } from '../engine/files/compile-cache';
import { compileForFreshWorkers } from '../server/compiler-flags';
import { setWasmTieringBudget, WASM_TIERING_BUDGET } from '../engine/wasm-tiering';

// Each subcommand loads on demand (a bundle of its own in dist/): `simulate` never pays for the engine,
// `check` never for the language server.
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand */
const check = () => require('./check') as typeof import('./check');
const simulate = () => require('./simulate') as typeof import('./simulate');
const results = () => require('./results') as typeof import('./results');
const lsp = () => require('./lsp') as typeof import('./lsp');
/* eslint-enable @typescript-eslint/no-require-imports */

const USAGE = `usage: adamw-lens <command> [options]

commands:
  check [paths…]    find weight-decay mistakes in Python, notebooks, TS/JS and sweep files
  simulate          run the ridge-regression simulation of the α–λ coupling (seed 000)
  results FILE      a finished sweep (CSV, JSON Lines, Optuna SQLite) through the α·λ lens
  lsp --stdio       start the language server (for Neovim, Helix, Zed…)

adamw-lens <command> --help shows the options of a command.`;

/**
 * `check` and `results` are often short runs: V8's default WebAssembly budget starts optimising tree-sitter
 * or sql.js after a few parses or queries, work that a run about to exit waits for (see WASM_TIERING_BUDGET).
 * `check` of a small tree raises it for its parser alone (initPythonParser), and a large tree's workers
 * keep the `command` budget; `results` reads one storage, whatever its size, on the short-run budget. Set
 * first, so that every run of a command has the same flags (V8 rejects a code cache made under other
 * flags); the language server keeps V8's default.
 */
function preferBaselineWasmForShortRuns(command: string): void {
  if (command === 'check') setWasmTieringBudget(WASM_TIERING_BUDGET.command);
  if (command === 'results') setWasmTieringBudget(WASM_TIERING_BUDGET.shortRun);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  preferBaselineWasmForShortRuns(command);
  if (command === 'lsp') compileForFreshWorkers();
  if (command === 'check' || command === 'simulate' || command === 'results' || command === 'lsp') useCompileCache(command);
  try {
    switch (command) {
      case 'check': return await check().runCheck(rest);
      case 'simulate': return await simulate().runSimulate(rest);
      case 'results': return await results().runResults(rest);
      case 'lsp': return await lsp().runLsp(rest);
      case '--version': case '-v':
        process.stdout.write(`${version}\n`);
        return 0;
      case undefined: case '--help': case '-h': case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`adamw-lens: unknown command '${command}'\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    process.stderr.write(`adamw-lens: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
