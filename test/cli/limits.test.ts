// `adamw-lens check` on trees that used to hang it or exhaust memory: a loop of symbolic links, a device
// named on the command line, a 1.5 GB data file (sparse, so the test costs no disk).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/adamw-lens.js');
const S1 = 'import torch\nfor lr in [1e-4, 1e-3]:\n    opt = torch.optim.AdamW(p, lr=lr, weight_decay=0.1)\n';

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dirs: string[] = [];
after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-limits-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('adamw-lens check within bounds', () => {
  before(() => {
    if (!existsSync(path.join(ROOT, 'dist/cli.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  });

  it('ends on a loop of two links to the parent folder and reports the finding once', () => {
    const dir = project({ 'repo/train.py': S1 });
    symlinkSync('..', path.join(dir, 'repo/up'));
    symlinkSync('..', path.join(dir, 'repo/up2'));
    const r = cli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout).map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`), ['repo/train.py s1-sweep']);
  });

  it('skips /dev/zero named on the command line with a note instead of reading it forever', () => {
    const r = cli(['check', '/dev/zero'], os.tmpdir());
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^adamw-lens: [./]*dev\/zero: not a regular file, skipped$/m);
  });

  it('skips a 1.5 GB data file from its size and still reports the rest', () => {
    const dir = project({ 'train.py': S1, 'output/results.json': '' });
    truncateSync(path.join(dir, 'output/results.json'), 1.5 * 1024 ** 3);
    const r = cli(['check', '.'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^train\.py:3:11: warning s1-sweep /m);
    assert.match(r.stderr, /^adamw-lens: output\/results\.json: skipped, 1536\.0 MB is over the 1 MB limit for sweep files$/m);
  });
});
