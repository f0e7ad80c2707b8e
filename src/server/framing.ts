// The language server over stdio, guarded against framing errors. vscode-jsonrpc's reader, given a
// header without a numeric Content-Length, reports the error to no one and keeps the rest of the
// broken header's bytes in its buffer, so every later message is read as a bad header too: the server
// stays alive but deaf, and nothing says why. This guard sits between stdin and the reader: it passes
// well-framed messages on unchanged, and drops anything else up to the next `Content-Length:` header
// with one log line, so the server answers the next good message. Bodies that are not JSON are left
// to the reader, whose errors are logged too.

import { Transform, type TransformCallback, type Writable } from 'node:stream';
import {
  AbstractMessageWriter, createConnection, ProposedFeatures, StreamMessageReader, type Connection, type DataCallback, type Disposable,
  type Message, type MessageWriter,
} from 'vscode-languageserver/node';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = Buffer.from('Content-Length:');
/** A header is a line or two; this much without the blank line that ends it is not a header. */
const MAX_HEADER_BYTES = 8 * 1024;

/** The Content-Length of a header block, or why the block is not a valid header. */
export function parseHeader(header: string): { length: number } | { error: string } {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: `header line without 'key: value': ${JSON.stringify(line.slice(0, 60))}` };
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,15}$/.test(value)) return { error: `Content-Length is not a number: ${JSON.stringify(value.slice(0, 40))}` };
    length = Number(value);
  }
  return length === undefined ? { error: 'header without Content-Length' } : { length };
}

export class FramingGuard extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of the body of the message being read, once its header is read. */
  private bodyLength: number | undefined;
  /**
   * The body read so far, as the chunks came (a 30 MB document arrives in hundreds of them: joining
   * them once, when the body is complete, keeps the guard linear in the message size).
   */
  private body: Buffer[] = [];
  private bodyBytes = 0;
  /** Offsets in the body of `Content-Length:` headers not yet tried as the start of the next message. */
  private candidates: number[] = [];
  /** The body's last bytes: a header split between two chunks, and the byte before it. */
  private tail: Buffer = Buffer.alloc(0);
  /** After a framing error: bytes are dropped until a `Content-Length:` header starts. */
  private skipping = false;

  constructor(private readonly log: (message: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.bodyLength === undefined) this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    else this.addToBody(chunk);
    this.drain();
    done();
  }

  /** Appends to the body, noting any `Content-Length:` in the new bytes (or across the chunk boundary). */
  private addToBody(chunk: Buffer): void {
    const window = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const base = this.bodyBytes - this.tail.length;
    for (let at = window.indexOf(CONTENT_LENGTH); at >= 0; at = window.indexOf(CONTENT_LENGTH, at + 1)) {
      // Only right after a `}` can a JSON-RPC body have ended: the same words inside a document's text
      // are not tried (a file full of them would make every one a full parse).
      const isNew = at + CONTENT_LENGTH.length > this.tail.length; // a match inside the tail was seen before
      if (isNew && base + at > 0 && at > 0 && window[at - 1] === 0x7d) this.candidates.push(base + at);
    }
    // The tail keeps the byte before a header split between chunks, and all of the header but one byte.
    this.tail = Buffer.from(window.subarray(Math.max(0, window.length - CONTENT_LENGTH.length)));
    this.body.push(chunk);
    this.bodyBytes += chunk.length;
  }

  private drain(): void {
    for (;;) {
      if (this.bodyLength === undefined) {
        if (this.skipping && !this.skip()) return;
        const end = this.buffer.indexOf(HEADER_END);
        if (end < 0) {
          if (this.buffer.length > MAX_HEADER_BYTES) this.resync(1, `${this.buffer.length} bytes without a message header`);
          return;
        }
        const header = parseHeader(this.buffer.subarray(0, end).toString('latin1'));
        if ('error' in header) { this.resync(1, header.error); continue; }
        this.bodyLength = header.length;
        this.push(this.buffer.subarray(0, end + HEADER_END.length));
        const rest = this.buffer.subarray(end + HEADER_END.length);
        this.buffer = Buffer.alloc(0);
        this.body = [];
        this.bodyBytes = 0;
        this.candidates = [];
        this.tail = Buffer.alloc(0);
        this.addToBody(rest);
      }
      if (this.bodyBytes >= this.bodyLength) {
        this.endBody(this.bodyLength, Buffer.alloc(0));
        continue;
      }
      if (!this.cutShortBody()) return;
    }
  }

  /** Passes on the first `length` bytes of the body (then `padding`); what follows is the next message's. */
  private endBody(length: number, padding: Buffer): void {
    const all = this.body.length === 1 ? this.body[0] : Buffer.concat(this.body);
    this.push(padding.length ? Buffer.concat([all.subarray(0, length), padding]) : all.subarray(0, length));
    this.buffer = all.subarray(length);
    this.body = [];
    this.bodyBytes = 0;
    this.candidates = [];
    this.bodyLength = undefined;
  }

  /**
   * A Content-Length larger than the message leaves the reader waiting for bytes that are the next
   * messages. When a `Content-Length:` header follows a complete JSON body, the announced length was
   * wrong: the body ends there (each candidate is tried once, so a large message arriving in chunks
   * is not re-parsed at every chunk).
   */
  private cutShortBody(): boolean {
    while (this.candidates.length) {
      const at = this.candidates.shift()!;
      const text = Buffer.concat(this.body).subarray(0, at).toString('utf8');
      try {
        JSON.parse(text);
      } catch {
        continue;
      }
      this.log(`Content-Length ${this.bodyLength} does not match its message (${at} bytes, then another header); the message is read as ${at} bytes`);
      // The reader already has the header with the wrong length: give it exactly that many bytes,
      // the body padded with spaces (JSON ignores them).
      this.endBody(at, Buffer.alloc(this.bodyLength! - at, 0x20));
      return true;
    }
    return false;
  }

  /** Logs the error once, then drops bytes from `from` on until the next `Content-Length:` header. */
  private resync(from: number, reason: string): void {
    this.log(`framing error: ${reason}; bytes skipped up to the next Content-Length header`);
    this.buffer = this.buffer.subarray(from);
    this.skipping = true;
  }

  /** Whether a header starts the buffer now; keeps a tail that may be the start of one still arriving. */
  private skip(): boolean {
    const next = this.buffer.indexOf(CONTENT_LENGTH);
    if (next < 0) {
      this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - CONTENT_LENGTH.length + 1));
      return false;
    }
    this.buffer = this.buffer.subarray(next);
    this.skipping = false;
    return true;
  }
}

