// Sweep sources follow the training script they launch: editing the script in the editor, closing it,
// and changing it on disk (workspace/didChangeWatchedFiles) re-link the open sweep files; "Check
// Workspace" covers closed sweep files, linked like the CLI links them. Expected diagnostics are the
// engine's own findings for the same texts.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { analyzeText, initEngine, languageOfFile } from '../../src/engine';
import { CHECK_WORKSPACE, type CheckWorkspaceResult } from '../../src/server/protocol';
import { diagnosticsWhen, startTestServer, type ServerHandle } from './harness';
import {
  ALL_CASES, CLOSED_LAUNCH, engineFindings, expectedView, LR_ONLY, MAKEFILE, makeWorkspace, README, TRAIN, uriOf, view, WANDB, writeFile, type SweepCase,
} from './sweep-fixtures';

const OPTIMIZER_LINE = 'optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)';
/** train.py with tensorflow_addons' AdamW, which decays by λ alone: an S1 sweep is right there. */
const TRAIN_TFA = TRAIN.replace('import torch\n', 'import tensorflow_addons as tfa\nimport torch\n')
  .replace(OPTIMIZER_LINE, 'optimizer = tfa.optimizers.AdamW(weight_decay=args.weight_decay, learning_rate=args.lr)');
/** train.py with another default λ, which a sweep without a λ entry inherits. */
const TRAIN_WD = TRAIN.replace('"--weight_decay", type=float, default=0.05', '"--weight_decay", type=float, default=0.1');

let server: ServerHandle;
let root: string;
const trainUri = () => uriOf(root, 'train.py');
const s1 = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 's1-sweep');

before(async () => {
  await initEngine();
  assert.ok(TRAIN_TFA.includes('tfa.optimizers.AdamW') && TRAIN_WD.includes('default=0.1'), 'the examples/sweeps/train.py edits apply');
  root = makeWorkspace();
  server = await startTestServer({ workspaceFolders: [root] });
});
after(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

/** The next diagnostics of each sweep file after `action`, as views. */
async function afterAction(cases: SweepCase[], action: () => Promise<void>): Promise<Array<ReturnType<typeof view>[]>> {
  const next = cases.map((c) => server.nextDiagnostics(uriOf(root, c.rel)));
  await action();
  return (await Promise.all(next)).map((p) => p.diagnostics.map(view));
}

const expected = (c: SweepCase, scripts?: Record<string, string>) => engineFindings(root, c, { scripts }).map(expectedView);

async function diskChange(rel: string, type: FileChangeType): Promise<void> {
  await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(root, rel), type }] });
}

describe('Check Workspace covers sweep files', () => {
  it('closed sweep files get the linked s1-sweep, after the scripts they run', async () => {
    const result = await server.connection.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE, { workDoneToken: 'sweeps' });
    const files = ['train.py', ...ALL_CASES.map((c) => c.rel)];
    const perFile = files.map((rel) => (rel === 'train.py'
      ? analyzeText(TRAIN, { file: path.join(root, rel), language: languageOfFile(rel)! }).findings.length
      : engineFindings(root, ALL_CASES.find((c) => c.rel === rel)!).length));
    assert.deepEqual(result, {
      filesChecked: files.length, filesUnchanged: 0, filesWithFindings: perFile.filter((n) => n > 0).length, findings: perFile.reduce((a, b) => a + b, 0), cancelled: false, errors: [],
    });
    for (const c of ALL_CASES) {
      const views = expected(c);
      assert.deepEqual(server.latest(uriOf(root, c.rel))?.map(view), views.length ? views : undefined, c.rel);
    }
    const launch = server.latest(uriOf(root, CLOSED_LAUNCH.rel))!;
    assert.equal(s1(launch).length, 1);
    assert.deepEqual(s1(launch)[0].relatedInformation?.map((r) => r.location.uri), [uriOf(root, CLOSED_LAUNCH.rel), trainUri()]);
    assert.equal(readdirSync(root).length, 8); // nothing written into the workspace
  });

  it('a closed sweep file flagged by the check and then changed on disk is checked again', async () => {
    const [after] = await afterAction([CLOSED_LAUNCH], async () => {
      writeFile(root, CLOSED_LAUNCH.rel, '#!/bin/sh\npython train.py --lr 3e-4\n');
      await diskChange(CLOSED_LAUNCH.rel, FileChangeType.Changed);
    });
    assert.deepEqual(after, []);
  });
});

describe('closed sweep files flagged by Check Workspace follow their script on disk', () => {
  it('train.py changed to an optimizer that decays by λ alone clears them; changed back, they return', async () => {
    const closed = [MAKEFILE, README];
    const cleared = await afterAction(closed, async () => {
      writeFile(root, 'train.py', TRAIN_TFA);
      await diskChange('train.py', FileChangeType.Changed);
    });
    assert.deepEqual(cleared, closed.map((c) => expected(c)));
    assert.deepEqual(cleared, [[], []]);
    const back = await afterAction(closed, async () => {
      writeFile(root, 'train.py', TRAIN);
      await diskChange('train.py', FileChangeType.Changed);
    });
    assert.deepEqual(back, closed.map((c) => expected(c)));
    assert.deepEqual(back.map((views) => views.map((v) => v.code)), [['s1-sweep'], ['s1-sweep']]);
  });
});

