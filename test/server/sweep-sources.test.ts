// Sweep sources served by the real language server: W&B sweep files, shell loops, Makefiles and README
// shell blocks opened in an editor whose workspace holds the training script. The diagnostics must be
// exactly the engine's own findings for the same files (numbers, ranges, related locations); the
// quick fixes are applied and the document re-checked; bad input gives a note, never a crash.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CodeActionRequest, DiagnosticSeverity, HoverRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { analyzeText, initEngine, WorkspaceIndex } from '../../src/engine';
import { formatNumber } from '../../src/engine/format';
import { applyLspEdits } from './cases';
import { startTestServer, type ServerHandle } from './harness';
import {
  engineFindings, expectedView, makeWorkspace, MAKEFILE, README, SHELL, textAt, TRAIN, UNLINKED, uriOf, view, WANDB, type SweepCase,
} from './sweep-fixtures';

let server: ServerHandle;
let root: string;

before(async () => {
  await initEngine();
  root = makeWorkspace();
  server = await startTestServer({ workspaceFolders: [root] });
});
after(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

async function open(c: SweepCase, text = c.text): Promise<Diagnostic[]> {
  return (await server.open(uriOf(root, c.rel), c.languageId, text)).diagnostics;
}

async function replaceText(c: SweepCase, version: number, text: string): Promise<Diagnostic[]> {
  return (await server.change(uriOf(root, c.rel), version, [{ text }])).diagnostics;
}

const s1 = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 's1-sweep');
const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

describe('sweep sources linked to the training script', () => {
  for (const c of [WANDB, SHELL, MAKEFILE, README]) {
    it(`${c.name} (${c.rel}): s1-sweep on the fixed λ entry, related to train.py's optimizer call`, async () => {
      const findings = engineFindings(root, c);
      const diagnostics = await open(c);
      // The engine links it (else the comparison below could pass on two unlinked results).
      assert.deepEqual(findings.map((f) => [f.rule, f.data.linkedFile]), [['s1-sweep', path.join(root, 'train.py')]]);
      assert.deepEqual(diagnostics.map(view), findings.map(expectedView));
      const [diagnostic] = diagnostics;
      assert.ok(textAt(c.text, diagnostic.range).trimStart().startsWith(c.lambdaEntry), textAt(c.text, diagnostic.range));
      const script = diagnostic.relatedInformation!.find((r) => r.location.uri === uriOf(root, 'train.py'))!;
      assert.match(textAt(TRAIN, script.location.range), /^torch\.optim\.AdamW\(model\.parameters\(\), lr=args\.lr/);
      assert.ok(messageOf(diagnostic).includes(`S1 sweep in ${path.basename(c.rel)} `) && messageOf(diagnostic).includes('It runs train.py, whose torch.optim.AdamW'), messageOf(diagnostic));
      assert.equal(diagnostic.codeDescription?.href.endsWith('s1-sweep.md'), true);
    });
  }

  it('a launch script without an extension is served as shell by its language id', async () => {
    const file = path.join(root, 'run_sweep');
    const workspace = new WorkspaceIndex(root, (f) => { try { return readFileSync(f, 'utf8'); } catch { return undefined; } });
    const findings = analyzeText(SHELL.text, { file, language: 'shellscript', workspace }).findings;
    assert.deepEqual(findings.map((f) => f.data.linkedFile), [path.join(root, 'train.py')]);
    const diagnostics = await open({ ...SHELL, rel: 'run_sweep' });
    assert.deepEqual(diagnostics.map(view), findings.map(expectedView));
  });

  it('unlinked (its program is not in the workspace): the finding says which convention was assumed and why', async () => {
    const findings = engineFindings(root, UNLINKED);
    const diagnostics = await open(UNLINKED);
    assert.deepEqual(diagnostics.map(view), findings.map(expectedView));
    assert.equal(findings[0].data.linkedFile, undefined);
    assert.match(messageOf(diagnostics[0]), /missing\.py is not in the workspace\): assuming the lr-scaled convention \(the defaultConvention setting/);
    assert.deepEqual(diagnostics[0].relatedInformation?.map((r) => r.location.uri), [uriOf(root, UNLINKED.rel)]);
  });

  it('the adamwLens.defaultConvention setting changes the unlinked verdict, not the linked one', async () => {
    const unlinked = uriOf(root, UNLINKED.rel);
    const linked = uriOf(root, WANDB.rel);
    for (const convention of ['schedule-scaled', 'constant', 'lr-squared']) {
      const [nextUnlinked, nextLinked] = [server.nextDiagnostics(unlinked), server.nextDiagnostics(linked)];
      server.settings = { defaultConvention: convention };
      await server.configurationChanged();
      const expected = engineFindings(root, UNLINKED, { config: { defaultConvention: convention as 'constant' } });
      assert.deepEqual((await nextUnlinked).diagnostics.map(view), expected.map(expectedView), convention);
      assert.deepEqual((await nextLinked).diagnostics.map(view), engineFindings(root, WANDB).map(expectedView));
    }
    // S1 is right when the decay does not scale with α; lr-squared still flags it, naming the convention.
    assert.deepEqual(server.latest(unlinked)!.map((d) => d.code), ['s1-sweep']);
    assert.match(messageOf(server.latest(unlinked)![0]), /assuming the lr-squared convention/);
    const back = server.nextDiagnostics(unlinked);
    server.settings = {};
    await server.configurationChanged();
    assert.deepEqual((await back).diagnostics.map(view), engineFindings(root, UNLINKED).map(expectedView));
  });
});

describe('quick fixes on a sweep source', () => {
  async function actionsFor(c: SweepCase, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const actions = await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(root, c.rel) }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    });
    return (actions ?? []) as CodeAction[];
  }

  for (const [c, idiom] of [[WANDB, /lr_weight_decay:\n {4}values: \[\[1e-4, /], [SHELL, /--weight_decay "\$\(awk -v lr="\$lr" 'BEGIN \{ print 0\.05 \* 3e-4 \/ lr \}'\)"/]] as const) {
    it(`${c.name}: the S2 rewrite in the source's idiom and the suppression pragma, each applied and re-checked`, async () => {
      const uri = uriOf(root, c.rel);
      const [diagnostic] = s1(server.latest(uri) ?? await open(c));
      const finding = engineFindings(root, c)[0];
      const actions = await actionsFor(c, diagnostic);
      assert.deepEqual(actions.map((a) => a.title), finding.fixes.map((f) => f.title));
      let version = 2;
      for (const action of actions) {
        assert.deepEqual(Object.keys(action.edit!.changes!), [uri]);
        const fixed = applyLspEdits(c.text, action.edit!.changes![uri]);
        const rechecked = await replaceText(c, version++, fixed);
        assert.deepEqual(s1(rechecked), [], action.title);
        assert.deepEqual(rechecked.map(view), engineFindings(root, { rel: c.rel, text: fixed }).map(expectedView));
        if (action.isPreferred) assert.match(fixed, idiom);
        else assert.match(fixed, /# adamw-lens: ignore\[s1-sweep\]\n/);
        assert.equal(s1(await replaceText(c, version++, c.text)).length, 1);
      }
    });
  }
});

describe('hover on a sweep source', () => {
  it("on the fixed λ entry: the engine's α, λ, α·λ and the linked optimizer", async () => {
    const uri = uriOf(root, WANDB.rel);
    const [diagnostic] = s1(server.latest(uri)!);
    const data = engineFindings(root, WANDB)[0].data;
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: diagnostic.range.start });
    const markdown = (hover?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(markdown, /torch\.optim\.AdamW/);
    const rows = new Map([...markdown.matchAll(/^\| (.+?) \| (.+?) \|$/gm)].map((m) => [m[1], m[2]]));
    assert.equal(rows.get('λ (weight decay)'), formatNumber(data.weightDecay!));
    assert.equal(rows.get('α (learning rate)'), formatNumber(data.lr!));
    assert.equal(rows.get('per-step decay α·λ'), formatNumber(data.decayPerStep!));
    assert.equal(rows.get('linked to'), 'train.py');
  });

  it('on the loop that sweeps α, the same numbers; elsewhere in the file, no hover', async () => {
    const uri = uriOf(root, SHELL.rel);
    const hoverAt = async (line: number, character: number) => {
      const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
      return (hover?.contents as { value: string } | undefined)?.value;
    };
    const lines = SHELL.text.split('\n');
    const loop = lines.findIndex((l) => l.startsWith('for lr in'));
    const [diagnostic] = s1(server.latest(uri)!);
    const onLoop = await hoverAt(loop, 4);
    assert.equal(onLoop, await hoverAt(diagnostic.range.start.line, diagnostic.range.start.character));
    assert.match(onLoop!, new RegExp(`\\| λ \\(weight decay\\) \\| ${formatNumber(engineFindings(root, SHELL)[0].data.weightDecay!)} \\|`));
    assert.equal(await hoverAt(lines.findIndex((l) => l.startsWith('set -e')), 2), undefined);
  });
});

