// A real VS Code for `npm start` and the end-to-end tests: code-server (VS Code 1.100 served to a
// browser) installed from npm into a cache outside the git tree, then started on 127.0.0.1 with a
// fresh profile. Usage:
//   node scripts/code-server.mjs install   install once (about two minutes of native builds); later runs reuse it
//   node scripts/code-server.mjs path      print the install folder
// Library (see code-server.d.mts): install, isInstalled, installDir, startCodeServer, installExtension,
// stopProcessGroup.
//
// Cache: $ADAMW_LENS_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/adamw-lens, in a folder named after the
// version (code-server-4.100.3). The marker file `.adamw-lens-installed` is written last, so a folder
// without it is an interrupted install and is rebuilt from scratch. A lock folder beside it keeps two
// installs (say `npm start` and CI) from building into the same place at once.
//
// Why the manual steps: code-server's own postinstall downloads ripgrep from GitHub (unreachable here)
// and refuses to run as root, so the steps below do by hand what it would do, minus the downloads.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const MARKER = '.adamw-lens-installed';
const NATIVE_MODULES = ['node-pty', '@parcel/watcher', '@vscode/spdlog', 'native-watchdog', 'kerberos'];

export function cacheRoot() {
  if (process.env.ADAMW_LENS_CACHE) return path.resolve(process.env.ADAMW_LENS_CACHE);
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'adamw-lens');
}

export function installDir() {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

function entryScript(dir = installDir()) {
  return path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function isInstalled(dir = installDir()) {
  const marker = path.join(dir, MARKER);
  if (!existsSync(marker) || !existsSync(entryScript(dir))) return false;
  try {
    return JSON.parse(readFileSync(marker, 'utf8')).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Takes the install lock (a folder: mkdir is atomic); a lock left by a dead process is taken over. */
async function acquireLock(lock, log, timeoutMs = 30 * 60_000) {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSafe(path.join(lock, 'pid')));
    if (!owner || !processAlive(owner)) {
      // No pid yet may mean the owner is between mkdir and writeFile: give it a moment before taking over.
      await sleep(owner ? 0 : 1000);
      if (!owner && readFileSafe(path.join(lock, 'pid'))) continue;
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`code-server install: ${lock} is held by process ${owner}`);
    if ((Date.now() - started) % 30_000 < 2000) log(`waiting for the install running in process ${owner}…`);
    await sleep(2000);
  }
}

function readFileSafe(file) {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function run(log, cwd, cmd, args, { allowFailure = false, failureMeans = '' } = {}) {
  const started = Date.now();
  log(`$ (cd ${path.relative(installDir(), cwd) || '.'}) ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    // npm refuses lifecycle scripts as root without unsafe-perm; JOBS parallelises node-gyp.
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_audit: 'false', npm_config_fund: 'false',
      npm_config_update_notifier: 'false', JOBS: String(Math.max(1, os.availableParallelism?.() ?? 2)) },
  });
  const tolerated = result.status !== 0 && allowFailure && failureMeans ? ` (${failureMeans})` : '';
  log(`  … exit ${result.status} after ${((Date.now() - started) / 1000).toFixed(0)} s${tolerated}`);
  if (result.status !== 0 && !allowFailure) {
    const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`code-server install: \`${cmd} ${args.join(' ')}\` failed in ${cwd} (exit ${result.status})\n${tail}`);
  }
  return result;
}

function which(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Installs code-server into the cache unless a finished install is already there.
 * @returns the install folder
 */
export async function install({ log = (line) => console.log(`code-server: ${line}`) } = {}) {
  const dir = installDir();
  if (isInstalled(dir)) {
    log(`${CODE_SERVER_VERSION} already installed in ${dir}`);
    return dir;
  }
  const ripgrep = which('rg');
  if (!ripgrep) throw new Error('code-server install: ripgrep is missing (Debian: apt-get install ripgrep)');
  mkdirSync(cacheRoot(), { recursive: true });
  const release = await acquireLock(`${dir}.lock`, log);
  try {
    if (isInstalled(dir)) { // another process finished it while we waited
      log(`${CODE_SERVER_VERSION} installed by another process in ${dir}`);
      return dir;
    }
    const started = Date.now();
    log(`installing ${CODE_SERVER_VERSION} into ${dir} (a few minutes, once)`);
    rmSync(dir, { recursive: true, force: true }); // an unfinished earlier attempt
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'),
      `${JSON.stringify({ name: 'adamw-lens-code-server', private: true, description: 'cache for AdamW Lens e2e tests' }, null, 2)}\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    run(log, dir, npm, ['install', '--ignore-scripts', '--no-save', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`]);

    const vscode = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
    run(log, vscode, npm, ['install', '--omit=dev', '--ignore-scripts', '--loglevel=error']);
    // node-pty's rebuild fails at its very last step (compile_commands.json) after pty.node is built,
    // so judge the rebuild by whether each module loads rather than by its exit code.
    run(log, vscode, npm, ['rebuild', ...NATIVE_MODULES],
      { allowFailure: true, failureMeans: 'expected from node-pty\'s last step; the next step checks that every module loads' });
    const load = run(log, vscode, process.execPath, ['-e',
      `for (const m of ${JSON.stringify(NATIVE_MODULES)}) require(m)`], { allowFailure: true });
    if (load.status !== 0) {
      throw new Error(`code-server install: a native module does not load after \`npm rebuild\` (are g++, make, python3 and the `
        + `Debian -dev packages installed?)\n${load.stderr.trim().split('\n').slice(0, 8).join('\n')}`);
    }
    const rgBin = path.join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(rgBin, { recursive: true });
    copyFileSync(ripgrep, path.join(rgBin, 'rg'));
    chmodSync(path.join(rgBin, 'rg'), 0o755);
    const asar = path.join(vscode, 'node_modules.asar');
    if (!existsSync(asar)) symlinkSync('node_modules', asar);

    run(log, path.join(vscode, 'extensions'), npm, ['install', '--omit=dev', '--ignore-scripts', '--loglevel=error']);
    run(log, dir, npm, ['rebuild', 'argon2']);

    // An empty --config keeps code-server from writing ~/.config/code-server/config.yaml.
    writeFileSync(path.join(dir, 'config.yaml'), '');
    const version = run(log, dir, process.execPath, [entryScript(dir), '--config', path.join(dir, 'config.yaml'), '--version'])
      .stdout.trim();
    if (!version.includes(`${CODE_SERVER_VERSION} `)) {
      throw new Error(`code-server install: expected version ${CODE_SERVER_VERSION}, \`--version\` printed '${version}'`);
    }
    // Last: only a complete install carries the marker.
    writeFileSync(path.join(dir, MARKER),
      `${JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() })}\n`);
    log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return dir;
  } finally {
    release();
  }
}

/** Settings that keep a fresh profile quiet: no trust prompt, telemetry, welcome pages, walkthroughs or updates. */
export const QUIET_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
};

