// `adamw-lens check` when the engine breaks on part of a file: the other findings are still printed, the
// internal error is listed (stderr, JSON entry, SARIF tool execution notification) and counted, and the
// exit code is 3 whether other findings were produced or not. The failure is injected by making the
// evaluator throw on one argument, as a bug in it would; runCheck runs in this process for that.

import { after, afterEach, before, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCheck } from '../../src/cli/check';
import { initEngine } from '../../src/engine';
import { Evaluator } from '../../src/engine/python/evaluate';
import { sarifValidator } from './sarif-schema';

const BROKEN_CALL = 'import torch\nopt = torch.optim.AdamW(p, lr=1e-3, weight_decay=BROKEN)\n';
const S1 = 'import torch\nfor lr in [1e-4, 1e-3]:\n    opt = torch.optim.AdamW(p, lr=lr, weight_decay=0.1)\n';
const CLEAN = 'import torch\nopt = torch.optim.AdamW(p, lr=1e-3, weight_decay=0.1)\n';

interface SarifLog {
  runs: Array<{
    results: Array<{ ruleId: string }>;
    invocations: Array<{
      executionSuccessful: boolean;
      toolExecutionNotifications: Array<{
        level: string; descriptor: { id: string }; message: { text: string };
        locations: Array<{ physicalLocation: { region?: unknown } }>; properties: { site?: string };
      }>;
    }>;
  }>;
}

const dirs: string[] = [];
const cwd = process.cwd();
after(() => { process.chdir(cwd); for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** Runs `check args` inside a fresh project of `files`, capturing what it prints. */
async function check(files: Record<string, string>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-internal-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  let stdout = '';
  let stderr = '';
  process.chdir(dir);
  try {
    const code = await runCheck(['--no-config', ...args], { out: (text) => { stdout += text; }, err: (text) => { stderr += text; } });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

describe('check: internal errors', () => {
  before(async () => {
    await initEngine();
  });
  before(() => {
    const original = Evaluator.prototype.evaluate;
    mock.method(Evaluator.prototype, 'evaluate', function (this: Evaluator, ...args: Parameters<Evaluator['evaluate']>) {
      if (args[0].text === 'BROKEN') throw new TypeError('cannot read BROKEN');
      return original.apply(this, args);
    });
  });
  afterEach(() => process.chdir(cwd));
  after(() => mock.restoreAll());

  it('text: other findings printed, the error listed and counted on stderr, exit 3', async () => {
    const r = await check({ 'a.py': BROKEN_CALL, 'b.py': S1 }, ['.']);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /^b\.py:3:11: warning s1-sweep S1 sweep/m);
    assert.match(r.stderr, /^adamw-lens: a\.py:2:7: internal error: this torch\.optim\.AdamW call was not analysed: cannot read BROKEN$/m);
    assert.match(r.stderr, /^adamw-lens: 1 finding\(s\) in 1 of 2 file\(s\)$/m);
    assert.match(r.stderr, /^adamw-lens: 1 internal error\(s\) in 1 file\(s\): part of the analysis was skipped \(exit code 3\)$/m);
  });

  it('exit 3 also when nothing else was found, and with --quiet', async () => {
    assert.equal((await check({ 'a.py': BROKEN_CALL, 'c.py': CLEAN }, ['.'])).code, 3);
    const quiet = await check({ 'a.py': BROKEN_CALL }, ['.', '--quiet']);
    assert.equal(quiet.code, 3);
    assert.match(quiet.stderr, /1 internal error\(s\) in 1 file\(s\)/);
  });

  it('the same project without the broken call exits 1 and 0 as before', async () => {
    assert.equal((await check({ 'b.py': S1 }, ['.'])).code, 1);
    assert.equal((await check({ 'c.py': CLEAN }, ['.'])).code, 0);
  });

  it('JSON: an entry marked internalError after the findings', async () => {
    const r = await check({ 'a.py': BROKEN_CALL, 'b.py': S1 }, ['.', '--format', 'json']);
    assert.equal(r.code, 3);
    const entries = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(entries.map((e) => [e.file, e.rule, e.internalError ?? false]), [['b.py', 's1-sweep', false], ['a.py', 'internal-error', true]]);
    assert.deepEqual(entries[1], {
      file: 'a.py', rule: 'internal-error', severity: 'error', internalError: true,
      message: 'internal error: this torch.optim.AdamW call was not analysed: cannot read BROKEN', site: 'torch.optim.AdamW',
      range: { start: { line: 2, column: 7 }, end: { line: 2, column: 57 } },
    });
  });

  it('SARIF: a tool execution notification, the invocation unsuccessful, the log valid', async () => {
    const r = await check({ 'a.py': BROKEN_CALL, 'b.py': S1 }, ['.', '--format', 'sarif']);
    assert.equal(r.code, 3);
    const log = JSON.parse(r.stdout) as SarifLog;
    const validate = sarifValidator();
    assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const [run] = log.runs;
    assert.deepEqual(run.results.map((x) => x.ruleId), ['s1-sweep']);
    assert.equal(run.invocations[0].executionSuccessful, false);
    const [n] = run.invocations[0].toolExecutionNotifications;
    assert.equal(n.level, 'error');
    assert.equal(n.descriptor.id, 'internal-error');
    assert.equal(n.message.text, 'internal error: this torch.optim.AdamW call was not analysed: cannot read BROKEN');
    assert.deepEqual(n.locations[0].physicalLocation.region, { startLine: 2, startColumn: 7, endLine: 2, endColumn: 57 });
    assert.equal(n.properties.site, 'torch.optim.AdamW');
    const cleanOutput = (await check({ 'c.py': CLEAN }, ['.', '--format', 'sarif'])).stdout;
    assert.ok(validate(JSON.parse(cleanOutput)));
    assert.deepEqual((JSON.parse(cleanOutput) as SarifLog).runs[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });
});
