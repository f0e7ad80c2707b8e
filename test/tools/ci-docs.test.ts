// docs/ci.md: its GitHub Actions workflow and GitLab CI job parse as YAML and have the keys their formats
// require, the SARIF file they upload is the one their check command writes, and that command, run here
// through a shell as CI runs it, writes SARIF 2.1.0 for examples/ and lets the job go on (exit 0) while
// the plain check fails it (exit 1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const page = readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
const [github, gitlab] = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]) as Record<string, unknown>);

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; name?: string };
const record = (value: unknown): Record<string, unknown> => {
  assert.ok(value && typeof value === 'object' && !Array.isArray(value), `expected a mapping, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
};
const sarifWrittenBy = (command: string) => /--format sarif > (\S+\.sarif)/.exec(command)?.[1];

// Job keywords of GitLab CI (docs.gitlab.com/ee/ci/yaml/): anything else in a job is an error there.
const GITLAB_JOB_KEYWORDS = new Set(['after_script', 'allow_failure', 'artifacts', 'before_script', 'cache', 'coverage', 'dast_configuration',
  'dependencies', 'environment', 'extends', 'hooks', 'identity', 'id_tokens', 'image', 'inherit', 'interruptible', 'needs', 'pages', 'parallel',
  'release', 'resource_group', 'retry', 'rules', 'script', 'secrets', 'services', 'stage', 'tags', 'timeout', 'trigger', 'variables', 'when']);

describe('docs/ci.md', () => {
  it('has a GitHub Actions workflow that uploads the SARIF its check writes to code scanning', () => {
    assert.ok(github, 'no first yaml block');
    assert.equal(typeof github.name, 'string');
    assert.ok('on' in github, 'a workflow needs `on`');
    assert.equal(record(github.permissions)['security-events'], 'write', 'upload-sarif needs security-events: write');
    const jobs = Object.entries(record(github.jobs));
    assert.equal(jobs.length, 1);
    const job = record(jobs[0][1]);
    assert.equal(typeof job['runs-on'], 'string', 'a job needs runs-on');
    const steps = job.steps as Step[];
    assert.ok(Array.isArray(steps) && steps.length > 0);
    for (const step of steps) assert.equal(Number('uses' in step) + Number('run' in step), 1, `a step has either uses or run: ${JSON.stringify(step)}`);
    assert.ok(steps.some((s) => s.uses?.startsWith('actions/checkout@')), 'checks the code out');
    assert.equal(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version'], 20);
    const check = steps.find((s) => s.run && sarifWrittenBy(s.run));
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(check && upload, 'a check step writing SARIF and an upload-sarif step');
    assert.ok(steps.indexOf(check) < steps.indexOf(upload));
    assert.equal(upload.with?.sarif_file, sarifWrittenBy(check.run!));
  });

  it('has a GitLab CI job that keeps the SARIF as an artifact and fails on findings', () => {
    assert.ok(gitlab, 'no second yaml block');
    const jobs = Object.entries(gitlab);
    assert.equal(jobs.length, 1);
    const job = record(jobs[0][1]);
    assert.deepEqual(Object.keys(job).filter((k) => !GITLAB_JOB_KEYWORDS.has(k)), []);
    assert.equal(typeof job.image, 'string');
    const script = job.script as string[];
    assert.ok(Array.isArray(script) && script.length > 0 && script.every((line) => typeof line === 'string'), 'a job needs a script of strings');
    const artifacts = record(job.artifacts);
    assert.ok(['on_success', 'on_failure', 'always'].includes(String(artifacts.when)));
    const written = script.map(sarifWrittenBy).find(Boolean);
    assert.ok(written && (artifacts.paths as string[]).includes(written), `artifacts.paths must hold ${written}`);
    assert.ok(script.includes('adamw-lens check .'), 'a plain check that fails the job on findings');
  });

  describe('the check commands, run by a shell on examples/', () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-ci-'));
    symlinkSync(path.join(ROOT, 'bin', 'adamw-lens.js'), path.join(scratch, 'adamw-lens'));
    after(() => rmSync(scratch, { recursive: true, force: true }));
    const shell = (line: string) => spawnSync('sh', ['-c', line.replace(/ \. /, ` ${path.join(ROOT, 'examples')} `)],
      { cwd: scratch, encoding: 'utf8', env: { ...process.env, PATH: `${scratch}${path.delimiter}${process.env.PATH}` } });

    it('the SARIF line exits 0 with findings and writes SARIF 2.1.0', () => {
      const steps = (record(record(github.jobs)['adamw-lens']).steps as Step[]);
      const line = steps.map((s) => s.run ?? '').find((run) => sarifWrittenBy(run))!;
      assert.ok((gitlab['adamw-lens'] as { script: string[] }).script.includes(line), 'both jobs use the same command');
      const result = shell(line);
      assert.equal(result.status, 0, result.stderr);
      const sarif = JSON.parse(readFileSync(path.join(scratch, sarifWrittenBy(line)!), 'utf8'));
      assert.equal(sarif.version, '2.1.0');
      assert.equal(sarif.runs[0].tool.driver.name, 'adamw-lens');
      assert.ok(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 's1-sweep'));
    });

    it('the plain check fails the job (exit 1) on the same findings', () => {
      assert.equal(shell('adamw-lens check . --quiet').status, 1);
    });
  });
});
