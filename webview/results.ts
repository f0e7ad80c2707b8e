// The sweep-results page (dist/webview/results.js): draws what the extension computed (results-view.ts) and
// sends back only "copy the next S2 sweep in this format". Messages are checked by results-messages.ts both
// ways; text from messages is only ever set as textContent.
import type { VscodeButton, VscodeSingleSelect } from '@vscode-elements/elements';
import { resultsHostMessageProblem, resultsPageMessageProblem, type ResultsHostToPage, type ResultsPageToHost, type ResultsView } from '../src/panel/results-messages';
import { Chart, applyThemeDefaults } from './charts';
import { formatNumber } from './format';
import { drawResultsChart } from './results-chart';
import { readTheme } from './theme';

Object.assign(window, { Chart });

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const api: VsCodeApi = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: () => undefined };

function post(message: ResultsPageToHost): void {
  const problem = resultsPageMessageProblem(message);
  if (problem) console.error(`adamw-lens: not sent to the extension: ${problem}`);
  else api.postMessage(message);
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const DESIGN_NAMES: Record<ResultsView['design'], string> = {
  S1: 'S1 sweep (λ fixed while α varies)', S2: 'S2 sweep (α·λ fixed while α varies)', grid: 'grid', random: 'random or adaptive search',
};

const app = document.getElementById('app') as HTMLElement;
const title = make('h1', { id: 'title' });
const summary = make('p', { id: 'summary' });
const design = make('p', { id: 'design' });
const best = make('p', { id: 'best' });
const edges = make('p', { id: 'edges' });
const coupling = make('p', { id: 'coupling' });
const notice = make('p', { id: 'notice', role: 'alert', hidden: '' });
const charts = make('div', { class: 'charts' });
const canvases = {
  lambda: make('canvas', { id: 'results-lambda', role: 'img', 'aria-label': 'Runs over learning rate α and weight decay λ' }),
  product: make('canvas', { id: 'results-product', role: 'img', 'aria-label': 'Runs over learning rate α and decay per step α·λ' }),
};
const next = make('p', { id: 'next-sweep' });
const format = make('vscode-single-select', { id: 'sweep-format', 'aria-label': 'Code format of the next S2 sweep' }) as VscodeSingleSelect;
const copy = make('vscode-button', { id: 'copy-sweep', icon: 'copy' }, 'Copy next S2 sweep as code') as VscodeButton;
const notes = make('ul', { id: 'notes', class: 'notes' });
let view: ResultsView | undefined;

function figure(canvas: HTMLCanvasElement, caption: string): HTMLElement {
  const node = make('figure');
  const box = make('div', { class: 'chart-box' });
  box.append(canvas);
  node.append(box, make('figcaption', {}, caption));
  return node;
}

function build(): void {
  for (const [value, label] of [['wandb', 'W&B sweep (YAML)'], ['optuna', 'Optuna (Python)'], ['shell', 'shell loop']]) {
    format.append(make('vscode-option', { value }, label));
  }
  copy.addEventListener('click', () => {
    const chosen = (format.value || 'wandb') as 'wandb' | 'optuna' | 'shell';
    post({ type: 'copy-sweep', format: chosen });
  });
  charts.append(
    figure(canvases.lambda, 'Over (α, λ): iso-τ lines are diagonals; a coupled optimum is a diagonal valley that a coarse grid cuts at an angle.'),
    figure(canvases.product, 'Over (α, α·λ): iso-τ lines are horizontal; an S2 sweep is one horizontal line, an S1 sweep climbs with α.'),
  );
  const actions = make('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Next sweep' });
  actions.append(format, copy);
  const notesBox = make('section', { 'aria-label': 'Notes' });
  notesBox.append(make('h2', {}, 'Notes'), notes);
  app.replaceChildren(title, summary, notice, design, best, edges, coupling, charts, next, actions, notesBox);
  app.removeAttribute('aria-busy');
}

function show(shown: ResultsView): void {
  view = shown;
  notice.hidden = true;
  const goal = shown.direction === 'minimize' ? 'lower is better' : 'higher is better';
  title.textContent = `Sweep results: ${shown.file}`;
  summary.textContent = `${shown.runCount} run${shown.runCount === 1 ? '' : 's'}, metric ${shown.metric} (${goal}). Design: ${DESIGN_NAMES[shown.design]}.`;
  design.textContent = `Design — ${shown.designText}.`;
  const b = shown.best;
  best.textContent = `Best run — ${shown.metric} = ${formatNumber(b.value)} at α = ${formatNumber(b.lr)}, λ = ${formatNumber(b.weightDecay)}: ` +
    `α·λ = ${formatNumber(b.lr * b.weightDecay)}, τ_iter = 1/(α·λ) = ${formatNumber(b.tauIter)} steps.`;
  edges.textContent = shown.edgesText;
  coupling.textContent = `Coupling — ${shown.couplingText}.`;
  next.textContent = `Next S2 sweep (α·λ = ${formatNumber(shown.suggestionProduct)} at every run): lr ${shown.suggestion.lrs.map(formatNumber).join(', ')}; ` +
    `weight_decay ${shown.suggestion.weightDecays.map(formatNumber).join(', ')}.`;
  notes.replaceChildren(...shown.notes.map((n) => make('li', {}, n)));
  redraw();
  app.dataset.state = 'drawn';
}

function redraw(): void {
  if (!view) return;
  const theme = readTheme();
  applyThemeDefaults(theme);
  drawResultsChart(canvases.lambda, view, 'lambda', theme);
  drawResultsChart(canvases.product, view, 'product', theme);
}

function receive(event: MessageEvent): void {
  const problem = resultsHostMessageProblem(event.data);
  if (problem) {
    console.warn(`adamw-lens: ignored a message from the extension: ${problem}`);
    return;
  }
  const message = event.data as ResultsHostToPage;
  if (message.type === 'results') show(message.view);
  else {
    notice.textContent = message.message;
    notice.hidden = false;
  }
}

function start(): void {
  build();
  window.addEventListener('message', receive);
  const observer = new MutationObserver(() => redraw());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  post({ type: 'ready' });
}

void Promise.race([
  Promise.all(['vscode-button', 'vscode-single-select'].map((name) => customElements.whenDefined(name))),
  new Promise((resolve) => setTimeout(resolve, 3000)),
]).then(start);
