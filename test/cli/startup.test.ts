// What `adamw-lens check` loads: only the parts of dist/ the input needs (the TypeScript compiler is
// 10 MB, the YAML reader a few hundred KB; a pre-commit hook on Python code pays for neither).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const S1 = 'import torch\nfor lr in [1e-4, 1e-3]:\n    opt = torch.optim.AdamW(p, lr=lr, weight_decay=0.1)\n';

/** Runs `check` in a Node process and returns which dist/ bundles it loaded. */
function loadedBundles(dir: string, args: string[]): string[] {
  const script = `require(${JSON.stringify(path.join(ROOT, 'dist/cli.js'))}).main(${JSON.stringify(['check', ...args])}).then(() => {
    const dist = ${JSON.stringify(path.join(ROOT, 'dist'))};
    process.stderr.write('\\nloaded ' + Object.keys(require.cache).filter((f) => f.startsWith(dist)).map((f) => f.slice(dist.length + 1)).sort().join(' ') + '\\n');
  })`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: path.join(dir, '.cache') } });
  const line = /^loaded (.*)$/m.exec(r.stderr);
  assert.ok(line, r.stderr);
  return line[1].split(' ');
}

const dirs: string[] = [];
after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-startup-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('adamw-lens check loads what the input needs', () => {
  before(() => {
    if (!existsSync(path.join(ROOT, 'dist/cli.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  });

  it('Python, a TS file without optimizers and a YAML file without a learning rate: neither the TS parser nor the YAML reader', () => {
    const dir = project({ 'train.py': S1, 'web/app.ts': 'export const x = 1;\n', 'conf/data.yaml': 'batch_size: 32\n' });
    assert.deepEqual(loadedBundles(dir, ['.']), ['cli-check.js', 'cli.js']);
  });

  it('a TS file that names an optimizer loads the TS parser; a sweep file the YAML reader', () => {
    const dir = project({ 'model.ts': 'import { adamw } from "@jax-js/optax";\nexport const opt = adamw(1e-3);\n', 'sweep.yaml': 'program: train.py\nmethod: grid\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n' });
    assert.deepEqual(loadedBundles(dir, ['.']), ['cli-check.js', 'cli.js', 'engine-sources.js', 'engine-typescript.js']);
  });
});

describe('the compiled-code cache of the bundles (Node before 22.1)', { skip: typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function' }, () => {
  it('is written by the first run, used as it is by the next, and replaced when V8 rejects it', () => {
    const dir = project({ 'train.py': S1, 'model.ts': 'import { adamw } from "@jax-js/optax";\nexport const opt = adamw(1e-3);\n' });
    const cacheHome = path.join(dir, '.cache');
    const run = () => spawnSync(process.execPath, [path.join(ROOT, 'bin/adamw-lens.js'), 'check', '.', '--no-cache', '--format', 'json'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    const first = run();
    assert.equal(first.status, 1, first.stderr);
    const folder = path.join(cacheHome, 'adamw-lens', 'v8', `${process.version}-${process.arch}`);
    const cacheOf = (bundle: string) => readdirSync(folder).find((f) => f.startsWith(`${bundle}-check-`) && f.endsWith('.bin'));
    const tsCache = cacheOf('engine-typescript');
    assert.ok(cacheOf('cli-check') && tsCache, readdirSync(folder).join(', '));
    const written = statSync(path.join(folder, tsCache)).mtimeMs;

    const second = run();
    assert.equal(second.stdout, first.stdout);
    assert.equal(statSync(path.join(folder, tsCache)).mtimeMs, written, 'accepted by V8, so not written again');

    writeFileSync(path.join(folder, tsCache), 'not a code cache');
    const third = run();
    assert.equal(third.stdout, first.stdout);
    assert.notEqual(readFileSync(path.join(folder, tsCache), 'utf8'), 'not a code cache', 'rejected, then written anew');
  });
});
