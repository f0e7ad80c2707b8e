// The simulation page (dist/webview/panel.js): takes the setting from the extension, asks it for runs
// (the simulator runs in the extension host), draws the figure as each seed's result arrives, and sends
// exports and the finished run back. Messages from the extension are validated by src/panel/messages.ts;
// anything else is logged and dropped. Nothing waits for the controls' custom elements but the controls:
// the figure can be drawn as soon as this script runs.
import { gridCsv, gridJson, s2Pairs } from '../src/panel/export-format';
import { parseHostMessage, type HostToPage, type PanelResult } from '../src/panel/messages';
import type { PanelSetup } from '../src/panel/setup';
import { validateConfig } from '../src/simulation/validate';
import type { ChartKit } from './chart-kit';
import { Controls } from './controls';
import { Figure, referencesFor } from './figure';
import { figurePng } from './figure-png';
import { Toolbar } from './toolbar';
import { readTheme } from './theme';
import { postToHost, saveState } from './vscode-api';

/** Marks on the page's performance timeline (read by scripts/bench-panel.ts): when the script ran, the
 * setting arrived, each seed's result arrived (seeds-N: N seeds done), the first seed's result arrived (its
 * detail: the host's seconds since the run started), the page's load event fired, the first heatmap was
 * drawn, the frame that shows it began and ended, the run was complete. */
const mark = (name: string, detail?: number) => performance.mark(`adamw-lens:${name}`, { detail });
mark('script');

const app = document.getElementById('app') as HTMLElement;
const scriptNonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

/** How long Chart.js's code waits for an idle moment after the first seed's painted cells are shown. */
const CHART_KIT_IDLE_MS = 300;
/** The kit chart-kit.js hands the page when it runs; undefined until then. */
const loadedChartKit = (): ChartKit | undefined => (window as { adamwLensChartKit?: ChartKit }).adamwLensChartKit;
const chartKitRan = (): boolean => loadedChartKit() !== undefined;

/** Chart.js and the charts' configurations: their code is in the page as inert text (chart-kit.ts says
 * why), run here, under the page's nonce, once the page has loaded (or where a chart is first needed). */
function chartKit(): ChartKit {
  const loaded = loadedChartKit();
  if (loaded) return loaded;
  const code = document.getElementById('chart-kit');
  const script = Object.assign(document.createElement('script'), { nonce: scriptNonce, textContent: code?.textContent ?? '' });
  document.head.append(script); // an inline script runs as it is inserted
  code?.remove();
  mark('chart-kit');
  const kit = loadedChartKit();
  if (!kit) throw new Error('the page has no chart code (no #chart-kit block)');
  return kit;
}

const tables = document.createElement('details');
tables.className = 'table-view';
tables.append(Object.assign(document.createElement('summary'), { textContent: 'The numbers as tables (for screen readers and copying)' }));
const figure = new Figure(tables, chartKit);
const controls = new Controls(() => postToHost({ type: 'pick-data-file' }));
const notes = document.createElement('ul');
notes.className = 'notes';
/** The setting the next Run starts from. */
let setup: PanelSetup | undefined;
/** What the figure shows (a cancelled run's partial result too): what the exports contain. */
let shown: { setup: PanelSetup; result: PanelResult } | undefined;
/** The run the page follows: asked for (`request`) and, once the host has started it, its `runId`. */
let current: { request?: number; runId?: number; setup: PanelSetup; firstSeedSeconds?: number; seedsDrawn?: number } | undefined;
let requests = 0;
/** Counts settings, so a setting's deferred control loading does not apply to a newer one. */
let setupCount = 0;

/** The host's number of the setting shown (`content` of its setup message), when it gave one. */
let shownContent: number | undefined;

