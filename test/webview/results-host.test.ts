// The sweep-results panel's host (src/panel/results-panel.ts) against the recording fake of the vscode API:
// the command reads the file through VS Code's file system with the engine's readers, opens one CSP-locked
// panel, sends the analysis when the page is ready, copies the next S2 sweep as code, reports unreadable
// files in one line, and only logs malformed page messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suggestionAsCode } from '../../src/engine/results/sweep-code';
import type { ResultsView } from '../../src/panel/results-messages';
import { coupledLoss, LRS, WDS } from '../results/helpers';
import { createFakeVscode, fakeContext, FakeUri, installFakeVscode, settle, type FakePanel } from './fake-vscode';

const fake = createFakeVscode();
const errors: string[] = [];
// What this host needs beyond the simulation panel's fake: stat, error messages, the active editor.
const api = fake.api as { window: Record<string, unknown>; workspace: { fs: Record<string, unknown> } };
api.window.showErrorMessage = async (message: string) => { errors.push(message); return undefined; };
api.window.activeTextEditor = undefined;
api.workspace.fs.stat = async (uri: FakeUri) => {
  const text = fake.files.get(uri.path);
  if (text === undefined) throw new Error(`ENOENT: ${uri.path}`);
  return { size: new TextEncoder().encode(text).length };
};
const lensProviders: { provideCodeLenses(document: unknown): { command: { arguments: unknown[] } }[] }[] = [];
(fake.api as Record<string, unknown>).languages = {
  registerCodeLensProvider: (_selector: unknown, provider: (typeof lensProviders)[number]) => { lensProviders.push(provider); return { dispose: () => undefined }; },
};
Object.assign(fake.api as Record<string, unknown>, {
  Range: class { constructor(readonly startLine: number, readonly startCharacter: number, readonly endLine: number, readonly endCharacter: number) {} },
  CodeLens: class { constructor(readonly range: unknown, readonly command: unknown) {} },
});
installFakeVscode(fake);

const GRID = ['lr,weight_decay,val_loss', ...LRS.flatMap((lr) => WDS.map((wd) => `${lr},${wd},${coupledLoss(lr, wd)}`))].join('\n');
fake.files.set('/home/user/project/runs/grid.csv', GRID);
fake.files.set('/home/user/project/runs/s1.csv', ['lr,weight_decay,val_loss', ...LRS.map((lr) => `${lr},0.01,${coupledLoss(lr, 0.01)}`)].join('\n'));
fake.files.set('/home/user/project/runs/bad.csv', 'step,loss\n1,2\n');

const open = (uri?: FakeUri) => fake.commands.get('adamwLens.openResults')?.(uri) as Promise<void>;
const lastPanel = (): FakePanel => fake.panels[fake.panels.length - 1];

test('Open Sweep Results… reads the file, shows one panel, copies the next sweep', async () => {
  const { registerResultsPanel } = await import('../../src/panel/results-panel');
  const registration = registerResultsPanel(fakeContext(fake) as never);

  await open(FakeUri.file('/home/user/project/runs/grid.csv'));
  const panel = lastPanel();
  assert.equal(panel.viewType, 'adamwLens.results');
  assert.match(panel.webview.html, /content="default-src 'none'; script-src 'nonce-[A-Za-z0-9]{32}'; style-src /);
  assert.doesNotMatch(panel.webview.html, /wasm-unsafe-eval|worker-src/);
  assert.deepEqual(panel.posted, []);
  panel.fromPage({ type: 'ready' });
  assert.equal(panel.posted.length, 1);
  const { view } = panel.posted[0] as { type: 'results'; view: ResultsView };
  assert.equal(view.file, 'runs/grid.csv');
  assert.equal(view.design, 'grid');
  assert.equal(view.runs.length, 25);
  assert.deepEqual([view.best.lr, view.best.weightDecay], [1e-3, 0.1]);

  panel.fromPage({ type: 'copy-sweep', format: 'optuna' });
  await settle();
  assert.deepEqual(fake.clipboard, [suggestionAsCode(view.suggestion, 'optuna')]);
  assert.match(fake.informations[fake.informations.length - 1], /copied the next S2 sweep \(7 runs, α·λ fixed\) as an Optuna study/);

  panel.fromPage({ type: 'copy-sweep', format: 'perl' });
  panel.fromPage({ type: 'results', view });
  assert.equal(fake.clipboard.length, 1);
  assert.equal(fake.logs.filter((l) => l.startsWith('warn: ignored a message from the results page')).length, 2);

  // Another file: the same panel, new content.
  await open(FakeUri.file('/home/user/project/runs/s1.csv'));
  assert.equal(fake.panels.length, 1);
  assert.equal((panel.posted[1] as { view: ResultsView }).view.design, 'S1');

  // An unreadable table: one error line, no panel change.
  await open(FakeUri.file('/home/user/project/runs/bad.csv'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^AdamW Lens: no learning-rate column .* among 'step', 'loss'$/);
  assert.equal(panel.posted.length, 2);

  // The CodeLens: on a table whose header names α and λ, none on another table.
  const document = (path: string) => ({ uri: FakeUri.file(path), lineCount: 2, lineAt: () => ({ text: fake.files.get(path)!.split('\n')[0] }) });
  assert.equal(lensProviders.length, 1);
  const lenses = lensProviders[0].provideCodeLenses(document('/home/user/project/runs/grid.csv'));
  assert.equal(lenses.length, 1);
  assert.deepEqual(lenses[0].command.arguments, [FakeUri.file('/home/user/project/runs/grid.csv')]);
  assert.deepEqual(lensProviders[0].provideCodeLenses(document('/home/user/project/runs/bad.csv')), []);

  // No file and the dialog cancelled: nothing happens.
  fake.nextOpen = undefined;
  await open();
  assert.equal(fake.panels.length, 1);
  registration.dispose();
  assert.ok(panel.disposed);
});
