// Per-document state of the server: a document over the size limit gets one information diagnostic
// saying so (not silence), and closing a document drops everything the server held for it (text,
// results, pending runs, the links' copy of a script). The server runs in this process over in-memory
// streams so the test can look at its state.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification, PublishDiagnosticsNotification,
  DidOpenTextDocumentNotification, DidCloseTextDocumentNotification, DidChangeTextDocumentNotification, ConfigurationRequest, RegistrationRequest,
  WorkDoneProgressCreateRequest, DiagnosticSeverity, HoverRequest, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { initEngine } from '../../src/engine';
import { startServer } from '../../src/server/server';
import type { DiagnosticsScheduler } from '../../src/server/diagnostics';
import type { ServerState } from '../../src/server/state';
import type { SweepLinks } from '../../src/server/sweep-links';

const COUPLED = 'import torch\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=0.1)\n';

let client: ProtocolConnection;
let internals: { state: ServerState; diagnostics: () => DiagnosticsScheduler; links: SweepLinks };
const waiters = new Map<string, (p: PublishDiagnosticsParams) => void>();
const toServer = new PassThrough();
const toClient = new PassThrough();

function nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve) => waiters.set(uri, resolve));
}

async function open(uri: string, languageId: string, text: string): Promise<PublishDiagnosticsParams> {
  const published = nextDiagnostics(uri);
  await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  return published;
}

/** Closes, then waits for a request's answer: the server handles messages in order, so the close is done. */
async function close(uri: string): Promise<void> {
  await client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
}

/** Everything the server holds per document. */
function held(): Record<string, unknown[]> {
  return {
    texts: [...internals.state.texts.keys()], notebooks: [...internals.state.notebooks.keys()], results: [...internals.state.results.keys()],
    scheduled: internals.diagnostics().heldUris(), linkedOpenFiles: internals.links.openDocuments(),
  };
}
const NOTHING = { texts: [], notebooks: [], results: [], scheduled: [], linkedOpenFiles: [] };

before(async () => {
  await initEngine();
  const server = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, { inspect: (i) => { internals = i; } });
  client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  client.onRequest(RegistrationRequest.type, () => undefined);
  client.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  client.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const waiter = waiters.get(p.uri);
    waiters.delete(p.uri);
    waiter?.(p);
  });
  client.listen();
  await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0 } });
  await client.sendNotification(InitializedNotification.type, {});
});

after(async () => {
  await new Promise((resolve) => setTimeout(resolve, 50)); // the last publishes in flight
  client.dispose();
  toServer.end();
});

describe('documents over the size limit', () => {
  it('a 30 MB Python document gets one information diagnostic naming the limit, and nothing else', async () => {
    const uri = 'file:///project/huge.py';
    const text = COUPLED + '# filler line for size\n'.repeat(Math.ceil(30e6 / 23));
    const { diagnostics } = await open(uri, 'python', text);
    assert.deepEqual(diagnostics.map((d) => [d.severity, d.message, d.range.start.line]), [
      [DiagnosticSeverity.Information, 'AdamW Lens: not analysed: 28.6 MB is over the 5 MB limit', 0],
    ]);
    const cleared = nextDiagnostics(uri);
    await close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
    assert.deepEqual(held(), NOTHING);
  });

  it('a sweep file over 1 MB says so too; shrunk under the limit, it is analysed again', async () => {
    const uri = 'file:///project/sweep.yaml';
    const big = `program: train.py\nmethod: grid\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n${'# pad\n'.repeat(200_000)}`;
    const { diagnostics } = await open(uri, 'yaml', big);
    assert.deepEqual(diagnostics.map((d) => d.message), ['AdamW Lens: not analysed: 1.1 MB is over the 1 MB limit for sweep files']);
    const again = nextDiagnostics(uri);
    await client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'x: 1\n' }] });
    assert.deepEqual((await again).diagnostics, []);
    await close(uri);
    assert.deepEqual(held(), NOTHING);
  });
});

describe('closing documents', () => {
  it('drops the text, the result, the pending run and the links\' copy of a script', async () => {
    const uris = ['file:///project/train.py', 'file:///project/other.py', 'file:///project/sweep.sh'];
    const opened = await open(uris[0], 'python', COUPLED);
    assert.deepEqual(opened.diagnostics.map((d) => d.code), ['coupled-l2']);
    await open(uris[1], 'python', COUPLED);
    await open(uris[2], 'shellscript', 'for lr in 1e-4 1e-3; do python train.py --lr $lr; done\n');
    assert.deepEqual(held().texts, uris);
    assert.ok(internals.links.openDocuments().length > 0, 'the links hold the open script');
    // A change whose run is still pending when the document closes.
    await client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uris[1], version: 2 }, contentChanges: [{ text: `${COUPLED}# edited\n` }] });
    for (const uri of uris) await close(uri);
    assert.deepEqual(held(), NOTHING);
  });
});
