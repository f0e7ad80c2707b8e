// Types of scripts/code-server.mjs for the TypeScript end-to-end tests.
import type { ChildProcess } from 'node:child_process';

export const CODE_SERVER_VERSION: string;
export const QUIET_SETTINGS: Readonly<Record<string, unknown>>;
export function cacheRoot(): string;
export function installDir(): string;
export function isInstalled(dir?: string): boolean;
export function install(options?: { log?: (line: string) => void }): Promise<string>;

export interface Profile {
  /** Temp folder holding both dirs; delete it when done. */
  base: string;
  userDataDir: string;
  extensionsDir: string;
}
export function freshProfile(settings?: Record<string, unknown>): Profile;
export function installExtension(options: { vsix: string; extensionsDir: string; userDataDir: string }): string;

export interface CodeServer {
  pid: number;
  child: ChildProcess;
  /** e.g. http://127.0.0.1:34567/ */
  url: string;
  port: number;
  output(): string;
  folderUrl(folder?: string): string;
  stop(): Promise<void>;
}
export function startCodeServer(options: {
  workspace?: string;
  userDataDir: string;
  extensionsDir: string;
  port?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}): Promise<CodeServer>;
export function stopProcessGroup(pid: number | undefined, options?: { graceMs?: number }): Promise<void>;
