// Settings applied without a restart, and "Check Workspace": files not open in the editor analysed and
// published, .gitignore and vendored folders skipped, progress reported, cancellation honoured.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CancellationTokenSource, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { analyzeText, initEngine } from '../../src/engine';
import { CHECK_WORKSPACE, type CheckWorkspaceResult } from '../../src/server/protocol';
import { PYTHON_CASES, TYPESCRIPT_CASES, engineFindings } from './cases';
import { diagnosticsWhen, fileUri, ROOT, startTestServer, type ServerHandle } from './harness';

let server: ServerHandle;
let workspace: string;
const S1 = PYTHON_CASES[0];
const COUPLED = PYTHON_CASES[3];

before(async () => {
  await initEngine();
  workspace = mkdtempSync(path.join(tmpdir(), 'adamw-lens-ws-'));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    writeFileSync(path.join(workspace, rel), text);
  };
  write('train/sweep.py', S1.code);
  write('train/adam.py', COUPLED.code);
  write('web/optax.ts', TYPESCRIPT_CASES[0].code);
  write('clean.py', 'import torch\nopt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)\n');
  write('generated/copy.py', COUPLED.code);
  write('.gitignore', 'generated/\n');
  write('node_modules/pkg/train.py', COUPLED.code);
  write('open.py', COUPLED.code);
  write('notebooks/finetune.ipynb', readFileSync(path.join(ROOT, 'examples/finetune.ipynb'), 'utf8'));
  for (let i = 0; i < 400; i++) write(`many/m${String(i).padStart(3, '0')}.py`, COUPLED.code);
  server = await startTestServer({ workspaceFolders: [workspace] });
});
after(async () => {
  await server.stop();
  rmSync(workspace, { recursive: true, force: true });
});

describe('settings', () => {
  const uri = 'file:///project/settings.py';
  before(() => server.open(uri, 'python', S1.code));
  // Waits for the publish that reflects `settings` (see diagnosticsWhen: an older publish can cross it).
  const reconfigure = async (settings: Record<string, unknown>, reflects: (d: Diagnostic[]) => boolean) => {
    const next = diagnosticsWhen(server, uri, reflects);
    server.settings = settings;
    await server.configurationChanged();
    return next;
  };
  const s1Severity = (d: Diagnostic[]) => d.find((x) => x.code === 's1-sweep')?.severity;

  it('a rule turned off disappears without a restart', async () => {
    const codes = engineFindings(S1).map((f) => f.rule);
    assert.ok(codes.includes('s1-sweep'));
    const diagnostics = await reconfigure({ rules: { 's1-sweep': 'off' } }, (d) => !d.some((x) => x.code === 's1-sweep'));
    assert.deepEqual(diagnostics.map((d) => d.code), codes.filter((c) => c !== 's1-sweep'));
  });

  it('a severity override, and flat keys as other editors send them', async () => {
    const nested = await reconfigure({ rules: { 's1-sweep': 'error' } }, (d) => s1Severity(d) === DiagnosticSeverity.Error);
    assert.equal(s1Severity(nested), DiagnosticSeverity.Error);
    const flat = await reconfigure({ 'rules.s1-sweep': 'hint' }, (d) => s1Severity(d) === DiagnosticSeverity.Hint);
    assert.equal(s1Severity(flat), DiagnosticSeverity.Hint);
  });

  it('the horizon setting changes decay-timescale; malformed values fall back to the defaults', async () => {
    const code = 'import torch\nopt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=1e-3)\n'; // τ_iter = 1e7 steps
    const horizonUri = 'file:///project/horizon.py';
    server.settings = {};
    await server.configurationChanged();
    assert.deepEqual((await server.open(horizonUri, 'python', code)).diagnostics.map((d) => d.code), ['decay-timescale']);
    const next = diagnosticsWhen(server, horizonUri, (d) => d.length === 0);
    server.settings = { horizonSteps: 1e8, strongDecayPerStep: 'lots', rules: 'all' };
    await server.configurationChanged();
    assert.deepEqual(await next, []);
    await server.close(horizonUri);
  });

  it('an open test file is skipped by default; skipTests: false checks it', async () => {
    const code = 'import torch\nopt = torch.optim.AdamW(model.parameters(), lr=10.0, weight_decay=0.01)\n'; // α·λ = 0.1: far too strong
    const testUri = 'file:///project/tests/test_sched.py';
    server.settings = {};
    await server.configurationChanged();
    assert.deepEqual((await server.open(testUri, 'python', code)).diagnostics, []);
    const next = diagnosticsWhen(server, testUri, (d) => d.length > 0);
    server.settings = { skipTests: false };
    await server.configurationChanged();
    assert.deepEqual((await next).map((d) => d.code), ['decay-timescale']);
    await server.close(testUri);
    server.settings = {};
    await server.configurationChanged();
  });

  it('initializationOptions.settings apply when the client has no adamwLens section', async () => {
    const other = await startTestServer({ settings: null, initializationSettings: { rules: { 'coupled-l2': 'hint' } } });
    try {
      const { diagnostics } = await other.open('file:///project/init.py', 'python', COUPLED.code);
      assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['coupled-l2', DiagnosticSeverity.Hint]]);
      const next = other.nextDiagnostics('file:///project/init.py');
      await other.configurationChanged();
      assert.deepEqual((await next).diagnostics.map((d) => d.severity), [DiagnosticSeverity.Hint]);
    } finally {
      await other.stop();
    }
  });

  it('a language removed from adamwLens.languages is no longer checked', async () => {
    assert.deepEqual(await reconfigure({ languages: ['typescript'] }, (d) => d.length === 0), []);
    const all = engineFindings(S1).length;
    assert.equal((await reconfigure({}, (d) => d.length === all)).length, all);
  });
});

