// simulate(): streaming per seed, cancellation, validation errors, diverged cells.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ResultMerger, gridCells, runOnWorkers, splitCells } from '../../src/simulation/host';
import { KEPT_RUN_SEEDS, keptSets, runJob, setMaker, sourceKey, workerEndpoint, type WorkerJob, type WorkerMessage } from '../../src/simulation/job';
import { syntheticSetOf, type SyntheticSource } from '../../src/simulation/data';
import { locateKernel } from '../../src/simulation/node-files';
import { firstSeedAhead, simulate, SimConfigError, validateConfig, warmUp, type SimConfig, type SimProgress } from '../../src/simulation/index';
import { idleWorkers, liveWorkers, takeWorker } from '../../src/simulation/node-pool';
import { golden } from './helpers';

function small(overrides: Partial<SimConfig> = {}): SimConfig {
  return {
    variants: ['pt', 'lh'], schedule: 'constant', lrs: [1e-3, 1e-2, 1e-1], weightDecays: { pt: [1e-3, 1e-1], lh: [1e-4, 1e-2] },
    epochs: 3, batchSize: 10, seeds: 3, data: { kind: 'synthetic', n: 40, d: 30, noise: 0.1 }, threads: 2, ...overrides,
  };
}

let compiledKernel: WebAssembly.Module | undefined;
/** The ridge kernel, compiled once for the tests that run jobs without the simulator's own workers. */
const kernelModule = () => (compiledKernel ??= new WebAssembly.Module(readFileSync(locateKernel())));

test('results stream per seed, with partial averages, and the last one is the result', async () => {
  const progress: SimProgress[] = [];
  const result = await simulate(small(), { onProgress: (p) => progress.push(p) });
  assert.deepEqual(progress.map((p) => p.seedsDone), [1, 2, 3]);
  assert.ok(progress.every((p) => p.seedsTotal === 3 && p.partial.seedsDone === p.seedsDone));
  assert.deepEqual(progress[2].partial.loss, result.loss);
  assert.notDeepEqual(progress[0].partial.loss, result.loss);
  assert.equal(result.loss.pt!.length, 3);
  assert.equal(result.loss.pt![0].length, 2);
  assert.ok(result.loss.pt!.flat().every((x) => Number.isFinite(x) && x > 0));
});

test('the result does not depend on the number of threads (nor on which worker draws which synthetic set)', async () => {
  const one = await simulate(small({ threads: 1 }));
  const two = await simulate(small({ threads: 2 }));
  assert.deepEqual(one.loss, two.loss);
  assert.deepEqual(one.diverged, two.diverged);
  // 20 cells: three 8-cell shares, so each seed's two sets are drawn by two of the three workers, in turn.
  const wide = small({ lrs: [1e-3, 3e-3, 1e-2, 3e-2, 1e-1], seeds: 4 });
  const single = await simulate({ ...wide, threads: 1 });
  const three = await simulate({ ...wide, threads: 3 });
  assert.deepEqual(single.loss, three.loss);
  assert.deepEqual([0, 1, 2, 3].map((seed) => [setMaker(seed, 'train', 3), setMaker(seed, 'val', 3)]), [[0, 1], [2, 0], [1, 2], [0, 1]]);
  assert.deepEqual([0, 1].map((seed) => [setMaker(seed, 'train', 2), setMaker(seed, 'val', 2)]), [[0, 1], [0, 1]]);
});

test('cancelling after the first seed rejects with AbortError and reports no more progress', async () => {
  const controller = new AbortController();
  const seen: number[] = [];
  const run = simulate(small({ seeds: 50, epochs: 20 }), {
    signal: controller.signal,
    onProgress: (p) => { seen.push(p.seedsDone); controller.abort(); },
  });
  await assert.rejects(run, { name: 'AbortError' });
  assert.deepEqual(seen, [1]);
});