// The controls are custom elements from a separate module (@vscode-elements): the figure needs none of it. It
// is loaded after the page's load event (a resource fetched before it holds back VS Code's showing the page),
// and while the run the host started with the panel is under way, only once it has ended (at the latest
// CONTROLS_AT_THE_LATEST_MS after the load event): fetching it through the workbench, compiling and upgrading
// it take 0.2–0.4 s of the page's thread, which in a remote VS Code is also the workbench's that relays the
// run's messages, on the cores the simulator runs on. Until then the toolbar's buttons are hidden (panel.css);
// the status line says how the run goes. Only filling the controls in waits for it (never forever).
const ELEMENTS = ['vscode-button', 'vscode-textfield', 'vscode-checkbox', 'vscode-single-select', 'vscode-progress-bar'];
/** The latest the controls load after the page's load event, whatever the run does. */
const CONTROLS_AT_THE_LATEST_MS = 2000;
let loadControlsNow: () => void = () => undefined;
const elementsReady = new Promise<unknown>((resolve) => {
  let started = false;
  loadControlsNow = () => {
    if (started) return;
    started = true;
    // The codicon stylesheet first: the elements' icons look it up by this id when they connect.
    if (app.dataset.codicons) {
      document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', id: 'vscode-codicon-stylesheet', href: app.dataset.codicons }));
    }
    if (app.dataset.elements) {
      document.head.append(Object.assign(document.createElement('script'), { type: 'module', nonce: scriptNonce, src: app.dataset.elements }));
    }
    void Promise.race([
      Promise.all(ELEMENTS.map((name) => customElements.whenDefined(name))),
      new Promise((done) => setTimeout(done, 3000)),
    ]).then(resolve);
  };
});

/** Loads the controls once the page has loaded (now if it has). */
function loadControls(): void {
  if (document.readyState === 'complete') loadControlsNow();
  else window.addEventListener('load', () => loadControlsNow(), { once: true });
}
window.addEventListener('load', () => {
  mark('load'); // VS Code shows the page and hands it the messages it kept from here on
  setTimeout(loadControlsNow, CONTROLS_AT_THE_LATEST_MS);
  // Chart.js's code runs while the page waits for the first seed (usually it does: the page is up first), two
  // tasks on, behind the messages VS Code hands over on load; if they brought a seed, its painted cells get
  // their frame first and the code runs after it (onProgress).
  setTimeout(() => setTimeout(() => {
    if (!paintedCellsPending) chartKit();
  }, 0), 0);
}, { once: true });

function draw(runSetup: PanelSetup, runResult: PanelResult): void {
  shown = { setup: runSetup, result: runResult };
  figure.draw(runSetup, runResult);
}

const toolbar = new Toolbar({
  run,
  cancel,
  export: (format) => {
    if (!shown) return toolbar.status('Nothing to export yet: run the simulation first.', app.dataset.state ?? 'idle');
    const name = `adamw-lens-simulation.${format}`;
    if (format === 'png') figure.drawEverything(); // parts off screen may lag behind during a run
    const content = format === 'png' ? figurePng(figure.element, readTheme().background)
      : format === 'csv' ? gridCsv(shown.result) : gridJson(shown.setup, shown.result);
    postToHost({ type: 'save', format, content, suggestedName: name });
  },
  copySweep: () => {
    const pairs = shown ? s2Pairs(shown.setup, shown.result) : [];
    if (pairs.length === 0) return toolbar.status('No S2 sweep on this grid yet: run the simulation first.', app.dataset.state ?? 'idle');
    postToHost({ type: 'copy-sweep', pairs });
  },
}, app);

/** The setup as kept in the saved state: a user's data file can be large and stays out of it. */
function storable(run: PanelSetup): PanelSetup {
  if (run.config.data.kind === 'synthetic') return run;
  return { ...run, config: { ...run.config, data: { kind: 'synthetic', n: 200, d: 1000, noise: 0 } },
    notes: [...run.notes, 'The last run used a data file, which is not kept with the panel; rerunning uses the synthetic data.'].slice(0, 10) };
}

/** The run of `config` as the figure draws it: the setting with that grid and its reference points. */
function runSetupFor(base: PanelSetup, config: PanelSetup['config']): PanelSetup {
  const runSetup: PanelSetup = { ...base, config };
  runSetup.references = referencesFor(runSetup);
  return runSetup;
}

/** Run: asks the host to run what the controls say. */
function run(): void {
  if (!setup) return;
  const read = controls.read();
  if ('error' in read) return toolbar.status(`Cannot run: ${read.error}.`, 'error');
  try {
    validateConfig(read.config); // the simulator's own checks, said here before anything is sent
  } catch (error) {
    return toolbar.status(`Cannot run: ${error instanceof Error ? error.message : String(error)}.`, 'error');
  }
  const request = ++requests;
  undrawn = undefined;
  current = { request, setup: runSetupFor(setup, read.config) };
  toolbar.running(read.config.seeds);
  postToHost({ type: 'run', request, config: read.config });
}

