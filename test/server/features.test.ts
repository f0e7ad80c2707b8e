// Hovers, CodeLens and quick fixes through the real protocol. Numbers are compared with the engine's
// own finding data and decay maths; every quick fix is applied and the document re-checked by the server.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionRequest, CodeLensRequest, HoverRequest, type CodeAction, type Diagnostic, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { analyzeText, initEngine } from '../../src/engine';
import { convertWeightDecay } from '../../src/engine/decay';
import { formatNumber, formatSteps } from '../../src/engine/format';
import { requestFromSite } from '../../src/panel/request';
import { INSTANTIATE_FIX, type InputFixArguments, type InstantiateFixResult } from '../../src/server/protocol';
import { PYTHON_CASES, TYPESCRIPT_CASES, applyLspEdits, engineFindings, parsesCleanly, type RuleCase } from './cases';
import { startTestServer, type ServerHandle } from './harness';
import { py } from '../rules/helpers';

let server: ServerHandle;
before(async () => {
  await initEngine();
  server = await startTestServer();
});
after(() => server.stop());

const EPOCHS = py`
  import torch
  n_train = 50_000
  batch_size = 100
  epochs = 10
  opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-5)
  loader = DataLoader(data, batch_size=batch_size)
  for e in range(epochs):
      for x in loader:
          opt.step()
  `;

/** The hover's table as label → value. */
function table(markdown: string): Map<string, string> {
  return new Map([...markdown.matchAll(/^\| (.+?) \| (.+?) \|$/gm)].filter((m) => m[1] !== '---').map((m) => [m[1], m[2]]));
}

async function hoverAt(uri: string, line: number, character: number): Promise<string | undefined> {
  const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  return hover ? (hover.contents as MarkupContent).value : undefined;
}

describe('hover', () => {
  it('on λ, α and the callee: the numbers of the decay-timescale finding, τ_epoch and the other conventions', async () => {
    const uri = 'file:///project/epochs.py';
    await server.open(uri, 'python', EPOCHS);
    const data = engineFindings({ code: EPOCHS, language: 'python' }).find((f) => f.rule === 'decay-timescale')!.data;
    const lines = EPOCHS.split('\n');
    const line = lines.findIndex((l) => l.includes('AdamW'));
    const anchors = [lines[line].indexOf('1e-5'), lines[line].indexOf('1e-3'), lines[line].indexOf('AdamW')];
    const hovers = await Promise.all(anchors.map((c) => hoverAt(uri, line, c + 1)));
    assert.equal(hovers[0], hovers[1]);
    assert.equal(hovers[0], hovers[2]);
    const rows = table(hovers[0]!);
    assert.equal(rows.get('α (learning rate)'), formatNumber(data.lr!));
    assert.equal(rows.get('λ (weight decay)'), formatNumber(data.weightDecay!));
    assert.equal(rows.get('per-step decay α·λ'), formatNumber(data.decayPerStep!));
    assert.equal(rows.get('τ_iter = 1/decay'), `${formatSteps(data.tauIter!)} steps`);
    assert.equal(rows.get('τ_epoch = τ_iter / steps per epoch'), `${formatNumber(data.tauEpoch!)} epochs (${formatSteps(data.stepsPerEpoch!)} steps each)`);
    assert.equal(rows.get('training length'), `${formatSteps(data.totalSteps!)} steps`);
    assert.equal(rows.get('same decay as schedule-scaled λ'), formatNumber(convertWeightDecay('lr-scaled', 'schedule-scaled', data.lr!, data.weightDecay!)!));
    assert.equal(rows.get('same decay as constant λ'), formatNumber(data.decayPerStep!));
    assert.match(hovers[0]!, /^\*\*torch\.optim\.AdamW\*\* \(at the call\)/);
    assert.match(hovers[0]!, /τ_iter = 1\/\(α·λ\)/);
    assert.equal(await hoverAt(uri, 0, 3), undefined, 'no hover on `import torch`');
  });

  it("an S1 sweep's call shows its reference point, as the s1-sweep finding does", async () => {
    const c = PYTHON_CASES[0];
    const uri = 'file:///project/hover_sweep.py';
    await server.open(uri, 'python', c.code);
    const s1 = engineFindings(c).find((f) => f.rule === 's1-sweep')!.data;
    const lines = c.code.split('\n');
    const line = lines.findIndex((l) => l.includes('AdamW('));
    const rows = table((await hoverAt(uri, line, lines[line].indexOf('weight_decay=') + 15))!);
    assert.equal(rows.get('α (learning rate)'), formatNumber(s1.lr!));
    assert.equal(rows.get('per-step decay α·λ'), formatNumber(s1.decayPerStep!));
    assert.equal(rows.get('τ_iter = 1/decay'), `${formatSteps(s1.tauIter!)} steps`);
    assert.equal(rows.get('sweep'), `S1: α ${formatNumber(s1.sweep!.lrs[0])} … ${formatNumber(s1.sweep!.lrs.at(-1)!)} (${s1.sweep!.lrs.length} values)`);
  });
});

