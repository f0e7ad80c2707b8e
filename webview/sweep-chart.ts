// The loss along the S1 and S2 sweeps against α (both through the best λ at the reference α), with a
// dashed line at the grid's best loss + 3 %: the points under it are near the optimum of the whole map,
// which is how the caption compares the two sweeps (src/panel/tuning.ts).
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { PanelResult } from '../src/panel/messages';
import type { ReferencePoint } from '../src/panel/setup';
import { sweepPath, type SweepKind, type SweepPoint } from '../src/panel/sweeps';
import { NEAR } from '../src/panel/tuning';
import type { Variant } from '../src/simulation/types';
import { logAxis, lossTicks } from './charts';
import { formatNumber } from './format';
import { SWEEP_STYLE, type Theme } from './theme';

export interface SweepChartView {
  variant: Variant;
  title: string;
  result: PanelResult;
  reference: ReferencePoint;
  /** The lowest loss of the whole heatmap. */
  gridBest?: number;
  theme: Theme;
}

interface LossPoint { x: number; y: number | null; lr: number; weightDecay: number; diverged: boolean }

export function sweepPoints(view: SweepChartView): Record<SweepKind, SweepPoint[]> {
  return {
    S1: sweepPath(view.result, view.variant, view.reference, 'S1'),
    S2: sweepPath(view.result, view.variant, view.reference, 'S2'),
  };
}

export const NEAR_LABEL = `grid's best + ${100 * NEAR} %`;

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
  }
  if (view.gridBest !== undefined) {
    const limit = view.gridBest * (1 + NEAR);
    datasets.push({ label: NEAR_LABEL, data: [{ x: xMin, y: limit, lr: NaN, weightDecay: NaN, diverged: false },
      { x: xMax, y: limit, lr: NaN, weightDecay: NaN, diverged: false }],
    borderColor: view.theme.foreground, borderWidth: 1, borderDash: [2, 3], pointRadius: 0, pointHitRadius: 0, pointStyle: 'line' });
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
        legend: { position: 'bottom', labels: { usePointStyle: true, color: view.theme.foreground } },
        tooltip: {
          filter: (item) => item.dataset.label !== NEAR_LABEL,
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
