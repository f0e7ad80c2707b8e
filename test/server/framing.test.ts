// Framing errors on stdin (a header without a numeric Content-Length, garbage bytes, a wrong length,
// a body that is not JSON) are logged and survived: the guard passes on every well-framed message
// however the bytes are chunked, and the real server answers the next good message.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Writable } from 'node:stream';
import { CoalescingWriter, FramingGuard, parseHeader } from '../../src/server/framing';
import { ROOT, startTestServer, type StartOptions } from './harness';

/** Fails when the server has not answered for a while: it is deaf (a loaded machine answers in a few seconds). */
const deaf = () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the server did not answer after the framing error')), 15_000).unref());
const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const GOOD = [frame('{"jsonrpc":"2.0","method":"a","params":{"text":"λ"}}'), frame('{"jsonrpc":"2.0","id":1,"method":"b"}')];

/** What the guard passes on and logs for `input` delivered in chunks of `size` bytes. */
function guard(input: Buffer, size: number): { out: string; logs: string[] } {
  const logs: string[] = [];
  const chunks: Buffer[] = [];
  const g = new FramingGuard((m) => logs.push(m));
  g.on('data', (c: Buffer) => chunks.push(c));
  for (let i = 0; i < input.length; i += size) g.write(input.subarray(i, i + size));
  return { out: Buffer.concat(chunks).toString('utf8'), logs };
}

describe('framing guard', () => {
  it('reads Content-Length headers in any case and with other headers; rejects what is not a length', () => {
    assert.deepEqual(parseHeader('Content-Length: 12'), { length: 12 });
    assert.deepEqual(parseHeader('content-length:7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8'), { length: 7 });
    assert.deepEqual(parseHeader('Content-Length: abc'), { error: 'Content-Length is not a number: "abc"' });
    assert.deepEqual(parseHeader('Content-Length: -1'), { error: 'Content-Length is not a number: "-1"' });
    assert.deepEqual(parseHeader('Content-Type: x'), { error: 'header without Content-Length' });
    assert.deepEqual(parseHeader('hello'), { error: 'header line without \'key: value\': "hello"' });
  });

  const bad: Array<[string, string, RegExp]> = [
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}', /framing error: Content-Length is not a number/],
    ['a header without Content-Length', 'Content-Type: text/plain\r\n\r\n{"x":1}', /framing error: header without Content-Length/],
    ['garbage bytes', 'hello there\r\n\r\n\u0000\u00ff', /framing error: header line without/],
    ['garbage glued to the next header', 'xx', /framing error: header without Content-Length; bytes skipped/],
    ['a Content-Length longer than its message', 'Content-Length: 99999\r\n\r\n{"jsonrpc":"2.0","method":"c"}', /Content-Length 99999 does not match its message \(30 bytes/],
  ];
  for (const [name, noise, logged] of bad) {
    it(`${name}: skipped with a log line; the messages around it pass unchanged, in any chunking`, () => {
      const input = Buffer.from(GOOD[0] + noise + GOOD[1] + GOOD[0]);
      for (const size of [1, 3, 7, 64, input.length]) {
        const { out, logs } = guard(input, size);
        assert.equal(logs.length, 1, `chunks of ${size}: ${logs.join(' | ')}`);
        assert.match(logs[0], logged);
        const bodies = out.split(/Content-Length: \d+\r\n\r\n/).filter(Boolean).map((b) => JSON.parse(b) as { method: string });
        const expected = name.startsWith('a Content-Length longer') ? ['a', 'c', 'b', 'a'] : ['a', 'b', 'a'];
        assert.deepEqual(bodies.map((b) => b.method), expected, `chunks of ${size}`);
      }
    });
  }

  it('well-framed messages pass byte for byte with nothing logged', () => {
    const input = Buffer.from(GOOD.join('') + frame('{"a":"Content-Length: 3"}') + GOOD[1]);
    for (const size of [1, 5, input.length]) assert.deepEqual(guard(input, size), { out: input.toString('utf8'), logs: [] });
  });

  it('a 5 MB message arriving in 64 KB chunks, with Content-Length: in its text, passes unchanged', () => {
    const text = 'x = 1  # Content-Length: 12\n'.repeat(180_000);
    const input = Buffer.from(frame(JSON.stringify({ jsonrpc: '2.0', method: 'big', params: { text } })) + GOOD[1]);
    const { out, logs } = guard(input, 64 * 1024);
    assert.deepEqual(logs, []);
    assert.ok(out === input.toString('utf8'));
  });
});

