// The language server in real editors other than VS Code, headless: Debian's Neovim (0.7) with its
// built-in LSP client and Emacs with eglot run `adamw-lens lsp --stdio` (the repository's bin, on the
// build) on a copy of examples/train_sweep.py. Each editor's script (test/tools/editors/) waits for the
// s1-sweep diagnostic, asks for the hover, applies the S2 code action with the editor's own edit function,
// saves, and waits for the diagnostic to go away; it writes what happened as JSON. Each set-up makes
// s1-sweep an error, the way the README shows (Neovim 0.7: init_options; eglot: workspace/configuration).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RESCALE_COMMAND } from '../../src/server/protocol';

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPTS = path.join(__dirname, 'editors');
const SERVER_COMMAND = JSON.stringify([process.execPath, path.join(ROOT, 'bin', 'adamw-lens.js'), 'lsp', '--stdio']);

interface EditorRun {
  steps: string[];
  error?: string;
  diagnostic?: unknown;
  hover?: string;
  severity?: string;
  actions?: Array<{ title: string; command: string }>;
}

function runEditor(name: string, command: (file: string) => [string, string[]]): { run: EditorRun; text: string; log: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `adamw-lens-${name}-`));
  try {
    const file = path.join(dir, 'train_sweep.py');
    copyFileSync(path.join(ROOT, 'examples', 'train_sweep.py'), file);
    const out = path.join(dir, 'out.json');
    const [cmd, args] = command(file);
    // A HOME of its own: no user configuration, no state written outside the temp folder.
    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_STATE_HOME: path.join(dir, 'state'),
      XDG_CACHE_HOME: path.join(dir, 'cache'), XDG_DATA_HOME: path.join(dir, 'data'),
      ADAMW_LENS_CMD: SERVER_COMMAND, ADAMW_LENS_FILE: file, ADAMW_LENS_OUT: out };
    const result = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8', timeout: 240_000 });
    const log = `${result.error ?? ''}${result.stdout ?? ''}${result.stderr ?? ''}`;
    assert.ok(existsSync(out), `${name} wrote no result (exit ${result.status}):\n${log}`);
    return { run: JSON.parse(readFileSync(out, 'utf8')) as EditorRun, text: readFileSync(file, 'utf8'), log };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function checkRun(name: string, { run, text, log }: ReturnType<typeof runEditor>, diagnosticText: (d: unknown) => string, severity: unknown): void {
  assert.equal(run.error, undefined, `${name}: ${run.error}\n${log}`);
  assert.deepEqual(run.steps, ['diagnostic', 'hover', 'fix', 'cleared']);
  assert.match(diagnosticText(run.diagnostic), /S1 sweep: λ = 0\.05 stays fixed while α goes 1e-4 … 0\.01/);
  // The editor's set-up raises s1-sweep to an error: the settings reached the server.
  assert.equal(severity, name === 'Neovim' ? 1 : 'eglot-error');
  assert.match(run.hover ?? '', /\| τ_iter = 1\/decay \| 20,000 steps \|/);
  // No command the editor cannot run: the rescaling fixes go through the server's own command.
  const commands = new Set((run.actions ?? []).map((a) => a.command).filter(Boolean));
  assert.deepEqual([...commands], [RESCALE_COMMAND], JSON.stringify(run.actions));
  assert.match(text, /torch\.optim\.AdamW\(model\.parameters\(\), lr=lr, weight_decay=weight_decay \* 0\.001 \/ lr\)/);
}

describe('other editors drive the language server', { timeout: 10 * 60_000 }, () => {
  it('Neovim (built-in LSP client, headless)', () => {
    const result = runEditor('nvim', (file) => ['nvim', ['--headless', '-i', 'NONE', '-u', path.join(SCRIPTS, 'nvim-init.lua'), file,
      '-c', `luafile ${path.join(SCRIPTS, 'nvim-check.lua')}`]]);
    checkRun('Neovim', result, (d) => (d as { message: string }).message, (result.run.diagnostic as { severity?: number }).severity);
  });

  it('Emacs with eglot (batch)', () => {
    const result = runEditor('emacs', () => ['emacs', ['--batch', '-l', path.join(SCRIPTS, 'emacs-check.el')]]);
    checkRun('Emacs', result, (d) => String(d), result.run.severity);
  });
});
