// One heatmap of final validation loss over α × λ (chartjs-chart-matrix), with the S1 and S2 sweeps as
// marked paths, the best λ for each α as a line (diagonal when decay is α·λ, vertical when it is not: seed
// 000's Conclusion 1), iso-timescale lines, the best cell starred and diverged cells hatched grey. Arrow keys
// move a highlighted cell and its tooltip, so the map can be read without a mouse.
import type { ChartConfiguration, ChartDataset, Plugin, TooltipItem } from 'chart.js';
import type { PanelResult } from '../src/panel/messages';
import type { ReferencePoint } from '../src/panel/setup';
import { bestCell, sweepPath, tauIter, type SweepKind } from '../src/panel/sweeps';
import { bestPerAlpha } from '../src/panel/tuning';
import type { Variant } from '../src/simulation/types';
import { Chart, logAxis } from './charts';
import { divergedPattern, type LossScale } from './colormap';
import { formatNumber, formatSteps, powerOfTen } from './format';
import { cellEdges, isoTimescaleLines, type Box } from './geometry';
import { HEATMAP_ASPECT_RATIO } from './preview';
import { BEST_LAMBDA_STYLE, HALO, SWEEP_STYLE, type Theme } from './theme';

export interface HeatmapView {
  variant: Variant;
  title: string;
  result: PanelResult;
  reference?: ReferencePoint;
  scale?: LossScale;
  theme: Theme;
  /** The (α, λ) points the user's code sweeps (the user's heatmap only). */
  userSweep?: ReferencePoint[];
}

/** One matrix cell; x and y are the centres of its log10 edges, the values themselves are kept for tooltips. */
export interface CellPoint {
  x: number;
  y: number;
  width: number;
  height: number;
  lr: number;
  weightDecay: number;
  loss: number | null;
  diverged: boolean;
}

interface XY { x: number; y: number }
type Role = 'cells' | 'halo' | SweepKind | 'iso' | 'best' | 'yours' | 'best-lambda';
type HeatmapChart = Chart<'matrix' | 'line', (CellPoint | XY)[]>;
type AnyDataset = ChartDataset<'matrix' | 'line', (CellPoint | XY)[]> & { role: Role; exponent?: number };

const roleOf = (dataset: unknown): Role => (dataset as AnyDataset).role;

function cells(view: HeatmapView): { points: CellPoint[]; box: Box } {
  const wds = view.result.weightDecays[view.variant] ?? [];
  const xEdges = cellEdges(wds);
  const yEdges = cellEdges(view.result.lrs);
  const points: CellPoint[] = [];
  view.result.lrs.forEach((lr, i) => wds.forEach((weightDecay, j) => {
    const [x0, x1] = xEdges[j];
    const [y0, y1] = yEdges[i];
    points.push({ x: (x0 + x1) / 2, y: (y0 + y1) / 2, width: x1 - x0, height: y1 - y0, lr, weightDecay,
      loss: view.result.loss[view.variant]?.[i]?.[j] ?? null, diverged: view.result.diverged[view.variant]?.[i]?.[j] ?? false });
  }));
  const box = { xMin: xEdges[0]?.[0] ?? -1, xMax: xEdges.at(-1)?.[1] ?? 0, yMin: yEdges[0]?.[0] ?? -1, yMax: yEdges.at(-1)?.[1] ?? 0 };
  return { points, box };
}

