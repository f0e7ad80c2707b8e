// Serves the built sweep-results page (dist/webview/results.js) on 127.0.0.1 with its real
// Content-Security-Policy and a stub acquireVsCodeApi that records what the page posts, in Debian's Chromium.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { renderResultsHtml } from '../../src/panel/results-html';
import type { ResultsPageToHost } from '../../src/panel/results-messages';
import { openChromiumPage, serveWebviewPage } from './harness';

export const repoRoot = path.resolve(__dirname, '../..');
const webviewDir = path.join(repoRoot, 'dist/webview');
const STUB = `window.__posted = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))), getState: () => undefined, setState: () => undefined });`;

export interface ResultsPage {
  page: Page;
  console: string[];
  send(message: unknown): Promise<void>;
  posted(): Promise<ResultsPageToHost[]>;
}

export async function openResultsPage(t: TestContext, viewport = { width: 1280, height: 1300 }): Promise<ResultsPage> {
  if (!existsSync(path.join(webviewDir, 'results.js'))) throw new Error('dist/webview/results.js is missing: run node scripts/build.mjs first');
  const server = await serveWebviewPage((origin, nonce) => renderResultsHtml({
    cspSource: origin, nonce, script: `${origin}/results.js`, elements: `${origin}/elements.js`, style: `${origin}/results.css`, codicons: `${origin}/codicon.css`,
  }), STUB);
  const { page, console: messages, url } = await openChromiumPage(t, server, viewport);
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return {
    page,
    console: messages,
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    posted: () => page.evaluate(() => (window as unknown as { __posted: ResultsPageToHost[] }).__posted),
  };
}