describe('CodeLens', () => {
  it('one "Simulate α–λ coupling" per optimizer, with the request built from the site', async () => {
    const c = PYTHON_CASES[0];
    const uri = 'file:///project/lens.py';
    await server.open(uri, 'python', c.code);
    const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    const sites = analyzeText(c.code, { language: 'python' }).sites;
    assert.equal(lenses?.length, sites.length);
    assert.deepEqual(lenses![0].command, { title: 'Simulate α–λ coupling', command: 'adamwLens.simulate', arguments: [requestFromSite(sites[0], uri)] });
    assert.deepEqual(lenses![0].range.start, { line: sites[0].calleeRange.start.line, character: sites[0].calleeRange.start.column });
  });
});

async function actionsFor(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const actions = await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  return (actions ?? []) as CodeAction[];
}

/** The text before the first edit and after the last one is byte-for-byte the same. */
function assertOnlyEditedRangeChanged(before: string, after: string, action: CodeAction, uri: string): void {
  const edits = action.edit!.changes![uri];
  const offsets = (text: string, e: (typeof edits)[number]) => {
    const lines = text.split('\n');
    const at = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    return [at(e.range.start), at(e.range.end)];
  };
  const start = Math.min(...edits.map((e) => offsets(before, e)[0]));
  const end = Math.max(...edits.map((e) => offsets(before, e)[1]));
  assert.equal(after.slice(0, start), before.slice(0, start));
  assert.equal(after.slice(after.length - (before.length - end)), before.slice(end));
}

describe('quick fixes, applied and re-checked', () => {
  let version = 100;
  for (const c of [...PYTHON_CASES, ...TYPESCRIPT_CASES]) {
    it(`${c.rule} in ${c.file}`, async () => {
      const uri = `file:///project/fix-${c.file}`;
      const { diagnostics } = await server.open(uri, c.languageId, c.code);
      const findings = engineFindings(c);
      for (const [i, diagnostic] of diagnostics.entries()) {
        const actions = await actionsFor(uri, diagnostic);
        const quickFixes = actions.filter((a) => a.kind === 'quickfix' && a.diagnostics?.[0]?.code === diagnostic.code);
        assert.deepEqual(quickFixes.map((a) => a.title), findings[i].fixes.map((f) => f.title));
        for (const action of quickFixes.filter((a) => a.edit)) await applyAndRecheck(c, uri, diagnostic, action, ++version);
        for (const action of quickFixes.filter((a) => a.command)) assert.equal(action.command!.command, 'adamwLens.applyInputFix');
        // Back to the original text for the next diagnostic.
        await server.change(uri, ++version, [{ text: c.code }]);
      }
      const simulate = (await actionsFor(uri, diagnostics[0])).find((a) => a.command?.command === 'adamwLens.simulate');
      const site = analyzeText(c.code, { language: c.language }).sites.find((s) => s.range.start.line === diagnostics[0].range.start.line)!;
      assert.deepEqual(simulate?.command?.arguments, [JSON.parse(JSON.stringify(requestFromSite(site, uri)))]);
    });
  }
});

