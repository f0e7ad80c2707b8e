// Where the Node host finds the compiled kernel and the worker script, both from the bundle (dist/) and
// from the TypeScript sources run through tsx (tests).
import { existsSync } from 'node:fs';
import path from 'node:path';

/** True when this module runs from the TypeScript sources rather than from the esbuild bundle. */
export const runningFromSources = __filename.endsWith('.ts');

/** dist/ridge.wasm beside the bundle, or in the repository's dist/ when run from sources. */
export function locateKernel(): string {
  const candidates = [path.join(__dirname, 'ridge.wasm'), path.resolve(__dirname, '../../dist/ridge.wasm')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`the simulator kernel ridge.wasm is missing (looked in ${candidates.join(', ')}); run npm run build`);
  return found;
}

/** The worker entry: dist/sim-worker.js beside the bundle, or node-worker.ts (run through tsx) from sources. */
export function locateWorker(): string {
  return runningFromSources ? path.join(__dirname, 'node-worker.ts') : path.join(__dirname, 'sim-worker.js');
}
