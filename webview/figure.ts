// The figure: one heatmap per variant side by side, the shared colour bar, then the S1/S2 loss curves
// with what they show in words (src/panel/tuning.ts: the sweeps through the best λ at the reference α,
// compared against the grid's best, and whether that agrees with the advice), and the same numbers as tables. Charts are made once per variant
// and updated in place as seeds stream in; a theme change rebuilds them with the new colours.
// While seeds stream in, only what is on screen is redrawn: a chart's update and its canvas's raster cost the
// page's thread ≈ 25 ms each per seed (4 charts, the colour bar and the tables), on the cores the simulator
// runs on, and in a panel beside the code only the first heatmap is in view. What is off screen is brought up
// to date when it scrolls into view, and everything when the run ends (or is cancelled, or exported).
import type { PanelResult } from '../src/panel/messages';
import { VARIANT_LABELS, variantGrid, type PanelSetup, type ReferencePoint } from '../src/panel/setup';
import { compareSweeps, tunedNote, tunedReference, verdict } from '../src/panel/tuning';
import type { Variant } from '../src/simulation/types';
import type { Chart } from 'chart.js';
import type { ChartKit } from './chart-kit';
import { drawColorbar } from './colorbar';
import { divergedPattern, lossScale } from './colormap';
import { formatNumber } from './format';
import { paintHeatmapCells } from './preview';
import { attachCellKeyboard } from './keyboard';
import { renderTables } from './table';
import { readTheme } from './theme';

interface VariantViews {
  heatmapCanvas: HTMLCanvasElement;
  sweepCanvas: HTMLCanvasElement;
  valleyText: HTMLElement;
  heatmap?: Chart<'matrix' | 'line', unknown[]>;
  sweeps?: Chart<'line', unknown[]>;
  /** The results the heatmap and the sweeps show (they lag behind off screen). */
  heatmapOf?: PanelResult;
  sweepsOf?: PanelResult;
  columns: number;
}

const SHORT_NAMES: Record<Variant, string> = { pt: 'AdamW-PT', lh: 'AdamW-LH', l2: 'Adam + L2', constant: 'constant decay', 'lr-squared': 'timm lr²' };

/** Each shown variant's reference point: the setup's, else the user's (ᾱ, λ̄) converted to that variant. */
export function referencesFor(setup: PanelSetup): Partial<Record<Variant, ReferencePoint>> {
  const out: Partial<Record<Variant, ReferencePoint>> = {};
  for (const variant of setup.config.variants) out[variant] = setup.references[variant] ?? variantGrid(setup, variant).reference;
  return out;
}

const headingOf = (setup: PanelSetup, variant: Variant): string =>
  `${SHORT_NAMES[variant]}${variant === setup.userVariant ? ' (your optimizer)' : ''}`;

const shownVariants = (setup: PanelSetup, result: PanelResult): Variant[] => setup.config.variants.filter((v) => result.weightDecays[v]);

/** One colour scale for all heatmaps, so the maps compare: over every computed, non-diverged cell. */
const sharedScale = (variants: Variant[], result: PanelResult) => lossScale(variants.flatMap((v) => (result.loss[v] ?? [])
  .flatMap((row, i) => row.filter((x, j): x is number => x !== null && !result.diverged[v]?.[i]?.[j]))));

export class Figure {
  readonly element = document.createElement('section');
  private readonly title = document.createElement('h1');
  private readonly heatmaps = document.createElement('div');
  private readonly colorbar = document.createElement('canvas');
  private readonly sweeps = document.createElement('div');
  private readonly tables = document.createElement('div');
  private readonly views = new Map<Variant, VariantViews>();
  private last: { setup: PanelSetup; result: PanelResult } | undefined;
  private colorbarScale: { scale: ReturnType<typeof lossScale>; theme: ReturnType<typeof readTheme> } | undefined;
  private colorbarOf: PanelResult | undefined;
  private tablesOf: PanelResult | undefined;
  /** Whether each observed part is in view; a part not reported yet counts as in view. */
  private readonly inView = new WeakMap<Element, boolean>();
  private readonly visibility = new IntersectionObserver((entries) => {
    for (const entry of entries) this.inView.set(entry.target, entry.isIntersecting);
    if (entries.some((entry) => entry.isIntersecting)) this.drawLast(false);
  });

