// Reading a heatmap without a mouse: the canvas takes focus; arrow keys move a highlighted cell whose
// tooltip (α, λ, α·λ, τ_iter, loss, seeds) shows as it would on hover; Escape hides it.
import type { Chart } from 'chart.js';

export function attachCellKeyboard(canvas: HTMLCanvasElement, chart: () => Chart<'matrix' | 'line', unknown[]> | undefined,
  size: () => { rows: number; columns: number }): void {
  let row = 0;
  let column = 0;
  canvas.tabIndex = 0;
  canvas.addEventListener('keydown', (event) => {
    const current = chart();
    const { rows, columns } = size();
    if (!current || rows === 0 || columns === 0) return;
    const moves: Record<string, [number, number]> = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (event.key === 'Escape') {
      current.setActiveElements([]);
      current.tooltip?.setActiveElements([], { x: 0, y: 0 });
      current.update('none');
      return;
    }
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    row = Math.min(rows - 1, Math.max(0, row + move[0]));
    column = Math.min(columns - 1, Math.max(0, column + move[1]));
    const index = row * columns + column;
    const element = current.getDatasetMeta(0).data[index];
    if (!element) return;
    const active = [{ datasetIndex: 0, index }];
    current.setActiveElements(active);
    current.tooltip?.setActiveElements(active, { x: element.x, y: element.y });
    current.update('none');
  });
  canvas.addEventListener('blur', () => {
    const current = chart();
    current?.tooltip?.setActiveElements([], { x: 0, y: 0 });
    current?.update('none');
  });
}
