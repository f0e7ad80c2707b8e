// V8's code cache for the bundles a process loads on demand (dist/cli-check.js, dist/engine-typescript.js…),
// kept in the user's cache folder, for the command line and the language server alike: Node ≥ 22.1 keeps
// one itself (`module.enableCompileCache`, turned on here and by bin/adamw-lens.js); on older Node every
// run compiled them afresh. Measured on Node 20 here: loading the TypeScript parser (dist/engine-typescript.js,
// 4 MB) goes from ≈ 0.73 to ≈ 0.37 s, and dist/cli-check.js from ≈ 26 to ≈ 13 ms.
//
// V8 checks a cache against its own version, its flags and the source's length, not the source's text:
// so a cache is named after the build (a hash of the sources), the bundle's size and modification time,
// the Node version and the command (`check` runs with another WebAssembly flag than `lsp`). A cache that
// V8 rejects, or none, is written when the command exits; any failure falls back to a plain compile.

import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { ENGINE_BUILD, userCacheDir, writeCacheFile } from './result-cache';

type Compile = (this: Module, content: string, filename: string) => unknown;
interface CompilingModule { prototype: { _compile: Compile } }

/** Caches the bundles beside this one (dist/) that `command` loads from now on. */
export function useCompileCache(command: string, bundleDir = __dirname, cacheDir = userCacheDir()): void {
  const nodeCache = (Module as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (typeof nodeCache === 'function') {
    nodeCache(); // Node does it (a second call, after bin/adamw-lens.js's, changes nothing)
    return;
  }
  if (ENGINE_BUILD === undefined || __filename.endsWith('.ts')) return; // from the sources: nothing to cache
  const folder = path.join(cacheDir, 'v8', `${process.version}-${process.arch}`);
  /** Caches to write at exit; `prefix` starts the names of the same bundle's caches for this command, of any build. */
  const toWrite: Array<{ script: vm.Script; prefix: string; name: string }> = [];
  const prototype = (Module as unknown as CompilingModule).prototype;
  const compile = prototype._compile;

  prototype._compile = function (this: Module, content: string, filename: string) {
    if (path.dirname(filename) !== bundleDir) return compile.call(this, content, filename);
    let script: vm.Script;
    try {
      const st = statSync(filename);
      const prefix = `${path.basename(filename, '.js')}-${command}-`;
      const name = `${prefix}${ENGINE_BUILD}-${st.size}-${Math.floor(st.mtimeMs)}.bin`;
      let cachedData: Buffer | undefined;
      try { cachedData = readFileSync(path.join(folder, name)); } catch { /* not cached yet */ }
      script = new vm.Script(Module.wrap(content), { filename, cachedData });
      if (!cachedData || script.cachedDataRejected) toWrite.push({ script, prefix, name });
    } catch {
      return compile.call(this, content, filename);
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    for (const { script, prefix, name } of toWrite) {
      let data: Buffer;
      try { data = script.createCachedData(); } catch { continue; }
      // A read-only cache folder: the next run compiles again.
      if (!writeCacheFile(path.join(folder, name), data)) continue;
      // The caches of older builds of this bundle will not be read again.
      try {
        for (const old of readdirSync(folder)) {
          if (old.startsWith(prefix) && old !== name && old.endsWith('.bin')) rmSync(path.join(folder, old), { force: true });
        }
      } catch {
        // Left for the next run that writes this bundle's cache.
      }
    }
  });
}