describe('malformed sweep sources', () => {
  const cases: Array<[SweepCase, string]> = [
    [{ ...WANDB, rel: 'broken.yaml' }, 'program: train.py\nparameters:\n  lr: {values: [1e-4, 1e-3\n  weight_decay:\n    value: 0.05\n'],
    [{ ...WANDB, rel: 'broken.json', languageId: 'json' }, '{"program": "train.py", "parameters": {"lr": {"values": [1e-4, 1e-3]}, "weight_decay": {"value": 0.05}'],
    [{ ...SHELL, rel: 'broken.sh' }, 'for lr in 1e-4 1e-3; do python train.py --lr "$lr --weight_decay 0.1; done\n'],
  ];
  for (const [c, text] of cases) {
    it(`${c.rel}: one information note where the syntax breaks, no finding, and the server keeps serving`, async () => {
      const notes = analyzeText(text, { file: path.join(root, c.rel), language: c.languageId as 'yaml' }).notes;
      assert.equal(notes.length, 1);
      const diagnostics = await open(c, text);
      assert.deepEqual(diagnostics.map((d) => [d.severity, d.message, d.code]), [[DiagnosticSeverity.Information, `AdamW Lens: ${notes[0].message}`, undefined]]);
      assert.equal(diagnostics[0].range.start.line, notes[0].range!.start.line);
      // The document repaired: the sweep is read and linked again.
      const repaired = c.rel.endsWith('.sh') ? SHELL.text : c.rel.endsWith('.json') ? `${text}}}` : WANDB.text;
      const rechecked = await replaceText(c, 2, repaired);
      assert.deepEqual(rechecked.map(view), engineFindings(root, { rel: c.rel, text: repaired }).map(expectedView));
      assert.equal(s1(rechecked).length, 1);
      assert.equal(server.process.exitCode, null);
    });
  }

  it('garbage in a sweep file type (binary-looking text, huge nesting) publishes nothing and does not crash', async () => {
    const garbage = `lr: ${'['.repeat(5000)}\u0000\uffff weight_decay`;
    const diagnostics = await open({ ...WANDB, rel: 'garbage.yaml' }, garbage);
    assert.equal(s1(diagnostics).length, 0);
    assert.equal(server.process.exitCode, null);
    assert.deepEqual(s1(await open({ ...WANDB, rel: 'after-garbage.yaml' }, readFileSync(path.join(root, WANDB.rel), 'utf8'))).length, 1);
  });
});