test('workers are kept for the next run (same results as fresh ones); a cancelled run’s workers are not', async () => {
  // Workers another test left idle are used first: start from a run that leaves exactly two.
  await simulate(small({ threads: 2 }));
  assert.equal(idleWorkers(), 2);
  const again = await simulate(small({ threads: 2, firstSeed: 7 }));
  assert.equal(idleWorkers(), 2, 'the same two, handed back');
  const lrs = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1]; // 20 cells: three 8-cell shares
  const kept = await simulate(small({ threads: 3, lrs }));
  assert.equal(idleWorkers(), 3, 'two kept, one new');
  assert.deepEqual(kept.loss, (await simulate(small({ threads: 1, lrs }))).loss);
  assert.deepEqual(again.loss, (await simulate(small({ threads: 1, firstSeed: 7 }))).loss);
  const controller = new AbortController();
  const run = simulate(small({ threads: 2, seeds: 50, epochs: 20 }), { signal: controller.signal, onProgress: () => controller.abort() });
  await assert.rejects(run, { name: 'AbortError' });
  assert.equal(idleWorkers(), 1, 'the cancelled run’s two workers are terminated');
  await simulate(small({ threads: 3, lrs })); // three again for the tests after this one
  assert.equal(idleWorkers(), 3);
});

test('warmUp starts the workers a run takes; the run after it uses them and computes the same numbers', async () => {
  const fresh = await simulate(small({ threads: 1, firstSeed: 3 }));
  await warmUp(5); // more than the tests before left idle: new workers are started
  assert.equal(idleWorkers(), 5);
  let duringRun: [number, number] | undefined;
  const lrs = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 0.3, 1, 3, 10, 30]; // 40 cells: five 8-cell shares
  const warm = await simulate(small({ threads: 5, lrs, firstSeed: 3 }), {
    onProgress: () => { duringRun ??= [idleWorkers(), liveWorkers()]; },
  });
  assert.deepEqual(duringRun, [0, 5], 'the five warm workers run it; none is started beside them');
  assert.equal(idleWorkers(), 5, 'and are handed back');
  // small()'s learning rates 1e-3, 1e-2, 1e-1 are rows 0, 2 and 4 here.
  assert.deepEqual([0, 2, 4].map((row) => warm.loss.pt?.[row]), fresh.loss.pt);
  assert.deepEqual([0, 2, 4].map((row) => warm.loss.lh?.[row]), fresh.loss.lh);
  await warmUp(5);
  assert.equal(liveWorkers(), 5, 'warming up again with the workers up starts none');
});

test('a first seed computed ahead (warmUp with the runs the editor offers) is the run\'s first seed: reported first, not rerun, the same numbers', async () => {
  const config = small({ seeds: 3, firstSeed: 11, lrs: [2e-3, 2e-2] });
  const plain = await simulate(config);
  assert.equal(firstSeedAhead(config), false);
  await warmUp(2, [config, small({ seeds: 2, epochs: 0 })]); // an invalid setting is left for its run to refuse
  assert.equal(firstSeedAhead(config), true);
  assert.equal(firstSeedAhead({ ...config, seeds: 5, threads: 1 }), true, 'neither the seed count nor the threads change the first seed');
  const progress: SimProgress[] = [];
  let returned = false;
  const running = simulate(config, { onProgress: (p) => progress.push({ ...p, seedsTotal: returned ? p.seedsTotal : -1 }) });
  returned = true;
  const ahead = await running;
  assert.deepEqual(progress.map((p) => p.seedsDone), [1, 2, 3]);
  assert.equal(progress[0].seedsTotal, -1, 'the first seed is reported before simulate() returns: nothing to wait for');
  assert.deepEqual(ahead.loss, plain.loss, 'bit for bit: the sums start from the same first seed');
  assert.deepEqual(ahead.diverged, plain.diverged);
  assert.equal(ahead.seedsDone, 3);
  // What the workers are given: the run from its second seed on.
  const jobs: WorkerJob[] = [];
  const spawn = () => {
    const worker = takeWorker();
    return { ...worker, post: (message: Parameters<typeof worker.post>[0]) => {
      if (message.type === 'run') jobs.push(message.job);
      worker.post(message);
    } };
  };
  const first = await simulate({ ...config, seeds: 1 });
  const wasm = kernelModule();
  const again = await runOnWorkers(config, wasm, spawn, 2, {}, first);
  assert.deepEqual(jobs.map((j) => [j.firstSeed, j.seeds]), [[12, 2]], 'its 8 cells are one worker\'s share');
  assert.deepEqual(again.loss, plain.loss);
  const onlyFirst = await runOnWorkers({ ...config, seeds: 1 }, wasm, spawn, 2, {}, first);
  assert.equal(jobs.length, 1, 'a one-seed run of a seed computed ahead starts no worker');
  assert.deepEqual(onlyFirst.loss, first.loss);
  // restAfter (the panel's page is loading): the first seed at once, the workers only once it settles.
  let pageUp: () => void = () => undefined;
  const seen: number[] = [];
  const gated = runOnWorkers(config, wasm, spawn, 2, { restAfter: new Promise<void>((resolve) => { pageUp = resolve; }), onProgress: (p) => seen.push(p.seedsDone) }, first);
  await new Promise((resolve) => setImmediate(resolve)); // unguarded, the jobs are posted synchronously
  assert.deepEqual([seen, jobs.length], [[1], 1], 'no worker is given the rest before the page is up');
  pageUp();
  assert.deepEqual((await gated).loss, plain.loss);
  assert.deepEqual([seen, jobs.length], [[1, 2, 3], 2]);
});

