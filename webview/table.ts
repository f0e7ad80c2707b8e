// The figure's numbers as plain tables, for screen readers and for copying: one table per heatmap
// (rows α, columns λ) and one per sweep. Built with DOM text nodes only (no HTML from data).
import type { PanelResult } from '../src/panel/messages';
import type { PanelSetup } from '../src/panel/setup';
import { VARIANT_LABELS } from '../src/panel/setup';
import { sweepPath } from '../src/panel/sweeps';
import { formatNumber } from './format';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

const lossText = (loss: number | null | undefined, diverged: boolean): string =>
  diverged ? 'diverged' : loss === null || loss === undefined ? '—' : formatNumber(loss);

function gridTable(result: PanelResult, variant: keyof typeof VARIANT_LABELS): HTMLTableElement {
  const table = element('table');
  table.append(element('caption', `${VARIANT_LABELS[variant]}: final validation loss (mean over ${result.seedsDone} of ${result.seedsTotal} seeds); rows α, columns λ`));
  const head = element('tr');
  head.append(element('th', 'α \\ λ', { scope: 'col' }));
  const wds = result.weightDecays[variant] ?? [];
  for (const wd of wds) head.append(element('th', formatNumber(wd), { scope: 'col' }));
  table.append(element('thead'));
  table.tHead?.append(head);
  const body = element('tbody');
  result.lrs.forEach((lr, i) => {
    const row = element('tr');
    row.append(element('th', formatNumber(lr), { scope: 'row' }));
    wds.forEach((_, j) => row.append(element('td', lossText(result.loss[variant]?.[i]?.[j], result.diverged[variant]?.[i]?.[j] ?? false))));
    body.append(row);
  });
  table.append(body);
  return table;
}

function sweepTable(setup: PanelSetup, result: PanelResult, variant: keyof typeof VARIANT_LABELS): HTMLTableElement | undefined {
  const reference = setup.references[variant];
  if (!reference) return undefined;
  const table = element('table');
  table.append(element('caption', `${VARIANT_LABELS[variant]}: the S1 and S2 sweeps through α = ${formatNumber(reference.lr)}, λ = ${formatNumber(reference.weightDecay)}`));
  const head = element('tr');
  for (const title of ['sweep', 'α', 'λ', 'α·λ', 'validation loss']) head.append(element('th', title, { scope: 'col' }));
  table.append(element('thead'));
  table.tHead?.append(head);
  const body = element('tbody');
  for (const kind of ['S1', 'S2'] as const) {
    for (const p of sweepPath(result, variant, reference, kind)) {
      const row = element('tr');
      for (const text of [kind, formatNumber(p.lr), formatNumber(p.weightDecay), formatNumber(p.lr * p.weightDecay), lossText(p.loss, p.diverged)]) {
        row.append(element('td', text));
      }
      body.append(row);
    }
  }
  table.append(body);
  return table;
}

export function renderTables(container: HTMLElement, setup: PanelSetup, result: PanelResult): void {
  const tables: HTMLTableElement[] = [];
  for (const variant of setup.config.variants) {
    if (!result.weightDecays[variant]) continue;
    tables.push(gridTable(result, variant));
    const sweeps = sweepTable(setup, result, variant);
    if (sweeps) tables.push(sweeps);
  }
  container.replaceChildren(...tables);
}
