// Writing the command's output without process.stdout / process.stderr: creating those streams loads
// Node's stream machinery, 10–20 ms of every `check` (a pre-commit hook pays it on each commit).

import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `text` to a file descriptor (1 stdout, 2 stderr), blocking as the streams do for files and pipes. */
export function writeAll(fd: 1 | 2, text: string): void {
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return; // the reader is gone (`check | head`): nothing left to tell it
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1); // a non-blocking pipe is full: let the reader catch up
    }
  }
}

export const out = (text: string): void => writeAll(1, text);
export const err = (text: string): void => writeAll(2, text);
