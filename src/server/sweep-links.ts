// What sweep sources link to in the editor: one engine `WorkspaceIndex` per workspace folder, holding
// the Python scripts and Hydra YAML configs a sweep file, shell loop or Makefile may launch. Open
// documents override the disk; closed files follow the disk through the file watcher. The index only
// stores texts (scripts are parsed lazily, when a sweep links to them), so feeding it stays cheap.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { discoverFiles, isSearchedAmongKnownFiles, WorkspaceIndex, type OptimizerSite } from '../engine';

/** Larger scripts are generated code or data, never a training script worth linking to. */
const MAX_LINKED_FILE_BYTES = 1024 * 1024;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Files whose text decides what a sweep links to: training scripts and Hydra / experiment YAML configs. */
export function isLinkTarget(file: string): boolean {
  return /\.(py|ya?ml)$/i.test(file);
}

function textOfBytes(bytes: Buffer): string | undefined {
  if (bytes.byteLength > MAX_LINKED_FILE_BYTES || bytes.subarray(0, 8192).includes(0)) return undefined;
  return bytes.toString('utf8');
}

/** The engine's on-demand reader (a script outside the indexed files): undefined for anything unreadable. */
function readTextOrUndefined(file: string): string | undefined {
  try {
    return textOfBytes(readFileSync(file));
  } catch {
    return undefined;
  }
}

async function readTextAsync(file: string): Promise<string | undefined> {
  try {
    return textOfBytes(await readFile(file));
  } catch {
    return undefined;
  }
}

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

export class SweepLinks {
  private readonly indexes = new Map<string, WorkspaceIndex>();
  /**
   * Closed files whose text the indexes took from disk outside a watcher event, since the watcher last
   * reported on them: read on demand (a sweep named them) or by the workspace check. Such a read can land
   * between a change on disk and its event: the event then finds the index already up to date, though the
   * open sweep files were analysed before, when the file said something else or was not there. Their next
   * event re-links.
   */
  private readonly readAheadOfWatcher = new Set<string>();
  private readonly readOnDemand = (file: string): string | undefined => {
    const text = readTextOrUndefined(file);
    if (text !== undefined) this.readAheadOfWatcher.add(path.resolve(file));
    return text;
  };
  /** Files outside every folder (or before the client named any) still link, relative to themselves. */
  private readonly outside = new WorkspaceIndex(undefined, this.readOnDemand);
  /** Files an open document owns: the disk (watcher, start-up walk) must not override the editor's text. */
  private readonly openFiles = new Set<string>();

  /** Replaces the workspace folders; returns the ones that are new (to be filled with `load`). */
  setFolders(folders: string[]): string[] {
    const wanted = new Set(folders.map((f) => path.resolve(f)));
    for (const folder of this.indexes.keys()) if (!wanted.has(folder)) this.indexes.delete(folder);
    const added = [...wanted].filter((f) => !this.indexes.has(f));
    for (const folder of added) this.indexes.set(folder, new WorkspaceIndex(folder, this.readOnDemand));
    // Open documents reach their new index at their next analysis run (the server re-runs them all).
    return added;
  }

  /** The index of the innermost workspace folder holding `file`. */
  indexFor(file: string): WorkspaceIndex {
    let best: string | undefined;
    for (const folder of this.indexes.keys()) {
      if (isInside(folder, file) && (!best || folder.length > best.length)) best = folder;
    }
    return best ? this.indexes.get(best)! : this.outside;
  }

  /**
   * Reads the scripts and YAML configs of new folders that sweeps search for, one at a time with a yield
   * in between so that the server keeps answering. The engine reads a script a sweep names (`program:
   * train.py`, `python train.py`) and its imports on demand; only the files its searches look at
   * (isSearchedAmongKnownFiles) must be known before a sweep asks, and keeping just those keeps a large
   * workspace's texts out of memory.
   */
  async load(folders: string[], exclude: string[], include: string[]): Promise<number> {
    let loaded = 0;
    for (const folder of folders) {
      const { files } = discoverFiles([folder], folder, exclude, include);
      for (const file of files.filter(isLinkTarget)) {
        const text = await readTextAsync(file);
        // The folder may have been removed, or the file opened, while we were reading.
        const wanted = text !== undefined && isSearchedAmongKnownFiles(file, text);
        if (wanted && this.indexes.has(folder) && !this.openFiles.has(path.resolve(file))) {
          this.indexFor(file).setFile(file, text);
          loaded++;
        }
        await nextTurn();
      }
    }
    return loaded;
  }

  /** An open document's current text. True when a sweep linked to it may now read differently. */
  documentText(file: string, text: string): boolean {
    const key = path.resolve(file);
    this.openFiles.add(key);
    const index = this.indexFor(key);
    if (index.textOf(key) === text) return false;
    index.setFile(key, text);
    return true;
  }

  /** A Python document analysed: its optimizer calls are reused when a sweep links to it. */
  scriptAnalyzed(file: string, text: string, sites: OptimizerSite[]): void {
    const key = path.resolve(file);
    if (!this.openFiles.has(key)) this.readAheadOfWatcher.add(key); // the workspace check read it from disk
    this.indexFor(key).setAnalyzedScript(key, text, sites);
  }

  /**
   * A closed script the workspace check analysed without sending its text (no search looks at it). The
   * index holds such a script only when a sweep read it on demand: that text follows the disk again, so
   * that it is current and the script stays known (deleting it re-links the sweeps that launch it).
   */
  scriptOnDisk(file: string): void {
    const key = path.resolve(file);
    if (!this.openFiles.has(key) && this.indexFor(key).has(key) && this.takeDiskText(key)) this.readAheadOfWatcher.add(key);
  }

  /** Files whose open-document text the links hold instead of the disk's. */
  openDocuments(): string[] {
    return [...this.openFiles];
  }

  /** The editor closed a document: the file is what the disk says again. True when that differs. */
  documentClosed(file: string): boolean {
    const key = path.resolve(file);
    if (!this.openFiles.delete(key)) return false;
    // While open, the sweeps linked to the editor's text: comparing it with the disk's is exact.
    this.readAheadOfWatcher.delete(key);
    return this.takeDiskText(key);
  }

  /** A watched file was created, changed or deleted on disk. True when a sweep may now link differently. */
  diskChanged(file: string, deleted: boolean): boolean {
    const key = path.resolve(file);
    if (this.openFiles.has(key) || !isLinkTarget(key)) return false;
    const readAhead = this.readAheadOfWatcher.delete(key);
    if (!deleted) return this.takeDiskText(key) || readAhead;
    const index = this.indexFor(key);
    const known = index.files().includes(key);
    index.removeFile(key);
    return known;
  }

  /** The index takes the disk's text of `key`. True when that differs from what it held. */
  private takeDiskText(key: string): boolean {
    const index = this.indexFor(key);
    const before = index.files().includes(key) ? index.textOf(key) : undefined;
    const text = readTextOrUndefined(key);
    if (text === undefined) index.removeFile(key);
    else index.setFile(key, text);
    return before !== text;
  }
}
