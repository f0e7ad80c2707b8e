// Internal errors: exceptions the engine catches around one optimizer call, one rule or one file, so
// that a bug in one place never loses the findings of the others. Each becomes a note that says what
// was skipped; the CLI counts them (exit code 3) and lists them in every output format.

import type { AnalysisNote, Range } from './types';

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A note for an exception caught while `what` ran (on the optimizer call `site`, when it was one). */
export function internalErrorNote(error: unknown, what: string, where?: { site?: string; range?: Range }): AnalysisNote {
  return {
    message: `internal error: ${what}: ${errorMessage(error)}`,
    ...(where?.range ? { range: where.range } : {}),
    internalError: where?.site ? { site: where.site } : {},
  };
}

export function isInternalError(note: AnalysisNote): boolean {
  return note.internalError !== undefined;
}
