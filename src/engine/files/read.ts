// Reading a file the engine is to check: stat'ed first, so that a device (`/dev/zero`), a FIFO or a
// file over the size limit is skipped with a note before a single byte is read, then read with a hard
// cap (a file that grows while it is read cannot exhaust memory), then decoded.

import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { isSweepSourceLanguage, type DocumentLanguage } from '../languages';

const MB = 1024 * 1024;

/**
 * The documented limits (docs/limits in README.md): code, notebooks and linked training scripts up to
 * 5 MB; sweep sources (YAML, JSON, shell, Makefile, Markdown) up to 1 MB, since larger ones are data,
 * lock files or logs, never a sweep someone wrote by hand.
 */
export const FILE_LIMITS = { codeBytes: 5 * MB, sweepSourceBytes: 1 * MB } as const;

/** The limit for a file of this language. */
export function limitFor(language: DocumentLanguage): number {
  return isSweepSourceLanguage(language) ? FILE_LIMITS.sweepSourceBytes : FILE_LIMITS.codeBytes;
}

export type SourceFileRead =
  /** The text, with a note when it was decoded with a fallback. */
  | { text: string; note?: string }
  /** Not read, on purpose (too large, not a regular file, binary): say why and go on. */
  | { skipped: string }
  /** Could not be read (missing, permission). */
  | { error: string };

/** Decodes file bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1 with a note. */
export function decodeBytes(bytes: Buffer): { text?: string; note?: string } {
  const head = bytes.subarray(0, 8192);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString('utf16le') };
  if (head.includes(0)) return { note: 'binary file skipped' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { text: bytes.toString('latin1'), note: 'not valid UTF-8; read as Latin-1' };
  }
}

const tooLarge = (bytes: number, limit: number) =>
  `skipped, ${(bytes / MB).toFixed(1)} MB is over the ${(limit / MB).toFixed(0)} MB limit${limit === FILE_LIMITS.sweepSourceBytes ? ' for sweep files' : ''}`;

function decoded(bytes: Buffer): SourceFileRead {
  const { text, note } = decodeBytes(bytes);
  if (text === undefined) return { skipped: note ?? 'not text' };
  return note ? { text, note } : { text };
}

/** What a stat says before reading: undefined when the file may be read. */
function refusal(st: { isFile(): boolean; size: number }, limit: number): string | undefined {
  if (!st.isFile()) return 'not a regular file, skipped';
  if (st.size > limit) return tooLarge(st.size, limit);
  return undefined;
}

const errorText = (error: unknown) => ((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message);

/** Opening never blocks (a FIFO swapped in after the stat would wait for a writer). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Reads a file of at most `limit` bytes; anything else is skipped with a note, never read whole. */
export function readSourceFile(file: string, limit: number): SourceFileRead {
  let fd: number;
  try {
    const why = refusal(statSync(file), limit);
    if (why) return { skipped: why };
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    return { error: errorText(error) };
  }
  try {
    const st = fstatSync(fd);
    const why = refusal(st, limit);
    if (why) return { skipped: why };
    // One byte more than the limit tells a file that grew since the stat from one that fits.
    const buffer = Buffer.allocUnsafe(Math.min(st.size, limit) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) {
        if (length > limit) return { skipped: tooLarge(length, limit) };
        break;
      }
    }
    return decoded(buffer.subarray(0, length));
  } catch (error) {
    return { error: errorText(error) };
  } finally {
    closeSync(fd);
  }
}

/** `readSourceFile` without blocking the event loop (the language server's workspace check). */
export async function readSourceFileAsync(file: string, limit: number): Promise<SourceFileRead> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    const why = refusal(await stat(file), limit);
    if (why) return { skipped: why };
    handle = await open(file, OPEN_FLAGS);
  } catch (error) {
    return { error: errorText(error) };
  }
  try {
    const st = await handle.stat();
    const why = refusal(st, limit);
    if (why) return { skipped: why };
    const buffer = Buffer.allocUnsafe(Math.min(st.size, limit) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        if (length > limit) return { skipped: tooLarge(length, limit) };
        break;
      }
    }
    return decoded(buffer.subarray(0, length));
  } catch (error) {
    return { error: errorText(error) };
  } finally {
    await handle.close();
  }
}
