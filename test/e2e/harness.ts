// The end-to-end harness: the packaged .vsix installed into a fresh code-server profile, examples/
// copied to a temp workspace (fixes applied by the tests never touch the repository), Debian's
// Chromium driven by playwright-core. Every process is started in its own process group and stopped
// by its own process id in `close()`, which the tests call from t.after / finally.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';
import {
  freshProfile, install, installExtension, startCodeServer, stopProcessGroup, type CodeServer,
} from '../../scripts/code-server.mjs';
import { packageExtension } from '../../scripts/package.mjs';

export const ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS = path.join(ROOT, 'test-results', 'e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Session {
  page: Page;
  /** The temp copy of examples/ that VS Code has open. */
  workspace: string;
  server: CodeServer;
  browserPid: number | undefined;
  /** Stops Chromium and code-server (by process group) and removes the temp folders; safe to call twice. */
  close(): Promise<void>;
}

/** Settings on top of code-server.mjs's quiet profile that make the UI deterministic for a test. */
const TEST_SETTINGS = {
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'workbench.editor.enablePreview': false,
  'notebook.confirmDeleteRunningCell': false,
  'extensions.autoCheckUpdates': false,
  'window.restoreWindows': 'none',
  'workbench.colorTheme': 'Default Light Modern',
};

export interface SessionOptions {
  /** An already packaged .vsix (benchmarks open several sessions); packaged afresh when absent. */
  vsix?: string;
}

export async function openSession(log: (line: string) => void = () => {}, options: SessionOptions = {}): Promise<Session> {
  const cleanups: Array<() => Promise<void> | void> = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`cleanup: ${String(error)}`);
      }
    }
  };
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's chromium (apt-get install chromium; .ci/run does) `
      + 'or set CHROMIUM_PATH');
  }
  try {
    mkdirSync(RESULTS, { recursive: true });
    const vsix = options.vsix ?? packageExtension({ log }).vsix;
    await install({ log });
    const profile = freshProfile(TEST_SETTINGS);
    cleanups.push(() => rmSync(profile.base, { recursive: true, force: true }));
    // Kept for diagnosing failures: VS Code's logs (extension host, the extension's output channel).
    cleanups.push(() => {
      const logs = path.join(profile.userDataDir, 'logs');
      rmSync(path.join(RESULTS, 'vscode-logs'), { recursive: true, force: true });
      if (existsSync(logs)) cpSync(logs, path.join(RESULTS, 'vscode-logs'), { recursive: true });
    });
    installExtension({ vsix, ...profile });

    const workspaceParent = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-e2e-'));
    cleanups.push(() => rmSync(workspaceParent, { recursive: true, force: true }));
    const workspace = path.join(workspaceParent, 'examples');
    cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });

    const server = await startCodeServer({ workspace, ...profile });
    cleanups.push(() => server.stop());
    cleanups.push(() => writeFileSync(path.join(RESULTS, 'code-server.log'), server.output()));
    log(`code-server pid ${server.pid} at ${server.url}`);

    const browserServer: BrowserServer = await chromium.launchServer({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
    const browserPid = browserServer.process().pid;
    // Playwright starts the browser in its own process group: kill the group, then let Playwright tidy up.
    cleanups.push(async () => {
      await stopProcessGroup(browserPid, { graceMs: 2000 });
      await browserServer.close().catch(() => {});
    });
    const browser: Browser = await chromium.connect(browserServer.wsEndpoint());
    cleanups.push(() => browser.close().catch(() => {}));
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleLines.push(`[${message.type()}] ${message.text()}`);
    });
    cleanups.push(() => writeFileSync(path.join(RESULTS, 'browser-console.log'), `${consoleLines.join('\n')}\n`));
    await page.goto(server.folderUrl(workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return { page, workspace, server, browserPid, close };
  } catch (error) {
    await close();
    throw error;
  }
}
