// "Export PNG": the figure as one image, at the screen's resolution, with a margin: every canvas of the
// figure where it sits on the page, and the text blocks marked data-export-text (title, valley sentences), on the
// theme's background.

function wrap(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (ctx.measureText(candidate).width > maxWidth && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** Space around the figure in the image, in CSS pixels. */
export const EXPORT_MARGIN = 16;

export function figurePng(figure: HTMLElement, background: string): string {
  const dpr = window.devicePixelRatio || 1;
  const frame = figure.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil((frame.width + 2 * EXPORT_MARGIN) * dpr);
  canvas.height = Math.ceil((frame.height + 2 * EXPORT_MARGIN) * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas to draw the export on');
  ctx.scale(dpr, dpr);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, frame.width + 2 * EXPORT_MARGIN, frame.height + 2 * EXPORT_MARGIN);
  ctx.translate(EXPORT_MARGIN, EXPORT_MARGIN);
  for (const source of figure.querySelectorAll('canvas')) {
    const r = source.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) ctx.drawImage(source, r.left - frame.left, r.top - frame.top, r.width, r.height);
  }
  for (const block of figure.querySelectorAll<HTMLElement>('[data-export-text]')) {
    const r = block.getBoundingClientRect();
    const style = getComputedStyle(block);
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    ctx.fillStyle = style.color;
    ctx.textBaseline = 'top';
    const lineHeight = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.3;
    wrap(ctx, block.textContent ?? '', r.width).forEach((line, i) => ctx.fillText(line, r.left - frame.left, r.top - frame.top + i * lineHeight));
  }
  return canvas.toDataURL('image/png');
}
