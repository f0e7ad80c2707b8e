// `adamw-lens check examples/ --format sarif` is valid SARIF 2.1.0 (validated against the OASIS schema
// shipped in @microsoft/jest-sarif) and says the same as `--format json`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './harness';
import { sarifValidator } from '../cli/sarif-schema';

function check(format: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/adamw-lens.js'), 'check', 'examples/', '--format', format],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface SarifResult {
  ruleId?: string;
  level?: string;
  message: { text?: string };
  locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string }; region?: { startLine?: number } } }>;
}
interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules?: Array<{ id: string; helpUri?: string }> } };
    originalUriBaseIds?: Record<string, { uri?: string }>;
    results?: SarifResult[];
  }>;
}
interface JsonFinding { file: string; rule: string; range: { start: { line: number } }; internalError?: boolean }

/** The absolute path a SARIF result points at (relative URIs resolve against originalUriBaseIds, else the cwd). */
function resultPath(run: SarifLog['runs'][number], result: SarifResult): string {
  const artifact = result.locations?.[0]?.physicalLocation?.artifactLocation;
  assert.ok(artifact?.uri, `result ${result.ruleId} has no artifact location: ${JSON.stringify(result.locations)}`);
  const baseUri = artifact.uriBaseId ? run.originalUriBaseIds?.[artifact.uriBaseId]?.uri : undefined;
  const base = baseUri ? new URL(baseUri) : new URL(`file://${ROOT}/`);
  return fileURLToPath(new URL(artifact.uri, base));
}

describe('adamw-lens check --format sarif', () => {
  const sarif = check('sarif');
  const json = check('json');

  it('exits 1 (findings of warning or worse) and prints one JSON document', () => {
    assert.equal(sarif.status, 1, `expected exit 1 for the examples' findings, got ${sarif.status}; stderr: ${sarif.stderr}`);
    assert.doesNotThrow(() => JSON.parse(sarif.stdout), `stdout is not JSON: ${sarif.stdout.slice(0, 300)}`);
  });

  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    const valid = validate(JSON.parse(sarif.stdout));
    assert.ok(valid, `schema errors:\n${JSON.stringify(validate.errors?.slice(0, 10), null, 2)}`);
  });

  it('the validator is not vacuous: it rejects broken variants of the same log', () => {
    const validate = sarifValidator();
    const broken: Array<[string, (log: SarifLog & Record<string, unknown>) => void]> = [
      ['wrong version', (log) => { log.version = '2.0.0'; }],
      ['result without message', (log) => { delete (log.runs[0].results![0] as Partial<SarifResult>).message; }],
      ['unknown level', (log) => { log.runs[0].results![0].level = 'fatal'; }],
      ['unknown top-level property', (log) => { log.findings = []; }],
    ];
    for (const [name, breakIt] of broken) {
      const log = JSON.parse(sarif.stdout) as SarifLog & Record<string, unknown>;
      breakIt(log);
      assert.equal(validate(log), false, `the schema accepted a log with ${name}`);
    }
  });

  it('matches the JSON findings one for one, with rules declared and files that exist', () => {
    const log = JSON.parse(sarif.stdout) as SarifLog;
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const [run] = log.runs;
    assert.match(run.tool.driver.name, /adamw-lens/i);
    const declared = new Set((run.tool.driver.rules ?? []).map((rule) => rule.id));
    const results = run.results ?? [];

    const findings = JSON.parse(json.stdout) as JsonFinding[] | { findings: JsonFinding[] };
    // Internal errors are JSON entries but SARIF tool execution notifications, not results.
    const list = (Array.isArray(findings) ? findings : findings.findings).filter((f) => !f.internalError);
    const key = (file: string, rule: string | undefined, line: number | undefined) => `${path.resolve(ROOT, file)}:${line}:${rule}`;
    const fromJson = list.map((f) => key(f.file, f.rule, f.range.start.line)).sort();
    const fromSarif = results.map((r) => key(resultPath(run, r), r.ruleId,
      r.locations?.[0]?.physicalLocation?.region?.startLine)).sort();
    assert.deepEqual(fromSarif, fromJson, 'SARIF results (file:line:rule) differ from --format json');
    assert.ok(results.length > 0, 'expected findings in examples/, SARIF has none');

    for (const result of results) {
      assert.ok(result.ruleId && declared.has(result.ruleId), `result rule ${result.ruleId} is not declared in tool.driver.rules`);
      assert.ok(existsSync(resultPath(run, result)), `result points at a missing file: ${resultPath(run, result)}`);
      assert.ok(result.message.text && /\d/.test(result.message.text), `message without numbers: ${result.message.text}`);
    }
    const s1 = results.filter((r) => r.ruleId === 's1-sweep').map((r) => path.basename(resultPath(run, r)));
    assert.ok(s1.includes('train_sweep.py'), `expected an s1-sweep result in train_sweep.py, got s1-sweep in [${s1.join(', ')}]`);
  });
});
