// V8 settings of the language server's process (its main thread and the Check Workspace workers).

/**
 * Check Workspace analyses a tree in worker threads that start fresh, and V8's optimising compiler
 * (TurboFan, on background threads) then compiles the engine's hot functions once per thread. With
 * inlining, one such function (the name resolver) is compiled with most of the engine folded into it,
 * 50–80 ms a time, and again each time a new kind of object reaches it: in a check of 2 000 files the
 * compiler took ≈ 1.0 s of the 3.9 s of CPU on two cores. Without inlining it takes ≈ 0.6 s, the workers'
 * own time is unchanged and edits are answered as fast (`npm run bench:lsp`). Set before anything is
 * compiled from V8's code cache, which V8 accepts only under the flags it was made with.
 */
export function compileWithoutInlining(): void {
  require('node:v8').setFlagsFromString('--no-turbo-inlining'); // eslint-disable-line @typescript-eslint/no-require-imports
}
