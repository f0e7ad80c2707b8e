// Chart.js with only the parts the figure uses, plus the axis settings both chart kinds share: log10
// values on linear scales, labelled at whole decades as powers of ten.
import {
  Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Title, Tooltip,
  type Scale, type ScaleOptions,
} from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import { decadeTicks, powerOfTen } from './format';
import type { Theme } from './theme';

Chart.register(MatrixController, MatrixElement, LineController, LineElement, PointElement, LinearScale, LogarithmicScale,
  Title, Tooltip, Legend);

export { Chart };

/** Applies the theme to every chart made afterwards (and to those updated after a theme change). */
export function applyThemeDefaults(theme: Theme): void {
  Chart.defaults.color = theme.foreground;
  Chart.defaults.borderColor = theme.grid;
  Chart.defaults.font.family = theme.fontFamily;
  Chart.defaults.font.size = Math.max(11, theme.fontSize - 1);
  // Charts redraw on every streamed seed: animations would only delay the picture.
  Chart.defaults.animation = false;
}

/** 1, 2 or 5 times a power of ten, the largest of them at most `x`. */
function niceStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  return [5, 2, 1].map((m) => m * power).find((step) => step <= x * (1 + 1e-9)) ?? power;
}

/**
 * Ticks of a logarithmic loss axis from `min` to `max`: 1-2-5 × powers of ten when the axis spans at least
 * a factor 3, else five to ten evenly spaced round values (a narrow valley spans less than that).
 */
export function lossTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return min > 0 ? [min] : [];
  const round = (x: number) => Number(x.toPrecision(6));
  const ticks: number[] = [];
  if (max / min >= 3) {
    for (let k = Math.floor(Math.log10(min)); 10 ** k <= max; k++) {
      for (const m of [1, 2, 5]) if (m * 10 ** k >= min * (1 - 1e-9) && m * 10 ** k <= max * (1 + 1e-9)) ticks.push(round(m * 10 ** k));
    }
    return ticks;
  }
  const step = niceStep((max - min) / 5);
  for (let x = Math.ceil(min / step - 1e-9) * step; x <= max * (1 + 1e-9); x += step) ticks.push(round(x));
  return ticks;
}

/** A linear axis over log10 values from `min` to `max`, ticks at whole decades labelled 10ⁿ. */
export function logAxis(title: string, min: number, max: number, theme: Theme): ScaleOptions<'linear'> {
  return {
    type: 'linear',
    min,
    max,
    // The matrix chart's defaults pad x and turn y upside down (like a table); α and λ grow up and right.
    offset: false,
    reverse: false,
    title: { display: true, text: title, color: theme.foreground, font: { size: theme.fontSize, weight: 'bold' } },
    grid: { display: false },
    border: { display: true, color: theme.muted },
    afterBuildTicks: (axis: Scale) => {
      axis.ticks = decadeTicks(min, max).map((value) => ({ value }));
    },
    ticks: {
      color: theme.foreground,
      autoSkip: false,
      maxRotation: 0,
      callback: (value: number | string) => powerOfTen(Math.round(Number(value))),
    },
  };
}
