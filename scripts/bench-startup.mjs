// `npm run bench:startup`: how long the `adamw-lens` command takes where users wait on it whole (a
// pre-commit hook, a CI step). Prints numbers; asserts nothing (these machines are noisy: medians of
// repeated runs). Targets (issue 12): `check` on a one-file Python tree ≤ 150 ms wall; issue 13: `check`
// on a tree holding a 1.5 GB data file within 200 MB peak memory.
// Runs the built command (bin/adamw-lens.js → dist/): `npm run build` first (`node scripts/build.mjs
// --production` for the minified bundles that `npm pack` and the .vsix ship).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'adamw-lens.js');
/** Makes the command print its peak memory and CPU time on exit (scripts/bench-usage.cjs). */
const usage = path.join(root, 'scripts', 'bench-usage.cjs');

/** One run of the built command: wall time, and the peak memory (KiB) and CPU time (ms) it reports. */
function run(args, cwd, env = process.env) {
  const started = performance.now();
  const nodeArgs = args[0] === '-e' ? args : [bin, ...args];
  const r = spawnSync(process.execPath, ['--require', usage, ...nodeArgs], { cwd, encoding: 'utf8', env });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`adamw-lens ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [, maxRss, cpu, mainCpu] = /bench-usage (\d+) (\d+) (\d+|NaN)/.exec(r.stderr ?? '') ?? [];
  return { ms, maxRss: Number(maxRss), cpuMs: Number(cpu) / 1000, mainCpuMs: Number(mainCpu) / 1000, stdout: r.stdout };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** `env` is the environment of every run, or a function that gives each run its own. */
function timed(label, args, cwd, target, runs = 15, env = process.env) {
  const envOf = typeof env === 'function' ? env : () => env;
  for (let i = 0; i < 2; i++) run(args, cwd, envOf()); // warm the file cache
  const results = Array.from({ length: runs }, () => run(args, cwd, envOf()));
  const times = results.map((r) => r.ms);
  console.log(`${label}: median ${median(times).toFixed(0)} ms wall, min ${Math.min(...times).toFixed(0)} ms; CPU median ${median(results.map((r) => r.cpuMs)).toFixed(0)} ms, of it the main thread ${median(results.map((r) => r.mainCpuMs)).toFixed(0)} ms (n = ${runs})${target ? ` [target ${target} wall]` : ''}`);
}

const S1 = 'import torch\n\nfor lr in [1e-4, 3e-4, 1e-3]:\n    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.05)\n';
const dir = mkdtempSync(path.join(os.tmpdir(), 'adamw-bench-startup-'));
// Node's own start-up is the floor under every figure. NODE_EXTRA_CA_CERTS (set in some sandboxes and
// corporate set-ups) makes Node parse a certificate bundle before any script runs (~40 ms here).
const withoutExtraCerts = { ...process.env };
delete withoutExtraCerts.NODE_EXTRA_CA_CERTS;
const extraCerts = process.env.NODE_EXTRA_CA_CERTS !== undefined;
try {
  timed(`node -e 0 (Node's own start-up, the floor${extraCerts ? '; NODE_EXTRA_CA_CERTS is set here' : ''})`, ['-e', '0'], dir, undefined);
  if (extraCerts) timed('node -e 0 without NODE_EXTRA_CA_CERTS', ['-e', '0'], dir, undefined, 15, withoutExtraCerts);
  timed('adamw-lens --version (node start-up and the dispatcher)', ['--version'], dir, undefined);
  const one = path.join(dir, 'one');
  spawnSync('mkdir', [one]);
  writeFileSync(path.join(one, 'train.py'), S1);
  // Cold: the file is parsed on every run (--no-cache). Then as a pre-commit hook or CI step finds the
  // file most of the time: unchanged since the last check, its analysis kept in the result cache.
  const cacheDir = path.join(dir, 'cache');
  const cached = ['check', '.', '--cache-dir', cacheDir];
  // The first run on a machine: no result cache and no compiled-code cache (a fresh user cache folder each run).
  let fresh = 0;
  const freshCaches = () => ({ ...process.env, XDG_CACHE_HOME: path.join(dir, `fresh-${fresh++}`) });
  timed('check on a one-file Python tree, first run on the machine (no caches at all)', ['check', '.'], one, '≤ 150 ms', 15, freshCaches);
  timed('check on a one-file Python tree, parsed (--no-cache; V8\'s code cache of the bundles kept)', ['check', '.', '--no-cache'], one, '≤ 150 ms');
  if (extraCerts) timed('the same without NODE_EXTRA_CA_CERTS', ['check', '.', '--no-cache'], one, '≤ 150 ms', 15, withoutExtraCerts);
  timed('check on the same tree, unchanged since the last check (result cache)', cached, one, '≤ 150 ms');
  if (extraCerts) timed('the same without NODE_EXTRA_CA_CERTS', cached, one, '≤ 150 ms', 15, withoutExtraCerts);
  // A real-sized script: the repository's 40-line example (an S1 sweep whose decay is too weak to matter).
  const example = path.join(dir, 'example');
  spawnSync('mkdir', [example]);
  copyFileSync(path.join(root, 'examples', 'train_sweep.py'), path.join(example, 'train_sweep.py'));
  timed('check on examples/train_sweep.py alone, parsed (--no-cache)', ['check', '.', '--no-cache'], example, '≤ 150 ms');
  if (extraCerts) timed('the same without NODE_EXTRA_CA_CERTS', ['check', '.', '--no-cache'], example, '≤ 150 ms', 15, withoutExtraCerts);
  writeFileSync(path.join(one, 'model.ts'), 'import { adamw } from "@jax-js/optax";\nexport const opt = adamw(1e-3);\n');
  timed('the same with a TypeScript file that names an optimizer (loads the TS parser; --no-cache)', ['check', '.', '--no-cache'], one, undefined, 7);
  timed('the same, unchanged since the last check (result cache)', cached, one, undefined, 7);
  timed('simulate start-up (--help)', ['simulate', '--help'], dir, undefined);

  const big = path.join(dir, 'big');
  spawnSync('mkdir', ['-p', path.join(big, 'output')]);
  writeFileSync(path.join(big, 'train.py'), S1);
  writeFileSync(path.join(big, 'output', 'results.json'), '');
  truncateSync(path.join(big, 'output', 'results.json'), 1.5 * 1024 ** 3); // sparse: no disk used
  const runs = Array.from({ length: 3 }, () => run(['check', '.', '--no-cache'], big));
  console.log(`check on a tree with a 1.5 GB data file: median ${median(runs.map((r) => r.ms)).toFixed(0)} ms, peak memory ${(Math.max(...runs.map((r) => r.maxRss)) / 1024).toFixed(0)} MB [target ≤ 200 MB]`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
