// Chart.js with only the parts the figure uses, plus the axis settings both chart kinds share: log10
// values on linear scales, labelled at whole decades as powers of ten.
import {
  Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Title, Tooltip,
  type Scale, type ScaleOptions,
} from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import { decadeTicks, formatNumber, powerOfTen } from './format';
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

/** Labels of a logarithmic loss axis: 1, 2 and 5 times a power of ten, so labels never crowd. */
export function lossTick(value: number): string {
  const mantissa = Number((value / 10 ** Math.floor(Math.log10(value) + 1e-9)).toPrecision(3));
  return [1, 2, 5].includes(mantissa) ? formatNumber(value) : '';
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
