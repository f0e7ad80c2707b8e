// Serves the built sweep-results page (dist/webview/results.js) on 127.0.0.1 with its real
// Content-Security-Policy and a stub acquireVsCodeApi that records what the page posts, in Debian's Chromium.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { makeNonce } from '../../src/panel/html';
import { renderResultsHtml } from '../../src/panel/results-html';
import type { ResultsPageToHost } from '../../src/panel/results-messages';

export const repoRoot = path.resolve(__dirname, '../..');
const webviewDir = path.join(repoRoot, 'dist/webview');
const CHROMIUM = '/usr/bin/chromium';
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };
const STUB = `window.__posted = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))), getState: () => undefined, setState: () => undefined });`;

function serve(): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      const origin = `http://${request.headers.host}`;
      const nonce = makeNonce();
      const html = renderResultsHtml({
        cspSource: origin, nonce, script: `${origin}/results.js`, elements: `${origin}/elements.js`, style: `${origin}/results.css`, codicons: `${origin}/codicon.css`,
      }).replace('<main', `<script nonce="${nonce}">${STUB}</script>\n<main`);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end(); // browsers ask for it; VS Code's webviews have none
      return;
    }
    const file = path.join(webviewDir, path.normalize(url.pathname).replace(/^([/\\])+/, ''));
    if (!file.startsWith(webviewDir) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

export interface ResultsPage {
  page: Page;
  console: string[];
  send(message: unknown): Promise<void>;
  posted(): Promise<ResultsPageToHost[]>;
}

export async function openResultsPage(t: TestContext, viewport = { width: 1280, height: 1300 }): Promise<ResultsPage> {
  if (!existsSync(path.join(webviewDir, 'results.js'))) throw new Error('dist/webview/results.js is missing: run node scripts/build.mjs first');
  const server = await serve();
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport });
  await page.addInitScript('window.__name = (fn) => fn;');
  const messages: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') messages.push(m.text()); });
  page.on('pageerror', (error) => messages.push(`page error: ${error.message}`));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return {
    page,
    console: messages,
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    posted: () => page.evaluate(() => (window as unknown as { __posted: ResultsPageToHost[] }).__posted),
  };
}