function cancel(): void {
  if (!current) return;
  undrawn = undefined;
  postToHost({ type: 'cancel', ...(current.runId !== undefined ? { runId: current.runId } : {}) });
  current = undefined;
  toolbar.status('Cancelled.', 'cancelled');
}

/** The latest streamed result not drawn yet: seeds can arrive faster than the charts redraw, so the page
 * draws at most once per frame, the newest result, and stays responsive. */
let undrawn: { setup: PanelSetup; result: PanelResult } | undefined;
/** The first seed's painted cells wait for their frame: until it is out, later seeds (VS Code hands a page
 * that loads late all the seeds it kept at once) only replace `undrawn`, or building the charts would take
 * that frame and the painted cells would never be seen. */
let paintedCellsPending = false;

/** Bookkeeping after `result` is on screen (painted cells or the charts). */
function drew(result: PanelResult): void {
  if (current && current.firstSeedSeconds === undefined) {
    current.firstSeedSeconds = result.seconds;
    mark('first-heatmap');
  }
  if (current) current.seedsDrawn = result.seedsDone;
  toolbar.progress(result.seedsDone, result.seedsTotal, result.seconds);
}

function drawUndrawn(): void {
  if (!undrawn) return;
  const { setup: runSetup, result } = undrawn;
  undrawn = undefined;
  draw(runSetup, result);
  drew(result);
}

function onProgress(message: Extract<HostToPage, { type: 'progress' }>): void {
  if (!current || current.runId !== message.runId) return;
  // The host repeats where its run stands to a page that (re)loads; what is drawn already is not redrawn.
  if (message.result.seedsDone <= Math.max(current.seedsDrawn ?? 0, undrawn?.result.seedsDone ?? 0)) return;
  const first = current.firstSeedSeconds === undefined && !undrawn;
  mark(`seeds-${message.result.seedsDone}`, message.result.seconds); // detail: the host's seconds since its run started
  undrawn = { setup: current.setup, result: message.result };
  if (first) {
    mark('first-progress', message.result.seconds);
    // The first seed's cells are painted at once, without Chart.js when no chart is up yet; the charts follow
    // once that picture is on screen (a frame, then a task).
    if (figure.preview(current.setup, message.result)) {
      shown = { setup: current.setup, result: message.result };
      drew(message.result);
      paintedCellsPending = true;
      // Then Chart.js's code runs and the charts are built, each in a task of its own (60–250 ms each on a busy
      // machine): the workbench, whose thread this is in a remote VS Code, gets its turns between them.
      requestAnimationFrame(() => {
        mark('first-heatmap-frame');
        // The first task after this frame's rendering (queued before the charts' tasks): the painted cells are
        // committed to the compositor, which shows them whatever this thread does next (bench:panel reads it).
        const afterFrame = new MessageChannel();
        afterFrame.port1.onmessage = () => mark('first-heatmap-painted');
        afterFrame.port2.postMessage(undefined);
        const buildCharts = () => setTimeout(() => {
          paintedCellsPending = false;
          drawUndrawn();
        }, 0);
        if (chartKitRan()) buildCharts();
        // The seed came with the page's load, before Chart.js's code ran: that runs once the thread is idle
        // (the workbench's own work after showing the page first), at the latest CHART_KIT_IDLE_MS on.
        else requestIdleCallback(() => {
          chartKit();
          buildCharts();
        }, { timeout: CHART_KIT_IDLE_MS });
      });
    } else drawUndrawn();
  } else if (!paintedCellsPending) requestAnimationFrame(drawUndrawn);
}

function onRunEnd(message: Extract<HostToPage, { type: 'run-end' }>): void {
  if (!current || current.runId !== message.runId) return; // superseded or cancelled here: the status is already said
  loadControls();
  drawUndrawn();
  figure.drawEverything(); // what was off screen while the seeds came in (a finished run's last seed drew it all)
  const ended = current;
  current = undefined;
  if (message.outcome === 'done' && shown && shown.setup === ended.setup) {
    mark('complete');
    setup = ended.setup;
    const saved = { setup: storable(ended.setup), result: shown.result };
    saveState(saved);
    postToHost({ type: 'result', ...saved });
    toolbar.status(`Done: ${shown.result.seedsDone} seeds in ${shown.result.seconds.toFixed(2)} s `
      + `(first seed's heatmap after ${(ended.firstSeedSeconds ?? shown.result.seconds).toFixed(2)} s).`, 'done');
  } else if (message.outcome === 'cancelled') toolbar.status('Cancelled.', 'cancelled');
  else if (message.outcome === 'invalid') toolbar.status(`Cannot run: ${message.message ?? 'invalid setting'}.`, 'error');
  else toolbar.status(`The simulation failed: ${message.message ?? 'unknown error'}`, 'error');
}

