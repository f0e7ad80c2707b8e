// JSON Lines: one run per line, an object whose nested keys are flattened with dots
// ({"config": {"optimizer": {"lr": 1e-3}}} has the key `config.optimizer.lr`), so the same column
// names as in CSV apply. Blank lines are skipped; lines that are not a JSON object are counted and noted.
import { chooseColumns, RunCollector } from './table';
import { RESULT_LIMITS, ResultsError, type ReadOptions, type RunTable } from './types';

const MAX_DEPTH = 16;

/** The object's leaves under dotted keys; arrays are leaves (they are no hyperparameter here). */
export function flatten(value: Record<string, unknown>, into: Map<string, unknown> = new Map(), prefix = '', depth = 0): Map<string, unknown> {
  for (const [key, entry] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry) && depth < MAX_DEPTH) {
      flatten(entry as Record<string, unknown>, into, name, depth + 1);
    } else {
      into.set(name, entry);
    }
  }
  return into;
}

/** Each non-blank line with its physical number (LF, CRLF and a lone CR each end a line, as in editors). */
function forEachLine(text: string, onLine: (line: string, number: number) => void): void {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const pattern = /\r\n|\r|\n/g;
  let start = 0;
  let number = 1;
  for (;;) {
    const match = pattern.exec(body);
    const end = match ? match.index : body.length;
    const line = body.slice(start, end).trim();
    if (line !== '') onLine(line, number);
    if (!match) return;
    start = end + match[0].length;
    number++;
  }
}

function parseObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

export function readJsonLines(text: string, options: ReadOptions = {}): RunTable {
  // First pass: the keys of every run (runs may log different keys), in order of first appearance.
  const keys = new Map<string, number>();
  const badLines: number[] = [];
  forEachLine(text, (line, number) => {
    const object = parseObject(line);
    if (!object) { badLines.push(number); return; }
    for (const key of flatten(object).keys()) {
      if (!keys.has(key)) {
        if (keys.size >= RESULT_LIMITS.columns) throw new ResultsError(`more than ${RESULT_LIMITS.columns} distinct keys: not a table of runs`);
        keys.set(key, keys.size);
      }
    }
  });
  if (keys.size === 0) {
    throw new ResultsError(badLines.length ? `line ${badLines[0]}: not a JSON object (expected one run per line)` : 'the file is empty: expected one JSON object per line');
  }
  const names = [...keys.keys()];
  const choice = chooseColumns(names, options, 'key');
  const wanted = new Set([choice.columns.lr, choice.columns.weightDecay, choice.columns.metric, choice.columns.state].filter((c) => c !== undefined).map((c) => names[c!]));
  const collector = new RunCollector(choice);
  // Second pass: only the keys in use are looked up.
  forEachLine(text, (line) => {
    const object = parseObject(line);
    if (!object) return;
    const flat = flatten(object);
    collector.add((column) => (wanted.has(names[column]) ? flat.get(names[column]) : undefined));
  });
  const table = collector.table(names[choice.columns.lr], names[choice.columns.weightDecay]);
  if (badLines.length) {
    const shown = badLines.slice(0, 5).join(', ') + (badLines.length > 5 ? ', …' : '');
    table.notes.push(`${badLines.length} line${badLines.length === 1 ? '' : 's'} not a JSON object skipped (line ${shown})`);
  }
  return table;
}
