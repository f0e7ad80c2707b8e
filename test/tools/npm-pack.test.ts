// The npm package (.npmignore is its allow-list): `npm pack` (`prepare` makes the production build) gives a tarball that installs with
// `npm install -g` into an empty prefix, offline and with no dependency (everything is bundled into dist/),
// and whose `adamw-lens` runs `check` and `lsp --stdio` from there, far from this repository's node_modules.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, startTestServer } from '../server/harness';

const ROOT = path.resolve(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('npm pack, then npm install -g of the tarball', { timeout: 10 * 60_000 }, () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-pack-'));
  const prefix = path.join(scratch, 'prefix');
  const binary = path.join(prefix, 'bin', 'adamw-lens');
  let files: string[] = [];

  before(() => {
    const packed = spawnSync(npm, ['pack', '--json', '--loglevel=error', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    // .npmrc pipes the `prepare` build's output, so stdout is npm's JSON report alone.
    const report = JSON.parse(packed.stdout);
    files = report[0].files.map((f: { path: string }) => f.path);
    const installed = spawnSync(npm, ['install', '-g', '--offline', '--no-audit', '--no-fund', '--loglevel=error',
      '--prefix', prefix, path.join(scratch, report[0].filename)], { cwd: scratch, encoding: 'utf8' });
    assert.equal(installed.status, 0, `npm install -g failed:\n${installed.stdout}\n${installed.stderr}`);
    copyFileSync(path.join(ROOT, 'examples', 'train_sweep.py'), path.join(scratch, 'train_sweep.py'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('packs the command, its bundles and wasm files, no source, test or source map', () => {
    for (const needed of ['bin/adamw-lens.js', 'dist/cli.js', 'dist/server.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-python.wasm',
      'README.md', 'LICENSE', 'package.json']) assert.ok(files.includes(needed), `${needed} is not in the tarball: ${files.join(', ')}`);
    const stray = files.filter((f) => /^(src|test|scripts|examples|node_modules)\/|\.map$|\.ts$/.test(f));
    assert.deepEqual(stray, []);
  });

  it('installs without a single dependency', () => {
    assert.ok(existsSync(binary), `${binary} was not created`);
    const installedRoot = path.join(prefix, 'lib', 'node_modules', 'adamw-lens');
    assert.ok(existsSync(path.join(installedRoot, 'dist', 'cli.js')));
    assert.equal(existsSync(path.join(installedRoot, 'node_modules')), false,
      `dependencies were installed: ${existsSync(path.join(installedRoot, 'node_modules')) ? readdirSync(path.join(installedRoot, 'node_modules')).join(', ') : ''}`);
  });

  it('`adamw-lens check` reports the S1 sweep (exit 1) and passes a clean file (exit 0)', () => {
    const run = (file: string) => spawnSync(binary, ['check', file], { cwd: scratch, encoding: 'utf8' });
    const sweep = run('train_sweep.py');
    assert.equal(sweep.status, 1, sweep.stderr);
    assert.match(sweep.stdout, /train_sweep\.py:\d+:\d+: .*s1-sweep/);
    copyFileSync(path.join(ROOT, 'examples', 'clean_train.py'), path.join(scratch, 'clean_train.py'));
    const clean = run('clean_train.py');
    assert.equal(clean.status, 0, `${clean.stdout}${clean.stderr}`);
  });

  it('`adamw-lens check` keeps its results in the user\'s cache folder, and sees an edit', () => {
    const cacheHome = path.join(scratch, 'xdg-cache');
    const tree = path.join(scratch, 'tree');
    mkdirSync(tree);
    copyFileSync(path.join(ROOT, 'examples', 'train_sweep.py'), path.join(tree, 'train_sweep.py'));
    const run = () => spawnSync(binary, ['check', '.', '--format', 'json'], { cwd: tree, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    const first = run();
    assert.equal(first.status, 1, first.stderr);
    const cacheFiles = readdirSync(path.join(cacheHome, 'adamw-lens'));
    assert.equal(cacheFiles.filter((f) => /^check-.*\.bin$/.test(f)).length, 1, cacheFiles.join(', '));
    const again = run();
    assert.equal(again.stdout, first.stdout);
    assert.equal(again.status, 1);
    // Another fixed λ: the finding's message names the new value.
    const text = readFileSync(path.join(tree, 'train_sweep.py'), 'utf8');
    assert.match(text, /^weight_decay = 0\.05$/m);
    writeFileSync(path.join(tree, 'train_sweep.py'), text.replace(/^weight_decay = 0\.05$/m, 'weight_decay = 0.02'));
    const edited = run();
    assert.match(edited.stdout, /λ = 0\.02 stays fixed/);
    assert.doesNotMatch(edited.stdout, /λ = 0\.05/);
  });

  it('`adamw-lens lsp --stdio` publishes the S1 sweep of an opened file', async () => {
    const server = await startTestServer({ nodeArgs: [binary, 'lsp', '--stdio'], workspaceFolders: [scratch] });
    try {
      const file = path.join(scratch, 'train_sweep.py');
      const published = await server.open(fileUri(file), 'python', readFileSync(file, 'utf8'));
      assert.ok(published.diagnostics.some((d) => d.code === 's1-sweep'), JSON.stringify(published.diagnostics.map((d) => d.code)));
    } finally {
      await server.stop();
    }
  });
});
