// Malformed notifications never end the server (issue 13, item 5): a didOpen whose text is null, fields
// of the wrong type, nulls everywhere; then a seeded run of random message sequences with malformed
// fields and out-of-order lifecycle, after which the server still answers and its diagnostics of a
// document equal those of a fresh server given the same final text.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import { initEngine } from '../../src/engine';
import { publishOfVersion, startTestServer, type ServerHandle } from './harness';

const S1 = 'import torch\nfor lr in [1e-4, 1e-3, 1e-2]:\n    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.1)\n';

let server: ServerHandle;
before(async () => {
  await initEngine();
  server = await startTestServer();
});
after(() => server.stop());

async function stillServes(uri: string): Promise<void> {
  const { diagnostics } = await server.open(uri, 'python', S1);
  assert.deepEqual(diagnostics.map((d) => d.code), ['s1-sweep']);
  assert.equal(server.process.exitCode, null, server.stderr());
}

describe('malformed notifications', () => {
  it('didOpen with text null, wrong types or nulls is dropped with a log line; the server keeps serving', async () => {
    const bad: unknown[] = [
      { textDocument: { uri: 'file:///p/null-text.py', languageId: 'python', version: 1, text: null } },
      { textDocument: { uri: 'file:///p/num-text.py', languageId: 'python', version: 1, text: 42 } },
      { textDocument: { uri: 42, languageId: 'python', version: 1, text: S1 } },
      { textDocument: { uri: 'file:///p/v.py', languageId: null, version: '1', text: S1 } },
      { textDocument: null }, null, [], 'text',
    ];
    for (const params of bad) await server.connection.sendNotification(DidOpenTextDocumentNotification.method, params);
    await stillServes('file:///p/after-open.py');
  });

  it('didChange with null changes, ranges of strings or a text that is not a string changes nothing', async () => {
    const uri = 'file:///p/after-open.py';
    for (const contentChanges of [null, [null], [{ text: null }], [{ range: { start: { line: 'a', character: 0 }, end: null }, text: 'x' }], [{ range: null, text: 'x = 1\n' }], 'x']) {
      await server.connection.sendNotification(DidChangeTextDocumentNotification.method, { textDocument: { uri, version: 2 }, contentChanges });
    }
    await server.connection.sendNotification(DidChangeTextDocumentNotification.method, { textDocument: null, contentChanges: [] });
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 12 } });
    assert.ok(hover !== undefined);
    assert.equal(server.process.exitCode, null, server.stderr());
  });
});

describe('fuzz: random LSP message sequences', () => {
  it('400 seeded messages with malformed fields and out-of-order lifecycle; then fresh equals incremental', async () => {
    let seed = 2026;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const pick = <T>(xs: T[]): T => xs[rand(xs.length)];
    const uris = ['file:///f/a.py', 'file:///f/b.py', 'file:///f/c.ts', 'file:///f/sweep.sh'];
    const junk = [null, 42, 'x', [], {}, { line: -1 }, true, -1e9];
    const pieces = ['\n', 'lr=lr', ', weight_decay=0.1', '(', ')', '# adamw-lens: ignore\n', '\r', '\r\n', 'λ', 'for lr in [1e-4, 1e-3]:\n', '    ', S1];
    for (let i = 0; i < 400; i++) {
      const uri = pick(uris);
      const op = rand(6);
      const corrupt = rand(5) === 0;
      if (op === 0) {
        const text = corrupt ? pick(junk) : S1;
        await server.connection.sendNotification(DidOpenTextDocumentNotification.method, { textDocument: { uri, languageId: uri.endsWith('.ts') ? 'typescript' : 'python', version: 1, text } });
      } else if (op === 1 || op === 2) {
        const line = rand(6);
        const character = rand(30);
        const change = corrupt ? pick(junk) : { range: { start: { line, character }, end: { line, character: character + rand(3) } }, text: pick(pieces) };
        await server.connection.sendNotification(DidChangeTextDocumentNotification.method, { textDocument: { uri, version: i + 2 }, contentChanges: [change] });
      } else if (op === 3) {
        await server.connection.sendNotification(DidCloseTextDocumentNotification.method, corrupt ? { textDocument: pick(junk) } : { textDocument: { uri } });
      } else {
        const position = corrupt ? pick(junk) : { line: rand(5), character: rand(40) };
        await server.connection.sendRequest(HoverRequest.method, { textDocument: { uri }, position }).catch(() => undefined);
      }
    }
    assert.equal(server.process.exitCode, null, server.stderr());
    // Replace every document still open with a known text through an edit, and compare its
    // diagnostics with a fresh server's for the same text.
    const fresh = await startTestServer();
    try {
      for (const uri of uris.filter((u) => u.endsWith('.py'))) {
        // Publishes are matched by version: one from the fuzzing before can still arrive after the close.
        await server.close(uri);
        const opened = publishOfVersion(server, uri, 9_999);
        await server.connection.sendNotification(DidOpenTextDocumentNotification.method, { textDocument: { uri, languageId: 'python', version: 9_999, text: 'x = 1\n' } });
        await opened;
        const changed = publishOfVersion(server, uri, 10_000);
        await server.connection.sendNotification(DidChangeTextDocumentNotification.method, {
          textDocument: { uri, version: 10_000 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: S1 }],
        });
        const incremental = await changed;
        const direct = await fresh.open(uri, 'python', S1);
        assert.ok(incremental.diagnostics.length > 0, 'the S1 text has a finding');
        assert.deepEqual(incremental.diagnostics, direct.diagnostics);
      }
    } finally {
      await fresh.stop();
    }
  });
});
