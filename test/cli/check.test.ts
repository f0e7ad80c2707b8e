// `adamw-lens check` as a user runs it: the built bin over examples/ and temporary projects.

import { after, describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/adamw-lens.js');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every temporary project, removed when the suite ends. */
const projects: string[] = [];
after(() => { for (const dir of projects) rmSync(dir, { recursive: true, force: true }); });

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-cli-'));
  projects.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const S1 = 'import torch\nfor lr in [1e-4, 1e-3]:\n    opt = torch.optim.AdamW(p, lr=lr, weight_decay=0.1)\n';

describe('adamw-lens check', () => {
  before(() => {
    if (!existsSync(path.join(ROOT, 'dist/cli.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  });

  it('shows one of each rule on examples/ and exits 1', () => {
    const r = cli(['check', 'examples']);
    assert.equal(r.code, 1);
    const rules = new Set(r.stdout.trim().split('\n').map((l) => / (warning|information|error|hint) ([\w-]+) /.exec(l)?.[2]));
    assert.deepEqual([...rules].sort(), ['coupled-l2', 'decay-timescale', 'lambda-convention', 's1-sweep']);
    assert.match(r.stdout, /^examples\/train_sweep\.py:26:17: warning s1-sweep S1 sweep: λ = 0\.05 stays fixed/m);
    assert.match(r.stdout, /^examples\/finetune\.ipynb:cell 4:2:13: warning decay-timescale /m);
    assert.ok(!r.stdout.includes('clean_train.py'), 'the clean file triggers nothing');
  });

  it('prints JSON with 1-based ranges, data and fixes', () => {
    const dir = project({ 'train.py': S1 });
    const r = cli(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.stdout);
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.equal(f.file, 'train.py');
    assert.equal(f.rule, 's1-sweep');
    assert.deepEqual(f.range, { start: { line: 3, column: 11 }, end: { line: 3, column: 56 } });
    assert.equal(f.data.sweep.kind, 'S1');
    assert.deepEqual(f.data.sweep.lrs, [1e-4, 1e-3]);
    assert.equal(f.fixes[0].kind, 's2-rescale');
    assert.equal(f.fixes[0].edits[0].newText, '0.1 * 3.16228e-4 / lr');
  });

  it('prints SARIF 2.1.0 with rules, results and fixes', () => {
    const dir = project({ 'train.py': S1 });
    const r = cli(['check', '--format=sarif'], dir);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].tool.driver.rules.length, 4);
    const res = sarif.runs[0].results[0];
    assert.equal(res.ruleId, 's1-sweep');
    assert.equal(res.level, 'warning');
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'train.py');
    assert.equal(res.locations[0].physicalLocation.region.startLine, 3);
    assert.equal(res.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, '0.1 * 3.16228e-4 / lr');
  });

  it('exits 0 without findings, 2 on usage and I/O errors', () => {
    const dir = project({ 'clean.py': 'import torch\nopt = torch.optim.AdamW(p, lr=1e-3, weight_decay=0.1)\n' });
    assert.equal(cli(['check'], dir).code, 0);
    assert.equal(cli(['check', 'missing.py'], dir).code, 2);
    assert.equal(cli(['check', '--format', 'xml'], dir).code, 2);
    assert.equal(cli(['check', '--bogus'], dir).code, 2);
    assert.equal(cli(['frobnicate']).code, 2);
  });

  it('reads [tool.adamw-lens] from pyproject.toml', () => {
    const dir = project({
      'train.py': S1,
      'pyproject.toml': '[tool.adamw-lens]\nexclude = ["old/"]\n[tool.adamw-lens.rules]\ns1-sweep = "error"\n',
      'old/legacy.py': S1,
    });
    const r = cli(['check'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^train\.py:3:11: error s1-sweep /m);
    assert.ok(!r.stdout.includes('legacy.py'));
    const off = project({ 'train.py': S1, 'pyproject.toml': '[tool.adamw-lens.rules]\ns1-sweep = "off"\n' });
    assert.equal(cli(['check'], off).code, 0);
    const bad = project({ 'train.py': S1, 'pyproject.toml': '[tool.adamw-lens.rules]\nno-such-rule = "warning"\n' });
    assert.match(cli(['check'], bad).stderr, /unknown rule "no-such-rule"/);
  });

  it('default-convention decides unlinked sweep files', () => {
    // No train.py beside the loop: the convention cannot come from the optimizer, so the configured one decides.
    const sweep = 'for lr in 1e-4 3e-4 1e-3; do python train.py --lr $lr --weight_decay 0.05; done\n';
    const assumed = cli(['check'], project({ 'sweep.sh': sweep }));
    assert.equal(assumed.code, 1);
    assert.match(assumed.stdout, /^sweep\.sh:1:\d+: warning s1-sweep .*lr-scaled/m);
    const paper = project({ 'sweep.sh': sweep, 'pyproject.toml': '[tool.adamw-lens]\ndefault-convention = "schedule-scaled"\n' });
    assert.deepEqual(cli(['check'], paper), { code: 0, stdout: '', stderr: cli(['check'], paper).stderr });
    const bad = project({ 'sweep.sh': sweep, 'pyproject.toml': '[tool.adamw-lens]\ndefault-convention = "pt"\n' });
    assert.match(cli(['check'], bad).stderr, /default-convention must be one of lr-scaled, schedule-scaled, constant, lr-squared, coupled-l2/);
  });

  it('skips test files unless named or skip-tests = false', () => {
    const files = { 'train.py': 'x = 1\n', 'tests/test_optim.py': S1, 'conftest.py': S1, 'pkg/sched_test.py': S1 };
    const skipped = cli(['check'], project(files));
    assert.deepEqual([skipped.code, skipped.stdout], [0, '']);
    const named = cli(['check', 'tests/test_optim.py'], project(files));
    assert.match(named.stdout, /^tests\/test_optim\.py:3:\d+: warning s1-sweep/m);
    const all = cli(['check', '--format', 'json'], project({ ...files, 'pyproject.toml': '[tool.adamw-lens]\nskip-tests = false\n' }));
    assert.deepEqual([...new Set((JSON.parse(all.stdout) as Array<{ file: string }>).map((f) => f.file))].sort(), ['conftest.py', 'pkg/sched_test.py', 'tests/test_optim.py']);
    const bad = project({ ...files, 'pyproject.toml': '[tool.adamw-lens]\nskip-tests = "yes"\n' });
    assert.match(cli(['check'], bad).stderr, /skip-tests must be true or false/);
  });

  it('skips .gitignore\'d, vendored and binary files with a note', () => {
    const dir = project({
      '.gitignore': 'generated/\n',
      'generated/a.py': S1,
      'node_modules/pkg/b.js': 'import { adamw } from "@jax-js/optax"; for (const lr of [1, 2]) adamw(lr, { weightDecay: 0.1 });',
      '.venv/lib/c.py': S1,
      'blob.py': '\u0000\u0001binary AdamW',
    });
    const r = cli(['check'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /blob\.py: binary file skipped/);
  });

  it('links a W&B sweep and a shell loop to the script they run; --no-link judges them alone', () => {
    const train = 'import argparse, torch\np = argparse.ArgumentParser()\np.add_argument("--lr", type=float)\np.add_argument("--weight_decay", type=float, default=0.1)\n' +
      'args = p.parse_args()\nopt = torch.optim.AdamW(m.parameters(), lr=args.lr, weight_decay=args.weight_decay)\n';
    const dir = project({
      'src/train.py': train,
      'sweeps/lr.yaml': 'program: src/train.py\nmethod: grid\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n',
      'scripts/run.sh': 'for lr in 1e-4 1e-3; do python src/train.py --lr $lr --weight_decay 0.1; done\n',
      'package.json': '{"name": "not-a-sweep", "version": "1.0.0"}\n',
    });
    const r = cli(['check', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.stdout) as Array<{ file: string; rule: string; message: string; range: { start: { line: number; column: number } }; related: Array<{ file: string }> }>;
    assert.deepEqual(findings.map((f) => [f.file, f.rule, f.range.start.line, f.range.start.column]), [
      ['scripts/run.sh', 's1-sweep', 1, 54],
      ['sweeps/lr.yaml', 's1-sweep', 4, 3],
    ]);
    assert.match(findings[1].message, /^S1 sweep in sweeps\/lr\.yaml \(W&B sweep \(grid\)\): λ = 0\.1 \(src\/train\.py's --weight_decay default\) stays fixed .* It runs src\/train\.py, whose torch\.optim\.AdamW \(line 6\) decays by α·λ/);
    assert.deepEqual(findings[1].related.map((x) => x.file), ['sweeps/lr.yaml', 'src/train.py', 'src/train.py']);
    const alone = cli(['check', '--no-link'], dir);
    assert.match(alone.stdout, /^scripts\/run\.sh:1:54: warning s1-sweep .*No optimizer found for it \(src\/train\.py was not looked up \(linking is off\)\): assuming the lr-scaled convention/m);
    assert.ok(!alone.stdout.includes('lr.yaml'), 'without linking λ of the W&B sweep is unknown');
  });
});
