// A whole-tree check gives the same answer on worker threads as on one thread: the same files read
// (with their line counts), the same findings per file in walk order, the same notes in walk order, the
// same read errors, and sweep sources linked to scripts that a worker analysed.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkPaths, POOL_MIN_CODE_FILES, type CheckedPaths } from '../../src/engine';

const sweepScript = (i: number) => `import torch\nfor lr in [1e-4, ${(i % 5) + 2}e-4, 1e-3]:\n    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0${(i % 8) + 1})\n`;
const plainModule = (i: number) => `import torch.nn as nn\n\nclass Block${i}(nn.Module):\n    pass\n`;

function write(root: string, rel: string, text: string | Buffer): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe('checkPaths on worker threads and on one thread', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'adamw-check-paths-'));
    for (let i = 0; i < POOL_MIN_CODE_FILES + 40; i++) write(root, `pkg${i % 7}/mod_${i}.py`, i % 4 === 0 ? sweepScript(i) : plainModule(i));
    write(root, 'broken.py', 'import torch\nopt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05\nfor x in\n');
    write(root, 'tests/test_train.py', sweepScript(1)); // skipped as test code, unless named
    write(root, 'latin1.py', Buffer.from('# caf\xe9\n', 'latin1')); // not UTF-8: decoded with a fallback, a read note
    truncateSync(write(root, 'huge.py', ''), 6 * 1024 * 1024); // over the code limit: skipped with a note
    const unreadable = write(root, 'secret.py', sweepScript(2));
    chmodSync(unreadable, 0o000);
    // A W&B sweep over lr linked to a script that a worker analyses (it holds λ fixed).
    write(root, 'train.py', 'import argparse, torch\np = argparse.ArgumentParser()\np.add_argument("--lr", type=float, default=1e-3)\np.add_argument("--weight_decay", type=float, default=0.05)\nargs = p.parse_args()\nopt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)\n');
    write(root, 'sweep.yaml', 'program: train.py\nmethod: grid\nparameters:\n  lr:\n    values: [1e-4, 3e-4, 1e-3]\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const run = (workers: number, paths = ['.']) => checkPaths(paths, root, {}, { link: true, workers });
  const comparable = (c: CheckedPaths) => ({ ...c, results: c.results.map((r) => ({ file: r.file, findings: r.findings })) });

  it('finds the same, in the same order, with two workers as with none', async () => {
    const single = await run(0);
    const pooled = await run(2);
    assert.deepEqual(comparable(pooled), comparable(single));
    // The tree really exercises every kind of outcome.
    const count = (rule: string) => single.results.flatMap((r) => r.findings).filter((f) => f.rule === rule).length;
    assert.ok(count('s1-sweep') >= 60, `s1-sweep findings: ${count('s1-sweep')}`);
    assert.ok(single.results.some((r) => r.file.endsWith('sweep.yaml') && r.findings.some((f) => f.rule === 's1-sweep')), 'the W&B sweep is linked to train.py');
    assert.ok(single.notes.some((n) => n.file.endsWith('huge.py') && /over the 5 MB limit/.test(n.note.message)), JSON.stringify(single.notes.map((n) => n.note.message)));
    assert.ok(single.notes.some((n) => n.file.endsWith('broken.py')));
    assert.ok(single.notes.some((n) => n.file.endsWith('latin1.py')));
    if (process.getuid?.() !== 0) assert.ok(single.ioErrors.some((e) => e.startsWith('secret.py: ')), JSON.stringify(single.ioErrors));
    assert.ok(!single.results.some((r) => r.file.endsWith('test_train.py') && r.findings.length > 0), 'test code skipped by default');
  });

  it('checks a test file named on the command line, also when the rest goes to workers', async () => {
    const paths = ['.', 'tests/test_train.py'];
    const single = await run(0, paths);
    const pooled = await run(2, paths);
    assert.deepEqual(comparable(pooled), comparable(single));
    assert.ok(pooled.results.some((r) => r.file.endsWith('test_train.py') && r.findings.some((f) => f.rule === 's1-sweep')));
  });
});
