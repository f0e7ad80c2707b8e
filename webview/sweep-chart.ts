// The bottom row of seed 000's Figure 3 for one heatmap: validation loss along the S1 and S2 sweeps
// (α increasing to the right), each with a dashed line at its best loss + 10 %: the points under that
// line are the sweep's valley, whose width the caption states in words.
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { PanelResult } from '../src/panel/messages';
import type { ReferencePoint } from '../src/panel/setup';
import { sweepPath, valley, VALLEY_TOLERANCE, type SweepKind, type SweepPoint } from '../src/panel/sweeps';
import type { Variant } from '../src/simulation/types';
import { logAxis, lossTicks } from './charts';
import { formatNumber } from './format';
import { SWEEP_STYLE, type Theme } from './theme';

export interface SweepChartView {
  variant: Variant;
  title: string;
  result: PanelResult;
  reference: ReferencePoint;
  theme: Theme;
}

interface LossPoint { x: number; y: number | null; lr: number; weightDecay: number; diverged: boolean }

export function sweepPoints(view: SweepChartView): Record<SweepKind, SweepPoint[]> {
  return {
    S1: sweepPath(view.result, view.variant, view.reference, 'S1'),
    S2: sweepPath(view.result, view.variant, view.reference, 'S2'),
  };
}

export function sweepChartConfig(view: SweepChartView): ChartConfiguration<'line', LossPoint[]> {
  const paths = sweepPoints(view);
  const logLrs = view.result.lrs.map((lr) => Math.log10(lr));
  const half = logLrs.length > 1 ? (logLrs[1] - logLrs[0]) / 2 : 0.25;
  const xMin = Math.min(...logLrs) - half;
  const xMax = Math.max(...logLrs) + half;
  const datasets: ChartDataset<'line', LossPoint[]>[] = [];
  for (const kind of ['S1', 'S2'] as const) {
    const style = SWEEP_STYLE[kind];
    const points = paths[kind].map((p) => ({ x: Math.log10(p.lr), y: p.loss, lr: p.lr, weightDecay: p.weightDecay, diverged: p.diverged }));
    datasets.push({ label: style.label, data: points, borderColor: style.colour, backgroundColor: style.colour, borderDash: style.dash,
      borderWidth: 2.5, pointStyle: style.pointStyle, pointRadius: 4.5, pointHoverRadius: 6, spanGaps: false });
    const best = valley(paths[kind]).best?.loss;
    if (best !== undefined && best !== null) {
      const limit = best * (1 + VALLEY_TOLERANCE);
      datasets.push({ label: `${kind} best + 10 %`, data: [{ x: xMin, y: limit, lr: NaN, weightDecay: NaN, diverged: false },
        { x: xMax, y: limit, lr: NaN, weightDecay: NaN, diverged: false }],
      borderColor: style.colour, borderWidth: 1, borderDash: [2, 2], pointRadius: 0, pointHitRadius: 0 });
    }
  }
  return {
    type: 'line',
    data: { datasets },
    options: {
      responsive: true,
      maintainAspectRatio: true,
      aspectRatio: 1.6,
      parsing: false,
      scales: {
        x: logAxis('learning rate α', xMin, xMax, view.theme),
        y: {
          type: 'logarithmic',
          title: { display: true, text: 'final validation loss', color: view.theme.foreground, font: { size: view.theme.fontSize, weight: 'bold' } },
          afterBuildTicks: (axis) => {
            axis.ticks = lossTicks(axis.min, axis.max).map((value) => ({ value }));
          },
          ticks: { color: view.theme.foreground, autoSkip: false, callback: (value) => formatNumber(Number(value)) },
          grid: { color: view.theme.grid },
        },
      },
      plugins: {
        title: { display: true, text: view.title, color: view.theme.foreground, font: { size: view.theme.fontSize + 1, weight: 'bold' } },
        legend: { position: 'bottom', labels: { usePointStyle: true, color: view.theme.foreground,
          filter: (item) => !item.text.endsWith('+ 10 %') } },
        tooltip: {
          filter: (item) => !(item.dataset.label ?? '').endsWith('+ 10 %'),
          callbacks: {
            label: (item) => {
              const p = item.raw as LossPoint;
              return [`${item.dataset.label}`, `α = ${formatNumber(p.lr)}, λ = ${formatNumber(p.weightDecay)}`,
                `validation loss = ${p.diverged ? 'diverged' : p.y === null ? 'not computed yet' : formatNumber(p.y)}`];
            },
          },
        },
      },
    },
  };
}
