// Run, Cancel, the exports and the progress: the status line is a polite live region (screen readers
// hear "Done" or "Cancelled"), and app.dataset.state mirrors it for tests. Ctrl/Cmd+Enter runs.
import type { VscodeButton, VscodeProgressBar } from '@vscode-elements/elements';
import type { ExportFormat } from '../src/panel/messages';

export interface ToolbarActions {
  run(): void;
  cancel(): void;
  export(format: ExportFormat): void;
  copySweep(): void;
}

function button(label: string, icon: string, onClick: () => void, secondary = true): VscodeButton {
  const node = document.createElement('vscode-button');
  node.textContent = label;
  node.setAttribute('icon', icon);
  if (secondary) node.setAttribute('secondary', '');
  node.addEventListener('click', onClick);
  return node;
}

export class Toolbar {
  readonly header = document.createElement('header');
  readonly element = document.createElement('div');
  private readonly statusLine = document.createElement('p');
  private readonly bar: VscodeProgressBar = document.createElement('vscode-progress-bar');
  private readonly cancelButton: VscodeButton;

  constructor(actions: ToolbarActions, private readonly app: HTMLElement) {
    this.statusLine.setAttribute('role', 'status');
    this.statusLine.setAttribute('aria-live', 'polite');
    this.statusLine.id = 'status';
    this.bar.setAttribute('aria-label', 'Seeds simulated');
    this.bar.hidden = true;
    this.header.className = 'status';
    this.header.append(this.statusLine, this.bar);
    this.element.className = 'toolbar';
    this.element.setAttribute('role', 'toolbar');
    this.element.setAttribute('aria-label', 'Run and export');
    const run = button('Run', 'play', actions.run, false);
    run.id = 'run';
    this.cancelButton = button('Cancel', 'debug-stop', actions.cancel);
    this.cancelButton.id = 'cancel';
    this.cancelButton.disabled = true;
    const copy = button('Copy S2 sweep as code', 'copy', actions.copySweep);
    copy.id = 'copy-s2';
    this.element.append(run, this.cancelButton,
      ...(['png', 'csv', 'json'] as const).map((format) => {
        const node = button(`Export ${format.toUpperCase()}`, format === 'png' ? 'file-media' : 'save', () => actions.export(format));
        node.id = `export-${format}`;
        return node;
      }), copy);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        actions.run();
      }
    });
    this.status('Ready.', 'idle');
  }

  status(text: string, state: string): void {
    this.statusLine.textContent = text;
    this.app.dataset.state = state;
    if (state !== 'running') {
      this.bar.hidden = true;
      this.cancelButton.disabled = true;
    }
  }

  running(seeds: number): void {
    this.status(`Running ${seeds} seed${seeds === 1 ? '' : 's'}…`, 'running');
    this.app.dataset.seedsDone = '0';
    this.bar.hidden = false;
    this.bar.max = seeds;
    this.bar.value = 0;
    this.cancelButton.disabled = false;
  }

  progress(done: number, total: number, seconds: number): void {
    this.app.dataset.seedsDone = String(done);
    this.bar.value = done;
    if (done < total) this.statusLine.textContent = `Seed ${done} of ${total} done (${seconds.toFixed(1)} s); the figure fills in as seeds finish…`;
  }
}