async function applyAndRecheck(c: RuleCase, uri: string, diagnostic: Diagnostic, action: CodeAction, version: number): Promise<void> {
  const edits = action.edit!.changes![uri];
  const fixed = applyLspEdits(c.code, edits);
  assert.ok(parsesCleanly(fixed, c.language), `${action.title} broke the file:\n${fixed}`);
  assertOnlyEditedRangeChanged(c.code, fixed, action, uri);
  const { diagnostics } = await server.change(uri, version, [{ text: fixed }]);
  const codes = diagnostics.map((d) => d.code);
  if (action.isPreferred) {
    // The S2 rewrite: s1-sweep is gone and the engine now sees an S2 sweep at that call.
    assert.ok(!codes.includes('s1-sweep'), `${action.title}: still ${codes}`);
    const site = analyzeText(fixed, { language: c.language }).sites.find((s) => s.range.start.line === diagnostic.range.start.line);
    assert.equal(site?.sweep.kind, 'S2');
  } else if (action.title.startsWith('Suppress')) {
    assert.ok(!codes.includes(diagnostic.code), `${action.title}: still ${codes}`);
    assert.equal(diagnostics.length, engineFindings(c).length - 1);
  } else {
    // Convention conversions (which also update a `convention=` annotation): the server re-checks the
    // converted text exactly as the engine does, and the finding is resolved.
    assert.deepEqual(codes, engineFindings({ code: fixed, language: c.language }).map((f) => f.rule));
    assert.ok(!codes.includes(diagnostic.code as string), `${action.title}: still ${codes}`);
  }
}

it('converting an annotated paper-form λ resolves lambda-convention', async () => {
  const c = TYPESCRIPT_CASES[2];
  const fix = engineFindings(c)[0].fixes.find((f) => f.kind === 'convert-convention')!;
  const fixed = applyLspEdits(c.code, fix.edits.map((e) => ({ newText: e.newText, range: { start: { line: e.range.start.line, character: e.range.start.column }, end: { line: e.range.end.line, character: e.range.end.column } } })));
  assert.deepEqual(engineFindings({ code: fixed, language: c.language }).map((f) => f.rule).filter((r) => r === 'lambda-convention'), []);
});

describe('input fixes through adamwLens/instantiateFix', () => {
  const c = PYTHON_CASES[1]; // lr=1e-4, weight_decay=1e-5
  const uri = 'file:///project/input.py';
  let args: Map<string, InputFixArguments>;
  before(async () => {
    const { diagnostics } = await server.open(uri, 'python', c.code);
    const actions = await actionsFor(uri, diagnostics[0]);
    args = new Map(actions.filter((a) => a.command?.command === 'adamwLens.applyInputFix').map((a) => {
      const arg = a.command!.arguments![0] as InputFixArguments;
      return [arg.fixKind, arg];
    }));
  });
  const instantiate = (kind: string, answer: string) => server.connection.sendRequest<InstantiateFixResult>(INSTANTIATE_FIX, { key: args.get(kind)!.key, fixKind: kind, answer });
  const λ = () => analyzeText(c.code, { language: 'python' }).sites[0].weightDecay.value!;

  for (const [kind, answer, expectedWd, expectedLr] of [
    ['rescale-for-lr', '2e-4', 5e-6, 2e-4],
    ['rescale-for-dataset', '50000, 200000', 2.5e-6, 1e-4],
    ['rescale-for-width', '512, 1024', 2e-5, 1e-4],
  ] as const) {
    it(`${kind} with "${answer}"`, async () => {
      assert.equal(λ(), 1e-5);
      const result = await instantiate(kind, answer);
      assert.ok('edit' in result, JSON.stringify(result));
      const fixed = applyLspEdits(c.code, result.edit.changes![uri]);
      assert.ok(parsesCleanly(fixed, 'python'));
      const site = analyzeText(fixed, { language: 'python' }).sites[0];
      assert.ok(Math.abs(site.weightDecay.value! - expectedWd) < 1e-12, `λ = ${site.weightDecay.value}`);
      assert.equal(site.lr.value, expectedLr);
      assert.equal(fixed.replace(/lr=[^,]+, weight_decay=[^)]+/, ''), c.code.replace(/lr=[^,]+, weight_decay=[^)]+/, ''));
    });
  }

  it('a bad answer or a stale finding is an error message, not an exception', async () => {
    assert.deepEqual(await instantiate('rescale-for-lr', 'fast'), { error: 'AdamW Lens: expected positive numbers, got "fast".' });
    assert.deepEqual(await instantiate('rescale-for-width', '512'), { error: 'AdamW Lens: expected "old width, new width", e.g. 512, 1024.' });
    const stale = { ...args.get('rescale-for-lr')!.key, line: 40 };
    assert.deepEqual(await server.connection.sendRequest(INSTANTIATE_FIX, { key: stale, fixKind: 'rescale-for-lr', answer: '1e-3' }),
      { error: 'The finding is gone (the document changed); run the quick fix again.' });
  });
});
