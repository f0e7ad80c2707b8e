// Diagnostics through the real protocol: every rule in Python and TypeScript, exactly the engine's
// findings (rule, message, range), with the rule's documentation link, related locations and a `data`
// key; notebooks analysed across cells with each finding on its own cell's URI.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  CodeActionRequest, HoverRequest, type CodeAction, type MarkupContent,
  DidOpenNotebookDocumentNotification, DidChangeNotebookDocumentNotification, DidCloseNotebookDocumentNotification, NotebookCellKind,
} from 'vscode-languageserver-protocol/node';
import { initEngine } from '../../src/engine';
import { RULES } from '../../src/rules';
import { INSTANTIATE_FIX, type InputFixArguments, type InstantiateFixResult } from '../../src/server/protocol';
import { PYTHON_CASES, TYPESCRIPT_CASES, engineFindings, findingSummary, summary } from './cases';
import { ROOT, startTestServer, type ServerHandle } from './harness';
import { py } from '../rules/helpers';

let server: ServerHandle;

before(async () => {
  await initEngine();
  server = await startTestServer();
});
after(() => server.stop());

describe('diagnostics', () => {
  for (const c of [...PYTHON_CASES, ...TYPESCRIPT_CASES]) {
    it(`${c.rule} in ${c.languageId} (${c.file})`, async () => {
      const uri = `file:///project/${c.file}`;
      const published = await server.open(uri, c.languageId, c.code);
      const expected = engineFindings(c);
      assert.ok(expected.some((f) => f.rule === c.rule), `the engine itself reports no ${c.rule} here`);
      assert.deepEqual(published.diagnostics.map(summary), expected.map(findingSummary));
      assert.equal(published.version, 1);
      for (const [i, d] of published.diagnostics.entries()) {
        const rule = RULES.find((r) => r.meta.name === d.code)!;
        assert.equal(d.source, 'adamw-lens');
        assert.equal(d.codeDescription?.href, `https://github.com/adamw-lens/adamw-lens/blob/main/docs/rules/${d.code}.md`);
        assert.ok(existsSync(path.join(ROOT, 'docs/rules', `${rule.meta.name}.md`)), `docs/rules/${rule.meta.name}.md is missing`);
        assert.deepEqual(d.data, { uri, rule: expected[i].rule, line: expected[i].range.start.line, column: expected[i].range.start.column });
      }
      await server.close(uri);
    });
  }

  it('the TypeScript catalog has no coupled-L2 optimizer, so coupled-l2 cannot fire in TS', async () => {
    const { lookupApi } = await import('../../src/engine/catalog');
    assert.equal(lookupApi('typescript', '@jax-js/optax.adamw')?.convention, 'lr-scaled');
  });

  it('s1-sweep points at the loop and the list of learning rates', async () => {
    const c = PYTHON_CASES[0];
    const uri = 'file:///project/related.py';
    const { diagnostics } = await server.open(uri, 'python', c.code);
    const s1 = diagnostics.find((d) => d.code === 's1-sweep')!;
    const expected = engineFindings(c).find((f) => f.rule === 's1-sweep')!.related!;
    assert.ok(expected.length > 0);
    assert.deepEqual(s1.relatedInformation, expected.map((r) => ({
      location: { uri, range: { start: { line: r.range.start.line, character: r.range.start.column }, end: { line: r.range.end.line, character: r.range.end.column } } },
      message: r.message,
    })));
    const lines = c.code.split('\n');
    const texts = s1.relatedInformation!.map((r) => lines[r.location.range.start.line]);
    assert.ok(texts.some((t) => t.includes('for lr in learning_rates')), texts.join(' | '));
    await server.close(uri);
  });

  it('closing a document clears its diagnostics', async () => {
    const uri = 'file:///project/closing.py';
    const opened = await server.open(uri, 'python', PYTHON_CASES[3].code);
    assert.equal(opened.diagnostics.length, 1);
    const cleared = server.nextDiagnostics(uri);
    await server.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });
});

