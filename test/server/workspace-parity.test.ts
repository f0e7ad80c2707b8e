// "Check Workspace" publishes what `adamw-lens check` finds: on a generated workspace (training
// scripts of every rule, plain model code, a notebook, TypeScript, sweep sources linked to a script,
// test code, a syntax error, a binary file), every file's diagnostics are the CLI's findings for it,
// converted the way the server converts them. Checked on a large workspace (the worker threads) and a
// small one (the server's own thread), with the default settings and with settings that change
// findings (so the workers must apply them too).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { checkPaths } from '../../src/cli/check';
import type { EngineConfig, Finding } from '../../src/engine';
import { CHECK_WORKSPACE, type CheckWorkspaceResult } from '../../src/server/protocol';
import { toDiagnostic } from '../../src/server/convert';
import { PYTHON_CASES, TYPESCRIPT_CASES } from './cases';
import { fileUri, ROOT, startTestServer } from './harness';
import { ALL_CASES, TRAIN } from './sweep-fixtures';

/** Model and data code without an optimizer: what most files of a repository are. */
function plainModule(i: number): string {
  return ['import torch', 'import torch.nn as nn', '', `class Block${i}(nn.Module):`, `    def __init__(self, width=${64 + i}):`,
    '        super().__init__()', '        self.proj = nn.Linear(width, width)', '', '    def forward(self, x):', '        return torch.relu(self.proj(x)) + x', ''].join('\n');
}

/** A sweep over α with λ fixed, whose values vary with `i`, so files differ in their findings. */
function sweepModule(i: number): string {
  return ['import torch', `weight_decay = ${(i % 9) + 1}e-2`, `for lr in [1e-4, ${i % 5 + 2}e-4, 1e-3]:`,
    '    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)', ''].join('\n');
}

function write(root: string, rel: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), content);
}

/** The files every workspace has; `fillers` adds that many generated modules (half plain, half sweeps). */
function makeWorkspace(fillers: number): string {
  const root = mkdtempSync(path.join(tmpdir(), 'adamw-lens-parity-'));
  for (const c of [...PYTHON_CASES, ...TYPESCRIPT_CASES]) write(root, `cases/${c.file}`, c.code);
  write(root, 'notebooks/finetune.ipynb', readFileSync(path.join(ROOT, 'examples/finetune.ipynb'), 'utf8'));
  write(root, 'sweeps/train.py', TRAIN);
  for (const c of ALL_CASES) write(root, `sweeps/${c.rel}`, c.text);
  write(root, 'tests/test_optim.py', 'import torch\nopt = torch.optim.AdamW(model.parameters(), lr=10.0, weight_decay=0.01)\n');
  write(root, 'broken.py', 'import torch\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4\ndef (:\n');
  write(root, 'blob.py', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x0a]));
  for (let i = 0; i < fillers; i++) write(root, `pkg${i % 7}/module_${i}.py`, i % 2 ? sweepModule(i) : plainModule(i));
  return root;
}

/** Nice values of a process's threads (Linux), main thread first; undefined elsewhere. */
function threadNiceValues(pid: number): number[] | undefined {
  try {
    const tids = readdirSync(`/proc/${pid}/task`).map(Number).sort((a, b) => Number(b === pid) - Number(a === pid));
    return tids.map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19, nice
    });
  } catch {
    return undefined;
  }
}

/** Every file's diagnostics after a check, from a fresh server with these settings, and its threads' nice values. */
async function serverCheck(root: string, settings: Record<string, unknown>): Promise<{ result: CheckWorkspaceResult; published: Map<string, Diagnostic[]>; nice?: number[] }> {
  const server = await startTestServer({ workspaceFolders: [root], settings });
  try {
    // Publishes go out before the answer, on the same stream: all have arrived when it does.
    const result = await server.connection.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE, { workDoneToken: 'parity' });
    return { result, published: server.allLatest(), nice: threadNiceValues(server.process.pid!) };
  } finally {
    await server.stop();
  }
}

/** What the server must publish for the CLI's findings of one file (a closed notebook's sit at its top, naming the cell). */
function expectedDiagnostics(file: string, findings: Finding[]): Diagnostic[] {
  const uri = fileUri(file);
  return findings.map((f) => {
    const d = toDiagnostic(uri, f);
    if (!file.endsWith('.ipynb')) return d;
    const where = `cell ${(f.data.cell as number) + 1}, line ${f.range.start.line + 1}: `;
    const { relatedInformation, ...rest } = d; // the cell's locations have no URI of their own
    void relatedInformation;
    return { ...rest, message: `${where}${d.message}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  });
}

const SETTINGS: Array<{ name: string; settings: Record<string, unknown>; config: Partial<EngineConfig> }> = [
  { name: 'default settings', settings: {}, config: {} },
  {
    name: 'settings that change findings',
    settings: { rules: { 'coupled-l2': 'hint', 'decay-timescale': 'error', 'lambda-convention': 'off' }, skipTests: false, strongDecayPerStep: 0.05 },
    config: { rules: { 'coupled-l2': 'hint', 'decay-timescale': 'error', 'lambda-convention': 'off' }, skipTests: false, strongDecayPerStep: 0.05 },
  },
];

for (const { label, fillers } of [{ label: 'large workspace (worker threads)', fillers: 260 }, { label: 'small workspace (the server thread)', fillers: 12 }]) {
  describe(`Check Workspace = adamw-lens check, ${label}`, () => {
    let root: string;
    before(() => { root = makeWorkspace(fillers); });
    after(() => rmSync(root, { recursive: true, force: true }));

    for (const { name, settings, config } of SETTINGS) {
      it(name, async () => {
        const cli = await checkPaths([root], root, config, { link: true });
        const { result, published, nice } = await serverCheck(root, settings);
        const withFindings = cli.results.filter((r) => r.findings.length > 0);
        assert.ok(withFindings.length > fillers / 2, `${withFindings.length} files with findings`);
        assert.ok(withFindings.some((r) => r.file.endsWith('.ipynb')) && withFindings.some((r) => r.file.endsWith('.ts')) && withFindings.some((r) => r.file.endsWith('.sh')));
        assert.deepEqual(
          { filesWithFindings: result.filesWithFindings, findings: result.findings, errors: result.errors, cancelled: result.cancelled },
          { filesWithFindings: withFindings.length, findings: withFindings.reduce((n, r) => n + r.findings.length, 0), errors: [], cancelled: false },
        );
        assert.equal(result.filesChecked, cli.files.length);
        // Files without findings get no publish at all (nothing was shown for them before).
        assert.deepEqual([...published.keys()].sort(), withFindings.map((r) => fileUri(r.file)).sort());
        for (const { file, findings } of withFindings) {
          assert.deepEqual(published.get(fileUri(file)), expectedDiagnostics(file, findings), path.relative(root, file));
        }
        // On Linux the workers run below the priority of the thread that answers the editor (unless the
        // tests themselves run at nice 10 or lower, where a worker may not go below).
        if (nice && process.platform === 'linux' && nice[0] < 10) {
          assert.equal(nice.filter((n) => n === 10).length, fillers > 200 ? Math.min(4, availableParallelism()) : 0, `nice values ${nice.join(' ')}`);
        }
      });
    }
  });
}