describe('the writer on stdout', () => {
  it('writes each message whole, and the messages of one turn of the event loop in one write', async () => {
    const writes: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) { writes.push(chunk.toString('utf8')); done(); },
      writev(chunks, done) { writes.push(chunks.map((c) => (c.chunk as Buffer).toString('utf8')).join('')); done(); },
    });
    const writer = new CoalescingWriter(sink);
    const a = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///λ.py', diagnostics: [] } };
    const b = { jsonrpc: '2.0', id: 7, result: null };
    await Promise.all([writer.write(a), writer.write(b)]);
    await writer.write(b);
    const framed = (m: unknown) => frame(JSON.stringify(m));
    assert.deepEqual(writes, [framed(a) + framed(b), framed(b)]);
    // Read back by the guard: both messages come through whole (the byte length counts λ's two bytes).
    assert.deepEqual(guard(Buffer.from(writes.join('')), 7), { out: writes.join(''), logs: [] });
  });

  it('reports a failed write to the connection and rejects it', async () => {
    const sink = new Writable({ write(_chunk, _encoding, done) { done(new Error('EPIPE')); } });
    sink.on('error', () => undefined);
    const writer = new CoalescingWriter(sink);
    const errors: string[] = [];
    writer.onError(([error]) => errors.push(error.message));
    const notification = { jsonrpc: '2.0', method: 'x' };
    await assert.rejects(writer.write(notification), /EPIPE/);
    assert.ok(errors.includes('EPIPE'), String(errors));
  });
});

describe('the server on raw stdin bytes', () => {
  const entryPoints: Array<[string, StartOptions]> = [
    ['src/server/main.ts --stdio', {}],
    ['bin/adamw-lens.js lsp --stdio', { nodeArgs: [path.join(ROOT, 'bin/adamw-lens.js'), 'lsp', '--stdio'] }],
  ];
  const COUPLED = 'import torch\nopt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=0.1)\n';
  for (const [name, options] of entryPoints) {
    it(`${name}: a bad Content-Length, garbage and a non-JSON body are logged, and the next document still gets diagnostics`, async () => {
      const server = await startTestServer(options);
      try {
        server.process.stdin!.write('Content-Length: abc\r\n\r\n{}');
        const first = await Promise.race([server.open('file:///project/after-bad-length.py', 'python', COUPLED), deaf()]);
        assert.deepEqual(first.diagnostics.map((d) => d.code), ['coupled-l2']);
        server.process.stdin!.write('\u0000garbage\r\n\r\n');
        server.process.stdin!.write('Content-Length: 5\r\n\r\n{abc}');
        const { diagnostics } = await Promise.race([server.open('file:///project/after-garbage.py', 'python', COUPLED), deaf()]);
        assert.deepEqual(diagnostics.map((d) => d.code), ['coupled-l2']);
        const stderr = server.stderr();
        assert.match(stderr, /framing error: Content-Length is not a number: "abc"; bytes skipped up to the next Content-Length header/);
        assert.match(stderr, /framing error: header line without 'key: value'/);
        assert.match(stderr, /unreadable message skipped: /);
      } catch (error) {
        server.process.kill(); // a deaf server would not answer shutdown either
        throw error;
      }
      await server.stop();
      assert.equal(server.process.exitCode, 0, server.stderr());
    });
  }
});
