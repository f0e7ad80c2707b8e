// The run settings (@vscode-elements/elements): variants, schedule, grid ranges, epochs, batch size,
// seeds and the data source. `load` fills them from a setup, `read` turns them back into a SimConfig or
// says in words what is wrong; nothing here runs anything.
import type { VscodeCheckbox, VscodeRadio, VscodeTextfield } from '@vscode-elements/elements';
import type { HostToPage } from '../src/panel/messages';
import { VARIANT_LABELS, variantGrid, type PanelSetup } from '../src/panel/setup';
import { logspace } from '../src/simulation/presets';
import { VARIANTS, type ScheduleName, type SimConfig, type Variant } from '../src/simulation/types';
import { formatNumber } from './format';

type DataFile = Extract<HostToPage, { type: 'data-file' }>;

const SCHEDULES: readonly [ScheduleName, string][] = [
  ['constant', 'constant'], ['sqrt', '1/√(epoch + 1)'], ['cosine', 'cosine'], ['warmup-cosine', 'warm-up, then cosine'],
];

function make<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function field(label: string, id: string, hint: string): { row: HTMLElement; input: VscodeTextfield } {
  const row = make('div', { class: 'field' });
  const input = make('vscode-textfield', { id, 'aria-label': `${label} (${hint})`, title: hint });
  row.append(make('vscode-label', { for: id }, label), input);
  return { row, input };
}

interface Range { from: VscodeTextfield; to: VscodeTextfield; row: HTMLElement }

export class Controls {
  readonly element = make('section', { class: 'controls', 'aria-label': 'Simulation settings' });
  private readonly variantBoxes = new Map<Variant, VscodeCheckbox>();
  private readonly lambdaRanges = new Map<Variant, Range>();
  private readonly schedule = make('vscode-single-select', { id: 'schedule', 'aria-label': 'Learning-rate schedule' });
  private readonly lr = { from: field('α from', 'lr-from', 'smallest learning rate'), to: field('α to', 'lr-to', 'largest learning rate') };
  private readonly points = field('α points', 'points', 'values of α, log-spaced');
  private readonly wdPoints = field('λ points', 'wd-points', 'values of λ per heatmap, log-spaced');
  private readonly epochs = field('epochs', 'epochs', 'passes over the training data');
  private readonly batchSize = field('batch size', 'batch-size', 'rows per minibatch');
  private readonly seeds = field('seeds', 'seeds', 'runs averaged per cell');
  private readonly synthetic = make('vscode-radio', { name: 'data', label: "synthetic (the seed's ridge problem)", checked: '' }) as VscodeRadio;
  private readonly fromFile = make('vscode-radio', { name: 'data', label: 'data file' }) as VscodeRadio;
  private readonly fileLabel = make('span', { class: 'file-name' }, 'no file chosen');
  private setup: PanelSetup | undefined;
  private dataFile: DataFile | undefined;

  constructor(onPickFile: () => void) {
    const variants = make('vscode-checkbox-group', { 'aria-label': 'Optimizer variants (one heatmap each)' });
    const ranges = make('div', { class: 'ranges' });
    for (const variant of VARIANTS) {
      const box = make('vscode-checkbox', { label: VARIANT_LABELS[variant], value: variant }) as VscodeCheckbox;
      box.addEventListener('change', () => this.showRanges());
      this.variantBoxes.set(variant, box);
      variants.append(box);
      const from = field(`λ from (${variant})`, `wd-from-${variant}`, `smallest weight decay of the ${variant} heatmap`);
      const to = field(`λ to (${variant})`, `wd-to-${variant}`, `largest weight decay of the ${variant} heatmap`);
      const row = make('div', { class: 'range' });
      row.append(from.row, to.row);
      this.lambdaRanges.set(variant, { from: from.input, to: to.input, row });
      ranges.append(row);
    }
    for (const [value, label] of SCHEDULES) this.schedule.append(make('vscode-option', { value }, label));
    const scheduleRow = make('div', { class: 'field' });
    scheduleRow.append(make('vscode-label', { for: 'schedule' }, 'schedule'), this.schedule);
    const grid = make('div', { class: 'range' });
    grid.append(this.lr.from.row, this.lr.to.row, this.points.row, this.wdPoints.row);
    const training = make('div', { class: 'range' });
    training.append(scheduleRow, this.epochs.row, this.batchSize.row, this.seeds.row);
    const data = make('vscode-radio-group', { 'aria-label': 'Data source' });
    data.append(this.synthetic, this.fromFile);
    const pick = make('vscode-button', { secondary: '', icon: 'folder-opened' }, 'Choose CSV/JSON…');
    pick.addEventListener('click', onPickFile);
    const dataRow = make('div', { class: 'range data' });
    dataRow.append(data, pick, this.fileLabel);
    this.fromFile.addEventListener('change', () => { if (!this.dataFile) onPickFile(); });
    this.element.append(make('h2', {}, 'Settings'), variants, grid, ranges, training, dataRow);
  }

