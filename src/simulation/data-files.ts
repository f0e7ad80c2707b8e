// User data for the simulator: JSON in the layout of test/fixtures/adamw-golden.json, or CSV (features
// then target per row; the last `valFraction` of the rows become the validation set). Text in, DataSource
// out, so the CLI and the webview can share it; every problem is reported with one clear message.
import type { DataSource } from './types';

export interface LoadedData {
  data: Extract<DataSource, { kind: 'inline' }>;
  /** batch_size and epochs when the file names them. */
  batchSize?: number;
  epochs?: number;
}

export class DataFileError extends Error {
  override name = 'DataFileError';
}

const MB = 1024 * 1024;
/**
 * Data files are refused above this size before they are read: the simulator takes at most 2·10⁷ data
 * entries (LIMITS.dataEntries), which no CSV or JSON holding them needs more than 200 MB to write, and
 * a larger file read whole would exhaust the heap before any limit could say so.
 */
export const MAX_DATA_FILE_BYTES = 200 * MB;

/** Why a data file is not read, from its stat alone (undefined: read it). */
export function dataFileRefusal(fileName: string, stat: { isFile: boolean; size: number }): string | undefined {
  if (!stat.isFile) return `${fileName}: not a regular file`;
  if (stat.size > MAX_DATA_FILE_BYTES) return `${fileName}: ${(stat.size / MB).toFixed(1)} MB is over the ${MAX_DATA_FILE_BYTES / MB} MB limit for data files`;
  return undefined;
}

/** A field as an error message quotes it: long ones cut (a file of NUL bytes is one 400 MB field). */
function quoted(field: string): string {
  return field.length > 40 ? `${field.slice(0, 40)}…` : field;
}

export function parseDataFile(text: string, fileName: string, valFraction = 0.2): LoadedData {
  return /\.json$/i.test(fileName) || /^\s*\{/.test(text) ? parseJsonData(text, fileName) : parseCsvData(text, fileName, valFraction);
}

function parseJsonData(text: string, fileName: string): LoadedData {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(`${fileName}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!raw || typeof raw !== 'object') throw new DataFileError(`${fileName}: expected an object with A, b, A_val, b_val`);
  const o = raw as Record<string, unknown>;
  for (const key of ['A', 'b', 'A_val', 'b_val']) {
    if (!Array.isArray(o[key])) throw new DataFileError(`${fileName}: '${key}' is missing or not an array`);
  }
  // JSON has no NaN; null or strings where numbers belong are reported by validateConfig as non-finite.
  const data: LoadedData['data'] = {
    kind: 'inline', A: o.A as number[][], b: o.b as number[], A_val: o.A_val as number[][], b_val: o.b_val as number[],
  };
  if (o.order !== undefined) data.order = o.order as number[][];
  const out: LoadedData = { data };
  if (typeof o.batch_size === 'number') out.batchSize = o.batch_size;
  if (typeof o.epochs === 'number') out.epochs = o.epochs;
  return out;
}

function parseCsvData(text: string, fileName: string, valFraction: number): LoadedData {
  if (!(valFraction > 0 && valFraction < 1)) throw new DataFileError(`validation fraction must be between 0 and 1, got ${valFraction}`);
  const rows: number[][] = [];
  recordsOf(text).forEach(({ text: line, line: number }, index) => {
    const fields = line.split(/[,;\t]/).map((f) => f.trim().replace(/^"([\s\S]*)"$/, '$1'));
    const values = fields.map((f) => (f === '' ? NaN : Number(f)));
    if (index === 0 && values.some(Number.isNaN) && fields.some((f) => /[a-z_]/i.test(f) && !/^(nan|inf|-inf|infinity)$/i.test(f))) return; // header
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new DataFileError(`${fileName}:${number}: column ${bad + 1} is '${quoted(fields[bad])}', not a finite number (NaN in data?)`);
    if (rows.length > 0 && values.length !== rows[0].length) {
      throw new DataFileError(`${fileName}:${number}: mismatched shapes: ${values.length} columns, expected ${rows[0].length}`);
    }
    rows.push(values);
  });
  if (rows.length < 2) throw new DataFileError(`${fileName}: at least two data rows are needed`);
  if (rows[0].length < 2) throw new DataFileError(`${fileName}: each row needs at least one feature and the target`);
  const nVal = Math.max(1, Math.round(rows.length * valFraction));
  if (nVal >= rows.length) throw new DataFileError(`${fileName}: too few rows (${rows.length}) for a validation fraction of ${valFraction}`);
  const train = rows.slice(0, rows.length - nVal);
  const val = rows.slice(rows.length - nVal);
  return {
    data: {
      kind: 'inline',
      A: train.map((r) => r.slice(0, -1)), b: train.map((r) => r[r.length - 1]),
      A_val: val.map((r) => r.slice(0, -1)), b_val: val.map((r) => r[r.length - 1]),
    },
  };
}

/**
 * The records of a CSV text with the physical line each starts on (1-based, as an editor numbers them:
 * CRLF, LF and lone CR each end a line), blank and `#` comment lines left out but counted. A quoted
 * field may hold line breaks: its record goes on until the quote closes.
 */
function recordsOf(text: string): Array<{ text: string; line: number }> {
  const lines = text.split(/\r\n|\r|\n/);
  const records: Array<{ text: string; line: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    let record = lines[i];
    while ((record.match(/"/g)?.length ?? 0) % 2 === 1 && i + 1 < lines.length) record += `\n${lines[++i]}`;
    record = record.trim();
    if (record !== '' && !record.startsWith('#')) records.push({ text: record, line: first + 1 });
  }
  return records;
}
