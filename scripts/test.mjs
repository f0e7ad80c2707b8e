// `npm test`: type-check, lint, build, then every test file under test/ with Node's test runner.
// Unit tests run from the TypeScript sources through tsx; the end-to-end tests (test/e2e/) use the
// build, Debian's Chromium and a local code-server (see scripts/code-server.mjs).
// Usage: node scripts/test.mjs [--unit-only] [file-filter…]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit-only');
const filters = args.filter((a) => !a.startsWith('--'));

function run(label, cmd, cmdArgs) {
  const started = Date.now();
  const result = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root });
  console.log(`[test] ${label}: ${result.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (result.status !== 0) process.exit(result.status ?? 1);
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

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
if (filters.length === 0) {
  run('typecheck', bin('tsc'), ['-p', '.', '--noEmit']);
  run('lint', bin('eslint'), ['src', 'test', 'webview']);
}
run('build', process.execPath, ['scripts/build.mjs']);
let files = findTests(path.join(root, 'test'));
if (unitOnly) files = files.filter((f) => !f.includes(`${path.sep}e2e${path.sep}`));
if (filters.length) files = files.filter((f) => filters.some((flt) => f.includes(flt)));
run('tests', process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files]);