/** Creates a fresh user-data-dir (settings pre-written) and extensions-dir under one temp folder. */
export function freshProfile(settings = {}) {
  const base = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-vscode-'));
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = path.join(base, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'),
    `${JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2)}\n`);
  return { base, userDataDir, extensionsDir };
}

function ensureInstalledSync() {
  if (!isInstalled()) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${installDir()}; run \`node scripts/code-server.mjs install\``);
  }
}

/** Installs a .vsix into a profile's extensions-dir (code-server's own CLI, so it is unpacked exactly as VS Code does). */
export function installExtension({ vsix, extensionsDir, userDataDir }) {
  ensureInstalledSync();
  const result = spawnSync(process.execPath, [entryScript(), '--config', path.join(installDir(), 'config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--install-extension', path.resolve(vsix), '--force'], { encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`installing ${vsix} into code-server failed (exit ${result.status}):\n${output}`);
  }
  return output;
}

/**
 * Starts code-server on 127.0.0.1 (port 0: the system picks a free one) in its own process group.
 * Resolves once it listens; `stop()` ends the whole group. The caller must call stop(), also on failure.
 */
export async function startCodeServer({
  workspace, userDataDir, extensionsDir, port = 0, timeoutMs = 60_000, log = () => {},
} = {}) {
  ensureInstalledSync();
  const args = [entryScript(), '--config', path.join(installDir(), 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (workspace) args.push(workspace);
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const server = {
    pid: child.pid,
    child,
    url: '',
    port: 0,
    output: () => output,
    /** The workbench URL that opens `folder` (defaults to the workspace it was started with). */
    folderUrl: (folder = workspace) => `${server.url}?folder=${encodeURIComponent(path.resolve(folder))}`,
    stop: () => stopProcessGroup(child.pid),
  };
  const listening = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      const text = chunk.toString();
      output = (output + text).slice(-200_000); // keep draining the pipe, keep only the tail
      for (const line of text.split('\n')) if (line.trim()) log(line);
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+)\/?)/.exec(output);
      if (match && !server.url) {
        server.url = match[1].endsWith('/') ? match[1] : `${match[1]}/`;
        server.port = Number(match[2]);
        resolve(server);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) => reject(new Error(
      `code-server exited (code ${code}, signal ${signal}) before listening; its output:\n${output.slice(-3000)}`)));
  });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`code-server did not listen within ${timeoutMs} ms; its output:\n${output.slice(-3000)}`)),
      timeoutMs);
  });
  try {
    return await Promise.race([listening, timeout]);
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Ends a process started with `detached: true` and everything it spawned: SIGTERM to the group, SIGKILL after graceMs. */
export async function stopProcessGroup(pid, { graceMs = 5000 } = {}) {
  if (!pid) return;
  const signalGroup = (signal) => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  if (!signalGroup('SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(100);
    if (!signalGroup(0)) return;
  }
  signalGroup('SIGKILL');
  for (let i = 0; i < 50 && signalGroup(0); i++) await sleep(100);
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const command = process.argv[2];
  if (command === 'install') {
    install().catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
  } else if (command === 'path') {
    console.log(installDir());
  } else {
    console.error('usage: node scripts/code-server.mjs install | path');
    process.exit(2);
  }
}
