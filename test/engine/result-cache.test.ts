// The result cache of a whole-tree check (src/engine/files/result-cache.ts): a second check of an
// unchanged tree gives exactly what the first gave without analysing again; an edited file, another
// build, other settings or another command-line role are analysed again; a damaged or unwritable cache
// never stops a check. Also on worker threads, and with a sweep source linked to a kept script.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { checkPaths, POOL_MIN_CODE_FILES, type CheckedPaths } from '../../src/engine';
import { contentHash, makeFolder, pruneUnusedCaches, ResultCache, userCacheDir } from '../../src/engine/files/result-cache';

const s1Script = (lr: string, wd: string) => `import torch\nfor lr in [1e-4, ${lr}, 1e-3]:\n    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=${wd})\n`;
const argparseScript = 'import argparse, torch\np = argparse.ArgumentParser()\np.add_argument("--lr", type=float, default=1e-3)\n'
  + 'p.add_argument("--weight_decay", type=float, default=0.05)\nargs = p.parse_args()\n'
  + 'opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)\n';

function write(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'adamw-result-cache-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** What a check reports, without the count of kept analyses. */
const reported = ({ kept: _kept, ...rest }: CheckedPaths) => rest;
const rules = (c: CheckedPaths, suffix: string) => c.results.find((r) => r.file.endsWith(suffix))?.findings.map((f) => f.rule) ?? [];

describe('the result cache of a whole-tree check', () => {
  let root: string;
  let cacheDir: string;
  let case_ = 0;
  beforeEach(() => {
    case_++;
    root = path.join(scratch, `tree${case_}`);
    cacheDir = path.join(scratch, `cache${case_}`);
    write(root, 'train.py', s1Script('3e-4', '0.05'));
    write(root, 'model.py', 'import torch.nn as nn\n\nclass Block(nn.Module):\n    pass\n');
    write(root, 'notebook.ipynb', JSON.stringify({ cells: [{ cell_type: 'code', source: s1Script('5e-4', '0.1') }], nbformat: 4, nbformat_minor: 5, metadata: {} }));
    write(root, 'tests/test_train.py', s1Script('2e-4', '0.01'));
    write(root, 'launch/train_args.py', argparseScript);
    write(root, 'launch/sweep.yaml', 'program: train_args.py\nmethod: grid\nparameters:\n  lr:\n    values: [1e-4, 3e-4, 1e-3]\n');
  });

  const check = (options: { build?: string; config?: object; paths?: string[]; workers?: number } = {}) =>
    checkPaths(options.paths ?? ['.'], root, options.config ?? {}, {
      link: true, workers: options.workers ?? 0, cache: { dir: cacheDir, build: options.build ?? 'build-1' },
    });
  const uncached = (paths = ['.']) => checkPaths(paths, root, {}, { link: true, workers: 0 });

  it('gives the same report again without analysing the unchanged files', async () => {
    const first = await check();
    assert.equal(first.kept, 0);
    const second = await check();
    assert.deepEqual(reported(second), reported(first));
    assert.deepEqual(reported(second), reported(await uncached()));
    // train.py, model.py, the notebook, train_args.py (the test file is walked, skipped, and kept as such).
    assert.equal(second.kept, 5);
    assert.deepEqual(rules(second, '/train.py'), ['s1-sweep']);
    assert.ok(rules(second, 'sweep.yaml').includes('s1-sweep'), 'the sweep is linked to the kept script');
    assert.ok(rules(second, 'notebook.ipynb').length > 0, 'the notebook keeps its finding');
  });

  it('analyses an edited file again, and only that one', async () => {
    await check();
    write(root, 'train.py', s1Script('3e-4', '0.05') + 'opt2 = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)\n');
    const edited = await check();
    assert.equal(edited.kept, 4);
    assert.deepEqual(reported(edited), reported(await uncached()));
    assert.ok(rules(edited, '/train.py').length > 1, JSON.stringify(rules(edited, '/train.py')));
  });

  it('follows an edit of a script into the sweep source that launches it', async () => {
    await check();
    write(root, 'launch/train_args.py', argparseScript.replace('lr=args.lr, weight_decay=args.weight_decay', 'lr=args.lr, weight_decay=0.1 / args.lr'));
    const edited = await check();
    assert.deepEqual(reported(edited), reported(await uncached()));
    assert.ok(!rules(edited, 'sweep.yaml').includes('s1-sweep'), 'λ now scales with 1/α: the sweep is S2');
  });

  it('keeps nothing from another build, and each settings\' analyses apart', async () => {
    await check();
    assert.equal((await check({ build: 'build-2' })).kept, 0);
    const otherSettings = await check({ build: 'build-2', config: { skipTests: false } });
    assert.equal(otherSettings.kept, 0);
    assert.deepEqual(rules(otherSettings, 'test_train.py'), ['s1-sweep']);
    // Each settings' analyses are kept apart: back to the default settings, theirs are found again.
    assert.equal((await check({ build: 'build-2' })).kept, 5);
  });

  it('does not reuse a walked test file\'s analysis for the same file named on the command line', async () => {
    await check();
    const named = await check({ paths: ['.', 'tests/test_train.py'] });
    assert.deepEqual(rules(named, 'test_train.py'), ['s1-sweep']);
    assert.deepEqual(reported(named), reported(await uncached(['.', 'tests/test_train.py'])));
  });

  it('starts empty from a damaged cache and rewrites it', async () => {
    await check();
    const [file] = readdirSync(cacheDir);
    writeFileSync(path.join(cacheDir, file), Buffer.from([0xff, 0x0d, 0x6f, 0x22, 0x03, 0x61, 0x62, 0x63]));
    const afterDamage = await check();
    assert.equal(afterDamage.kept, 0);
    assert.deepEqual(reported(afterDamage), reported(await uncached()));
    assert.equal((await check()).kept, 5);
  });

  it('checks as usual when the cache cannot be written', async () => {
    writeFileSync(cacheDir, 'a file where the cache folder would be\n');
    const first = await check();
    assert.deepEqual(reported(first), reported(await uncached()));
    assert.equal((await check()).kept, 0);
  });

  it('checks as usual, and returns, when the system refuses the cache folder (/proc)', { skip: process.platform !== 'linux', timeout: 30_000 }, async () => {
    cacheDir = '/proc/adamw-lens-cache/check';
    const refused = await check();
    assert.deepEqual(reported(refused), reported(await uncached()));
    assert.equal((await check()).kept, 0);
  });

  it('keeps nothing without a build id (running from the sources)', async () => {
    const options = { link: true, workers: 0, cache: { dir: cacheDir, build: undefined } };
    await checkPaths(['.'], root, {}, options);
    assert.equal((await checkPaths(['.'], root, {}, options)).kept, 0);
  });

  it('keeps analyses made on worker threads, and checks a mostly unchanged large tree on this thread', async () => {
    for (let i = 0; i < POOL_MIN_CODE_FILES + 10; i++) write(root, `pkg/mod_${i}.py`, i % 3 === 0 ? s1Script(`${(i % 7) + 2}e-4`, '0.02') : `x_${i} = ${i}\n`);
    const first = await check({ workers: 2 });
    const second = await check({ workers: 2 });
    assert.equal(second.kept, POOL_MIN_CODE_FILES + 15);
    assert.deepEqual(reported(second), reported(first));
    assert.deepEqual(reported(second), reported(await uncached()));
  });
});

describe('ResultCache', () => {
  const entry = (hash: string) => ({ hash, language: 'python' as const, explicit: false, findings: [], notes: [], sites: [], lines: 1 });

  it('drops the entries of files a walk of the whole root did not see, and keeps them after a walk of some paths', () => {
    const dir = path.join(scratch, 'prune');
    const first = ResultCache.open(dir, '/project', 'b', {})!;
    first.store('/project/a.py', entry('ha'));
    first.store('/project/b.py', entry('hb'));
    first.save(true);
    assert.equal(ResultCache.open(dir, '/project', 'b', {})!.candidate('/project/b.py', 'python', false)?.hash, 'hb');

    // A check of some paths (b.py outside them) keeps b.py's entry.
    const partial = ResultCache.open(dir, '/project', 'b', {})!;
    assert.equal(partial.candidate('/project/a.py', 'python', false)?.hash, 'ha');
    partial.store('/project/a.py', entry('ha2'));
    partial.save(false);
    const peek = ResultCache.open(dir, '/project', 'b', {})!;
    assert.equal(peek.candidate('/project/b.py', 'python', false)?.hash, 'hb', 'kept by the check of some paths');
    // A check of the whole root that does not see b.py (deleted): its entry goes.
    const whole = ResultCache.open(dir, '/project', 'b', {})!;
    assert.equal(whole.candidate('/project/a.py', 'python', false)?.hash, 'ha2');
    whole.save(true);
    const afterPrune = ResultCache.open(dir, '/project', 'b', {})!;
    assert.equal(afterPrune.candidate('/project/a.py', 'python', false)?.hash, 'ha2');
    assert.equal(afterPrune.candidate('/project/b.py', 'python', false), undefined);
  });
});

describe('ResultCache, caches nobody uses', () => {
  const entry = (hash: string) => ({ hash, language: 'python' as const, explicit: false, findings: [], notes: [], sites: [], lines: 1 });
  const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000);

  it('a save removes the check caches of folders no run used for 30 days; reading a cache marks it used', () => {
    const dir = path.join(scratch, 'unused');
    const used = ResultCache.open(dir, '/used', 'b', {})!;
    used.store('/used/a.py', entry('ha'));
    used.save(true);
    const [usedFile] = readdirSync(dir);
    writeFileSync(path.join(dir, 'check-gone-folder.bin'), 'old');
    writeFileSync(path.join(dir, 'notes.txt'), 'not a cache');
    for (const name of readdirSync(dir)) utimesSync(path.join(dir, name), daysAgo(40), daysAgo(40));

    // A check of /used that changes nothing reads its cache (and marks it used); another folder's check saves.
    assert.equal(ResultCache.open(dir, '/used', 'b', {})!.candidate('/used/a.py', 'python', false)?.hash, 'ha');
    assert.ok(Date.now() - statSync(path.join(dir, usedFile)).mtimeMs < 24 * 3600 * 1000, 'marked used');
    const other = ResultCache.open(dir, '/other', 'b', {})!;
    other.store('/other/b.py', entry('hb'));
    other.save(true);
    const left = readdirSync(dir);
    assert.ok(!left.includes('check-gone-folder.bin'), 'the unused cache is removed');
    assert.ok(left.includes(usedFile) && left.includes('notes.txt'), 'the used cache and other files stay');
    assert.equal(left.filter((n) => n.startsWith('check-')).length, 2);
  });

  it('pruning spares caches used within 30 days and a folder that cannot be read', () => {
    const dir = path.join(scratch, 'recent');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'check-recent.bin'), 'x');
    utimesSync(path.join(dir, 'check-recent.bin'), daysAgo(20), daysAgo(20));
    pruneUnusedCaches(dir);
    assert.deepEqual(readdirSync(dir), ['check-recent.bin']);
    assert.doesNotThrow(() => pruneUnusedCaches(path.join(scratch, 'no-such-folder')));
  });
});

