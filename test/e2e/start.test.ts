// `npm start` (scripts/start.mjs): packages the extension, reuses the cached code-server, serves the
// workbench for examples/ and prints its URL; SIGINT stops code-server and removes the temp profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { install, stopProcessGroup } from '../../scripts/code-server.mjs';
import { ROOT } from './harness';
import { waitUntil } from './workbench';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('npm start serves examples/ in code-server and Ctrl-C stops everything', { timeout: 10 * 60_000 }, async (t) => {
  await install({ log: (line) => t.diagnostic(line) }); // the first run installs; this test is about a later run
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started: { serverPid?: number } = {};
  t.after(async () => {
    await stopProcessGroup(child.pid);
    await stopProcessGroup(started.serverPid);
  });

  const url = await waitUntil(async () => /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(output)?.[1],
    () => `expected start.mjs to print the workbench URL; it printed:\n${output}`, 120_000);
  const serverPid = Number(/code-server, process (\d+)/.exec(output)?.[1]);
  started.serverPid = serverPid;
  const profile = /into a fresh profile \((.+?)\)/.exec(output)?.[1];
  assert.ok(serverPid > 0 && alive(serverPid), `expected a running code-server process id in:\n${output}`);
  assert.ok(profile && existsSync(profile), `expected the temp profile folder to exist: ${profile}`);
  assert.match(output, /setup: code-server [\d.]+: cached/, 'expected the cached code-server to be reused');
  assert.equal(new URL(url).searchParams.get('folder'), path.join(ROOT, 'examples'));

  const response = await fetch(url);
  const page = await response.text();
  assert.equal(response.status, 200, `GET ${url}: expected 200, got ${response.status}`);
  assert.match(page, /workbench/i, 'expected the VS Code workbench page');

  process.kill(child.pid!, 'SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(() => resolve('no exit within 20 s'), 20_000); })]);
  clearTimeout(timer);
  assert.equal(code, 0, `expected start.mjs to exit 0 after SIGINT, got ${String(code)}; output:\n${output}`);
  assert.equal(alive(serverPid), false, `code-server (process ${serverPid}) still runs after Ctrl-C`);
  assert.equal(existsSync(profile), false, `the temp profile ${profile} was not removed`);
});