  /** `charts`: Chart.js and the charts' configurations (chart-kit.ts), asked for at the first chart built;
   * painting the first seed's cells (`preview`) needs none of it. */
  constructor(private readonly tableHost: HTMLDetailsElement, private readonly charts: () => ChartKit) {
    this.element.id = 'figure';
    this.element.setAttribute('aria-label', 'Simulation results');
    this.title.dataset.exportText = '';
    this.heatmaps.className = 'heatmaps';
    this.sweeps.className = 'sweeps';
    this.colorbar.id = 'colorbar';
    this.colorbar.setAttribute('role', 'img');
    this.colorbar.setAttribute('aria-label', 'Colour bar: final validation loss, viridis, bright is low; hatched grey is diverged');
    this.element.append(this.title, this.heatmaps, this.colorbar, this.sweeps);
    tableHost.append(this.tables);
    this.visibility.observe(this.colorbar);
    tableHost.addEventListener('toggle', () => this.drawLast(false));
    // The colour bar is drawn at its CSS width; the charts resize themselves.
    new ResizeObserver(() => {
      if (this.colorbarScale) drawColorbar(this.colorbar, this.colorbarScale.scale, this.colorbarScale.theme);
    }).observe(this.colorbar);
  }

  /** Paints the heatmaps' cells without Chart.js (preview.ts) when no chart is on the page yet, and says
   * whether it did; `draw` then builds the charts on the same canvases. */
  preview(setup: PanelSetup, result: PanelResult): boolean {
    const variants = shownVariants(setup, result);
    if ([...this.views.values()].some((views) => views.heatmap)) return false;
    const theme = readTheme();
    const scale = sharedScale(variants, result);
    const hatch = divergedPattern();
    this.title.textContent = setup.title;
    // Every heatmap's place first: the grid lays them out side by side only once all are in it.
    for (const variant of variants) this.viewsFor(variant);
    for (const variant of variants) {
      const views = this.viewsFor(variant);
      paintHeatmapCells(views.heatmapCanvas, { variant, title: headingOf(setup, variant), result, scale, theme, hatch });
      views.heatmapCanvas.dataset.seeds = String(result.seedsDone);
    }
    return true;
  }

  /** Draws `result`: every part when `everything` (by default once the run's last seed is in), else the parts
   * on screen, and any part not drawn yet. A part that already shows `result` is left as it is. */
  draw(setup: PanelSetup, result: PanelResult, everything = result.seedsDone >= result.seedsTotal): void {
    this.last = { setup, result };
    // `shows`: the result a part shows, undefined when it has not been drawn (or must be again).
    const due = (shows: PanelResult | undefined, part: Element) =>
      shows !== result && (everything || shows === undefined || this.inView.get(part) !== false);
    const kit = this.charts();
    const theme = readTheme();
    kit.applyThemeDefaults(theme);
    this.title.textContent = setup.title;
    const variants = shownVariants(setup, result);
    for (const [variant, views] of this.views) if (!variants.includes(variant)) this.remove(variant, views);
    const scale = sharedScale(variants, result);
    const references = referencesFor(setup);
    // The sweeps pass through the best λ at each heatmap's reference α (the advice is about a tuned λ̄).
    const tuned = Object.fromEntries(variants.flatMap((variant) => {
      const user = references[variant];
      return user ? [[variant, tunedReference(result, variant, user)]] : [];
    })) as Partial<Record<Variant, ReturnType<typeof tunedReference>>>;
    for (const variant of variants) {
      const views = this.viewsFor(variant);
      const reference = tuned[variant]?.reference;
      if (due(views.heatmapOf, views.heatmapCanvas)) {
        views.heatmapOf = result;
        views.heatmapCanvas.setAttribute('aria-label', `Heatmap of final validation loss for ${VARIANT_LABELS[variant]}; the table view lists the values`);
        views.columns = result.weightDecays[variant]?.length ?? 0;
        const userSweep = variant === setup.userVariant ? setup.userSweep : undefined;
        const heatmap = kit.heatmapConfig({ variant, title: headingOf(setup, variant), result, reference, scale, theme, userSweep });
        if (views.heatmap) {
          views.heatmap.data = heatmap.data as typeof views.heatmap.data;
          views.heatmap.options = heatmap.options as typeof views.heatmap.options;
          views.heatmap.update('none');
        } else views.heatmap = new kit.Chart(views.heatmapCanvas, heatmap) as unknown as Chart<'matrix' | 'line', unknown[]>;
        views.heatmapCanvas.dataset.seeds = String(result.seedsDone);
      }
      if (!reference || !due(views.sweepsOf, views.sweepCanvas)) continue;
      views.sweepsOf = result;
      const comparison = compareSweeps(result, variant, reference);
      const sweepView = { variant, title: `${SHORT_NAMES[variant]}: validation loss along the sweeps`, result, reference,
        gridBest: comparison.gridBest, theme };
      const sweeps = kit.sweepChartConfig(sweepView);
      if (views.sweeps) {
        views.sweeps.data = sweeps.data as typeof views.sweeps.data;
        views.sweeps.options = sweeps.options as typeof views.sweeps.options;
        views.sweeps.update('none');
      } else views.sweeps = new kit.Chart(views.sweepCanvas, sweeps) as unknown as Chart<'line', unknown[]>;
      const said = verdict(variant, comparison, formatNumber);
      const note = tunedNote(tuned[variant] as ReturnType<typeof tunedReference>, formatNumber);
      views.valleyText.textContent = [note, said.text].filter(Boolean).join(' ');
      // For tests and screen readers' tools: what the caption concludes.
      views.valleyText.dataset.closer = said.closer ?? '';
      views.valleyText.dataset.agrees = said.agrees === undefined ? '' : String(said.agrees);
    }
    if (due(this.colorbarOf, this.colorbar)) {
      this.colorbarOf = result;
      this.colorbarScale = { scale, theme };
      drawColorbar(this.colorbar, scale, theme);
    }
    // The tables are in a <details>: closed, nothing of them is on screen.
    if (this.tablesOf !== result && (everything || this.tableHost.open)) {
      this.tablesOf = result;
      const drawnReferences = { ...setup.references };
      for (const [variant, t] of Object.entries(tuned)) drawnReferences[variant as Variant] = t.reference;
      renderTables(this.tables, { ...setup, references: drawnReferences }, result);
    }
  }