function datasets(view: HeatmapView, points: CellPoint[], box: Box): AnyDataset[] {
  const hatch = divergedPattern();
  const out: AnyDataset[] = [{
    // Chart.js draws datasets with a higher `order` first: cells at the bottom, then iso lines, halos, paths, the star.
    role: 'cells', type: 'matrix', label: 'final validation loss', data: points, order: 4,
    backgroundColor: (ctx) => {
      const cell = ctx.raw as CellPoint | undefined;
      if (!cell || cell.diverged) return hatch;
      return cell.loss !== null && view.scale ? view.scale.colour(cell.loss) : 'transparent';
    },
    borderWidth: 0,
    width: (ctx) => pixelSpan(ctx.chart as HeatmapChart, 'x', ctx.raw as CellPoint),
    height: (ctx) => pixelSpan(ctx.chart as HeatmapChart, 'y', ctx.raw as CellPoint),
  } as AnyDataset];
  const centre = (lrIndex: number, wdIndex: number): XY => {
    const wds = view.result.weightDecays[view.variant] ?? [];
    return points[lrIndex * wds.length + wdIndex];
  };
  for (const line of isoTimescaleLines(view.variant, box)) {
    out.push({ role: 'iso', exponent: line.exponent, type: 'line', label: 'iso-τ_iter = 1 / decay per step', data: [line.from, line.to],
      borderColor: 'rgba(255, 255, 255, 0.7)', borderWidth: 1, borderDash: [3, 3], pointRadius: 0, pointHitRadius: 0,
      pointStyle: 'line', order: 3 } as AnyDataset);
  }
  const ridge = bestPerAlpha(view.result, view.variant).map((p) => centre(p.lrIndex, p.wdIndex));
  if (ridge.length > 1) {
    out.push({ role: 'halo', type: 'line', label: '', data: ridge, borderColor: HALO, borderWidth: 4.5, pointRadius: 0,
      pointHitRadius: 0, order: 2.5 } as AnyDataset);
    out.push({ role: 'best-lambda', type: 'line', label: BEST_LAMBDA_STYLE.label, data: ridge, borderColor: BEST_LAMBDA_STYLE.colour,
      borderWidth: 2, pointRadius: 2.5, pointHoverRadius: 5, pointStyle: 'circle', pointBackgroundColor: BEST_LAMBDA_STYLE.colour,
      pointBorderColor: BEST_LAMBDA_STYLE.colour, order: 2.4 } as AnyDataset);
  }
  if (view.reference) {
    for (const kind of ['S1', 'S2'] as const) {
      const path = sweepPath(view.result, view.variant, view.reference, kind).map((p) => centre(p.lrIndex, p.wdIndex));
      const style = SWEEP_STYLE[kind];
      out.push({ role: 'halo', type: 'line', label: '', data: path, borderColor: HALO, borderWidth: 5, pointRadius: 0,
        pointHitRadius: 0, borderDash: style.dash, order: 2 } as AnyDataset);
      out.push({ role: kind, type: 'line', label: style.label, data: path, borderColor: style.colour, borderWidth: 2.5,
        borderDash: style.dash, pointStyle: style.pointStyle, pointRadius: 5, pointHoverRadius: 7, pointBorderWidth: 1.5,
        pointBackgroundColor: style.colour, pointBorderColor: HALO, order: 1 } as AnyDataset);
    }
  }
  if (view.userSweep?.length) {
    const seen = new Set<string>();
    const points = view.userSweep.map((p) => ({ x: Math.log10(p.weightDecay), y: Math.log10(p.lr) }))
      .filter((p) => !seen.has(`${p.x},${p.y}`) && seen.add(`${p.x},${p.y}`));
    // A white ring inside a black one: the user's own runs, visible on every cell colour.
    out.push({ role: 'halo', type: 'line', label: '', data: points, showLine: false, pointStyle: 'circle', pointRadius: 8,
      pointBorderWidth: 5, pointBorderColor: HALO, pointBackgroundColor: 'transparent', pointHitRadius: 0, order: 0.6 } as AnyDataset);
    out.push({ role: 'yours', type: 'line', label: 'your sweep (in the code)', data: points, showLine: false, pointStyle: 'circle',
      pointRadius: 8, pointHoverRadius: 9, pointBorderWidth: 2, pointBorderColor: '#ffffff', pointBackgroundColor: 'transparent',
      order: 0.5 } as AnyDataset);
  }
  const best = bestCell(view.result, view.variant);
  if (best) {
    out.push({ role: 'best', type: 'line', label: 'best cell', data: [centre(best.lrIndex, best.wdIndex)], showLine: false,
      pointStyle: 'star', pointRadius: 9, pointHoverRadius: 10, pointBorderWidth: 2.5, pointBorderColor: '#000000',
      pointBackgroundColor: '#ffffff', order: 0 } as AnyDataset);
  }
  return out;
}

function pixelSpan(chart: HeatmapChart, axis: 'x' | 'y', cell: CellPoint | undefined): number {
  const scale = chart.scales[axis];
  if (!cell || !scale) return 0;
  const size = axis === 'x' ? cell.width : cell.height;
  // One device pixel less than the span leaves a hairline between cells.
  return Math.max(1, Math.abs(scale.getPixelForValue(cell[axis] + size / 2) - scale.getPixelForValue(cell[axis] - size / 2)) - 1);
}

