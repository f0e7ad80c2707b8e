// How V8 tiers up WebAssembly (tree-sitter's, sql.js's), in a module of its own: the command line's
// dispatcher (dist/cli.js, kept small) sets the budget before it loads anything else.

/**
 * V8 runs WebAssembly on its baseline compiler's code (Liftoff) at once, and recompiles each function
 * with its optimising compiler (TurboFan, on a background thread) once the function has spent a budget of
 * work; an instance keeps the budget in force when it was made. The parser's main loop takes ≈ 100 ms to
 * optimise, and Node finishes a background compilation before it lets a process exit.
 * - `shortRun`: never spent by a run that parses a small tree on one thread, or reads one Optuna storage,
 *   and exits. `check` of a 39-line training script: 320 → 190 ms; of nanoGPT (15 files): 480 → 250 ms.
 *   `results` of a 40-trial study: 450 → 235 ms, of a 10 000-trial one (4 MB): 700 → 565 ms.
 * - `command`: what `check` sets at start, and puts back after a short run's parser is made. It is V8's
 *   default on Node 20, the budget the language server keeps, written out so that every run has the same
 *   flags on any Node version (V8's code cache is checked against them). Since small trees parse under
 *   `shortRun`, it only governs the worker pool of a large tree, which parses for long enough to gain from
 *   TurboFan early. A tenfold budget kept the workers on Liftoff longer: the four repositories of issue 12,
 *   2 interleaved pairs, 898–922 against 876–877 ms; pytorch-image-models 693–697 against 670–687 ms,
 *   composer 669–693 against 654–656 ms; nanoGPT (no pool) the same.
 */
export const WASM_TIERING_BUDGET = { command: 1_800_000, shortRun: 2_000_000_000 } as const;

export function setWasmTieringBudget(budget: number): void {
  require('node:v8').setFlagsFromString(`--wasm-tiering-budget=${budget}`); // eslint-disable-line @typescript-eslint/no-require-imports
}