describe('notebooks', () => {
  const notebook = 'file:///project/finetune.ipynb';
  const cell = (i: number) => `vscode-notebook-cell:/project/finetune.ipynb#cell${i}`;
  const texts = [
    py`
    import torch
    weight_decay = 2e-5
    `,
    'We fine-tune with AdamW.',
    'model = torch.nn.Linear(512, 2)\n',
    'optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5, weight_decay=weight_decay)\n',
  ];

  it('λ from cell 1 reaches the optimizer in cell 4; the finding lands on cell 4', async () => {
    const pending = [0, 1, 2, 3].map((i) => server.nextDiagnostics(cell(i)));
    await server.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: {
        uri: notebook, notebookType: 'jupyter-notebook', version: 1,
        cells: texts.map((_, i) => ({ kind: i === 1 ? NotebookCellKind.Markup : NotebookCellKind.Code, document: cell(i) })),
      },
      cellTextDocuments: texts.map((text, i) => ({ uri: cell(i), languageId: i === 1 ? 'markdown' : 'python', version: 1, text })),
    });
    const [first, second, third, fourth] = await Promise.all(pending);
    assert.deepEqual([first, second, third].map((p) => p.diagnostics), [[], [], []]);
    const expected = engineFindings({ code: texts.filter((_, i) => i !== 1).join('\n'), language: 'python' });
    assert.deepEqual(fourth.diagnostics.map((d) => d.code), ['decay-timescale']);
    assert.deepEqual(expected.map((f) => f.rule), ['decay-timescale']);
    assert.equal(fourth.diagnostics[0].message, expected[0].message);
    assert.deepEqual(fourth.diagnostics[0].range, { start: { line: 0, character: 12 }, end: { line: 0, character: 85 } });
  });

  it('hover and quick fixes on the cell: λ from cell 1, edits on the cell URI', async () => {
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: cell(3) }, position: { line: 0, character: 20 } });
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /\| λ \(weight decay\) \| 2e-5 \|/);
    assert.match(value, /\| per-step decay α·λ \| 4e-10 \|/);
    const diagnostic = server.latest(cell(3))![0];
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: cell(3) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
    const suppress = actions.find((a) => a.title === 'Suppress decay-timescale on this line')!;
    assert.deepEqual(suppress.edit, { changes: { [cell(3)]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# adamw-lens: ignore[decay-timescale]\n' }] } });
    const width = actions.find((a) => a.command?.command === 'adamwLens.applyInputFix' && (a.command.arguments![0] as InputFixArguments).fixKind === 'rescale-for-width')!;
    const result = await server.connection.sendRequest<InstantiateFixResult>(INSTANTIATE_FIX, { key: (width.command!.arguments![0] as InputFixArguments).key, fixKind: 'rescale-for-width', answer: '512, 2048' });
    // λ is defined in cell 1, but the rewrite replaces the argument at the call in cell 4 (the fix's target).
    assert.deepEqual(Object.keys('edit' in result ? result.edit.changes! : {}), [cell(3)]);
  });

  it('hover on the weight_decay argument in a cell', async () => {
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: cell(3) }, position: { line: 0, character: 75 } });
    assert.ok(hover, 'no hover on weight_decay=weight_decay');
    // The hover is anchored on the argument `weight_decay` (columns 72–84 of the cell's line 0), not on the callee.
    assert.deepEqual(hover.range, { start: { line: 0, character: 72 }, end: { line: 0, character: 84 } });
    assert.match((hover.contents as MarkupContent).value, /\| λ \(weight decay\) \| 2e-5 \|/);
  });

  it('editing λ in cell 1 re-checks the optimizer in cell 4', async () => {
    const fourth = server.nextDiagnostics(cell(3));
    await server.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: notebook, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cell(0), version: 2 }, changes: [{ range: { start: { line: 1, character: 15 }, end: { line: 1, character: 19 } }, text: '0.1' }] }] } },
    });
    assert.deepEqual((await fourth).diagnostics, []);
  });

  it('deleting the λ cell and closing the notebook', async () => {
    const fourth = server.nextDiagnostics(cell(3));
    const removed = server.nextDiagnostics(cell(0));
    await server.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: notebook, version: 3 },
      change: { cells: { structure: { array: { start: 0, deleteCount: 1 }, didClose: [{ uri: cell(0) }] } } },
    });
    // Without cell 1, weight_decay is undefined: the optimizer's λ is unknown, so no finding (never a guess).
    assert.deepEqual((await fourth).diagnostics, []);
    assert.deepEqual((await removed).diagnostics, []);
    await server.connection.sendNotification(DidCloseNotebookDocumentNotification.type, {
      notebookDocument: { uri: notebook }, cellTextDocuments: [1, 2, 3].map((i) => ({ uri: cell(i) })),
    });
  });
});
