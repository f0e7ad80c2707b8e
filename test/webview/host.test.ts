// The panel's host in the extension (src/panel/index.ts, simulation-panel.ts) against a recording fake of
// the vscode API and a simulator the test drives: the command and serializer, one panel per workspace,
// reuse of the last run, runs started with the command and streamed to the page (coalesced while it
// loads), the page's run and cancel requests, and its other requests (data file, save, clipboard), with
// malformed messages only logged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { PanelResult } from '../../src/panel/messages';
import type { Simulator } from '../../src/panel/runs';
import { defaultSetup, setupFromRequest } from '../../src/panel/setup';
import { sweepAsCode } from '../../src/panel/sweep-code';
import type { SimConfig, SimOptions, SimResult } from '../../src/simulation/types';
import { createFakeVscode, fakeContext, FakeUri, installFakeVscode, settle, type FakePanel } from './fake-vscode';

const fake = createFakeVscode();
installFakeVscode(fake);

/** A run the test drives: it reports seeds and finishes when told; aborting rejects it as the simulator does. */
interface FakeRun {
  config: SimConfig;
  options: SimOptions;
  seed(done: number): void;
  finish(): void;
}
const fakeRuns: FakeRun[] = [];
const simResult = (config: SimConfig, seedsDone: number): SimResult => ({
  config, lrs: config.lrs, weightDecays: config.weightDecays, seedsDone, seconds: 0.1 * seedsDone,
  loss: Object.fromEntries(config.variants.map((v) => [v, config.lrs.map(() => (config.weightDecays[v] ?? []).map(() => 1 / (1 + seedsDone)))])),
  diverged: Object.fromEntries(config.variants.map((v) => [v, config.lrs.map(() => (config.weightDecays[v] ?? []).map(() => false))])),
});
const simulator: Simulator = (config, options) => new Promise((resolve, reject) => {
  options.signal?.addEventListener('abort', () => reject(Object.assign(new Error('simulation cancelled'), { name: 'AbortError' })));
  fakeRuns.push({
    config, options,
    seed: (done) => options.onProgress?.({ seedsDone: done, seedsTotal: config.seeds, partial: simResult(config, done) }),
    finish: () => {
      options.onProgress?.({ seedsDone: config.seeds, seedsTotal: config.seeds, partial: simResult(config, config.seeds) });
      resolve(simResult(config, config.seeds));
    },
  });
});
const panelResult = (config: SimConfig, seedsDone: number): PanelResult => {
  const { loss, diverged, lrs, weightDecays } = simResult(config, seedsDone);
  return { lrs, weightDecays, loss: loss as PanelResult['loss'], diverged, seedsDone, seedsTotal: config.seeds, seconds: 0.1 * seedsDone };
};

const result: PanelResult = {
  lrs: [1e-3, 1e-2], weightDecays: { pt: [0.1] }, loss: { pt: [[0.25], [0.2]] }, diverged: { pt: [[false], [false]] },
  seedsDone: 5, seedsTotal: 5, seconds: 1.5,
};

async function start() {
  const { registerSimulationPanel } = await import('../../src/panel/index');
  return registerSimulationPanel(fakeContext(fake, repoRoot) as never, simulator);
}

/** The extension's files: the host inlines dist/webview's page (build first). */
const repoRoot = path.resolve(__dirname, '../..');

/** The first messages the page acts on: the setting in its HTML (a JSON block), then what its run has sent. */
function initialMessages(html: string): unknown[] {
  const block = /<script type="application\/json" id="initial-message">(.*?)<\/script>/.exec(html);
  assert.ok(block, 'expected the setting in the page');
  return JSON.parse(block[1]) as unknown[];
}
const initialMessage = (html: string): unknown => initialMessages(html)[0];

const simulate = (argument?: unknown) => fake.commands.get('adamwLens.simulate')?.(argument);
const lastPanel = (): FakePanel => fake.panels[fake.panels.length - 1];

