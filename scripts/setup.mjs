// What `npm start` and `npm test` do first, so that a fresh clone needs nothing else: the Debian packages
// listed in .ci/debian-packages.txt (installed with apt-get when running as root, otherwise one line naming
// the command to run), the npm dependencies (`npm ci` when node_modules is missing or older than
// package-lock.json), and on request the cached code-server (scripts/code-server.mjs).
// Each step prints what it does and how long it took.
//
// This file and everything it imports use Node's own modules only: it runs before node_modules exists.
// Usage: node scripts/setup.mjs [--code-server]
// Library: setup({ codeServer, log }), ensureCodeServer(log), SetupError, reportSetupFailure(error).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGE_LIST = path.join(root, '.ci', 'debian-packages.txt');

/** A set-up step that cannot go on; its message is the one line to show. */
export class SetupError extends Error {}

/** Runs `body`, then logs `label` with the time it took (also when it throws). */
async function step(log, label, body) {
  const started = Date.now();
  let outcome = 'done';
  try {
    const said = await body();
    if (typeof said === 'string') outcome = said;
  } catch (error) {
    outcome = 'failed';
    throw error;
  } finally {
    log(`setup: ${label}: ${outcome} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

export function debianPackages(file = PACKAGE_LIST) {
  return readFileSync(file, 'utf8').split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);
}

/** The listed packages dpkg does not report as installed; undefined when the machine has no dpkg. */
function missingDebianPackages(packages) {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...packages], { encoding: 'utf8' });
  if (query.error) return undefined;
  const installed = new Set(query.stdout.split('\n').filter((line) => line.endsWith(' install ok installed'))
    .map((line) => line.split(' ')[0].replace(/:.*/, '')));
  return packages.filter((p) => !installed.has(p));
}

function runInherited(cmd, args, env = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  if (result.error) throw new SetupError(`setup: could not run ${cmd}: ${result.error.message}`);
  if (result.status !== 0) throw new SetupError(`setup: \`${cmd} ${args.join(' ')}\` failed (exit ${result.status})`);
}

async function systemPackages(log) {
  const packages = debianPackages();
  await step(log, `Debian packages (${packages.length} listed in .ci/debian-packages.txt)`, () => {
    const missing = missingDebianPackages(packages);
    if (missing === undefined) return 'not a Debian system (no dpkg-query), not checked';
    if (missing.length === 0) return 'all installed';
    const install = ['install', '-y', '--no-install-recommends', ...missing];
    if (process.getuid?.() !== 0) {
      throw new SetupError(`setup: missing Debian packages; install them with: sudo apt-get update && sudo apt-get ${install.join(' ')}`);
    }
    log(`setup: installing ${missing.join(' ')} with apt-get…`);
    const quiet = { DEBIAN_FRONTEND: 'noninteractive' };
    runInherited('apt-get', ['update', '-qq'], quiet);
    runInherited('apt-get', ['-qq', ...install], quiet);
    return `installed ${missing.join(' ')}`;
  });
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * A package the lock wants that is not in node_modules at that version, read from each package.json
 * (npm's own record, node_modules/.package-lock.json, is rewritten by `npm install --package-lock-only`).
 */
function firstMissingPackage(lock) {
  for (const [where, entry] of Object.entries(lock?.packages ?? {})) {
    if (!where || entry.optional || entry.link) continue; // the root, platform-specific optionals, workspaces
    if (readJson(path.join(root, where, 'package.json'))?.version !== entry.version) return where.replace(/^.*node_modules\//, '');
  }
  return undefined;
}

/** Why node_modules must be (re)installed, or undefined when it is up to date with package-lock.json. */
export function npmInstallReason() {
  // npm writes node_modules/.package-lock.json at the end of every install: its time is the install's.
  const hidden = path.join(root, 'node_modules', '.package-lock.json');
  const lockFile = path.join(root, 'package-lock.json');
  const installed = mtime(hidden);
  if (installed === undefined) return 'node_modules is missing';
  if (installed < (mtime(lockFile) ?? 0)) return 'package-lock.json is newer than node_modules';
  const missing = firstMissingPackage(readJson(lockFile));
  if (missing) return `node_modules lacks ${missing} (at the version package-lock.json names)`;
  return undefined;
}

async function npmDependencies(log) {
  const reason = npmInstallReason();
  await step(log, 'npm dependencies', () => {
    if (!reason) return 'up to date with package-lock.json';
    log(`setup: ${reason}: npm ci…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    runInherited(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
    return 'installed with npm ci';
  });
}

/** The cached code-server for `npm start` and the e2e suite (installed on the first run, minutes, once). */
export async function ensureCodeServer(log = (line) => console.log(line)) {
  // Imported only now: code-server.mjs uses Node's modules only, but it is not needed by every caller.
  const { install, isInstalled, CODE_SERVER_VERSION } = await import('./code-server.mjs');
  const first = !isInstalled();
  await step(log, `code-server ${CODE_SERVER_VERSION}`, async () => {
    if (first) log('setup: first run: installing code-server into the cache (a few minutes, once)…');
    await install({ log: (line) => { if (first) log(`code-server: ${line}`); } });
    return first ? 'installed into the cache' : 'cached';
  });
}

/** Everything a fresh clone needs before building; `codeServer` adds the real VS Code. */
export async function setup({ codeServer: withCodeServer = false, log = (line) => console.log(line) } = {}) {
  await systemPackages(log);
  await npmDependencies(log);
  if (withCodeServer) await ensureCodeServer(log);
}

/** For the scripts that start with setup: a SetupError is one line, anything else a stack trace. */
export function reportSetupFailure(error) {
  console.error(error instanceof SetupError ? error.message : (error instanceof Error ? error.stack : String(error)));
  process.exit(1);
}

if (existsSync(process.argv[1] ?? '') && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  setup({ codeServer: process.argv.includes('--code-server') }).catch(reportSetupFailure);
}
