// `npm run bench:tree -- DIR…`: `adamw-lens check` over whole repositories, as CI runs it (one command
// over all the folders given). Prints the wall time (median of runs), CPU time, peak memory and lines per
// second; asserts nothing. Target (issue 12): nanoGPT + step-back + pytorch-image-models + optax together
// ≤ 1.0 s wall. Takes the folders as arguments (never part of `npm test`); `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runsArg = args.find((a) => a.startsWith('--runs='));
const runs = runsArg ? Number(runsArg.slice('--runs='.length)) : 5;
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) {
  console.error('usage: npm run bench:tree -- DIR… [--runs=N]');
  process.exit(2);
}
const cwd = process.cwd();
const usage = path.join(root, 'scripts', 'bench-usage.cjs');

// Lines read, counted by the command's own walk and reader (files skipped as too large are not counted).
const { checkPaths } = createRequire(import.meta.url)(path.join(root, 'dist', 'cli-check.js'));
const checked = await checkPaths(dirs, cwd, {}, { link: true });
const lines = checked.read.reduce((n, r) => n + r.lines, 0);

/** `runs` timed runs (after one untimed) of the command with these extra arguments. */
function measure(extra) {
  const samples = [];
  for (let i = 0; i < runs + 1; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, ['--require', usage, path.join(root, 'bin', 'adamw-lens.js'), 'check', ...dirs, '--format', 'json', ...extra], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = performance.now() - started;
    const [, maxRss, cpu, mainCpu] = /bench-usage (\d+) (\d+) (\d+|NaN)/.exec(r.stderr ?? '') ?? [];
    if (i > 0) samples.push({ ms, maxRss: Number(maxRss), cpuMs: Number(cpu) / 1000, mainCpuMs: Number(mainCpu) / 1000, findings: JSON.parse(r.stdout).length });
  }
  return samples;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function report(label, samples, target) {
  const wall = median(samples.map((s) => s.ms));
  console.log(`  ${label}: wall median ${wall.toFixed(0)} ms (min ${Math.min(...samples.map((s) => s.ms)).toFixed(0)}) = ${Math.round(lines / (wall / 1000)).toLocaleString('en-US')} lines/s; ` +
    `CPU median ${median(samples.map((s) => s.cpuMs)).toFixed(0)} ms (main thread ${median(samples.map((s) => s.mainCpuMs)).toFixed(0)} ms); ` +
    `peak memory ${(Math.max(...samples.map((s) => s.maxRss)) / 1024).toFixed(0)} MB (n = ${runs})${target ? ` [target ${target}]` : ''}`);
}

// Every file parsed (--no-cache), then every file unchanged since the last check (the result cache,
// in a folder of its own that the untimed first run fills).
const parsed = measure(['--no-cache']);
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'adamw-bench-tree-cache-'));
let kept;
try {
  kept = measure(['--cache-dir', cacheDir]);
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
console.log(`check ${dirs.join(' ')}: ${checked.files.length} files, ${lines.toLocaleString('en-US')} lines read, ${parsed[0].findings} findings`);
report('every file parsed (--no-cache)', parsed, '≤ 1 000 ms wall for nanoGPT, step-back, pytorch-image-models, optax');
report('unchanged since the last check (result cache)', kept);
if (kept[0].findings !== parsed[0].findings) console.log(`  the cached run reported ${kept[0].findings} findings, not ${parsed[0].findings}: a bug`);