  load(setup: PanelSetup): void {
    this.setup = setup;
    const { config } = setup;
    for (const [variant, box] of this.variantBoxes) box.checked = config.variants.includes(variant);
    for (const variant of VARIANTS) {
      const range = this.lambdaRanges.get(variant);
      const wds = config.weightDecays[variant] ?? variantGrid(setup, variant).weightDecays;
      if (range) [range.from.value, range.to.value] = [formatNumber(wds[0]), formatNumber(wds[wds.length - 1])];
    }
    this.schedule.value = config.schedule;
    this.lr.from.input.value = formatNumber(config.lrs[0]);
    this.lr.to.input.value = formatNumber(config.lrs[config.lrs.length - 1]);
    this.points.input.value = String(config.lrs.length);
    this.wdPoints.input.value = String(config.weightDecays[setup.userVariant]?.length ?? config.lrs.length);
    this.epochs.input.value = String(config.epochs);
    this.batchSize.input.value = String(config.batchSize);
    this.seeds.input.value = String(config.seeds);
    // The data source is the setting's: a file chosen for an earlier setting does not carry over.
    this.dataFile = config.data.kind === 'inline' ? { type: 'data-file', name: 'the data of this setting', data: config.data } : undefined;
    this.fromFile.checked = config.data.kind === 'inline';
    this.synthetic.checked = config.data.kind === 'synthetic';
    this.fileLabel.textContent = this.dataFile ? this.dataFile.name : 'no file chosen';
    this.showRanges();
  }

  setDataFile(file: DataFile): void {
    this.dataFile = file;
    this.fileLabel.textContent = `${file.name}: ${file.data.b.length} training rows, ${file.data.A[0]?.length ?? 0} features`;
    this.fromFile.checked = true;
    this.synthetic.checked = false;
    if (file.epochs) this.epochs.input.value = String(file.epochs);
    if (file.batchSize) this.batchSize.input.value = String(file.batchSize);
  }

  /** The configuration the fields describe, or why they describe none. */
  read(): { config: SimConfig } | { error: string } {
    if (!this.setup) return { error: 'the panel has no setting yet' };
    const number = (input: VscodeTextfield, name: string, integer = false): number => {
      const value = Number(input.value.trim());
      if (input.value.trim() === '' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
        throw new Error(`${name} must be a positive ${integer ? 'whole number' : 'number'}, got '${input.value}'`);
      }
      return value;
    };
    try {
      const variants = VARIANTS.filter((v) => this.variantBoxes.get(v)?.checked);
      if (variants.length === 0) throw new Error('choose at least one optimizer variant');
      const grid = (from: VscodeTextfield, to: VscodeTextfield, name: string, loaded: readonly number[] | undefined, count: VscodeTextfield) => {
        const points = number(count, `${name} points`, true);
        // Fields as loaded (3 significant digits shown) mean the loaded grid exactly, so a rerun keeps it.
        if (loaded && this.shows(from, to, count, loaded)) return [...loaded];
        const [lo, hi] = [number(from, `${name} from`), number(to, `${name} to`)];
        if (hi < lo) throw new Error(`${name}: 'to' (${hi}) is smaller than 'from' (${lo})`);
        return logspace(Math.log10(lo), Math.log10(hi), lo === hi ? 1 : points);
      };
      const weightDecays: SimConfig['weightDecays'] = {};
      for (const variant of variants) {
        const range = this.lambdaRanges.get(variant);
        if (range) weightDecays[variant] = grid(range.from, range.to, `λ (${variant})`, this.setup.config.weightDecays[variant], this.wdPoints.input);
      }
      if (this.fromFile.checked && !this.dataFile) throw new Error('choose a data file, or the synthetic data');
      const config: SimConfig = {
        ...this.setup.config, variants, weightDecays, schedule: this.schedule.value as ScheduleName,
        lrs: grid(this.lr.from.input, this.lr.to.input, 'α', this.setup.config.lrs, this.points.input),
        epochs: number(this.epochs.input, 'epochs', true), batchSize: number(this.batchSize.input, 'batch size', true),
        seeds: number(this.seeds.input, 'seeds', true),
        data: this.fromFile.checked && this.dataFile ? this.dataFile.data : this.syntheticData(),
      };
      return { config };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Whether the fields still show `values` as `load` put them (same ends, same number of points). */
  private shows(from: VscodeTextfield, to: VscodeTextfield, count: VscodeTextfield, values: readonly number[]): boolean {
    return values.length > 0 && from.value.trim() === formatNumber(values[0]) && to.value.trim() === formatNumber(values[values.length - 1])
      && count.value.trim() === String(values.length);
  }

  private syntheticData(): SimConfig['data'] {
    const data = this.setup?.config.data;
    return data?.kind === 'synthetic' ? data : { kind: 'synthetic', n: 200, d: 1000, noise: 0 };
  }

  private showRanges(): void {
    for (const [variant, range] of this.lambdaRanges) range.row.hidden = !this.variantBoxes.get(variant)?.checked;
  }
}