test('threads a warm-up starts run its warm-up job after the first seeds ahead (V8 compiles the set drawing then); threads up already do not', async () => {
  const threads = liveWorkers() + 1;
  const started = await warmUp(threads, [small({ firstSeed: 41 })]);
  assert.equal(firstSeedAhead(small({ firstSeed: 41 })), true);
  assert.deepEqual([started, idleWorkers()], [{ firstSeeds: 1, warmUpJob: true }, threads], 'a new thread: the first seed, then the job, on all threads');
  assert.deepEqual(await warmUp(threads, [small({ firstSeed: 42 })]), { firstSeeds: 1, warmUpJob: false }, 'the same threads: only the new setting\'s first seed');
  assert.equal(firstSeedAhead(small({ firstSeed: 42 })), true);
  assert.deepEqual(await warmUp(threads, [small({ firstSeed: 42 })]), { firstSeeds: 0, warmUpJob: false }, 'nothing left to do');
});

test('a run asked for during a warm-up waits for its workers; a warm-up during a run starts none', async () => {
  const threads = liveWorkers() + 2;
  const wide = small({ threads, seeds: 4, lrs: Array.from({ length: 3 * threads }, (_, i) => 1e-3 * (i + 1)) });
  const warming = warmUp(threads);
  let most = 0;
  await simulate(wide, { onProgress: () => { most = Math.max(most, liveWorkers()); } });
  await warming;
  assert.equal(most, threads, 'the run took the warm-up’s workers');
  const offered = small({ seeds: 2, firstSeed: 31 });
  await simulate(wide, {
    onProgress: (p) => {
      void warmUp(threads);
      // (the last progress comes once the run has handed its workers back: not during it)
      if (p.seedsDone < p.seedsTotal) void warmUp(threads, [offered]);
      most = Math.max(most, liveWorkers());
    },
  });
  assert.equal(most, threads, 'the warm-up found the run’s workers');
  assert.equal(firstSeedAhead(offered), false, 'and computed no first seed beside the run');
  assert.equal(idleWorkers(), threads);
});

/** Runs `work` on this thread: its losses per seed, its messages, and whether it was still waiting after `patience` ms. */
async function runOnThisThread(work: WorkerJob, patience = 20_000) {
  const wasm = kernelModule();
  const posted: string[] = [];
  const losses: number[][] = [];
  const done = runJob(wasm, work, (message) => {
    posted.push(message.type === 'set' ? `set ${message.seed} ${message.set}` : message.type);
    if (message.type === 'seed') losses.push(Array.from(message.valLoss));
  });
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([done.then(() => false), new Promise<boolean>((resolve) => { timer = setTimeout(resolve, patience, true); })]);
  clearTimeout(timer);
  return { losses, posted, waited };
}

