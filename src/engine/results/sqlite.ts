// SQLite without a native build: sql.js, SQLite compiled to WebAssembly. Its sql-wasm.wasm sits beside the
// bundle in dist/ (copied by scripts/build.mjs); from sources (tests through tsx) it is found in node_modules.
// A database is opened from a copy of the file's bytes in memory, so the file itself is never written.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

function wasmPath(wasmDir?: string): string {
  const candidates = [wasmDir && path.join(wasmDir, 'sql-wasm.wasm'), typeof __dirname === 'string' ? path.join(__dirname, 'sql-wasm.wasm') : undefined];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return require.resolve('sql.js/dist/sql-wasm.wasm');
}

/** Loads sql.js once; later calls return the same promise. */
export function loadSqlite(wasmDir?: string): Promise<SqlJsStatic> {
  loading ??= (async () => {
    const bytes = readFileSync(wasmPath(wasmDir));
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return initSqlJs({ wasmBinary });
  })();
  return loading;
}

const SQLITE_HEADER = 'SQLite format 3\0';

export function isSqlite(bytes: Uint8Array): boolean {
  if (bytes.length < SQLITE_HEADER.length) return false;
  for (let i = 0; i < SQLITE_HEADER.length; i++) if (bytes[i] !== SQLITE_HEADER.charCodeAt(i)) return false;
  return true;
}

export type { Database };
