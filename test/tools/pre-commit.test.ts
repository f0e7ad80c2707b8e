// .pre-commit-hooks.yaml through Debian's pre-commit: a scratch git repository whose config names this
// repository by its local path (at HEAD, so commit a change to the hook before testing it); a commit that
// adds an S1 sweep is refused with the finding, a clean one goes through. pre-commit installs the hook the
// way it installs every node hook (npm install in its clone, `npm pack`, `npm install -g` of the tarball);
// with root and util-linux's unshare that happens without a network (npm takes the packages from its
// cache, which `npm test`'s own `npm ci` has filled).
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const isolateNetwork = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0;

describe('the pre-commit hook', { timeout: 15 * 60_000 }, () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-pre-commit-'));
  const repo = path.join(scratch, 'repo');
  const env = { ...process.env, PRE_COMMIT_HOME: path.join(scratch, 'pre-commit-home'), npm_config_prefer_offline: 'true' };

  function run(cmd: string, args: string[]): SpawnSyncReturns<string> {
    const [command, commandArgs] = isolateNetwork ? ['unshare', ['-n', cmd, ...args]] : [cmd, args];
    return spawnSync(command, commandArgs, { cwd: repo, env, encoding: 'utf8', timeout: 12 * 60_000 });
  }
  const git = (...args: string[]) => run('git', args);

  before(() => {
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    assert.match(head, /^[0-9a-f]{40}$/, 'this repository has no commit to install the hook from');
    mkdirSync(repo);
    for (const args of [['init', '-q'], ['config', 'user.email', 'test@example.com'], ['config', 'user.name', 'Test'], ['config', 'commit.gpgsign', 'false']]) {
      assert.equal(git(...args).status, 0);
    }
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${JSON.stringify(ROOT)}\n    rev: ${head}\n    hooks:\n      - id: adamw-lens\n`);
    const installed = run('pre-commit', ['install']);
    assert.equal(installed.status, 0, installed.stderr);
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it(`refuses a commit that adds an S1 sweep${isolateNetwork ? ' (no network)' : ''}`, () => {
    copyFileSync(path.join(ROOT, 'examples', 'train_sweep.py'), path.join(repo, 'train_sweep.py'));
    assert.equal(git('add', '.pre-commit-config.yaml', 'train_sweep.py').status, 0);
    const commit = git('commit', '-m', 'an S1 sweep');
    const output = `${commit.stdout}${commit.stderr}`;
    assert.notEqual(commit.status, 0, `the commit went through:\n${output}`);
    assert.match(output, /AdamW Lens \(weight-decay mistakes\)\.+Failed/);
    assert.match(output, /train_sweep\.py:\d+:\d+: warning s1-sweep S1 sweep: λ = 0\.05 stays fixed/);
    assert.equal(git('rev-parse', '--verify', '-q', 'HEAD').status, 1, 'a commit was made');
  });

  it('lets a clean commit through', () => {
    assert.equal(git('rm', '-q', '--cached', 'train_sweep.py').status, 0);
    copyFileSync(path.join(ROOT, 'examples', 'clean_train.py'), path.join(repo, 'clean_train.py'));
    assert.equal(git('add', 'clean_train.py').status, 0);
    const commit = git('commit', '-m', 'a clean script');
    const output = `${commit.stdout}${commit.stderr}`;
    assert.equal(commit.status, 0, output);
    assert.match(output, /AdamW Lens \(weight-decay mistakes\)\.+Passed/);
  });
});
