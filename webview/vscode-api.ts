// The page's side of the channel to the extension: messages out are checked against the shared schema
// (a failing check is a bug in the page, logged and not sent); messages in are checked in panel.ts.
import { pageMessageProblem, type PageToHost, type SavedRun } from '../src/panel/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// Outside VS Code (a plain browser opening the built page) nothing listens; the page still works.
const api: VsCodeApi = typeof acquireVsCodeApi === 'function'
  ? acquireVsCodeApi()
  : { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };

export function postToHost(message: PageToHost): void {
  const problem = pageMessageProblem(message);
  if (problem) {
    console.error(`adamw-lens: not sent to the extension: ${problem}`);
    return;
  }
  api.postMessage(message);
}

/** Kept by VS Code across reloads and handed to the panel serializer. */
export function saveState(state: SavedRun): void {
  api.setState(state);
}
