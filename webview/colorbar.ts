// The colour bar shared by the heatmaps (one loss scale for all, so the maps compare) and the diverged
// swatch, drawn on a canvas so that the exported PNG carries them.
import { NEAR } from '../src/panel/tuning';
import { formatNumber } from './format';
import { divergedPattern, type LossScale } from './colormap';
import type { Theme } from './theme';

export function drawColorbar(canvas: HTMLCanvasElement, scale: LossScale | undefined, theme: Theme): void {
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(300, canvas.clientWidth || 600);
  const height = 58;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(dpr, dpr);
  ctx.clearRect(0, 0, width, height);
  ctx.font = `${Math.max(11, theme.fontSize - 1)}px ${theme.fontFamily}`;
  ctx.fillStyle = theme.foreground;
  ctx.textBaseline = 'top';
  const swatch = 110;
  const left = 12;
  const right = width - swatch - 24;
  ctx.fillText('final validation loss (log scale, bright = low)', left, 2);
  if (scale) {
    const lo = Math.log10(scale.min);
    const hi = Math.log10(scale.max);
    for (let x = left; x <= right; x++) {
      ctx.fillStyle = scale.colour(10 ** (lo + ((x - left) / (right - left)) * (hi - lo)));
      ctx.fillRect(x, 20, 1.5, 14);
    }
    ctx.fillStyle = theme.foreground;
    const at = (value: number) => left + ((Math.log10(value) - lo) / (hi - lo || 1)) * (right - left);
    const label = (value: number, text: string, align: 'left' | 'center' | 'right') => {
      const x = at(value);
      ctx.fillRect(x, 34, 1, 4);
      const width = ctx.measureText(text).width;
      ctx.fillText(text, align === 'left' ? x : align === 'right' ? x - width : x - width / 2, 40);
    };
    label(scale.min, `${formatNumber(scale.min)} (best)`, 'left');
    // "Near the optimum" as the sweeps' captions count it (best + 3 %), when it is inside the bar and clear of the end labels.
    const threshold = scale.min * (1 + NEAR);
    if (at(threshold) - left > 90 && right - at(threshold) > 70) label(threshold, `+${100 * NEAR} %`, 'center');
    label(scale.max, `${scale.clipped ? '≥ ' : ''}${formatNumber(scale.max)}`, 'right');
  } else {
    ctx.fillText('no finite loss yet', left, 22);
  }
  ctx.fillStyle = divergedPattern();
  ctx.fillRect(width - swatch, 20, 18, 14);
  ctx.strokeStyle = theme.foreground;
  ctx.strokeRect(width - swatch, 20, 18, 14);
  ctx.fillStyle = theme.foreground;
  ctx.fillText('diverged', width - swatch + 24, 21);
}
