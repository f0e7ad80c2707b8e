// `npm run corpus`: the per-repository table agrees with `adamw-lens check` on the same folders, and
// the JSON it writes holds every finding, tagged with its repository.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function corpus(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/corpus.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function repo(name: string, files: Record<string, string>): string {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-corpus-'));
  dirs.push(parent);
  const dir = path.join(parent, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('npm run corpus', () => {
  it('prints files, lines and findings by rule and severity per repository, with totals, and writes them as JSON', () => {
    const a = repo('alpha', {
      'train.py': 'import torch\nfor lr in [1e-4, 1e-3]:\n    opt = torch.optim.AdamW(p, lr=lr, weight_decay=0.1)\n',
      'README.md': '# nothing to see\n',
    });
    const b = repo('beta', { 'model.py': 'x = 1\n' });
    const out = path.join(path.dirname(a), 'findings.json');
    const r = corpus([a, b, '--json', out]);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n');
    const cells = (name: string) => rows.find((l) => l.startsWith(`${name} `))?.trim().split(/\s{2,}/);
    const alpha = cells('alpha');
    assert.ok(alpha, r.stdout);
    assert.deepEqual([alpha[1], alpha[2]], ['2', '4']);
    assert.ok(r.stdout.split('\n')[0].includes('s1-sweep'), r.stdout);
    assert.ok(alpha.includes('1W'), r.stdout);
    assert.deepEqual(cells('beta')?.slice(1, 3), ['1', '1']);
    assert.deepEqual(cells('TOTAL')?.slice(1, 3), ['3', '5']);
    assert.equal(cells('TOTAL')?.at(-1), '0');
    const findings = JSON.parse(readFileSync(out, 'utf8')) as Array<{ repo: string; file: string; rule: string; range: { start: { line: number } } }>;
    assert.deepEqual(findings.map((f) => [f.repo, f.file, f.rule, f.range.start.line]), [['alpha', 'alpha/train.py', 's1-sweep', 3]]);
  });

  it('refuses a call without folders', () => {
    const r = corpus([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: npm run corpus/);
  });
});
