// The two scatter charts of the sweep-results page: the runs over (log α, log λ) and over (log α, log α·λ),
// coloured by the metric (viridis, brightest = best), the best run as a star, the next S2 sweep as rings,
// the best λ per α (the measured coupling) as a line, and iso-τ lines τ_iter = 1/(α·λ) = 10ⁿ steps, which
// are diagonals over (α, λ) and horizontal over (α, α·λ).
import { ScatterController, type ChartDataset, type Plugin } from 'chart.js';
import { describeInterval } from '../src/engine/results/analysis';
import type { ResultsView } from '../src/panel/results-messages';
import { Chart, logAxis } from './charts';
import { viridis } from './colormap';
import { formatNumber, powerOfTen } from './format';
import { HALO, type Theme } from './theme';

Chart.register(ScatterController);

export type ResultsAxis = 'lambda' | 'product';

interface Point {
  x: number;
  y: number;
  lr: number;
  wd: number;
  value?: number;
}

const STAR = '#F0E442';
const NEXT = '#56B4E9';
const COUPLING = '#D55E00';
const ISO = 'rgba(160, 160, 160, 0.75)';

/** A colour per run: viridis from the best value (bright) to the value a quarter of the way from the worst (dark). */
export function metricColours(values: readonly number[], direction: ResultsView['direction']): string[] {
  const goodness = values.map((v) => (direction === 'minimize' ? -v : v));
  const sorted = [...goodness].sort((a, b) => a - b);
  const best = sorted[sorted.length - 1];
  const floor = sorted[Math.floor(sorted.length / 4)];
  const span = best - floor || 1;
  return goodness.map((g) => viridis((g - floor) / span));
}

const y = (axis: ResultsAxis, lr: number, wd: number) => Math.log10(axis === 'lambda' ? wd : lr * wd);
const point = (axis: ResultsAxis, lr: number, wd: number, value?: number): Point => ({ x: Math.log10(lr), y: y(axis, lr, wd), lr, wd, value });

/** Whole decades of τ_iter across the drawn α·λ, at most 8 (every other decade beyond that). */
export function isoTaus(view: ResultsView): number[] {
  const products = [...view.runs.map(([lr, wd]) => lr * wd), view.suggestionProduct];
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of products) { lo = Math.min(lo, -Math.log10(p)); hi = Math.max(hi, -Math.log10(p)); }
  const first = Math.floor(lo);
  const last = Math.ceil(hi);
  const step = Math.max(1, Math.ceil((last - first + 1) / 8));
  const out: number[] = [];
  for (let k = first; k <= last; k += step) out.push(k);
  return out;
}

/** The iso-τ labels at the right end of their lines. */
const isoLabels: Plugin<'scatter'> = {
  id: 'adamwLensIsoLabels',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.font = `${Math.max(10, Number(Chart.defaults.font.size) - 1)}px ${Chart.defaults.font.family}`;
    ctx.fillStyle = ISO;
    chart.data.datasets.forEach((dataset, i) => {
      const tau = (dataset as { isoTau?: number }).isoTau;
      if (tau === undefined || !chart.isDatasetVisible(i)) return;
      // The line's last point inside the plot, sampled along it (a diagonal leaves through the bottom).
      const [a, b] = chart.getDatasetMeta(i).data;
      if (!a || !b) return;
      const samples = Array.from({ length: 101 }, (_, s) => ({ x: a.x + (b.x - a.x) * s / 100, y: a.y + (b.y - a.y) * s / 100 }));
      const inside = samples.filter((p) => p.x >= chartArea.left + 30 && p.x <= chartArea.right && p.y >= chartArea.top + 12 && p.y <= chartArea.bottom);
      const at = inside[inside.length - 1];
      if (!at) return;
      ctx.textAlign = 'right';
      ctx.fillText(`τ=${powerOfTen(tau)}`, Math.min(at.x, chartArea.right - 2), at.y - 4);
    });
    ctx.restore();
  },
};

