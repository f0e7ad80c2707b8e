// What the server knows at any moment: the open documents and notebooks, the settings, and the latest
// analysis result of every text document and notebook cell (hovers, CodeLens and quick fixes read them).

import { fileURLToPath } from 'node:url';
import type { AnalysisResult } from '../engine';
import type { OpenNotebook, OpenTextDocument } from './documents';
import { DEFAULT_SETTINGS, type ServerSettings } from './settings';

export class ServerState {
  readonly texts = new Map<string, OpenTextDocument>();
  readonly notebooks = new Map<string, OpenNotebook>();
  /** Latest result per text document URI or notebook cell URI. */
  readonly results = new Map<string, AnalysisResult>();
  settings: ServerSettings = DEFAULT_SETTINGS;
  workspaceFolders: string[] = [];

  notebookOfCell(cellUri: string): OpenNotebook | undefined {
    for (const notebook of this.notebooks.values()) if (notebook.hasCell(cellUri)) return notebook;
    return undefined;
  }

  isServed(text: OpenTextDocument): boolean {
    return this.settings.languages.has(text.languageId);
  }

  notebooksServed(): boolean {
    return this.settings.languages.has('notebook');
  }

  /** Whether a file on disk is open in the editor (as a document or a notebook), by URI. */
  isOpen(uri: string): boolean {
    return this.texts.has(uri) || this.notebooks.has(uri);
  }
}

/** The file system path of a `file:` URI (the engine names files in messages), else undefined. */
export function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
