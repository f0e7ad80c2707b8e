// Viridis (matplotlib's default): perceptually uniform, readable by colour-blind readers and in grey.
// 16 evenly spaced entries of the 256-entry table (the last repeated so t = 1 has a right neighbour),
// interpolated linearly in sRGB; within ≈ 2/255 per channel of the full table. Bright yellow is the low end of a loss, as in seed 000's figures.

const VIRIDIS_ANCHORS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84], [72, 26, 108], [71, 47, 125], [65, 68, 135], [57, 86, 140], [49, 104, 142], [42, 120, 142],
  [35, 136, 142], [31, 152, 139], [34, 168, 132], [53, 183, 121], [84, 197, 104], [122, 209, 81],
  [165, 219, 54], [210, 226, 27], [253, 231, 37], [253, 231, 37],
];

/** The viridis colour at t ∈ [0, 1] (0 = dark purple, 1 = yellow) as rgb(). */
export function viridis(t: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const position = clamped * (VIRIDIS_ANCHORS.length - 2);
  const i = Math.floor(position);
  const f = position - i;
  const [a, b] = [VIRIDIS_ANCHORS[i], VIRIDIS_ANCHORS[i + 1]];
  const channel = (k: number) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

/**
 * Maps a loss to a colour on a log scale from the figure's best loss (brightest) to `max` (darkest). The
 * interesting part of a landscape is near its best, so the scale stops at 1.5 × the best loss, or at the
 * median when the losses spread wider than that (a best loss near zero); worse cells get the darkest colour.
 */
export interface LossScale {
  min: number;
  max: number;
  /** Some losses are above `max` (shown as the darkest colour; the colour bar says "≥ max"). */
  clipped: boolean;
  colour(loss: number): string;
}

export const CLIP_RATIO = 1.5;

export function lossScale(losses: Iterable<number>): LossScale | undefined {
  const finite = [...losses].filter((loss) => loss > 0 && Number.isFinite(loss)).sort((a, b) => a - b);
  if (finite.length === 0) return undefined;
  const min = finite[0];
  const highest = finite[finite.length - 1];
  const median = finite[Math.floor(finite.length / 2)];
  const max = Math.min(highest, Math.max(min * CLIP_RATIO, median));
  const lo = Math.log10(min);
  const span = Math.log10(max) - lo || 1;
  return { min, max, clipped: highest > max, colour: (loss) => viridis(1 - (Math.log10(loss) - lo) / span) };
}

let hatch: CanvasPattern | undefined;

/** A grey tile with dark diagonal stripes: diverged cells, distinct from every viridis colour. Made once:
 * a pattern is not tied to a canvas, and each new one costs a canvas and its context (every chart update
 * asks for it). */
export function divergedPattern(): CanvasPattern | string {
  if (hatch) return hatch;
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const ctx = tile.getContext('2d');
  if (!ctx) return '#8c8c8c';
  ctx.fillStyle = '#9a9a9a';
  ctx.fillRect(0, 0, 8, 8);
  ctx.strokeStyle = '#3c3c3c';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(-1, 9);
  ctx.lineTo(9, -1);
  ctx.moveTo(-1, 1);
  ctx.lineTo(1, -1);
  ctx.moveTo(7, 9);
  ctx.lineTo(9, 7);
  ctx.stroke();
  hatch = ctx.createPattern(tile, 'repeat') ?? undefined;
  return hatch ?? '#8c8c8c';
}
