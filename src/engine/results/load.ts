// Which reader a file needs: SQLite by its header (an Optuna storage), JSON Lines by extension or a first
// `{`, else CSV/TSV. Sizes are checked before anything is read, so a huge file is refused, not loaded.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import path from 'node:path';
import { readCsv } from './csv';
import { readJsonLines } from './jsonl';
import { readOptuna } from './optuna';
import { isSqlite } from './sqlite';
import { RESULT_LIMITS, ResultsError, type ReadOptions, type RunTable } from './types';

export type ResultsFormat = 'csv' | 'jsonl' | 'optuna';

const SQLITE_EXTENSIONS = /\.(db|sqlite|sqlite3)$/i;
const JSONL_EXTENSIONS = /\.(jsonl|ndjson)$/i;

export function formatOf(bytes: Uint8Array, fileName: string): ResultsFormat {
  if (isSqlite(bytes)) return 'optuna';
  if (SQLITE_EXTENSIONS.test(fileName)) throw new ResultsError('not a SQLite database (expected an Optuna storage)');
  if (JSONL_EXTENSIONS.test(fileName)) return 'jsonl';
  const first = bytes.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf);
  return first === 0x7b /* { */ ? 'jsonl' : 'csv';
}

const mebibytes = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`;

/** Runs from a file's bytes (the panel reads files through VS Code's file system). */
export async function readResultsBytes(bytes: Uint8Array, fileName: string, options: ReadOptions = {}, wasmDir?: string): Promise<{ table: RunTable; format: ResultsFormat }> {
  const format = formatOf(bytes, fileName);
  const limit = format === 'optuna' ? RESULT_LIMITS.sqliteBytes : RESULT_LIMITS.textBytes;
  if (bytes.length > limit) throw new ResultsError(`the file is ${mebibytes(bytes.length)}, more than the ${mebibytes(limit)} this reader accepts`);
  if (format === 'optuna') return { table: await readOptuna(bytes, options, wasmDir), format };
  if (options.study !== undefined) throw new ResultsError('--study applies to Optuna databases only');
  const text = new TextDecoder('utf-8').decode(bytes);
  return { table: format === 'jsonl' ? readJsonLines(text, options) : readCsv(text, options, path.basename(fileName)), format };
}

/** Runs from a file on disk; the size is checked on the open file before it is read. */
export async function readResultsFile(file: string, options: ReadOptions = {}, wasmDir?: string): Promise<{ table: RunTable; format: ResultsFormat }> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new ResultsError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ResultsError(`${file} is not a file`);
    const limit = Math.max(RESULT_LIMITS.sqliteBytes, RESULT_LIMITS.textBytes);
    if (stat.size > limit) throw new ResultsError(`${file} is ${mebibytes(stat.size)}, more than the ${mebibytes(limit)} any reader accepts`);
    const bytes = new Uint8Array(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, bytes, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return await readResultsBytes(bytes.subarray(0, read), file, options, wasmDir);
  } finally {
    closeSync(fd);
  }
}
