// From named columns to runs: the part every tabular reader (CSV/TSV, JSON Lines) shares. It picks α, λ
// and the metric by name (columns.ts), keeps the finished runs with positive α and λ and a finite metric,
// and says in notes what it left out and what it assumed.
import {
  directionFromName, findLrColumn, findNamedColumn, findStateColumn, findWeightDecayColumn, guessMetricColumn, isUnfinishedState,
  METRIC_GUESSES,
} from './columns';
import { RESULT_LIMITS, ResultsError, type Direction, type ReadOptions, type Run, type RunTable } from './types';
import { groupThousands } from '../format';

/** A cell as readers see it: text from CSV, any JSON value from JSON Lines. */
export type Cell = unknown;

export interface Columns {
  lr: number;
  weightDecay: number;
  metric: number;
  state?: number;
}

export interface ColumnChoice {
  columns: Columns;
  metric: string;
  direction: Direction;
  notes: string[];
}

const list = (names: readonly string[], max = 12): string =>
  names.slice(0, max).map((n) => `'${n}'`).join(', ') + (names.length > max ? `, … (${names.length} in all)` : '');

/** Chooses the α, λ and metric columns among `names`; ResultsError when one cannot be found. */
export function chooseColumns(names: readonly string[], options: ReadOptions, what: string): ColumnChoice {
  if (names.length > RESULT_LIMITS.columns) throw new ResultsError(`${names.length} ${what}s: more than the ${RESULT_LIMITS.columns} this reader accepts`);
  const notes: string[] = [];
  const lr = findLrColumn(names);
  const wd = findWeightDecayColumn(names);
  if (!lr) throw new ResultsError(`no learning-rate ${what} (lr, learning_rate, optimizer.lr, config.lr…) among ${list(names)}`);
  if (!wd) throw new ResultsError(`no weight-decay ${what} (weight_decay, wd, optimizer.weight_decay…) among ${list(names)}`);
  if (lr.others.length) notes.push(`α read from '${names[lr.index]}' (also found ${list(lr.others.map((i) => names[i]), 3)})`);
  if (wd.others.length) notes.push(`λ read from '${names[wd.index]}' (also found ${list(wd.others.map((i) => names[i]), 3)})`);
  let metric: number | undefined;
  if (options.metric !== undefined) {
    metric = findNamedColumn(names, options.metric);
    if (metric === undefined) throw new ResultsError(`no ${what} named '${options.metric}' (--metric) among ${list(names)}`);
  } else {
    metric = guessMetricColumn(names);
    if (metric === undefined) {
      throw new ResultsError(`no metric ${what} recognised (${METRIC_GUESSES.slice(0, 6).join(', ')}…): name it with --metric; ${what}s are ${list(names)}`);
    }
    notes.push(`metric '${names[metric]}' guessed from its name (choose another with --metric)`);
  }
  if (metric === lr.index || metric === wd.index) throw new ResultsError(`the metric '${names[metric]}' is the ${metric === lr.index ? 'learning-rate' : 'weight-decay'} ${what}`);
  const direction = directionOf(names[metric], options, notes);
  const state = findStateColumn(names);
  return { columns: { lr: lr.index, weightDecay: wd.index, metric, ...(state !== undefined ? { state } : {}) }, metric: names[metric], direction, notes };
}

export function directionOf(metric: string, options: ReadOptions, notes: string[]): Direction {
  if (options.maximize) return 'maximize';
  const guessed = directionFromName(metric);
  if (guessed) return guessed;
  notes.push(`'${metric}' is taken as lower-is-better (pass --maximize if higher is better)`);
  return 'minimize';
}

/** A number from a cell: JSON numbers, numeric text ("3e-4", " 0.01 "); NaN for anything else. */
export function cellNumber(cell: Cell): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'string') {
    const text = cell.trim();
    return text === '' ? NaN : Number(text);
  }
  return NaN;
}

/** Collects runs row by row and counts what it leaves out. */
export class RunCollector {
  readonly runs: Run[] = [];
  private readonly failed: Array<{ lr: number; weightDecay: number }> = [];
  seen = 0;
  private unfinished = 0;
  private badMetric = 0;
  private badLr = 0;
  private zeroDecay = 0;
  private badDecay = 0;

  constructor(private readonly choice: ColumnChoice, private readonly unit = 'run') {}

  add(get: (column: number) => Cell): void {
    this.seen++;
    const { columns } = this.choice;
    if (columns.state !== undefined && isUnfinishedState(get(columns.state))) { this.unfinished++; return; }
    const lr = cellNumber(get(columns.lr));
    const weightDecay = cellNumber(get(columns.weightDecay));
    const value = cellNumber(get(columns.metric));
    if (!(Number.isFinite(lr) && lr > 0)) { this.badLr++; return; }
    if (weightDecay === 0) { this.zeroDecay++; return; }
    if (!(Number.isFinite(weightDecay) && weightDecay > 0)) { this.badDecay++; return; }
    if (!Number.isFinite(value)) {
      this.badMetric++;
      if (this.failed.length < RESULT_LIMITS.runs) this.failed.push({ lr, weightDecay });
      return;
    }
    if (this.runs.length >= RESULT_LIMITS.runs) throw new ResultsError(`more than ${groupThousands(RESULT_LIMITS.runs)} runs: split the file`);
    this.runs.push({ lr, weightDecay, value });
  }

  table(lrSource: string, weightDecaySource: string): RunTable {
    const n = (count: number) => `${count} ${this.unit}${count === 1 ? '' : 's'}`;
    const notes = [...this.choice.notes];
    if (this.unfinished) notes.push(`${n(this.unfinished)} not finished (crashed, failed, running…) left out`);
    if (this.badMetric) notes.push(`${n(this.badMetric)} with a missing or non-finite '${this.choice.metric}' left out`);
    if (this.badLr) notes.push(`${n(this.badLr)} without a positive learning rate left out`);
    if (this.zeroDecay) notes.push(`${n(this.zeroDecay)} with weight decay 0 left out (α·λ = 0 has no place on the log axes)`);
    if (this.badDecay) notes.push(`${n(this.badDecay)} without a valid weight decay left out`);
    return {
      runs: this.runs, metric: this.choice.metric, direction: this.choice.direction, lrSource, weightDecaySource, seen: this.seen, notes,
      ...(this.failed.length ? { failed: this.failed } : {}),
    };
  }
}
