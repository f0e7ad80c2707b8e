// Serves the built simulation page (dist/webview) on 127.0.0.1 with its real Content-Security-Policy and
// a stub of acquireVsCodeApi that records what the page posts, and opens it in Debian's Chromium. The
// page's run requests are served as the extension host serves them: src/panel/runs.ts with the Node
// simulator on worker threads, its messages delivered to the page in order.
// `openPanel` registers the cleanup with the test (t.after), so Chromium and the server stop on failure too.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeNonce, renderPanelHtml } from '../../src/panel/html';
import type { HostToPage, PageToHost } from '../../src/panel/messages';
import { PanelRuns } from '../../src/panel/runs';
import { simulate } from '../../src/simulation/index';

export const repoRoot = path.resolve(__dirname, '../..');
const webviewDir = path.join(repoRoot, 'dist/webview');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

const TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.ttf': 'font/ttf', '.map': 'application/json',
};

/** The stub VS Code injects as acquireVsCodeApi: posted messages and the saved state, kept for the test;
 * messages also go to the test's host (window.__toHost, exposed by openPanel). */
const STUB = `window.__posted = []; window.__state = undefined;
window.acquireVsCodeApi = () => ({
  postMessage: (message) => {
    const copy = JSON.parse(JSON.stringify(message));
    window.__posted.push(copy);
    if (window.__toHost) window.__toHost(copy);
  },
  getState: () => window.__state,
  setState: (state) => { window.__state = state; },
});`;

/**
 * Serves a webview page at / (and /index.html) as built by `render(origin, nonce)`, with `stub` (the
 * page's acquireVsCodeApi) run first under the page's nonce, and the files of dist/webview beside it.
 */
export function serveWebviewPage(render: (origin: string, nonce: string) => string, stub: string): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const nonce = makeNonce();
      const html = render(`http://${request.headers.host}`, nonce).replace('<main', `<script nonce="${nonce}">${stub}</script>\n<main`);
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

/**
 * A page of Debian's Chromium for `server`'s page, not yet navigated, closed with the test; `console`
 * collects the page's errors and warnings.
 */
export async function openChromiumPage(t: TestContext, server: Server, viewport: { width: number; height: number }): Promise<{ page: Page; console: string[]; url: string }> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport });
  // tsx compiles the tests' page.evaluate callbacks with esbuild's keep-names helper (__name); give the page one.
  await page.addInitScript('window.__name = (fn) => fn;');
  const messages: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') messages.push(message.text());
  });
  page.on('pageerror', (error) => messages.push(`page error: ${error.message}`));
  return { page, console: messages, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html` };
}

export interface PanelPage {
  page: Page;
  /** Console errors and warnings of the page. */
  console: string[];
  /** Delivers a message as the extension would (a message event on the page's window). */
  send(message: HostToPage | unknown): Promise<void>;
  posted(): Promise<PageToHost[]>;
}

/** `initial`: the messages the host puts in the page's HTML (simulation-panel.ts), if any. */
export async function openPanel(t: TestContext, viewport = { width: 1280, height: 1500 }, initial?: unknown[]): Promise<PanelPage> {
  if (!existsSync(path.join(webviewDir, 'panel.js'))) throw new Error('dist/webview/panel.js is missing: run node scripts/build.mjs first');
  const server = await serveWebviewPage((origin, nonce) => renderPanelHtml({
    cspSource: origin, nonce, script: readFileSync(path.join(webviewDir, 'panel.js'), 'utf8'),
    chartKit: readFileSync(path.join(webviewDir, 'chart-kit.js'), 'utf8'),
    style: readFileSync(path.join(webviewDir, 'panel.css'), 'utf8'), elements: `${origin}/elements.js`, codicons: `${origin}/codicon.css`,
    ...(initial ? { initial } : {}),
  }), STUB);
  const { page, console: messages, url } = await openChromiumPage(t, server, viewport);
  let delivered = Promise.resolve();
  const send = (message: HostToPage | unknown): Promise<void> => {
    delivered = delivered.then(() => page.evaluate((m) => window.postMessage(m, '*'), message)).catch(() => undefined);
    return delivered;
  };
  const runs = new PanelRuns(simulate, (message) => void send(message));
  t.after(() => runs.cancel());
  await page.exposeFunction('__toHost', (message: PageToHost) => {
    if (message.type === 'run') runs.start(message.config, message.request);
    else if (message.type === 'cancel') runs.cancel(message.runId);
  });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return {
    page,
    console: messages,
    send,
    posted: () => page.evaluate(() => (window as unknown as { __posted: PageToHost[] }).__posted),
  };
}
