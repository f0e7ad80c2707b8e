// The built server (dist/server.js) keeps V8's code cache of the bundles it loads on demand, as the
// command does: the TypeScript parser (dist/engine-typescript.js, 4 MB) compiles once per build, not
// once per editor session. A cache file that cannot be used (damaged, another build's) is only a
// slower start: the server compiles the bundle and writes a good cache when it exits.
// On Node ≥ 22.1 Node keeps this cache itself (module.enableCompileCache), elsewhere: nothing to check there.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startTestServer } from './harness';

const nodeKeepsItsOwn = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const cacheHome = mkdtempSync(path.join(tmpdir(), 'adamw-lens-compile-cache-'));
after(() => rmSync(cacheHome, { recursive: true, force: true }));
const folder = path.join(cacheHome, 'adamw-lens', 'v8', `${process.version}-${process.arch}`);

const TS = 'import { adamw } from "@jax-js/optax";\nfor (const lr of [1e-4, 3e-4, 1e-3]) {\n  const opt = adamw(lr, { weightDecay: 0.05 });\n}\n';

/** A server session that opens a TypeScript file with an S1 sweep: the codes of its diagnostics. */
async function session(): Promise<string[]> {
  const server = await startTestServer({ bundle: true, env: { XDG_CACHE_HOME: cacheHome } });
  try {
    const published = await server.open('file:///project/model.ts', 'typescript', TS);
    return published.diagnostics.map((d) => String(d.code));
  } finally {
    await server.stop();
  }
}

const parserCaches = () => readdirSync(folder).filter((name) => /^engine-typescript-lsp-.*\.bin$/.test(name));

describe('the language server and V8\'s code cache (built server)', { skip: nodeKeepsItsOwn && 'Node keeps its own compile cache', timeout: 120_000 }, () => {
  it('writes the TypeScript parser\'s cache when it exits, and reads it in the next session', async () => {
    assert.deepEqual(await session(), ['s1-sweep']);
    const [cache] = parserCaches();
    assert.ok(cache, 'expected a code cache of dist/engine-typescript.js');
    const written = readFileSync(path.join(folder, cache));
    assert.deepEqual(await session(), ['s1-sweep']);
    // Read and accepted: a cache V8 accepts is not written again.
    assert.deepEqual(parserCaches(), [cache]);
    assert.deepEqual(readFileSync(path.join(folder, cache)), written);
  });

  it('compiles as before from a damaged cache, and replaces it', async () => {
    const [cache] = parserCaches();
    writeFileSync(path.join(folder, cache), 'not a code cache');
    assert.deepEqual(await session(), ['s1-sweep']);
    assert.ok(readFileSync(path.join(folder, cache)).length > 100_000, 'expected the damaged cache to be written again');
  });
});
