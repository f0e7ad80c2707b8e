// A heatmap's cells painted straight onto its canvas with the 2D API: the first seed's result on screen the
// moment it arrives. Building the Chart.js figure (four charts, the colour bar, the tables) takes 100–400 ms
// of the page's only thread on a busy 2-core machine; this takes a few milliseconds. The cells are the
// result's own numbers in the figure's colours, laid out about where the chart will put them (under its
// title, beside its axes); the chart takes the same canvas over in a later task and draws everything else.
import type { PanelResult } from '../src/panel/messages';
import type { Variant } from '../src/simulation/types';
import type { LossScale } from './colormap';
import { cellEdges } from './geometry';
import type { Theme } from './theme';

/** The chart's aspect ratio (heatmap.ts) and, roughly, its margins around the cells in CSS pixels: title
 * above; y-axis title and ticks left; x-axis ticks and title, then the legend, below. */
export const HEATMAP_ASPECT_RATIO = 1.05;
const MARGIN = { top: 34, right: 10, bottom: 96, left: 58 };

export interface PreviewView {
  variant: Variant;
  title: string;
  result: PanelResult;
  scale: LossScale | undefined;
  theme: Theme;
  hatch: CanvasPattern | string;
}

/** Paints the cells (and the title) of `view` on `canvas`, sized as the chart will size it: its container's width. */
export function paintHeatmapCells(canvas: HTMLCanvasElement, view: PreviewView): void {
  const { result, variant, scale, theme } = view;
  const width = Math.max(200, canvas.parentElement?.clientWidth ?? 0);
  const height = width / HEATMAP_ASPECT_RATIO;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = theme.foreground;
  ctx.font = `bold ${theme.fontSize + 1}px ${theme.fontFamily}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(view.title, width / 2, MARGIN.top / 2);

  const wds = result.weightDecays[variant] ?? [];
  const xEdges = cellEdges(wds);
  const yEdges = cellEdges(result.lrs);
  if (xEdges.length === 0 || yEdges.length === 0) return;
  const [xMin, xMax] = [xEdges[0][0], xEdges[xEdges.length - 1][1]];
  const [yMin, yMax] = [yEdges[0][0], yEdges[yEdges.length - 1][1]];
  const area = { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom };
  const px = (x: number) => area.left + ((x - xMin) / (xMax - xMin || 1)) * (area.right - area.left);
  // α grows upwards, as on the chart.
  const py = (y: number) => area.bottom - ((y - yMin) / (yMax - yMin || 1)) * (area.bottom - area.top);
  result.lrs.forEach((_, i) => wds.forEach((__, j) => {
    const loss = result.loss[variant]?.[i]?.[j] ?? null;
    const diverged = result.diverged[variant]?.[i]?.[j] ?? false;
    if (!diverged && (loss === null || !scale)) return;
    ctx.fillStyle = diverged ? view.hatch : (scale as LossScale).colour(loss as number);
    const [x0, x1] = [px(xEdges[j][0]), px(xEdges[j][1])];
    const [y0, y1] = [py(yEdges[i][1]), py(yEdges[i][0])];
    // A hairline between cells, as the chart leaves.
    ctx.fillRect(x0, y0, Math.max(1, x1 - x0 - 1), Math.max(1, y1 - y0 - 1));
  }));
}