describe('an open sweep file re-linked as its training script changes', () => {
  before(async () => {
    for (const c of [WANDB, LR_ONLY]) assert.equal(s1((await server.open(uriOf(root, c.rel), c.languageId, c.text)).diagnostics).length, 1);
  });

  it('editing train.py in the editor: an optimizer that decays by λ alone, then another default λ', async () => {
    await server.open(trainUri(), 'python', TRAIN);
    const tfa = await afterAction([WANDB, LR_ONLY], () => server.change(trainUri(), 2, [{ text: TRAIN_TFA }]).then(() => undefined));
    assert.deepEqual(tfa, [expected(WANDB, { 'train.py': TRAIN_TFA }), expected(LR_ONLY, { 'train.py': TRAIN_TFA })]);
    assert.deepEqual(tfa.map((views) => views.filter((v) => v.code === 's1-sweep').length), [0, 0]);

    const wd = await afterAction([WANDB, LR_ONLY], () => server.change(trainUri(), 3, [{ text: TRAIN_WD }]).then(() => undefined));
    assert.deepEqual(wd, [expected(WANDB, { 'train.py': TRAIN_WD }), expected(LR_ONLY, { 'train.py': TRAIN_WD })]);
    // The W&B file fixes λ itself (0.05); the lr-only sweep inherits the script's new default.
    assert.match(String(wd[0][0].message), /λ = 0\.05 stays fixed/);
    assert.match(String(wd[1][0].message), /λ = 0\.1 \(.*\) stays fixed/);
  });

  it('closing train.py: the sweep files link to what the disk says again', async () => {
    const [lrOnly] = await afterAction([LR_ONLY], () => server.close(trainUri()));
    assert.deepEqual(lrOnly, expected(LR_ONLY));
    assert.match(String(lrOnly[0].message), /λ = 0\.05 \(.*\) stays fixed/);
  });

  it('train.py changed, deleted and created again on disk (file watcher)', async () => {
    const changed = await afterAction([WANDB], async () => {
      writeFile(root, 'train.py', TRAIN_TFA);
      await diskChange('train.py', FileChangeType.Changed);
    });
    assert.deepEqual(changed, [expected(WANDB)]);
    assert.equal(changed[0].length, 0);

    const deleted = await afterAction([WANDB], async () => {
      unlinkSync(path.join(root, 'train.py'));
      await diskChange('train.py', FileChangeType.Deleted);
    });
    assert.deepEqual(deleted, [expected(WANDB)]);
    assert.match(String(deleted[0][0].message), /No optimizer found for it \(train\.py is not in the workspace\): assuming the lr-scaled convention/);

    const created = await afterAction([WANDB], async () => {
      writeFile(root, 'train.py', TRAIN);
      await diskChange('train.py', FileChangeType.Created);
    });
    assert.deepEqual(created, [expected(WANDB)]);
    assert.ok(created[0][0].related.some((r) => r.uri === trainUri()));
  });
});

describe('an open sweep file whose script Check Workspace analysed', () => {
  // The only sweep file is open, so the check links nothing itself: train.py is known to the links
  // because the open file read it on demand, and must stay known after the check analysed it (its text
  // stays on the check's side), so that deleting it still re-links the open file.
  let alone: ServerHandle;
  let dir: string;
  before(async () => {
    dir = makeWorkspace();
    for (const c of ALL_CASES) if (c !== WANDB) unlinkSync(path.join(dir, c.rel));
    alone = await startTestServer({ workspaceFolders: [dir] });
  });
  after(async () => {
    await alone.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is re-linked when train.py is deleted on disk after the check', async () => {
    const opened = await alone.open(uriOf(dir, WANDB.rel), WANDB.languageId, WANDB.text);
    assert.equal(s1(opened.diagnostics).length, 1);
    await alone.connection.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE, { workDoneToken: 'open-sweep' });
    // Not the next publish: the server's start-up reading of the folder re-links the open sweep file
    // once it is done, which on a loaded machine can come after the check, with the same diagnostics.
    const relinked = diagnosticsWhen(alone, uriOf(dir, WANDB.rel), (d) => /train\.py is not in the workspace/.test(String(d[0]?.message)));
    unlinkSync(path.join(dir, 'train.py'));
    await alone.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(dir, 'train.py'), type: FileChangeType.Deleted }] });
    assert.equal((await relinked).length, 1);
  });
});

describe('malformed watcher notifications', () => {
  it('are ignored, and the next valid one still re-links the open sweep files', async () => {
    const malformed: unknown[] = [{}, { changes: 'train.py' }, { changes: [null, { uri: 42, type: 2 }, { uri: 'untitled:Untitled-1', type: 2 }, { uri: 'file:///%E0%A4%A', type: 3 }] }];
    for (const params of malformed) await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, params as never);
    const changed = await afterAction([WANDB], async () => {
      writeFile(root, 'train.py', TRAIN_TFA);
      await diskChange('train.py', FileChangeType.Changed);
    });
    assert.deepEqual(changed, [expected(WANDB)]);
    assert.equal(changed[0].length, 0);
    assert.equal(server.process.exitCode, null);
  });
});