/** Tells whether the client asked for shutdown (the exit code when stdin closes, as vscode-languageserver does it). */
class GuardedReader extends StreamMessageReader {
  shutdownRequested = false;
  override listen(callback: DataCallback): Disposable {
    return super.listen((message) => {
      if ((message as { method?: unknown }).method === 'shutdown') this.shutdownRequested = true;
      callback(message);
    });
  }
}

/** A server connection over stdin/stdout whose framing and decoding errors are logged and survived. */
export function createStdioConnection(): Connection {
  // Called from stream events only, after `connection` below is set.
  const log = (message: string) => {
    process.stderr.write(`adamw-lens lsp: ${message}\n`);
    connection.console.warn(`adamw-lens: ${message}`);
  };
  const guard = new FramingGuard(log);
  process.stdin.pipe(guard);
  const reader = new GuardedReader(guard);
  reader.onError((error) => log(`unreadable message skipped: ${error.message.split('\n')[0]}`));
  // Without a stream to watch, vscode-languageserver does not end the process when the editor goes.
  guard.on('end', () => process.exit(reader.shutdownRequested ? 0 : 1));
  const connection = createConnection(ProposedFeatures.all, reader, new CoalescingWriter(process.stdout));
  return connection;
}

/**
 * Writes each message whole (header and body in one buffer) and the messages of one turn of the event
 * loop in one system call. vscode-jsonrpc's stream writer makes two writes per message, the body only
 * once the header's write has called back: a workspace check that publishes diagnostics for hundreds of
 * files then makes two pipe writes per file, each waking the editor's reader.
 */
export class CoalescingWriter extends AbstractMessageWriter implements MessageWriter {
  private corked = false;
  private errors = 0;

  constructor(private readonly stream: Writable) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    let body: Buffer;
    try {
      body = Buffer.from(JSON.stringify(message), 'utf8');
    } catch (error) {
      this.fireError(error);
      return Promise.reject(error);
    }
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(() => {
        this.corked = false;
        this.stream.uncork();
      });
    }
    const frame = Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    return new Promise((resolve, reject) => {
      this.stream.write(frame, (error) => {
        if (!error) return resolve();
        this.fireError(error, message, ++this.errors);
        reject(error);
      });
    });
  }

  end(): void {
    this.stream.end();
  }
}