export function drawResultsChart(canvas: HTMLCanvasElement, view: ResultsView, axis: ResultsAxis, theme: Theme): Chart<'scatter', Point[]> {
  Chart.getChart(canvas)?.destroy();
  const colours = metricColours(view.runs.map((r) => r[2]), view.direction);
  const runs = view.runs.map(([lr, wd, value]) => point(axis, lr, wd, value));
  const next = view.suggestion.lrs.map((lr, i) => point(axis, lr, view.suggestion.weightDecays[i]));
  const all = [...runs, ...next];
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of all) { x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y); }
  const pad = (lo: number, hi: number) => {
    const margin = Math.max(0.25, (hi - lo) * 0.06);
    return [lo - margin, hi + margin];
  };
  [x0, x1] = pad(x0, x1);
  [y0, y1] = pad(y0, y1);
  const iso: ChartDataset<'scatter', Point[]>[] = isoTaus(view).map((k, i) => {
    // τ = 10^k ⇔ log α + log λ = −k.
    const ends = axis === 'lambda' ? [x0, x1].map((x) => ({ x, y: -k - x, lr: 10 ** x, wd: 10 ** (-k - x) }))
      : [x0, x1].map((x) => ({ x, y: -k, lr: 10 ** x, wd: 10 ** (-k - x) }));
    return Object.assign({
      label: i === 0 ? 'iso-τ lines: τ_iter = 1/(α·λ) = 10ⁿ steps' : `τ_iter = ${powerOfTen(k)} steps`, data: ends, showLine: true, pointRadius: 0, borderColor: ISO, borderWidth: 1,
      borderDash: [3, 4], order: 5,
    }, { isoTau: k, hideInLegend: i > 0 });
  });
  const datasets: ChartDataset<'scatter', Point[]>[] = [
    { label: `runs (colour: ${view.metric}, brighter is better)`, data: runs, pointRadius: 4, pointBackgroundColor: colours, pointBorderColor: HALO,
      pointBorderWidth: 0.5, order: 3 },
    { label: `next S2 sweep (α·λ = ${formatNumber(view.suggestionProduct)})`, data: next, showLine: true, pointRadius: 5, pointStyle: 'circle',
      pointBackgroundColor: 'transparent', pointBorderColor: NEXT, borderColor: NEXT, borderWidth: 1.5, borderDash: [6, 4], order: 2 },
    { label: `best: ${view.metric} = ${formatNumber(view.best.value)}`, data: [point(axis, view.best.lr, view.best.weightDecay, view.best.value)],
      pointStyle: 'star', pointRadius: 11, pointBorderWidth: 2.5, pointBorderColor: STAR, pointBackgroundColor: STAR, order: 0 },
  ];
  if (view.coupling) {
    const { slope, interval } = view.coupling;
    const range = interval ? `, ${describeInterval(interval)}` : '';
    datasets.push({ label: `best λ per α (slope ${slope.toFixed(2)}${range})`, data: view.coupling.points.map(([lr, wd]) => point(axis, lr, wd)),
      showLine: true, pointRadius: 3, pointStyle: 'rectRot', borderColor: COUPLING, pointBackgroundColor: COUPLING, borderWidth: 2, order: 1 });
  }
  datasets.push(...iso);
  return new Chart<'scatter', Point[]>(canvas, {
    type: 'scatter',
    data: { datasets },
    plugins: [isoLabels],
    options: {
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: logAxis('learning rate α', x0, x1, theme),
        y: logAxis(axis === 'lambda' ? 'weight decay λ' : 'decay per step α·λ', y0, y1, theme),
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, filter: (item, data) => !(data.datasets[item.datasetIndex ?? 0] as { hideInLegend?: boolean }).hideInLegend } },
        tooltip: {
          callbacks: {
            label: (item) => {
              const p = item.raw as Point;
              const value = p.value !== undefined ? `, ${view.metric} = ${formatNumber(p.value)}` : '';
              return `α = ${formatNumber(p.lr)}, λ = ${formatNumber(p.wd)}, α·λ = ${formatNumber(p.lr * p.wd)}${value}`;
            },
          },
        },
      },
    },
  });
}