test('a thread keeps the synthetic sets of its last job’s first two seeds; a job on the same data and seeds takes them instead of waiting for another worker’s, with the same numbers', async () => {
  const config = small({ firstSeed: 7 });
  const cells = gridCells(config).slice(0, 8).map(({ variant, lr, weightDecay }) => ({ variant, lr, weightDecay }));
  const job = (overrides: Partial<WorkerJob>): WorkerJob => ({
    cells, setup: { schedule: config.schedule, epochs: config.epochs, batchSize: config.batchSize }, seeds: 2, firstSeed: 7,
    data: config.data, weights: false, worker: 0, workers: 1, ...overrides,
  });
  const alone = await runOnThisThread(job({}));
  assert.deepEqual(keptSets(), ['7:train', '7:val', '8:train', '8:val']);
  // Worker 0 of two draws only the training sets; the validation sets, another worker's, are kept here.
  const shared = await runOnThisThread(job({ worker: 0, workers: 2 }));
  assert.deepEqual([shared.waited, shared.posted], [false, ['set 0 train', 'seed', 'set 1 train', 'seed', 'done']]);
  assert.deepEqual(shared.losses, alone.losses);
  // Other data: nothing kept applies (its job waits for a validation set no other worker sends).
  const other = await runOnThisThread(job({ worker: 0, workers: 2, data: { kind: 'synthetic', n: 40, d: 30, noise: 0.2 } }), 1000);
  assert.deepEqual([other.waited, other.posted], [true, ['set 0 train']]);
});

test('a thread keeps the sets of the three run seeds it used last, whatever first seeds its jobs start at', async () => {
  const config = small();
  const cells = gridCells(config).slice(0, 8).map(({ variant, lr, weightDecay }) => ({ variant, lr, weightDecay }));
  const data = { kind: 'synthetic', n: 24, d: 12, noise: 0.1 } as const; // data of this test's own: nothing kept yet
  const job = (firstSeed: number, overrides: Partial<WorkerJob> = {}): WorkerJob => ({
    cells, setup: { schedule: config.schedule, epochs: 1, batchSize: config.batchSize }, seeds: 2, firstSeed,
    data, weights: false, worker: 0, workers: 1, ...overrides,
  });
  await runOnThisThread(job(30));
  await runOnThisThread(job(32));
  assert.equal(KEPT_RUN_SEEDS, 3);
  assert.deepEqual(keptSets(), ['31:train', '31:val', '32:train', '32:val', '33:train', '33:val']);
  // Worker 0 of two draws the training set and needs the other worker's validation set unless it is kept.
  const keptSeed = await runOnThisThread(job(31, { seeds: 1, workers: 2 }), 1000);
  assert.deepEqual([keptSeed.waited, keptSeed.posted], [false, ['set 0 train', 'seed', 'done']]);
  assert.deepEqual(keptSets(), ['32:train', '32:val', '33:train', '33:val', '31:train', '31:val']);
  const dropped = await runOnThisThread(job(30, { seeds: 1, workers: 2 }), 1000);
  assert.deepEqual([dropped.waited, dropped.posted], [true, ['set 0 train']]);
});

