// Quick fixes on sweep sources that must not break the file: a λ inside a backslash-continued shell
// command (Makefile loops, multi-line `python train.py \` calls) and JSON where a pragma member cannot
// go. Shell scripts are run (with a stand-in `python` that prints its arguments) before and after a fix:
// the suppression changes nothing that runs, the S2 rewrite runs the engine's own S2 pairs.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { initEngine } from '../../src/engine';
import { toLspEdit } from '../../src/server/convert';
import { applyLspEdits } from './cases';
import { startTestServer, type ServerHandle } from './harness';
import { engineFindings, expectedView, makeWorkspace, MAKEFILE, uriOf, view, writeFile, type SweepCase } from './sweep-fixtures';

const CONTINUED: SweepCase = {
  name: 'multi-line command', rel: 'continued.sh', languageId: 'shellscript', lambdaEntry: '--weight_decay 0.05',
  text: '#!/bin/sh\nfor lr in 1e-4 3e-4 1e-3; do\n  python train.py \\\n    --lr "$lr" \\\n    --weight_decay 0.05\ndone\n',
};
/** An experiment config whose root is an array: a `"//"` pragma member has nowhere to go. */
const EXPERIMENT_LIST: SweepCase = {
  name: 'JSON experiment list', rel: 'configs/optimizers.json', languageId: 'json', lambdaEntry: '"weight_decay"',
  text: '[\n  {"name": "adamw", "lr": [1e-4, 3e-4, 1e-3], "weight_decay": [0.05]}\n]\n',
};
const WANDB_JSON: SweepCase = {
  name: 'W&B sweep in JSON', rel: 'sweep.json', languageId: 'json', lambdaEntry: '"weight_decay"',
  text: '{\n  "program": "train.py",\n  "parameters": {\n    "lr": {"values": [0.001, 0.01]},\n    "weight_decay": {"value": 0.01}\n  }\n}\n',
};

let server: ServerHandle;
let root: string;
let version = 1;

before(async () => {
  await initEngine();
  root = makeWorkspace();
  writeFile(root, 'bin/python', '#!/bin/sh\necho "python $*"\n');
  chmodSync(path.join(root, 'bin/python'), 0o755);
  server = await startTestServer({ workspaceFolders: [root] });
});
after(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

/** What a shell script runs, with `python` standing in for the training script. */
function run(script: string): string {
  return execFileSync('sh', ['-c', script], { cwd: root, env: { PATH: `${path.join(root, 'bin')}:/usr/bin:/bin` }, encoding: 'utf8' });
}

async function fixesOf(c: SweepCase): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
  const uri = uriOf(root, c.rel);
  const diagnostics = (await server.open(uri, c.languageId, c.text)).diagnostics;
  assert.deepEqual(diagnostics.map(view), engineFindings(root, c).map(expectedView));
  const diagnostic = diagnostics.find((d) => d.code === 's1-sweep')!;
  const actions = await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  return { diagnostic, actions: (actions ?? []) as CodeAction[] };
}

/** Applies an action's edit, sends the new text and returns the re-check; the document is put back afterwards. */
async function applyAndRecheck(c: SweepCase, action: CodeAction): Promise<{ fixed: string; rechecked: Diagnostic[] }> {
  const uri = uriOf(root, c.rel);
  const fixed = applyLspEdits(c.text, action.edit!.changes![uri]);
  const rechecked = (await server.change(uri, ++version, [{ text: fixed }])).diagnostics;
  assert.deepEqual(rechecked.map(view), engineFindings(root, { rel: c.rel, text: fixed }).map(expectedView));
  await server.change(uri, ++version, [{ text: c.text }]);
  return { fixed, rechecked };
}

/** No comment line right after a line that continues onto it (the comment would end the command). */
function noCommentInsideContinuedCommand(text: string): boolean {
  const lines = text.split('\n');
  return lines.every((line, i) => i === 0 || !/\\$/.test(lines[i - 1]) || !/^\s*#/.test(line));
}

describe('suppressing a λ inside a continued shell command', () => {
  for (const c of [CONTINUED, MAKEFILE]) {
    it(`${c.name} (${c.rel}): the pragma goes above the whole command, never inside it (the script runs as before)`, async () => {
      const { actions } = await fixesOf(c);
      const engineSuppression = engineFindings(root, c)[0].fixes.find((f) => f.kind === 'suppress')!;
      // The server offers the engine's pragma as it is: the engine already places it above the command's first line.
      assert.ok(noCommentInsideContinuedCommand(applyLspEdits(c.text, engineSuppression.edits.map(toLspEdit))));
      const suppression = actions.find((a) => a.title.startsWith('Suppress s1-sweep'))!;
      assert.equal(suppression.title, 'Suppress s1-sweep on this line');
      const { fixed, rechecked } = await applyAndRecheck(c, suppression);
      assert.deepEqual(rechecked.filter((d) => d.code === 's1-sweep'), []);
      assert.ok(noCommentInsideContinuedCommand(fixed), fixed);
      assert.match(fixed, /# adamw-lens: ignore\[s1-sweep\]\n\s*for lr in|# adamw-lens: ignore\[s1-sweep\]\n\s*python train\.py \\/);
      if (c === CONTINUED) assert.equal(run(fixed), run(c.text));
    });
  }

  it('the S2 rewrite of the multi-line command runs the S2 pairs the engine computed', async () => {
    const { actions } = await fixesOf(CONTINUED);
    const finding = engineFindings(root, CONTINUED)[0];
    const { fixed, rechecked } = await applyAndRecheck(CONTINUED, actions.find((a) => a.isPreferred)!);
    assert.deepEqual(rechecked.filter((d) => d.code === 's1-sweep'), []);
    const runs = run(fixed).trim().split('\n').map((line) => line.split(' ').map(Number).filter((x) => !Number.isNaN(x)));
    assert.deepEqual(runs.map(([lr]) => lr), finding.data.sweep!.lrs);
    const s2 = finding.data.s2WeightDecays as number[];
    runs.forEach(([, wd], i) => assert.ok(Math.abs(wd - s2[i]) <= 1e-6 * s2[i], `${wd} vs ${s2[i]}`));
  });
});

describe('JSON sweep sources', () => {
  it('an experiment list (array root): no suppression fix, since a "//" member there is invalid JSON; the S2 rewrite parses', async () => {
    const { actions } = await fixesOf(EXPERIMENT_LIST);
    const engineFixes = engineFindings(root, EXPERIMENT_LIST)[0].fixes;
    assert.deepEqual(engineFixes.map((f) => f.kind), ['s2-rescale']);
    assert.deepEqual(actions.map((a) => a.title), engineFixes.map((f) => f.title));
    const { fixed, rechecked } = await applyAndRecheck(EXPERIMENT_LIST, actions[0]);
    assert.doesNotThrow(() => JSON.parse(fixed));
    assert.deepEqual(rechecked.filter((d) => d.code === 's1-sweep'), []);
  });

  it('a W&B sweep object: the "//" pragma member is offered, parses, and suppresses', async () => {
    const { actions } = await fixesOf(WANDB_JSON);
    assert.deepEqual(actions.map((a) => a.title), engineFindings(root, WANDB_JSON)[0].fixes.map((f) => f.title));
    for (const action of actions) {
      const { fixed, rechecked } = await applyAndRecheck(WANDB_JSON, action);
      assert.doesNotThrow(() => JSON.parse(fixed), action.title);
      assert.deepEqual(rechecked.filter((d) => d.code === 's1-sweep'), [], action.title);
    }
  });
});