test('the command opens one CSP-locked panel and runs the seed’s setting at once, and reopening reuses the last run', async () => {
  const registration = await start();
  fakeRuns.length = 0;
  simulate();
  const panel = lastPanel();
  assert.equal(panel.viewType, 'adamwLens.simulation');
  const webviewDir = path.join(repoRoot, 'dist/webview');
  assert.deepEqual(panel.webview.options, { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [FakeUri.file(webviewDir)] });
  assert.match(panel.webview.html, /content="default-src 'none'; script-src 'nonce-[A-Za-z0-9]{32}'; style-src 'nonce-[A-Za-z0-9]{32}' /);
  // The page's script is in its HTML (nothing to fetch before it can draw); the controls' module comes later.
  assert.ok(panel.webview.html.includes(readFileSync(path.join(webviewDir, 'panel.js'), 'utf8').slice(0, 2000)));
  assert.ok(panel.webview.html.includes(`data-elements="https://file+.vscode-resource.vscode-cdn.net${webviewDir}/elements.js"`));
  // The run starts with the command, while the page loads, and the page has the setting and the run's id from the start.
  assert.deepEqual(fakeRuns.map((r) => r.config), [defaultSetup().config]);
  assert.deepEqual(initialMessage(panel.webview.html), { type: 'setup', setup: defaultSetup(), autoRun: true, runId: 1, content: 1 });
  const config = defaultSetup().config;
  // Seeds are posted as they finish (VS Code keeps them until the page is up): no round trip first.
  fakeRuns[0].seed(1);
  fakeRuns[0].seed(2);
  assert.deepEqual(panel.posted, [{ type: 'progress', runId: 1, result: panelResult(config, 1) },
    { type: 'progress', runId: 1, result: panelResult(config, 2) }]);
  // The page says it is up with the setting of its HTML: the host repeats only where the run stands (a page
  // that reloaded may have missed it; one that did not skips it).
  panel.fromPage({ type: 'ready', content: 1 });
  assert.deepEqual(panel.posted.slice(2), [{ type: 'progress', runId: 1, result: panelResult(config, 2) }]);
  fakeRuns[0].seed(3);
  fakeRuns[0].finish();
  await settle();
  assert.deepEqual(panel.posted.slice(3), [{ type: 'progress', runId: 1, result: panelResult(config, 3) },
    { type: 'progress', runId: 1, result: panelResult(config, 5) }, { type: 'run-end', runId: 1, outcome: 'done' }]);
  // A page that reloads with an older setting (or none) is sent the current one, then the run's end.
  panel.fromPage({ type: 'ready' });
  assert.deepEqual(panel.posted.slice(6), [{ type: 'setup', setup: defaultSetup(), autoRun: true, runId: 1, content: 1 },
    { type: 'progress', runId: 1, result: panelResult(config, 5) }, { type: 'run-end', runId: 1, outcome: 'done' }]);

  simulate(); // already open: brought forward, nothing resent, nothing rerun
  assert.equal(fake.panels.length, 1);
  assert.equal(panel.revealed, 1);
  assert.equal(panel.posted.length, 9);
  assert.equal(fakeRuns.length, 1);

  panel.fromPage({ type: 'result', setup: defaultSetup(), result });
  assert.deepEqual(fake.state.get('adamwLens.simulation.lastRun'), { setup: defaultSetup(), result });
  // From now on a page that reloads redraws this run (a new setting number), and nothing reruns.
  panel.fromPage({ type: 'ready', content: 1 });
  assert.deepEqual(panel.posted.slice(9), [{ type: 'setup', setup: defaultSetup(), result, autoRun: false, content: 2 }]);
  panel.dispose();
  simulate();
  const reopened = lastPanel();
  assert.notEqual(reopened, panel);
  assert.deepEqual(initialMessage(reopened.webview.html), { type: 'setup', setup: defaultSetup(), result, autoRun: false, content: 1 });
  reopened.fromPage({ type: 'ready', content: 1 });
  assert.deepEqual(reopened.posted, []);
  assert.equal(fakeRuns.length, 1);

  // A CodeLens request replaces what the open panel shows and runs it.
  const request = { api: 'torch.optim.AdamW', convention: 'lr-scaled', lr: 1e-3, weightDecay: 0.01 };
  simulate(request);
  assert.equal(fake.panels.length, 2);
  assert.deepEqual(reopened.posted[0], { type: 'setup', setup: setupFromRequest(request as never), autoRun: true, runId: 1, content: 2 });
  assert.deepEqual(fakeRuns[1].config, setupFromRequest(request as never).config);
  registration.dispose();
  assert.equal(reopened.disposed, true);
  assert.equal(fakeRuns[1].options.signal?.aborted, true, 'closing the panel stops its run');
});

test('the page’s Run and Cancel: the host runs the page’s setting, a new run replaces the one before, Cancel stops it', async () => {
  const registration = await start();
  fakeRuns.length = 0;
  simulate({ convention: 'lr-scaled', lr: 1e-3, weightDecay: 0.01 });
  const panel = lastPanel();
  panel.fromPage({ type: 'ready' });
  const config = { ...setupFromRequest({ convention: 'lr-scaled', lr: 1e-3, weightDecay: 0.01 }).config, seeds: 2 };
  panel.fromPage({ type: 'run', request: 1, config });
  await settle();
  assert.equal(fakeRuns[0].options.signal?.aborted, true, 'the command’s run is replaced');
  assert.deepEqual(fakeRuns[1].config, config);
  fakeRuns[1].seed(1);
  panel.fromPage({ type: 'cancel', runId: 2 });
  await settle();
  assert.deepEqual(panel.posted.slice(1), [
    { type: 'run-started', runId: 2, request: 1 },
    { type: 'run-end', runId: 1, outcome: 'cancelled' },
    { type: 'progress', runId: 2, result: panelResult(config, 1) },
    { type: 'run-end', runId: 2, outcome: 'cancelled' },
  ]);
  panel.fromPage({ type: 'cancel', runId: 2 }); // nothing runs any more: nothing happens
  panel.fromPage({ type: 'run', request: 2, config: { ...config, lrs: [] } }); // refused by the schema
  await settle();
  assert.equal(panel.posted.length, 5);
  assert.equal(fakeRuns.length, 2);
  assert.match(fake.logs.at(-1) ?? '', /^warn: ignored a message from the simulation page: message\.config\.lrs: expected 1 to 100 items, got 0$/);
  registration.dispose();
});

test('an invalid request and malformed page messages are logged, never acted on', async () => {
  const registration = await start();
  fake.logs.length = 0;
  simulate({ lr: 'fast' });
  const panel = lastPanel();
  panel.fromPage({ type: 'ready' });
  assert.deepEqual(panel.posted, [{ type: 'setup', setup: defaultSetup(), result, autoRun: false, content: 1 }]); // the stored last run
  panel.fromPage({ type: 'copy-sweep', pairs: [[1e-3, Number.NaN]] });
  panel.fromPage({ type: 'save', format: 'png', content: 'file:///etc/passwd', suggestedName: 'x.png' });
  panel.fromPage({ type: 'openExternal', url: 'https://example.com' });
  await settle();
  assert.deepEqual(fake.clipboard, []);
  assert.equal(fake.written.size, 0);
  assert.deepEqual(fake.logs, [
    "warn: adamwLens.simulate: ignored an invalid request (request.lr: expected a finite number, got string); showing the seed's setting",
    'warn: ignored a message from the simulation page: message.pairs[0][1]: expected a finite number, got NaN',
    'warn: ignored a message from the simulation page: message.content: expected a base64 PNG data URL',
    'warn: ignored a message from the simulation page: message: unknown message type "openExternal"',
  ]);
  registration.dispose();
});

test('the page’s requests: S2 code to the clipboard, exports saved, data files parsed or refused in words', async () => {
  const registration = await start();
  simulate({ convention: 'lr-scaled', lr: 1e-3, weightDecay: 0.01, language: 'typescript' });
  const panel = lastPanel();
  panel.fromPage({ type: 'ready' });
  const pairs: [number, number][] = [[1e-3, 0.01], [1e-2, 1e-3]];
  panel.fromPage({ type: 'copy-sweep', pairs });
  fake.nextSave = FakeUri.file('/home/user/project/grid.csv');
  panel.fromPage({ type: 'save', format: 'csv', content: 'variant,lr\npt,0.001\n', suggestedName: 'grid.csv' });
  await settle();
  assert.deepEqual(fake.clipboard, [sweepAsCode(pairs, 'typescript')]);
  assert.equal(new TextDecoder().decode(fake.written.get('/home/user/project/grid.csv')), 'variant,lr\npt,0.001\n');
  fake.nextSave = FakeUri.file('/home/user/project/figure.png');
  panel.fromPage({ type: 'save', format: 'png', content: 'data:image/png;base64,iVBORw0KGgo=', suggestedName: 'figure.png' });
  await settle();
  assert.deepEqual([...(fake.written.get('/home/user/project/figure.png') ?? [])], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual(fake.informations.slice(-2), ['AdamW Lens: saved grid.csv', 'AdamW Lens: saved figure.png']);

  fake.files.set('/data/ok.csv', 'x1,x2,y\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n13,14,15\n');
  fake.files.set('/data/bad.csv', '1,2,3\n4,oops,6\n');
  fake.nextOpen = FakeUri.file('/data/ok.csv');
  panel.fromPage({ type: 'pick-data-file' });
  await settle();
  assert.deepEqual(panel.posted.at(-1), { type: 'data-file', name: 'ok.csv',
    data: { kind: 'inline', A: [[1, 2], [4, 5], [7, 8], [10, 11]], b: [3, 6, 9, 12], A_val: [[13, 14]], b_val: [15] } });
  fake.nextOpen = FakeUri.file('/data/bad.csv');
  panel.fromPage({ type: 'pick-data-file' });
  await settle();
  assert.deepEqual(panel.posted.at(-1), { type: 'notice', level: 'error', message: "bad.csv:2: column 2 is 'oops', not a finite number (NaN in data?)" });
  registration.dispose();
});

test('after a reload the serializer restores the panel from its saved state, or from the last run if that state is broken', async () => {
  const registration = await start();
  const serializer = fake.serializers.get('adamwLens.simulation');
  assert.ok(serializer);
  const saved = { setup: setupFromRequest({ convention: 'constant', lr: 1e-3, weightDecay: 1e-4 }), result };
  const { FakePanel: Panel } = await import('./fake-vscode');
  const restored = new Panel('adamwLens.simulation');
  await serializer.deserializeWebviewPanel(restored, saved);
  restored.fromPage({ type: 'ready' });
  assert.deepEqual(restored.posted, [{ type: 'setup', ...saved, autoRun: false, content: 1 }]);
  const broken = new Panel('adamwLens.simulation');
  await serializer.deserializeWebviewPanel(broken, { setup: 'lost' });
  assert.equal(restored.disposed, true); // one panel per workspace
  broken.fromPage({ type: 'ready' });
  assert.deepEqual(broken.posted, [{ type: 'setup', setup: defaultSetup(), result, autoRun: false, content: 1 }]);
  assert.match(fake.logs.at(-1) ?? '', /^info: restoring the simulation panel without its saved state \(state\.setup: expected an object, got string\)$/);
  registration.dispose();
});

test('a first seed the simulator reports at once (computed ahead) goes into the page with the setting, and is posted as well', async () => {
  const { registerSimulationPanel } = await import('../../src/panel/index');
  const ahead: Simulator = (config, options) => {
    options.onProgress?.({ seedsDone: 1, seedsTotal: config.seeds, partial: simResult(config, 1) });
    return new Promise(() => {});
  };
  fake.state.delete('adamwLens.simulation.lastRun');
  const registration = registerSimulationPanel(fakeContext(fake, repoRoot) as never, ahead);
  simulate();
  const panel = lastPanel();
  const progress = { type: 'progress', runId: 1, result: panelResult(defaultSetup().config, 1) };
  assert.deepEqual(initialMessages(panel.webview.html), [{ type: 'setup', setup: defaultSetup(), autoRun: true, runId: 1, content: 1 }, progress]);
  assert.deepEqual(panel.posted, [progress], 'posted too: VS Code hands it to the page once loaded (the page skips it as drawn)');
  registration.dispose();
});

test('the run the panel starts with its page lets the page load first: its restAfter settles when the page is up', async () => {
  const registration = await start();
  fakeRuns.length = 0;
  fake.state.delete('adamwLens.simulation.lastRun');
  simulate();
  const { restAfter } = fakeRuns[0].options;
  assert.ok(restAfter, 'the command\'s run waits for its page (when its first seed was computed ahead)');
  let settled = false;
  void restAfter.then(() => { settled = true; });
  await settle();
  assert.equal(settled, false);
  lastPanel().fromPage({ type: 'ready' });
  await settle();
  assert.equal(settled, true);
  fakeRuns[0].finish();
  registration.dispose();
});

test('Simulate CodeLenses warm the simulator up with the runs they offer, unless adamwLens.simulation.warmUp is off', async () => {
  const { simulationOffered } = await import('../../src/panel/index');
  const registration = await start(); // the command's run depends on the workspace's stored run
  const offers: SimConfig[][] = [];
  const warm = async (_threads: undefined, expected: SimConfig[]) => { offers.push(expected); };
  const lens = (lr: number) => ({ api: 'torch.optim.AdamW', convention: 'lr-scaled', lr, weightDecay: 0.05, language: 'python' });
  fake.state.delete('adamwLens.simulation.lastRun');
  simulationOffered([lens(1e-3), lens(1e-4)], warm);
  assert.deepEqual(offers.at(-1), [setupFromRequest(lens(1e-3) as never).config, defaultSetup().config],
    'the first valid lens\'s run, then the command\'s (the seed\'s setting)');
  simulationOffered(['not a request', lens(3e-4)], warm);
  assert.deepEqual(offers.at(-1), [setupFromRequest(lens(3e-4) as never).config, defaultSetup().config]);
  fake.state.set('adamwLens.simulation.lastRun', { setup: defaultSetup(), result });
  fake.settings.set('adamwLens.simulation.warmUp', true);
  simulationOffered([lens(1e-3)], warm);
  assert.deepEqual(offers.at(-1), [setupFromRequest(lens(1e-3) as never).config], 'the command shows the stored run: nothing to run for it');
  fake.state.set('adamwLens.simulation.lastRun', { setup: 'lost' });
  simulationOffered([lens(1e-3)], warm);
  assert.deepEqual(offers.at(-1), [setupFromRequest(lens(1e-3) as never).config, defaultSetup().config],
    'a stored run the panel cannot show: the command runs the seed\'s setting');
  fake.settings.set('adamwLens.simulation.warmUp', false);
  simulationOffered([lens(1e-3)], warm);
  assert.equal(offers.length, 4, 'the setting is off: nothing is started');
  fake.settings.delete('adamwLens.simulation.warmUp');
  registration.dispose();
});
