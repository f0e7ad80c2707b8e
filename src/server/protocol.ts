// The requests the AdamW Lens client and server exchange beyond standard LSP. Plain types, no runtime
// dependency on either side, so the thin client can import them without pulling in the engine.

import type { WorkspaceEdit } from 'vscode-languageserver-types';

/** Finds a finding's fixes again: the diagnostic's `data` (findings are keyed by rule and position). */
export interface FindingKey {
  uri: string;
  rule: string;
  line: number;
  column: number;
}

/** Arguments of the `adamwLens.applyInputFix` command the server attaches to rescaling quick fixes. */
export interface InputFixArguments {
  key: FindingKey;
  fixKind: string;
  prompt: string;
  placeholder?: string;
  title: string;
}

export const INSTANTIATE_FIX = 'adamwLens/instantiateFix';
export interface InstantiateFixParams {
  key: FindingKey;
  fixKind: string;
  /** What the user typed in the input box ("3e-4", "50000, 200000"). */
  answer: string;
}
export type InstantiateFixResult = { edit: WorkspaceEdit; title: string } | { error: string };

export const CHECK_WORKSPACE = 'adamwLens/checkWorkspace';
export interface CheckWorkspaceResult {
  /** Files analysed (open documents excluded: they already have live diagnostics). */
  filesChecked: number;
  /** Of them, code files unchanged since they were last checked, whose analysis came from the result cache. */
  filesUnchanged: number;
  filesWithFindings: number;
  findings: number;
  cancelled: boolean;
  /** Files that could not be read, with why. */
  errors: string[];
}

export const APPLY_INPUT_FIX_COMMAND = 'adamwLens.applyInputFix';
export const SIMULATE_COMMAND = 'adamwLens.simulate';
/** The client commands VS Code's client runs itself; it lists them in `initializationOptions.clientCommands`. */
export const CLIENT_COMMANDS: readonly string[] = [APPLY_INPUT_FIX_COMMAND, SIMULATE_COMMAND];

/**
 * The server's own command (workspace/executeCommand) for clients that do not run the client commands:
 * a rescaling fix with the user's number in `answer`, or without it a choice of common ones
 * (window/showMessageRequest); the edit is applied through workspace/applyEdit.
 */
export const RESCALE_COMMAND = 'adamw-lens.rescale';
export interface RescaleArguments {
  key: FindingKey;
  fixKind: string;
  /** As typed in VS Code's input box: "3e-4" (new α), "50000, 200000" (old and new N), "512, 1024" (widths). */
  answer?: string;
}

/**
 * The files the server wants `workspace/didChangeWatchedFiles` for: the scripts and configs sweep sources
 * link to, and the sweep sources themselves (a closed one flagged by "Check Workspace" is checked again).
 */
/** What `adamwLens.languages` defaults to (package.json says the same): LSP language ids, plus `notebook`
 * for the Python cells of Jupyter notebooks. Shared by the client's document selector and the server. */
export const DEFAULT_LANGUAGES: readonly string[] = [
  'python', 'notebook', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'yaml', 'json', 'shellscript', 'makefile', 'markdown',
];

export const WATCHED_FILES = ['**/*.{py,yaml,yml,json,sh,bash,mk}', '**/{Makefile,makefile,GNUmakefile}'];
