// V8 settings of the language server's process (its main thread and the Check Workspace workers).

/**
 * Check Workspace analyses a tree in worker threads that start fresh, and V8's optimising compiler
 * (TurboFan, on background threads) then compiles the engine's hot functions once per thread: in a check
 * of 2 000 files it took ≈ 1.0–1.2 s of the ≈ 3.9 s of CPU on two cores.
 * - Without inlining: one function (the name resolver) was compiled with most of the engine folded into
 *   it, 50–80 ms a time, and again each time a new kind of object reached it. The compiler's share fell
 *   to ≈ 0.6 s.
 * - A 6× interrupt budget (V8's default is 67 584): a function is optimised after more calls, so a thread
 *   that lives for one check optimises only what really is hot. The share fell to ≈ 0.3–0.4 s and the check
 *   while typing from ≈ 2.17 to ≈ 2.0 s.
 * The workers' own time is unchanged, and edits are answered as fast (`npm run bench:lsp`). Set before
 * anything is compiled from V8's code cache, which V8 accepts only under the flags it was made with.
 */
export function compileForFreshWorkers(): void {
  const v8 = require('node:v8') as typeof import('node:v8'); // eslint-disable-line @typescript-eslint/no-require-imports
  v8.setFlagsFromString('--no-turbo-inlining');
  v8.setFlagsFromString('--interrupt-budget=400000');
}