test('a set that comes between two jobs is taken only for a seed of the same data and run seed', async () => {
  // A worker that had a seed's sets kept finishes its job without waiting for the other worker's copy, which
  // then reaches it between jobs: the next job must not take it for its own seed of the same index.
  const config = small({ firstSeed: 5, seeds: 1 });
  const data = config.data as SyntheticSource;
  const cells = gridCells(config).slice(0, 8).map(({ variant, lr, weightDecay }) => ({ variant, lr, weightDecay }));
  const job: WorkerJob = {
    cells, setup: { schedule: config.schedule, epochs: config.epochs, batchSize: config.batchSize }, seeds: 1, firstSeed: 5,
    data, weights: false, worker: 0, workers: 2,
  };
  const wasm = kernelModule();
  const posted: WorkerMessage[] = [];
  const endpoint = workerEndpoint((message) => posted.push(message));
  const until = async (type: WorkerMessage['type']) => {
    for (let i = 0; i < 2000 && !posted.some((m) => m.type === type); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const otherData: SyntheticSource = { kind: 'synthetic', n: data.n, d: data.d, noise: 0.5 };
  const set = (source: SyntheticSource, runSeed: number) =>
    ({ type: 'set', seed: 0, source: sourceKey(source), runSeed, set: 'val', ...syntheticSetOf(source, runSeed, 'val') }) as const;
  endpoint(set(otherData, 5)); // same shape, other noise: other numbers
  endpoint(set(data, 6)); // same data, another run seed
  endpoint({ type: 'run', wasm, job });
  await until('set'); // its own training set, drawn and posted
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(posted.map((m) => m.type), ['set'], 'it waits for its validation set: neither stale one is it');
  endpoint(set(data, 5));
  await until('done');
  assert.deepEqual(posted.map((m) => m.type), ['set', 'seed', 'done']);
  const alone = await simulate({ ...config, threads: 1 });
  const seed = posted.find((m) => m.type === 'seed') as Extract<WorkerMessage, { type: 'seed' }>;
  const expected = gridCells(config).slice(0, 8).map((c) => alone.loss[c.variant]?.[c.lrIndex]?.[c.wdIndex]);
  assert.deepEqual(Array.from(seed.valLoss), expected, 'the numbers of its own sets');
});

test('an already aborted signal rejects at once', async () => {
  await assert.rejects(simulate(small(), { signal: AbortSignal.abort() }), { name: 'AbortError' });
});

test('diverged cells are marked, excluded from averages, and do not disturb their neighbours', async () => {
  const result = await simulate(small({ lrs: [1e-2, 3], weightDecays: { pt: [1e-3, 10] }, variants: ['pt'] }));
  assert.deepEqual(result.diverged.pt, [[false, false], [false, true]]);
  assert.ok(Number.isNaN(result.loss.pt![1][1]));
  assert.ok(Number.isFinite(result.loss.pt![1][0]));
});

test('a cell diverged in one seed stays marked, and its average is over the finite seeds only', () => {
  const config = small({ variants: ['pt'], lrs: [0.1], weightDecays: { pt: [1, 2] } });
  const merger = new ResultMerger(config, gridCells(config));
  merger.add(0, { type: 'seed', seed: 0, valLoss: Float64Array.of(1, NaN), diverged: Uint8Array.of(0, 1) });
  merger.add(0, { type: 'seed', seed: 1, valLoss: Float64Array.of(3, 5), diverged: Uint8Array.of(0, 0) });
  const result = merger.result(2, 0);
  assert.deepEqual(result.loss.pt, [[2, 5]]);
  assert.deepEqual(result.diverged.pt, [[false, true]]);
});

test('cells split over workers in whole 4-cell blocks, one share per 8 cells at most', () => {
  const cells = Array.from({ length: 200 }, (_, i) => i);
  assert.deepEqual(splitCells(cells, 2).map((s) => s.length), [100, 100]);
  assert.deepEqual(splitCells(cells.slice(0, 129), 2).map((s) => s.length), [68, 61]);
  assert.deepEqual(splitCells(cells.slice(0, 5), 4).map((s) => s.length), [5]);
  assert.deepEqual(splitCells(cells.slice(0, 17), 3).map((s) => s.length), [8, 8, 1]);
});

test('user data with one α and one λ returns the final weights', async () => {
  const data = { kind: 'inline' as const, A: golden.A, b: golden.b, A_val: golden.A_val, b_val: golden.b_val, order: golden.order };
  const c = golden.cases.find((x) => x.variant === 'lh' && x.schedule === 'constant' && x.lr === 0.03)!;
  const result = await simulate({ variants: ['lh'], schedule: 'constant', lrs: [c.lr], weightDecays: { lh: [c.weight_decay] },
    epochs: golden.epochs, batchSize: golden.batch_size, seeds: 1, data });
  const w = result.weights?.lh;
  assert.ok(w && w.length === golden.d);
  const scale = Math.max(...c.w_final.map(Math.abs));
  assert.ok(c.w_final.every((x, j) => Math.abs(w[j] - x) <= 2e-3 * scale));
});

const logs = (count: number) => Array.from({ length: count }, (_, i) => 10 ** (i / 10 - 5));

const INVALID: Array<[string, Partial<SimConfig>, RegExp]> = [
  ['zero learning rate', { lrs: [0.1, 0] }, /learning rate must be positive, got 0/],
  ['negative learning rate', { lrs: [-1] }, /learning rate must be positive, got -1/],
  ['NaN learning rate', { lrs: [NaN] }, /learning rate must be positive, got NaN/],
  ['negative weight decay', { weightDecays: { pt: [-0.1], lh: [1] } }, /weight decay must be ≥ 0, got -0.1/],
  ['missing weight decays of a variant', { weightDecays: { pt: [1] } }, /no weight decay values for variant 'lh'/],
  ['unknown variant', { variants: ['adam' as never] }, /unknown variant 'adam'/],
  ['unknown schedule', { schedule: 'step' as never }, /unknown schedule 'step'/],
  ['batch larger than n', { batchSize: 41 }, /batch size 41 is larger than the 40 training rows/],
  ['zero epochs', { epochs: 0 }, /epochs must be an integer from 1 to 10000, got 0/],
  ['too many learning rates', { lrs: Array.from({ length: 101 }, (_, i) => i + 1) }, /too many learning rates: 101 \(limit 100\)/],
  ['too many cells × weights', { lrs: Array.from({ length: 25 }, (_, i) => i + 1), weightDecays: { pt: logs(100), lh: logs(100) },
    epochs: 1, seeds: 1, data: { kind: 'synthetic', n: 10, d: 5000, noise: 0 } }, /grid too large for memory: 5000 cells × 5000 weights/],
  ['too much work', { data: { kind: 'synthetic', n: 1000, d: 10000, noise: 0 }, epochs: 10000 }, /run too large/],
  ['NaN in data', { data: { kind: 'inline', A: [[1, 2], [3, NaN]], b: [1, 2], A_val: [[1, 1]], b_val: [0] }, batchSize: 1 },
    /A\[1\]\[1\] is NaN, not a finite number/],
  ['mismatched row', { data: { kind: 'inline', A: [[1, 2], [3]], b: [1, 2], A_val: [[1, 1]], b_val: [0] }, batchSize: 1 },
    /mismatched shapes: A\[1\] has 1 columns, expected 2/],
  ['mismatched b', { data: { kind: 'inline', A: [[1, 2], [3, 4]], b: [1], A_val: [[1, 1]], b_val: [0] }, batchSize: 1 },
    /mismatched shapes: b has 1 entries, expected 2/],
  ['mismatched validation width', { data: { kind: 'inline', A: [[1, 2], [3, 4]], b: [1, 2], A_val: [[1, 1, 1]], b_val: [0] }, batchSize: 1 },
    /mismatched shapes: A_val\[0\] has 3 columns, expected 2/],
  ['bad order', { data: { kind: 'inline', A: [[1], [2]], b: [1, 2], A_val: [[1]], b_val: [0], order: [[0, 0]] }, batchSize: 1 },
    /order\[0\] is not a permutation of the 2 training rows/],
];

for (const [name, override, message] of INVALID) {
  test(`invalid input: ${name}`, async () => {
    assert.throws(() => validateConfig(small(override)), (e: unknown) => e instanceof SimConfigError && message.test(e.message));
    await assert.rejects(simulate(small(override)), message);
  });
}