describe('check workspace', () => {
  it('analyses the files not open, skips ignored folders, reports progress', async () => {
    await server.open(fileUri(path.join(workspace, 'open.py')), 'python', '# being edited: no optimizer yet\n');
    const sweep = server.nextDiagnostics(fileUri(path.join(workspace, 'train/sweep.py')));
    const ts = server.nextDiagnostics(fileUri(path.join(workspace, 'web/optax.ts')));
    const notebook = server.nextDiagnostics(fileUri(path.join(workspace, 'notebooks/finetune.ipynb')));
    const result = await server.connection.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE, { workDoneToken: 'check-1' });
    // 405 files (400 in many/ and train/adam.py with coupled-l2 each, a notebook with decay-timescale):
    // open.py is open (live diagnostics), generated/ is git-ignored, node_modules/ is vendored.
    const notebookFindings = analyzeText(readFileSync(path.join(ROOT, 'examples/finetune.ipynb'), 'utf8'), { language: 'notebook' }).findings;
    assert.deepEqual(result, {
      filesChecked: 405, filesUnchanged: 0, filesWithFindings: 404, cancelled: false, errors: [],
      findings: 401 * engineFindings(COUPLED).length + engineFindings(TYPESCRIPT_CASES[0]).length + engineFindings(S1).length + notebookFindings.length,
    });
    // A closed notebook has no cell URIs: its findings sit at the top of the file and name cell and line.
    const [first] = (await notebook).diagnostics;
    assert.equal(first.message, `cell ${(notebookFindings[0].data.cell as number) + 1}, line ${notebookFindings[0].range.start.line + 1}: ${notebookFindings[0].message}`);
    assert.deepEqual(first.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(first.message, /^cell 4, line 2: Weight decay is effectively off/);
    assert.deepEqual((await sweep).diagnostics.map((d) => d.code), engineFindings(S1).map((f) => f.rule));
    assert.deepEqual((await ts).diagnostics.map((d) => d.code), ['s1-sweep']);
    assert.equal(server.latest(fileUri(path.join(workspace, 'generated/copy.py'))), undefined);
    assert.equal(server.latest(fileUri(path.join(workspace, 'node_modules/pkg/train.py'))), undefined);
    assert.deepEqual(server.latest(fileUri(path.join(workspace, 'open.py'))), []);
    const progress = server.progress.get('check-1') as Array<{ kind: string; percentage?: number; cancellable?: boolean }>;
    assert.equal(progress[0].kind, 'begin');
    assert.equal(progress[0].cancellable, true);
    assert.equal(progress.at(-1)!.kind, 'end');
    const percentages = progress.filter((p) => p.kind === 'report').map((p) => p.percentage!);
    assert.ok(percentages.length >= 1);
    assert.deepEqual(percentages, [...percentages].sort((a, b) => a - b));
  });

  it('cancellation stops the walk part-way; a second check while one runs is refused', async () => {
    const source = new CancellationTokenSource();
    const running = server.connection.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE, { workDoneToken: 'check-2' }, source.token);
    await server.nextDiagnostics(fileUri(path.join(workspace, 'many/m010.py')));
    await assert.rejects(server.connection.sendRequest(CHECK_WORKSPACE, {}), /a workspace check is already running/);
    source.cancel();
    const result = await running;
    assert.equal(result.cancelled, true);
    assert.ok(result.filesChecked > 10 && result.filesChecked < 405, `${result.filesChecked} files checked`);
    assert.equal(server.progress.get('check-2')!.at(-1) && (server.progress.get('check-2')!.at(-1) as { kind: string }).kind, 'end');
  });
});