describe('ResultCache, concurrent checks', () => {
  it('keeps what two checks of different paths kept, when they ran at the same time (pre-commit splits the files)', () => {
    const dir = path.join(scratch, 'concurrent');
    const one = ResultCache.open(dir, '/project', 'b', {})!;
    const other = ResultCache.open(dir, '/project', 'b', {})!;
    const entry = (hash: string) => ({ hash, language: 'python' as const, explicit: true, findings: [], notes: [], sites: [], lines: 1 });
    one.candidate('/project/a.py', 'python', true);
    one.store('/project/a.py', entry('ha'));
    other.candidate('/project/b.py', 'python', true);
    other.store('/project/b.py', entry('hb'));
    one.save(false);
    other.save(false);
    const after = ResultCache.open(dir, '/project', 'b', {})!;
    assert.equal(after.candidate('/project/a.py', 'python', true)?.hash, 'ha');
    assert.equal(after.candidate('/project/b.py', 'python', true)?.hash, 'hb');
  });
});

describe('userCacheDir', () => {
  it('follows XDG_CACHE_HOME, then each platform\'s convention', () => {
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux'), path.join('/x/cache', 'adamw-lens'));
    assert.equal(userCacheDir({}, 'linux'), path.join(os.homedir(), '.cache', 'adamw-lens'));
    assert.equal(userCacheDir({}, 'darwin'), path.join(os.homedir(), 'Library', 'Caches', 'adamw-lens'));
    assert.equal(userCacheDir({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, 'win32'), path.join('C:\\Users\\me\\AppData\\Local', 'adamw-lens', 'Cache'));
  });
});

describe('makeFolder', () => {
  it('creates missing folders, accepts existing ones, and throws (never hangs) where a folder cannot be made', { timeout: 30_000 }, () => {
    const nested = path.join(scratch, 'make', 'a', 'b');
    makeFolder(nested);
    makeFolder(nested);
    assert.ok(readdirSync(path.join(scratch, 'make', 'a')).includes('b'));
    writeFileSync(path.join(scratch, 'make', 'file'), '');
    assert.throws(() => makeFolder(path.join(scratch, 'make', 'file', 'c')), /ENOTDIR|EEXIST/);
    if (process.platform === 'linux') assert.throws(() => makeFolder('/proc/adamw-lens-test/x'), /ENOENT/);
  });
});

describe('contentHash', () => {
  it('tells texts apart that differ in one character, in length or in order', () => {
    const texts = ['', 'a', 'b', 'ab', 'ba', 'lr = 1e-3\n', 'lr = 1e-4\n', 'lr = 1e-3\r\n', 'é', 'e\u0301', 'x'.repeat(1000), 'x'.repeat(1001)];
    assert.equal(new Set(texts.map(contentHash)).size, texts.length);
    assert.equal(contentHash('weight_decay=0.05'), contentHash('weight_decay=0.05'));
  });
});
