// Reading the simulation page from a test: its charts through Chart.getChart (datasets and marker
// positions), its canvases' pixels, its state attributes and the messages it posted; plus the small grid
// the Chromium tests run.
import path from 'node:path';
import type { PanelSetup } from '../../src/panel/setup';
import { repoRoot, type PanelPage } from './harness';

export const artifacts = path.join(repoRoot, 'test-results/webview');
export const S1_RGB = [213, 94, 0];
export const S2_RGB = [86, 180, 233];
export const BEST_LAMBDA_RGB = [204, 121, 167];

/** A 5 × 5 grid per variant around (ᾱ, λ̄) = (0.01, 0.1) for PT, (0.01, 0.001) for LH, on a small synthetic problem. */
export const small: PanelSetup = {
  title: 'Small grid', userVariant: 'pt', language: 'python', notes: [],
  references: { pt: { lr: 0.01, weightDecay: 0.1 }, lh: { lr: 0.01, weightDecay: 0.001 } },
  config: {
    variants: ['pt', 'lh'], schedule: 'constant', lrs: [0.001, 0.00316227766017, 0.01, 0.0316227766017, 0.1],
    weightDecays: { pt: [0.01, 0.0316227766017, 0.1, 0.316227766017, 1], lh: [0.0001, 0.000316227766017, 0.001, 0.00316227766017, 0.01] },
    epochs: 12, batchSize: 10, seeds: 3, data: { kind: 'synthetic', n: 60, d: 40, noise: 0.1 },
  },
};

export interface HeatmapReading {
  cells: number;
  withLoss: number;
  s1: { x: number; y: number }[];
  s2: { x: number; y: number }[];
  /** Canvas colours at the centres of the S1 and S2 markers. */
  s1Pixels: number[][];
  s2Pixels: number[][];
  /** The line of the best λ for each α: its points (log10 λ, log10 α) and the canvas colours at them. */
  bestLambda: { x: number; y: number }[];
  bestLambdaPixels: number[][];
  colours: number;
  inked: number;
}

/** Reads a heatmap through Chart.getChart (its datasets) and its canvas (pixels). */
export function readHeatmap(panel: PanelPage, id: string): Promise<HeatmapReading> {
  return panel.page.evaluate((canvasId) => {
    type Dataset = { role: string; data: { x: number; y: number; loss?: number | null; diverged?: boolean }[] };
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const chart = (window as unknown as { Chart?: { getChart(c: HTMLCanvasElement): {
      data: { datasets: Dataset[] }; getDatasetMeta(i: number): { data: { x: number; y: number }[] } } | undefined } }).Chart?.getChart(canvas);
    if (!chart) throw new Error(`no chart on #${canvasId}`);
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const scale = canvas.width / canvas.clientWidth;
    const pixel = (x: number, y: number) => {
      const i = (Math.round(y * scale) * canvas.width + Math.round(x * scale)) * 4;
      return [data[i], data[i + 1], data[i + 2]];
    };
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0) counts.set((data[i] << 16) | (data[i + 1] << 8) | data[i + 2], (counts.get((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]) ?? 0) + 1);
    const datasets = chart.data.datasets;
    const index = (role: string) => datasets.findIndex((d) => d.role === role);
    const cells = datasets[index('cells')].data;
    const markers = (role: string) => chart.getDatasetMeta(index(role)).data.map((p) => pixel(p.x, p.y));
    return {
      cells: cells.length, withLoss: cells.filter((c) => c.loss !== null || c.diverged).length,
      s1: datasets[index('S1')].data.map(({ x, y }) => ({ x, y })), s2: datasets[index('S2')].data.map(({ x, y }) => ({ x, y })),
      s1Pixels: markers('S1'), s2Pixels: markers('S2'), colours: counts.size,
      bestLambda: index('best-lambda') < 0 ? [] : datasets[index('best-lambda')].data.map(({ x, y }) => ({ x, y })),
      bestLambdaPixels: index('best-lambda') < 0 ? [] : markers('best-lambda'),
      inked: [...counts.values()].reduce((a, b) => a + b, 0) / (canvas.width * canvas.height),
    };
  }, id);
}

export const near = (rgb: number[], target: number[]) => rgb.every((c, i) => Math.abs(c - target[i]) <= 40);
export const state = (panel: PanelPage) => panel.page.evaluate(() => ({ ...(document.getElementById('app') as HTMLElement).dataset }));

export async function waitForState(panel: PanelPage, wanted: string, timeout = 60_000): Promise<void> {
  await panel.page.waitForFunction((s) => document.getElementById('app')?.dataset.state === s, wanted, { timeout });
}

/** Waits until the page has posted more than `count` messages to the host. */
export async function waitForPosted(panel: PanelPage, count: number): Promise<void> {
  await panel.page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, count);
}
