// What every sweep-result reader produces (docs/results.md): one point per finished run with its
// learning rate α, weight decay λ and metric value, plus what was left out and why.

export type Direction = 'minimize' | 'maximize';

export interface Run {
  lr: number;
  weightDecay: number;
  value: number;
}

export interface ReadOptions {
  /** The metric's column, key or Optuna metric name; guessed when absent (columns.ts). */
  metric?: string;
  /** The metric is better when larger; otherwise guessed from its name (or the Optuna study's direction). */
  maximize?: boolean;
  /** The Optuna study to read when the database holds several. */
  study?: string;
}

export interface RunTable {
  runs: Run[];
  /** The metric's name as the file spells it. */
  metric: string;
  direction: Direction;
  /** Which columns (or Optuna parameters / attributes) gave α and λ. */
  lrSource: string;
  weightDecaySource: string;
  /** Runs, rows or trials seen in the file, before any was left out. */
  seen: number;
  /** One line each: what was left out or assumed, for the user. */
  notes: string[];
  /**
   * Runs with a positive α and λ that ended without a finite metric (NaN, infinite, missing; an Optuna trial
   * that FAILed): most often a divergence, so the next sweep does not go past them.
   */
  failed?: Array<{ lr: number; weightDecay: number }>;
}

/** Bad input the user can fix: one line, the CLI's exit code 2, the panel's error notice. */
export class ResultsError extends Error {
  override name = 'ResultsError';
}

/**
 * Limits that keep a huge or hostile file from exhausting memory. Text files are read whole (the runs kept
 * are three numbers each); a SQLite file is loaded whole into WebAssembly memory by sql.js.
 */
export const RESULT_LIMITS = {
  textBytes: 128 * 1024 * 1024,
  sqliteBytes: 256 * 1024 * 1024,
  runs: 1_000_000,
  columns: 10_000,
} as const;