function showSetup(message: Extract<HostToPage, { type: 'setup' }>): void {
  // The host sends its setting again to a page that says it has an older one; the same one is kept as it is.
  if (message.content !== undefined && message.content === shownContent) return;
  shownContent = message.content;
  mark('setup');
  const count = ++setupCount;
  setup = message.setup;
  shown = undefined;
  current = undefined;
  undrawn = undefined;
  const { result } = message;
  notes.replaceChildren(...setup.notes.map((note) => Object.assign(document.createElement('li'), { textContent: note })));
  if (result) {
    draw(setup, result);
    saveState({ setup, result });
    toolbar.status(`Showing the last run (${result.seedsDone} of ${result.seedsTotal} seeds). Run to recompute.`, 'done');
  } else {
    figure.clear(setup);
    saveState({ setup });
  }
  if (message.autoRun && message.runId !== undefined) {
    // The host started this run with the setting itself; its seeds may already be on their way.
    current = { runId: message.runId, setup: runSetupFor(setup, setup.config) };
    toolbar.running(setup.config.seeds);
  } else loadControls();
  const loaded = setup;
  void elementsReady.then(() => {
    if (count !== setupCount) return;
    controls.load(loaded);
    if (message.autoRun && message.runId === undefined) run();
  });
}

/** A message from the host that is not one: logged and dropped. */
const warnOfMessage = (problem: string) => console.warn(`adamw-lens: ${problem}`);

function receive(event: MessageEvent): void {
  const message = parseHostMessage(event.data, warnOfMessage);
  if (message) handle(message);
}

function handle(message: HostToPage): void {
  switch (message.type) {
    case 'setup': return showSetup(message);
    case 'progress': return onProgress(message);
    case 'run-end': return onRunEnd(message);
    case 'run-started':
      if (current && current.request === message.request) current.runId = message.runId;
      return;
    case 'data-file':
      controls.setDataFile(message);
      return toolbar.status(`Loaded ${message.name}. Run to simulate on it.`, app.dataset.state ?? 'idle');
    case 'notice':
      return toolbar.status(message.message, message.level === 'error' ? 'error' : app.dataset.state ?? 'idle');
  }
}

/** The host's first messages, in the HTML: the setting (and the run the host started with the panel), then
 * what that run has sent so far (a first seed computed ahead): drawn while the page loads, before VS Code
 * shows it and hands it the same messages again (those are skipped as drawn). */
function initialMessages(): void {
  const block = document.getElementById('initial-message');
  if (!block) return;
  let data: unknown;
  try {
    data = JSON.parse(block.textContent ?? '');
  } catch (error) {
    console.warn(`adamw-lens: the setting in the page is not JSON: ${String(error)}`);
    return;
  }
  const [first, ...rest] = Array.isArray(data) ? data : [data];
  const setting = parseHostMessage(first, warnOfMessage);
  if (setting?.type !== 'setup') return;
  showSetup(setting);
  for (const raw of rest) {
    const message = parseHostMessage(raw, warnOfMessage);
    if (message?.type === 'progress' || message?.type === 'run-end') handle(message);
  }
}

function start(): void {
  app.replaceChildren(toolbar.header, notes, toolbar.element, figure.element, controls.element, tables);
  app.removeAttribute('aria-busy');
  initialMessages();
  window.addEventListener('message', receive);
  // VS Code switches themes by changing the body's class and the variables on <html> (two dark themes differ
  // only in the variables); redraw the charts with the new colours, once per batch of changes.
  const themeObserver = new MutationObserver(() => figure.redrawForTheme());
  themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  postToHost({ type: 'ready', ...(shownContent !== undefined ? { content: shownContent } : {}) });
}

start();
