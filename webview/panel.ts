// The simulation page (dist/webview/panel.js): takes the setting from the extension, runs the simulator
// in Web Workers, draws the figure as each seed finishes, and sends exports and the finished run back.
// Messages from the extension are validated by src/panel/messages.ts; anything else is logged and dropped.
import { gridCsv, gridJson, s2Pairs } from '../src/panel/export-format';
import { parseHostMessage, type HostToPage, type PanelResult } from '../src/panel/messages';
import type { PanelSetup } from '../src/panel/setup';
import { toPanelResult } from '../src/panel/sweeps';
import { Chart } from './charts';
import { Controls } from './controls';
import { Figure, referencesFor } from './figure';
import { figurePng } from './figure-png';
import { SimulationRunner } from './runner';
import { Toolbar } from './toolbar';
import { readTheme } from './theme';
import { postToHost, saveState } from './vscode-api';

// Tests and the developer tools read the drawn charts through Chart.getChart(canvas).
Object.assign(window, { Chart });

const app = document.getElementById('app') as HTMLElement;
const runner = new SimulationRunner(app.dataset.wasmUrl ?? 'ridge.wasm', app.dataset.workerUrl ?? 'sim-worker.js');
const tables = document.createElement('details');
tables.className = 'table-view';
tables.append(Object.assign(document.createElement('summary'), { textContent: 'The numbers as tables (for screen readers and copying)' }));
const figure = new Figure(tables);
const controls = new Controls(() => postToHost({ type: 'pick-data-file' }));
const notes = document.createElement('ul');
notes.className = 'notes';
/** The setting the next Run starts from. */
let setup: PanelSetup | undefined;
/** What the figure shows (a cancelled run's partial result too): what the exports contain. */
let shown: { setup: PanelSetup; result: PanelResult } | undefined;
let runId = 0;

function draw(runSetup: PanelSetup, runResult: PanelResult): void {
  shown = { setup: runSetup, result: runResult };
  figure.draw(runSetup, runResult);
}

const toolbar = new Toolbar({
  run: () => void run(),
  cancel: () => {
    if (runner.cancel()) toolbar.status('Cancelled.', 'cancelled');
  },
  export: (format) => {
    if (!shown) return toolbar.status('Nothing to export yet: run the simulation first.', app.dataset.state ?? 'idle');
    const name = `adamw-lens-simulation.${format}`;
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

async function run(): Promise<void> {
  if (!setup) return;
  const read = controls.read();
  if ('error' in read) return toolbar.status(`Cannot run: ${read.error}.`, 'error');
  const id = ++runId;
  const runSetup: PanelSetup = { ...setup, config: read.config };
  runSetup.references = referencesFor(runSetup);
  const started = performance.now();
  delete app.dataset.firstHeatmapMs;
  toolbar.running(read.config.seeds);
  try {
    const final = await runner.run(read.config, (progress) => {
      const partial = toPanelResult(progress.partial, progress.seedsTotal);
      draw(runSetup, partial);
      app.dataset.firstHeatmapMs ??= String(Math.round(performance.now() - started));
      toolbar.progress(progress.seedsDone, progress.seedsTotal, (performance.now() - started) / 1000);
    });
    setup = runSetup;
    const result = toPanelResult(final, read.config.seeds);
    draw(runSetup, result);
    const saved = { setup: storable(runSetup), result };
    saveState(saved);
    postToHost({ type: 'result', ...saved });
    toolbar.status(`Done: ${read.config.seeds} seeds in ${final.seconds.toFixed(2)} s (first heatmap after ${app.dataset.firstHeatmapMs} ms).`, 'done');
  } catch (error) {
    if (id !== runId) return; // superseded by a newer run, which owns the status now
    if (error instanceof Error && error.name === 'AbortError') toolbar.status('Cancelled.', 'cancelled');
    else if (error instanceof Error && error.name === 'SimConfigError') toolbar.status(`Cannot run: ${error.message}.`, 'error');
    else toolbar.status(`The simulation failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
  }
}

function showSetup(message: Extract<HostToPage, { type: 'setup' }>): void {
  runner.cancel();
  runId++;
  setup = message.setup;
  shown = undefined;
  const { result } = message;
  controls.load(setup);
  notes.replaceChildren(...setup.notes.map((note) => Object.assign(document.createElement('li'), { textContent: note })));
  if (result) {
    draw(setup, result);
    saveState({ setup, result });
    toolbar.status(`Showing the last run (${result.seedsDone} of ${result.seedsTotal} seeds). Run to recompute.`, 'done');
  } else {
    figure.clear(setup);
    saveState({ setup });
  }
  if (message.autoRun) void run();
}

function receive(event: MessageEvent): void {
  const message = parseHostMessage(event.data, (problem) => console.warn(`adamw-lens: ${problem}`));
  if (!message) return;
  if (message.type === 'setup') showSetup(message);
  else if (message.type === 'data-file') {
    controls.setDataFile(message);
    toolbar.status(`Loaded ${message.name}. Run to simulate on it.`, app.dataset.state ?? 'idle');
  } else toolbar.status(message.message, message.level === 'error' ? 'error' : app.dataset.state ?? 'idle');
}

function start(): void {
  app.replaceChildren(toolbar.header, notes, toolbar.element, figure.element, controls.element, tables);
  app.removeAttribute('aria-busy');
  window.addEventListener('message', receive);
  // VS Code switches themes by changing the body's class and the variables on <html> (two dark themes differ
  // only in the variables); redraw the charts with the new colours, once per batch of changes.
  const themeObserver = new MutationObserver(() => figure.redrawForTheme());
  themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  postToHost({ type: 'ready' });
}

// The controls are custom elements from a separate module; give it a moment, but never wait forever.
const ELEMENTS = ['vscode-button', 'vscode-textfield', 'vscode-checkbox', 'vscode-single-select', 'vscode-progress-bar'];
void Promise.race([
  Promise.all(ELEMENTS.map((name) => customElements.whenDefined(name))),
  new Promise((resolve) => setTimeout(resolve, 3000)),
]).then(start);
