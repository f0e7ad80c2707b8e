// `npm run bench:sim`: the full seed-fig3 preset (2 variants × 10 α × 10 λ = 200 cells, 129 distinct runs,
// × 5 seeds = 645 runs of 500 steps, n = 200, d = 1000) on the wasm kernel with worker threads, beside the plain-JS float64
// reference doing the same work (a subset of cells, extrapolated; the output says so).
// Targets on the 2-core machine: full preset ≤ 2 s, first seed ≤ 0.3 s, peak memory ≤ 150 MB.
// Run 1 starts the worker threads; later runs reuse them (src/simulation/node-pool.ts, as the panel's reruns
// do): both are printed, with medians (the machine is shared: single runs are noise).
// Usage: node scripts/bench-sim.mjs [--repeat N] [--js-cells N]   (builds first when dist/ is missing)
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const repeat = arg('--repeat', 3);
const jsCells = arg('--js-cells', 2);

if (!existsSync(path.join(root, 'dist/simulation.js')) || !existsSync(path.join(root, 'dist/ridge.wasm'))) {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
}
const sim = require(path.join(root, 'dist/simulation.js'));

const config = sim.preset('seed-fig3');
const cells = config.variants.reduce((sum, v) => sum + config.lrs.length * config.weightDecays[v].length, 0);
const stepsPerRun = config.epochs * Math.ceil(config.data.n / config.batchSize);
// LH cells on the α·λ diagonals of the PT grid are PT runs (src/simulation/distinct-runs.ts): computed once.
const distinct = sim.distinctRunCount(config);
const runs = distinct * config.seeds;
// Two matrix products per step: 2 flops per multiply-add, 2 products, batch × d × runs computed.
const flops = 4 * config.batchSize * config.data.d * distinct * stepsPerRun * config.seeds;

console.log(`seed-fig3: ${cells} cells (${distinct} distinct runs) × ${config.seeds} seeds = ${runs} runs × ${stepsPerRun} steps, n=${config.data.n}, d=${config.data.d}, ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(2)}`);

const times = [];
for (let r = 0; r < repeat; r++) {
  const started = performance.now();
  let firstSeed = NaN;
  const result = await sim.simulate(config, {
    onProgress: (p) => { if (p.seedsDone === 1 && Number.isNaN(firstSeed)) firstSeed = (performance.now() - started) / 1000; },
  });
  const wall = (performance.now() - started) / 1000;
  const diverged = Object.values(result.diverged).flat(2).filter(Boolean).length;
  times.push({ wall, firstSeed });
  console.log(`  wasm run ${r + 1}: ${wall.toFixed(3)} s, first seed's heatmap after ${firstSeed.toFixed(3)} s, ${(flops / wall / 1e9).toFixed(1)} GFLOP/s, ${diverged} diverged cells`);
}
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const medianWall = median(times.map((t) => t.wall));
const medianFirst = median(times.map((t) => t.firstSeed));
const warm = times.slice(1);
const peakMB = process.resourceUsage().maxRSS / 1024;

// Plain JS: the float64 reference (one cell at a time, no lockstep, no SIMD) on `jsCells` cells of seed 0.
const bundle = await esbuild.build({
  entryPoints: [path.join(root, 'src/simulation/reference.ts')], bundle: true, write: false, format: 'cjs', platform: 'node',
  absWorkingDir: root, logLevel: 'warning',
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', bundle.outputFiles[0].text)(mod, mod.exports, require);
const dataBundle = await esbuild.build({
  entryPoints: [path.join(root, 'src/simulation/data.ts')], bundle: true, write: false, format: 'cjs', platform: 'node',
  absWorkingDir: root, logLevel: 'warning',
});
const dataMod = { exports: {} };
new Function('module', 'exports', 'require', dataBundle.outputFiles[0].text)(dataMod, dataMod.exports, require);
const problem = dataMod.exports.problemFor(config.data, 0);
const jsStarted = performance.now();
for (let c = 0; c < jsCells; c++) {
  mod.exports.runReference(problem, { variant: 'pt', lr: config.lrs[c % config.lrs.length], weightDecay: 1e-2, schedule: 'constant',
    epochs: config.epochs, batchSize: config.batchSize });
}
const perRun = (performance.now() - jsStarted) / 1000 / jsCells;
const jsTotal = perRun * runs;

console.log('');
console.log(`wasm kernel (f32x4 SIMD, lockstep, ${config.threads ?? os.availableParallelism()} worker threads), median of ${repeat} (load average now ${os.loadavg()[0].toFixed(2)}):`);
console.log(`  full preset     ${medianWall.toFixed(3)} s   (target ≤ 2 s)   ${(flops / medianWall / 1e9).toFixed(1)} GFLOP/s`);
console.log(`  first seed      ${medianFirst.toFixed(3)} s   (target ≤ 0.3 s)`);
console.log(`  run 1 (starts the worker threads): full ${times[0].wall.toFixed(3)} s, first seed ${times[0].firstSeed.toFixed(3)} s`);
if (warm.length > 0) {
  console.log(`  runs 2–${repeat} (workers kept), median: full ${median(warm.map((t) => t.wall)).toFixed(3)} s, first seed ${median(warm.map((t) => t.firstSeed)).toFixed(3)} s`);
}
console.log(`  peak memory     ${peakMB.toFixed(0)} MB  (target ≤ 150 MB; whole process, max RSS)`);
console.log(`plain JS (float64 reference, one thread): ${jsCells} of ${runs} runs measured, ${perRun.toFixed(3)} s per run,`);
console.log(`  extrapolated to the full preset: ${jsTotal.toFixed(1)} s, ${(flops / jsTotal / 1e9).toFixed(2)} GFLOP/s (${(jsTotal / medianWall).toFixed(0)}× slower)`);
