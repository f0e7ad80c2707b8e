// Bad input never takes the server down: malformed requests are answered with errors, garbage positions
// are clamped, documents closed mid-analysis leave no diagnostics behind. And the built server and the
// `adamw-lens lsp --stdio` command answer the protocol too.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  CodeActionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ErrorCodes, HoverRequest, ResponseError,
} from 'vscode-languageserver-protocol/node';
import { initEngine } from '../../src/engine';
import { INSTANTIATE_FIX } from '../../src/server/protocol';
import { PYTHON_CASES } from './cases';
import { ROOT, startTestServer, type ServerHandle, type StartOptions } from './harness';

let server: ServerHandle;
before(async () => {
  await initEngine();
  server = await startTestServer();
});
after(() => server.stop());

async function rejectsWith(promise: Promise<unknown>, code: number, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ResponseError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

const COUPLED = PYTHON_CASES[3].code;
const EXTRA = 'opt2 = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-2)\n';
const lineCount = COUPLED.split('\n').length;

describe('malformed requests', () => {
  it('unknown method, missing params and bad fix requests are errors; the server keeps answering', async () => {
    await rejectsWith(server.connection.sendRequest('adamwLens/noSuchThing', {}), ErrorCodes.MethodNotFound, /adamwLens\/noSuchThing/);
    await rejectsWith(server.connection.sendRequest(HoverRequest.method, {}), ErrorCodes.InvalidParams, /textDocument\.uri/);
    await rejectsWith(server.connection.sendRequest(CodeActionRequest.method, { textDocument: { uri: 42 } }), ErrorCodes.InvalidParams, /textDocument\.uri/);
    await rejectsWith(server.connection.sendRequest(INSTANTIATE_FIX, { key: 'x', answer: 1 }), ErrorCodes.InvalidParams, /fixKind/);
    await rejectsWith(server.connection.sendRequest(INSTANTIATE_FIX, null), ErrorCodes.InvalidParams, /fixKind/);
    // Notifications cannot be answered: garbage ones are dropped, and the next request still works.
    await server.connection.sendNotification(DidOpenTextDocumentNotification.method, { textDocument: null });
    await server.connection.sendNotification(DidChangeTextDocumentNotification.method, { textDocument: { uri: 'file:///nowhere.py', version: 2 }, contentChanges: [{ text: 'x' }] });
    const uri = 'file:///project/alive.py';
    assert.equal((await server.open(uri, 'python', COUPLED)).diagnostics.length, 1);
    assert.equal(server.process.exitCode, null);
  });

  it('positions far outside the document: no hover, no code action, no crash', async () => {
    const uri = 'file:///project/alive.py';
    assert.equal(await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1e9, character: -5 } }), null);
    assert.equal(await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///never-opened.py' }, position: { line: 0, character: 0 } }), null);
    const far = { start: { line: 1e6, character: 0 }, end: { line: 1e6, character: 3 } };
    assert.deepEqual(await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: far, context: { diagnostics: [{ range: far, message: 'x', source: 'adamw-lens', data: { nonsense: true } }] } }), []);
  });

  it('an edit at a line past the end is clamped to the end of the document', async () => {
    const uri = 'file:///project/alive.py';
    const far = { line: 99_999, character: 7 };
    const { diagnostics } = await server.change(uri, 2, [{ range: { start: far, end: far }, text: EXTRA }]);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['coupled-l2', lineCount - 2], ['coupled-l2', lineCount - 1]]);
    // A reversed range (end before start) is read as the same range the right way round.
    const reversed = { start: { line: lineCount, character: 0 }, end: { line: lineCount - 1, character: 0 } };
    const after = await server.change(uri, 3, [{ range: reversed, text: '' }]);
    assert.deepEqual(after.diagnostics.map((d) => d.range.start.line), [lineCount - 2]);
  });
});

describe('documents closed mid-analysis', () => {
  it('a change followed at once by a close leaves no diagnostics, and nothing is published later', async () => {
    const uri = 'file:///project/closed.py';
    await server.open(uri, 'python', COUPLED);
    const cleared = server.nextDiagnostics(uri);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: COUPLED + EXTRA }] });
    await server.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(server.latest(uri), []);
  });

  it('a notebook closed right after it was opened', async () => {
    const notebook = 'file:///project/quick.ipynb';
    const cell = 'vscode-notebook-cell:/project/quick.ipynb#c0';
    const cleared = server.nextDiagnostics(cell);
    await server.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: notebook, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: 2, document: cell }] },
      cellTextDocuments: [{ uri: cell, languageId: 'python', version: 1, text: COUPLED }],
    });
    await server.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: notebook }, cellTextDocuments: [{ uri: cell }] });
    assert.deepEqual((await cleared).diagnostics, []);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(server.latest(cell), []);
  });
});

describe('the shipped entry points', () => {
  const entryPoints: Array<[string, StartOptions]> = [
    ['dist/server.js --stdio', { bundle: true }],
    ['bin/adamw-lens.js lsp --stdio', { nodeArgs: [path.join(ROOT, 'bin/adamw-lens.js'), 'lsp', '--stdio'] }],
    ['bin/adamw-lens.js lsp (stdio by default)', { nodeArgs: [path.join(ROOT, 'bin/adamw-lens.js'), 'lsp'] }],
  ];
  for (const [name, options] of entryPoints) {
    it(`${name} answers initialize and publishes diagnostics`, async () => {
      assert.ok(existsSync(path.join(ROOT, 'dist/server.js')) && existsSync(path.join(ROOT, 'dist/cli.js')),
        'dist/server.js or dist/cli.js is missing: run `npm run build` (node scripts/test.mjs builds first)');
      const shipped = await startTestServer(options);
      try {
        const { diagnostics } = await shipped.open('file:///project/shipped.py', 'python', COUPLED);
        assert.deepEqual(diagnostics.map((d) => d.code), ['coupled-l2']);
      } finally {
        await shipped.stop();
      }
      assert.equal(shipped.process.exitCode, 0, shipped.stderr());
    });
  }
});
