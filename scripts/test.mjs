// `npm test`: the set-up a fresh clone needs (scripts/setup.mjs), then the fast checks first and the real
// VS Code last, so a broken unit shows in a minute rather than after the code-server install:
//   typecheck, lint, build, then the test files of each suite with Node's test runner:
//   unit (engine, rules, sources, cli, simulation), server, webview (Chromium), tools (pre-commit, npm
//   pack, Neovim and Emacs, CI docs), then, once code-server is installed into the cache, grammar (the
//   pragma grammar injected into VS Code's own host grammars) and e2e (the .vsix in code-server).
// Unit tests run from the TypeScript sources through tsx. The last line is the sum of the test runner's
// counts, `N passed, N failed` (a cancelled test counts as failed, and so does a failed typecheck or lint).
// Usage: node scripts/test.mjs [--unit-only] [file-filter…]
//   --unit-only   every suite that needs no code-server;  a filter keeps the test files whose path contains it
//                 (and skips typecheck and lint).
// This file imports Node's modules only: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, reportSetupFailure, setup } from './setup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit-only');
const filters = args.filter((a) => !a.startsWith('--'));

/** Suites in the order they run; a test file belongs to the suite of its folder under test/ (unit otherwise). */
const SUITES = [
  { name: 'unit', folders: [] },
  { name: 'server', folders: ['server'] },
  { name: 'webview', folders: ['webview'] },
  { name: 'tools', folders: ['tools'] },
  // These read VS Code itself (its built-in grammars, or the whole workbench): they run after the
  // cached code-server is installed, so a fresh clone's first `npm test` finds it.
  { name: 'grammar', folders: ['grammar'], needsCodeServer: true },
  { name: 'e2e', folders: ['e2e'], needsCodeServer: true },
];

const seconds = (started) => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const totals = { passed: 0, failed: 0 };

function stage(label, cmd, cmdArgs) {
  const started = Date.now();
  console.log(`[test] ${label}…`);
  const result = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root });
  const ok = result.status === 0;
  console.log(`[test] ${label}: ${ok ? 'ok' : 'FAILED'} (${seconds(started)})`);
  return ok;
}

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out.sort();
}

function suiteOf(file) {
  const folder = path.relative(path.join(root, 'test'), file).split(path.sep)[0];
  return SUITES.find((s) => s.folders.includes(folder)) ?? SUITES[0];
}

/** The counts in the summary of a TAP report (`# pass N` …). */
function tapCounts(text) {
  const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled') };
}

function runSuite(name, files) {
  const started = Date.now();
  console.log(`[test] ${name}: ${files.length} file(s)…`);
  const tapDir = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-test-'));
  const tap = path.join(tapDir, `${name}.tap`);
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1',
      '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...files], { stdio: 'inherit', cwd: root });
    let counts;
    try {
      counts = tapCounts(readFileSync(tap, 'utf8'));
    } catch {
      counts = { passed: 0, failed: 0 };
    }
    // The runner itself failing (a crash before any report) must not read as a green suite.
    if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    console.log(`[test] ${name}: ${counts.passed} passed, ${counts.failed} failed (${seconds(started)})`);
  } finally {
    rmSync(tapDir, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  await setup();
  const bin = (name) => path.join(root, 'node_modules', '.bin', name);
  if (filters.length === 0) {
    if (!stage('typecheck', bin('tsc'), ['-p', '.', '--noEmit'])) totals.failed += 1;
    if (!stage('lint', bin('eslint'), ['src', 'test', 'scripts', 'webview'])) totals.failed += 1;
  }
  if (!stage('build', process.execPath, ['scripts/build.mjs'])) {
    console.log(`${totals.passed} passed, ${totals.failed + 1} failed`);
    process.exit(1);
  }
  let files = findTests(path.join(root, 'test'));
  if (unitOnly) files = files.filter((f) => !suiteOf(f).needsCodeServer);
  if (filters.length) files = files.filter((f) => filters.some((flt) => f.includes(flt)));
  for (const suite of SUITES) {
    const mine = files.filter((f) => suiteOf(f) === suite);
    if (mine.length === 0) continue;
    if (suite.needsCodeServer) await ensureCodeServer();
    runSuite(suite.name, mine);
  }
  console.log(`[test] all suites in ${seconds(started)}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(totals.failed === 0 ? 0 : 1);
}

main().catch(reportSetupFailure);