function tooltipLines(view: HeatmapView, item: TooltipItem<'matrix' | 'line'>): string[] {
  const role = roleOf(item.dataset);
  const raw = item.raw as CellPoint;
  if (role === 'yours') {
    const [lr, weightDecay] = [10 ** raw.y, 10 ** raw.x];
    return ['a run of your sweep (in the code)', `α = ${formatNumber(lr)}`, `λ = ${formatNumber(weightDecay)}`,
      `α·λ = ${formatNumber(lr * weightDecay)}`, `τ_iter = ${formatSteps(tauIter(view.variant, lr, weightDecay))}`];
  }
  const cell = role === 'cells' ? raw : (item.chart.data.datasets[0].data as CellPoint[])
    .find((c) => Math.abs(c.x - raw.x) < 1e-9 && Math.abs(c.y - raw.y) < 1e-9);
  if (!cell) return [];
  const { seedsDone, seedsTotal } = view.result;
  const loss = cell.diverged ? 'diverged (left out of the mean)' : cell.loss === null ? 'not computed yet' : formatNumber(cell.loss);
  const prefix = role === 'cells' ? [] : [role === 'best' ? 'best cell' : role === 'best-lambda' ? `best λ at this α`
    : SWEEP_STYLE[role as SweepKind]?.label ?? ''];
  return [...prefix, `α = ${formatNumber(cell.lr)}`, `λ = ${formatNumber(cell.weightDecay)}`,
    `α·λ = ${formatNumber(cell.lr * cell.weightDecay)}`, `τ_iter = ${formatSteps(tauIter(view.variant, cell.lr, cell.weightDecay))}`,
    `validation loss = ${loss}`, `seeds = ${seedsDone} of ${seedsTotal}`];
}

/** Labels each iso-timescale line "τ = 10ᵏ" at its upper end, on a backdrop that keeps it readable. */
const isoLabels: Plugin<'matrix' | 'line'> = {
  id: 'adamwLensIsoLabels',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.font = `${Math.max(10, Number(chart.options.font?.size ?? 12) - 2)}px ${chart.options.font?.family ?? 'sans-serif'}`;
    ctx.textBaseline = 'top';
    chart.data.datasets.forEach((dataset) => {
      const iso = dataset as AnyDataset;
      if (iso.role !== 'iso' || iso.exponent === undefined) return;
      // The upper end: a diagonal's top-left, a vertical line's top (clear of the x axis's labels).
      const [a, b] = iso.data as XY[];
      const start = a.y >= b.y ? a : b;
      const x = scales.x.getPixelForValue(start.x) + 3;
      const y = Math.max(chartArea.top + 2, scales.y.getPixelForValue(start.y) + 2);
      const text = `τ=${powerOfTen(iso.exponent)}`;
      if (x + ctx.measureText(text).width > chartArea.right - 2) return;
      ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
      ctx.fillRect(x - 2, y - 1, ctx.measureText(text).width + 4, 14);
      ctx.fillStyle = '#ffffff';
      ctx.fillText(text, x, y);
    });
    ctx.restore();
  },
};

export function heatmapConfig(view: HeatmapView): ChartConfiguration<'matrix' | 'line', (CellPoint | XY)[]> {
  const { points, box } = cells(view);
  const hatch = divergedPattern();
  return {
    type: 'matrix',
    data: { datasets: datasets(view, points, box) },
    plugins: [isoLabels],
    options: {
      responsive: true,
      maintainAspectRatio: true,
      aspectRatio: HEATMAP_ASPECT_RATIO,
      scales: { x: logAxis('weight decay λ', box.xMin, box.xMax, view.theme), y: logAxis('learning rate α', box.yMin, box.yMax, view.theme) },
      plugins: {
        title: { display: true, text: view.title, color: view.theme.foreground, font: { size: view.theme.fontSize + 1, weight: 'bold' } },
        legend: {
          position: 'bottom',
          labels: {
            usePointStyle: true,
            color: view.theme.foreground,
            sort: (a, b) => (a.text === 'diverged' ? 1 : b.text === 'diverged' ? -1 : (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0)),
            filter: (item, data) => {
              if (item.text === 'diverged') return true;
              const role = roleOf(data.datasets[item.datasetIndex ?? 0]);
              if (role === 'iso') return data.datasets.findIndex((d) => roleOf(d) === 'iso') === item.datasetIndex;
              return role !== 'cells' && role !== 'halo';
            },
            // The iso lines (white) and the star (black) are drawn for the cells; in the legend they take the text
            // colour, to show on any theme.
            generateLabels: (chart) => [...Chart.defaults.plugins.legend.labels.generateLabels(chart)
              .map((label) => (label.text.startsWith('iso-') || label.text === 'best cell' || label.text.startsWith('your')
                ? { ...label, strokeStyle: view.theme.foreground } : label)),
              { text: 'diverged', fillStyle: hatch, strokeStyle: '#3c3c3c', lineWidth: 1, hidden: false, pointStyle: 'rect',
                datasetIndex: 0, fontColor: view.theme.foreground }],
          },
          onClick: () => undefined,
        },
        tooltip: {
          filter: (item) => ['cells', 'S1', 'S2', 'best', 'yours', 'best-lambda'].includes(roleOf(item.dataset)),
          callbacks: { title: () => view.title, label: (item) => tooltipLines(view, item) },
        },
      },
    },
  };
}