  /** Brings every part up to date with the last result drawn (a run that ends before its last seed). */
  drawEverything(): void {
    this.drawLast(true);
  }

  /** Draws the last result again: what is due of it (see `draw`). */
  private drawLast(everything: boolean): void {
    if (this.last) this.draw(this.last.setup, this.last.result, everything);
  }

  /** Empties the figure (a new setting, not run yet): no chart of another setting stays on screen. */
  clear(setup: PanelSetup): void {
    for (const [variant, views] of this.views) this.remove(variant, views);
    this.last = undefined;
    this.colorbarScale = undefined;
    this.colorbarOf = undefined;
    this.tablesOf = undefined;
    this.title.textContent = setup.title;
    this.colorbar.getContext('2d')?.clearRect(0, 0, this.colorbar.width, this.colorbar.height);
    this.tables.replaceChildren();
  }

  /** Redraws the last result with the current theme's colours (body class or variables changed). */
  redrawForTheme(): void {
    for (const [variant, views] of this.views) this.remove(variant, views);
    this.colorbarOf = undefined;
    if (this.last) this.draw(this.last.setup, this.last.result);
  }

  private viewsFor(variant: Variant): VariantViews {
    const existing = this.views.get(variant);
    if (existing) return existing;
    const heatmapFigure = document.createElement('figure');
    const heatmapCanvas = document.createElement('canvas');
    heatmapCanvas.id = `heatmap-${variant}`;
    heatmapCanvas.setAttribute('role', 'img');
    heatmapFigure.append(heatmapCanvas);
    const sweepFigure = document.createElement('figure');
    const sweepCanvas = document.createElement('canvas');
    sweepCanvas.id = `sweeps-${variant}`;
    sweepCanvas.setAttribute('role', 'img');
    sweepCanvas.setAttribute('aria-label', `Validation loss along the S1 and S2 sweeps for ${VARIANT_LABELS[variant]}`);
    const valleyText = document.createElement('figcaption');
    valleyText.className = 'valley';
    valleyText.dataset.exportText = '';
    sweepFigure.append(sweepCanvas, valleyText);
    this.heatmaps.append(heatmapFigure);
    this.sweeps.append(sweepFigure);
    this.visibility.observe(heatmapCanvas);
    this.visibility.observe(sweepCanvas);
    const views: VariantViews = { heatmapCanvas, sweepCanvas, valleyText, columns: 0 };
    attachCellKeyboard(heatmapCanvas, () => views.heatmap, () => ({ rows: this.last?.result.lrs.length ?? 0, columns: views.columns }));
    this.views.set(variant, views);
    return views;
  }

  private remove(variant: Variant, views: VariantViews): void {
    // Forgotten before the canvas leaves the page: a focused canvas's blur (keyboard.ts) must not reach a destroyed chart.
    views.heatmap?.destroy();
    views.heatmap = undefined;
    views.sweeps?.destroy();
    views.sweeps = undefined;
    this.visibility.unobserve(views.heatmapCanvas);
    this.visibility.unobserve(views.sweepCanvas);
    views.heatmapCanvas.closest('figure')?.remove();
    views.sweepCanvas.closest('figure')?.remove();
    this.views.delete(variant);
  }
}
