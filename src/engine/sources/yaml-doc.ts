// YAML through the `yaml` package (JSON has its own faster reader, json-doc.ts), keeping source offsets so
// that findings and fixes point at the exact entry. Helpers to walk maps and read numbers.

import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { AnalysisNote, Range } from '../types';

export interface ParsedYaml {
  documents: Document.Parsed[];
  /** Offset → 0-based position. */
  rangeOf(start: number, end: number): Range;
  notes: AnalysisNote[];
}

/** Deeper than this, YAML or JSON is data rather than a sweep config, and is not read. */
export const MAX_SOURCE_DEPTH = 500;

/** The note on a YAML or JSON file nested deeper than MAX_SOURCE_DEPTH. */
export function tooDeepNote(what: 'YAML' | 'JSON'): AnalysisNote {
  return { message: `${what} nested deeper than ${MAX_SOURCE_DEPTH} levels is read as data, not a sweep config: this file was not read` };
}

/**
 * Whether the flow collections (`[`, `{`) of a YAML text nest deeper than `limit`, outside quoted
 * scalars and comments. The yaml package parses them recursively: 10 000 levels overflow its stack,
 * which it reports as a syntax error although the text is valid. JSON is flow YAML: the same count
 * holds for it (json-doc.ts), whose parser recurses too.
 */
export function flowNestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (quote === 0x22 && c === 0x5c) i++; // backslash escape in a double-quoted scalar
      else if (c === quote) quote = 0;
    } else if (c === 0x22 || (c === 0x27 && depth > 0)) quote = c;
    else if (c === 0x23 && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\n')) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return false;
}

const STACK_OVERFLOW = /Maximum call stack size exceeded|too much recursion/;

/** Parses every document of a YAML (or JSON) text; syntax errors become notes, never exceptions. */
export function parseYaml(text: string, what: 'YAML' | 'JSON'): ParsedYaml {
  const lineCounter = new LineCounter();
  const rangeOf = (start: number, end: number): Range => {
    const a = lineCounter.linePos(start);
    const b = lineCounter.linePos(end);
    return { start: { line: a.line - 1, column: a.col - 1 }, end: { line: b.line - 1, column: b.col - 1 } };
  };
  const notes: AnalysisNote[] = [];
  const tooDeep = tooDeepNote(what);
  if (flowNestingExceeds(text, MAX_SOURCE_DEPTH)) return { documents: [], rangeOf, notes: [tooDeep] };
  let documents: Document.Parsed[] = [];
  try {
    documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false }) as Document.Parsed[];
    if (!Array.isArray(documents)) documents = [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { documents: [], rangeOf, notes: [STACK_OVERFLOW.test(message) ? tooDeep : { message: `${what} could not be read: ${message}` }] };
  }
  const broken = documents.find((d) => d.errors.length > 0);
  if (broken) {
    const error = broken.errors[0];
    // Block collections nested past the parser's stack (`- - - …`) are valid YAML too: not a syntax error.
    if (STACK_OVERFLOW.test(error.message)) return { documents: [], rangeOf, notes: [tooDeep] };
    const [start, end] = error.pos;
    const firstLine = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    notes.push({ message: `${what} syntax error, sweeps in this file were not read: ${firstLine}`, range: rangeOf(start, Math.max(start, end)) });
    return { documents: [], rangeOf, notes };
  }
  return { documents, rangeOf, notes };
}

/** The value under `key` of a map node (plain keys only). */
export function getPair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  for (const item of map.items) if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair<Node, Node | null>;
  return undefined;
}

export function getNode(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  return getPair(map, key)?.value ?? undefined;
}

/** A number, or a string that is one (PyYAML reads `1e-4` as a string; W&B passes it through). */
export function numberOf(node: unknown): number | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v.trim())) return Number(v);
  return undefined;
}

/** Every element of a sequence as a number, or undefined when one is not. */
export function numbersOf(node: unknown): number[] | undefined {
  if (!isSeq(node)) return undefined;
  const out: number[] = [];
  for (const item of node.items) {
    const n = numberOf(item);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

export function stringOf(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** Start and end offsets of a node (its value, without trailing comments). */
export function span(node: { range?: [number, number, number] | null }): [number, number] | undefined {
  return node.range ? [node.range[0], node.range[1]] : undefined;
}

/** Start offset of a pair's key to the end of its value's last character (a block value's range runs on past its line). */
export function pairSpan(pair: Pair<Node, Node | null>, text: string): [number, number] | undefined {
  const k = pair.key.range;
  const v = pair.value?.range ?? k;
  if (!k || !v) return undefined;
  let end = v[1];
  while (end > k[0] && /\s/.test(text[end - 1])) end--;
  return [k[0], end];
}
