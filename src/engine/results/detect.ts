// Whether a CSV/TSV or JSON Lines file looks like sweep results, from its first line alone: a header (or a
// first run) with both a learning-rate and a weight-decay column. The editor offers "Open as Sweep Results"
// only then, so an ordinary data table gets no CodeLens.
import { findLrColumn, findWeightDecayColumn } from './columns';
import { parseDelimited, sniffDelimiter } from './csv';
import { flatten } from './jsonl';

const MAX_FIRST_LINE = 100_000;

export function looksLikeSweepResults(firstLine: string, fileName: string): boolean {
  const line = firstLine.replace(/^\uFEFF/, '').slice(0, MAX_FIRST_LINE).trim();
  if (line === '') return false;
  let names: string[] = [];
  if (/\.(jsonl|ndjson)$/i.test(fileName)) {
    try {
      const value: unknown = JSON.parse(line);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
      names = [...flatten(value as Record<string, unknown>).keys()];
    } catch {
      return false;
    }
  } else {
    try {
      parseDelimited(line, sniffDelimiter(line, fileName), (fields) => { if (names.length === 0) names = fields.map((f) => f.trim()); });
    } catch {
      return false; // an unclosed quote in the first line: not a header we can read
    }
  }
  return findLrColumn(names) !== undefined && findWeightDecayColumn(names) !== undefined;
}
