// File discovery and reading: the walk the CLI and the language server share (symbolic links followed
// once per real path, loops ended), and reads that stat first and never take a file over its limit.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverFiles, FILE_LIMITS, readSourceFile, readSourceFileAsync } from '../../src/engine';

const dirs: string[] = [];
after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-files-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const rel = (root: string, files: string[]) => files.map((f) => path.relative(root, f));

describe('discoverFiles', () => {
  it('walks folders in name order, skipping ignored, vendored and unknown files', () => {
    const root = tree({
      'b.py': '', 'a/z.py': '', 'a.py': '', 'notes.txt': '', 'node_modules/m/x.py': '', 'gen/out.py': '',
      '.gitignore': 'gen/\n', 'conf/sweep.yaml': '', 'Makefile': '',
    });
    assert.deepEqual(rel(root, discoverFiles(['.'], root).files), ['Makefile', 'a/z.py', 'a.py', 'b.py', 'conf/sweep.yaml']);
  });

  it('ends a loop of two links to the parent folder and lists each file once', () => {
    const root = tree({ 'pkg/train.py': 'x', 'pkg/sub/model.py': 'y' });
    symlinkSync('..', path.join(root, 'pkg/sub/up'));
    symlinkSync('..', path.join(root, 'pkg/sub/up2'));
    symlinkSync('../pkg', path.join(root, 'pkg/self'));
    assert.deepEqual(rel(root, discoverFiles(['.'], root).files), ['pkg/sub/model.py', 'pkg/train.py']);
  });

  it('reports a file reached directly and through a linked folder under its own path', () => {
    const root = tree({ 'examples/train.py': 'x', 'docs/readme.md': '' });
    symlinkSync('../examples', path.join(root, 'docs/examples'));
    symlinkSync('train.py', path.join(root, 'examples/alias.py'));
    assert.deepEqual(rel(root, discoverFiles(['.'], root).files), ['docs/readme.md', 'examples/train.py']);
  });

  it('follows a link out of the tree once, in its place in the order', () => {
    const outside = tree({ 'shared/opt.py': 'x' });
    const root = tree({ 'a.py': '', 'z.py': '' });
    symlinkSync(path.join(outside, 'shared'), path.join(root, 'm'));
    symlinkSync(path.join(outside, 'shared'), path.join(root, 'n'));
    assert.deepEqual(rel(root, discoverFiles(['.'], root).files), ['a.py', 'm/opt.py', 'z.py']);
  });

  it('takes files named explicitly whatever their extension, and says which paths do not exist', () => {
    const root = tree({ 'script': 'x', 'a.py': '' });
    const walk = discoverFiles(['script', 'missing.py', '.'], root);
    assert.deepEqual(rel(root, walk.files), ['script', 'a.py']);
    assert.deepEqual(walk.errors, ['missing.py: no such file or directory']);
  });
});

describe('readSourceFile', () => {
  it('skips a sparse 1.5 GB file from its size alone, synchronously and asynchronously', async () => {
    const root = tree({});
    const big = path.join(root, 'results.json');
    writeFileSync(big, '');
    truncateSync(big, 1.5 * 1024 ** 3);
    assert.deepEqual(readSourceFile(big, FILE_LIMITS.sweepSourceBytes), { skipped: 'skipped, 1536.0 MB is over the 1 MB limit for sweep files' });
    assert.deepEqual(await readSourceFileAsync(big, FILE_LIMITS.codeBytes), { skipped: 'skipped, 1536.0 MB is over the 5 MB limit' });
  });

  it('does not read devices or FIFOs', async () => {
    const fifo = path.join(tree({}), 'pipe.py');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    assert.deepEqual(readSourceFile(fifo, FILE_LIMITS.codeBytes), { skipped: 'not a regular file, skipped' });
    assert.deepEqual(readSourceFile('/dev/zero', FILE_LIMITS.codeBytes), { skipped: 'not a regular file, skipped' });
    assert.deepEqual(await readSourceFileAsync('/dev/zero', FILE_LIMITS.codeBytes), { skipped: 'not a regular file, skipped' });
  });

  it('reads text up to the limit exactly, and says what is missing or binary', () => {
    const root = tree({ 'ok.py': 'x'.repeat(1000), 'bin.py': '\0\0\0', 'sweep.json': ' '.repeat(1.5 * 1024 * 1024) });
    assert.deepEqual(readSourceFile(path.join(root, 'ok.py'), 1000), { text: 'x'.repeat(1000) });
    assert.deepEqual(readSourceFile(path.join(root, 'sweep.json'), FILE_LIMITS.sweepSourceBytes), { skipped: 'skipped, 1.5 MB is over the 1 MB limit for sweep files' });
    assert.deepEqual(readSourceFile(path.join(root, 'bin.py'), 1000), { skipped: 'binary file skipped' });
    assert.deepEqual(readSourceFile(path.join(root, 'none.py'), 1000), { error: 'no such file or directory' });
  });
});
