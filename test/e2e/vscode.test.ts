// AdamW Lens end to end in a real VS Code: the packaged .vsix installed into code-server 4.100.3
// (VS Code 1.100), driven through Debian's Chromium like a user. The examples are a temp copy, so the
// quick fix never touches the repository. Expectations come from the engine through the CLI (oracle.ts).
// Screenshots: test-results/e2e/{1-problems,3-quick-fix,5-simulation,7-results}.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatNumber } from '../../src/engine/format';
import { openSession, type Session } from './harness';
import { applyEdits, checkJson, findingIn, type CliFinding } from './oracle';
import {
  applyQuickFix, canvasInk, framesWithCanvases, goToPosition, hoverAtCursor, openFile, problems, runCommand, save,
  screenshot, UI_TIMEOUT, waitUntil, type ProblemRow,
} from './workbench';

const S1_FILE = 'train_sweep.py';
const SIMULATE_TITLE = 'AdamW Lens: Simulate Learning-Rate / Weight-Decay Coupling';
const RESULTS_FILE = 'sweep-results.csv';
const RESULTS_TITLE = 'AdamW Lens: Open Sweep Results…';
/** How long the test waits for the panel and for both heatmaps: generous, for busy machines. Timings are
 * not asserted here; `npm run bench:panel` measures them. */
const PANEL_STARTUP_MS = 60_000;
const HEATMAPS_MS = 90_000;
/** Language server start-up plus the first analysis of a file, in a cold VS Code. */
const FIRST_DIAGNOSTICS_MS = 60_000;

/** The Problems panel's marker rows, each with the file row above it. */
function markersByFile(rows: ProblemRow[]): Array<ProblemRow & { file: string }> {
  const out: Array<ProblemRow & { file: string }> = [];
  let file = '';
  for (const row of rows) {
    const fileRow = /problems? in file (.+?) of folder/.exec(row.label);
    if (fileRow) file = fileRow[1];
    else out.push({ ...row, file });
  }
  return out;
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The process id of AdamW Lens's language server: the descendant of code-server running its dist/server.js. */
function languageServerPid(codeServerPid: number): number | undefined {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)).filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const descendants = new Set([codeServerPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) if (descendants.has(row.ppid) && !descendants.has(row.pid)) { descendants.add(row.pid); grew = true; }
  }
  return rows.find((row) => descendants.has(row.pid) && /adamw-lens[^ ]*\/dist\/server\.js/.test(row.args))?.pid;
}

function problemFor(rows: ProblemRow[], file: string, finding: CliFinding) {
  return markersByFile(rows).find((row) => row.file.startsWith(file) && row.text.includes(finding.rule)
    && row.text.includes(normalise(finding.message)));
}

test('AdamW Lens in a real VS Code (code-server + Chromium)', { timeout: 20 * 60_000 }, async (t) => {
  const log = (line: string) => t.diagnostic(line);
  // openSession stops what it started if it fails half-way; from here on, t.after stops everything
  // (Chromium and code-server, by process group) however the subtests end.
  const session: Session = await openSession(log);
  t.after(() => session.close());
  const { page, workspace } = session;
  const s1File = path.join(workspace, S1_FILE);
  const original = readFileSync(s1File, 'utf8');
  const findings = checkJson(workspace);
  const s1 = findingIn(findings, S1_FILE, 's1-sweep');
  const callLine = s1.range.start.line; // lines and columns are 1-based in the CLI's JSON
  const callColumn = s1.range.start.column;

  await t.test('1. the Problems panel lists the s1-sweep warning with its numbers', { timeout: FIRST_DIAGNOSTICS_MS + 60_000 }, async () => {
    await openFile(page, S1_FILE);
    const row = await waitUntil(async () => problemFor(await problems(page), S1_FILE, s1),
      () => `expected a Problems row '${s1.rule}: ${s1.message}' for ${S1_FILE}`, FIRST_DIAGNOSTICS_MS)
      .catch(async (error: Error) => {
        await screenshot(page, '1-problems');
        throw new Error(`${error.message}; the panel shows ${JSON.stringify(await problems(page))}`);
      });
    await screenshot(page, '1-problems');
    assert.match(row.label, /^Warning:/, `expected a warning, got '${row.label}'`);
    assert.ok(row.text.includes(`[Ln ${callLine}, Col ${callColumn}]`), `expected the row at Ln ${callLine}, Col ${callColumn}: '${row.text}'`);
    const lambda = s1.data.weightDecay;
    assert.ok(lambda !== undefined && row.text.includes(formatNumber(lambda)), `expected λ = ${lambda} in '${row.text}'`);
    for (const lr of [s1.data.sweep?.lrs[0], s1.data.sweep?.lrs.at(-1)]) {
      assert.ok(lr !== undefined && row.text.includes(formatNumber(lr)), `expected the swept α ${lr} in '${row.text}'`);
    }
  });

  await t.test('2. the hover on the optimizer call shows α, λ, α·λ and τ_iter', { timeout: 60_000 }, async () => {
    await goToPosition(page, callLine, callColumn + 1);
    const text = await hoverAtCursor(page, 'τ');
    for (const symbol of ['α', 'λ', 'α·λ', 'τ']) assert.ok(text.includes(symbol), `expected '${symbol}' in the hover:\n${text}`);
    assert.match(text, /τ\s*_?\s*iter/, `expected τ_iter in the hover:\n${text}`);
    const { weightDecay, decayPerStep, tauIter } = s1.data;
    for (const [name, value] of [['λ', weightDecay], ['α·λ', decayPerStep], ['τ_iter', tauIter]] as const) {
      assert.ok(value !== undefined, `the engine's finding has no ${name}: ${JSON.stringify(s1.data)}`);
    }
    assert.ok(text.includes(formatNumber(weightDecay!)), `expected λ = ${formatNumber(weightDecay!)} in the hover:\n${text}`);
    await screenshot(page, '2-hover'); // docs/images/finding-hover.png (npm run screenshots)
    await page.keyboard.press('Escape');
  });

  await t.test('3. the S2 quick fix rewrites λ to the rescaled expression and the warning disappears', { timeout: 90_000 }, async () => {
    const fix = s1.fixes.find((f) => f.kind === 's2-rescale');
    assert.ok(fix, `the engine offers no s2-rescale fix for the s1-sweep finding: ${JSON.stringify(s1.fixes.map((f) => f.kind))}`);
    const expected = applyEdits(original, fix.edits);
    assert.notEqual(expected, original, 'the S2 fix has no effect on the text');
    const target = fix.edits[0].range.start;
    await goToPosition(page, target.line, target.column);
    const chosen = await applyQuickFix(page, fix.title, () => screenshot(page, '3-quick-fix-menu')); // docs/images/s2-quick-fix.png
    log(`applied '${chosen}'`);
    await save(page);
    await waitUntil(async () => (readFileSync(s1File, 'utf8') === expected ? true : undefined),
      () => `expected ${S1_FILE} to become the engine's S2 edit:\n${expected}\nbut it is:\n${readFileSync(s1File, 'utf8')}`, 15_000);
    await waitUntil(async () => {
      const rows = markersByFile(await problems(page)).filter((row) => row.file.startsWith(S1_FILE) && row.text.includes('s1-sweep'));
      return rows.length === 0 ? true : undefined;
    }, () => 'expected no s1-sweep row for the fixed file in the Problems panel', 20_000);
    await screenshot(page, '3-quick-fix');
    const after = checkJson(s1File).filter((f) => f.rule === 's1-sweep');
    assert.deepEqual(after, [], 'the engine still reports s1-sweep after the fix');
  });

  await t.test('4. the notebook shows its finding on the right cell', { timeout: 90_000 }, async () => {
    const finding = findings.find((f) => f.file.endsWith('.ipynb'));
    assert.ok(finding, `the engine reports nothing in any notebook of examples/: ${findings.map((f) => path.basename(f.file))}`);
    const notebook = path.basename(finding.file);
    await openFile(page, notebook);
    const cellIndex = finding.cell ?? (typeof finding.data.cell === 'number' ? finding.data.cell : undefined);
    assert.ok(cellIndex !== undefined, `the CLI's notebook finding has no cell index: ${JSON.stringify(finding)}`);
    // The Problems panel lists the finding under the notebook; opening it (Enter, as a user would) reveals and
    // focuses its cell. The notebook list renders only the cells in view, so the squiggle is checked after that.
    const row = await waitUntil(async () => markersByFile(await problems(page))
      .find((r) => r.file.startsWith(notebook) && r.text.includes(finding.rule) && r.text.includes(normalise(finding.message))),
    () => `expected a Problems row '${finding.rule}' under ${notebook}`, FIRST_DIAGNOSTICS_MS);
    assert.ok(row.text.includes(`[Ln ${finding.range.start.line}, Col ${finding.range.start.column}]`),
      `expected the row at the cell's Ln ${finding.range.start.line}, Col ${finding.range.start.column}: '${row.text}'`);
    await page.locator('.markers-panel .monaco-list-row', { hasText: normalise(finding.message).slice(0, 60) }).first().click();
    await page.keyboard.press('Enter');
    const cells = page.locator('.notebook-editor .cell-list-container .monaco-list-row');
    const squiggled = await waitUntil(async () => {
      const marks = await cells.evaluateAll((rows) => rows.map((row) => ({
        index: Number(row.getAttribute('data-index')),
        marked: row.querySelector('.squiggly-warning, .squiggly-info, .squiggly-error') !== null,
      })));
      const hit = marks.filter((m) => m.marked).map((m) => m.index);
      return hit.length ? hit : undefined;
    }, () => `expected a squiggle in cell ${cellIndex} of ${notebook}`, UI_TIMEOUT);
    await screenshot(page, '4-notebook');
    assert.ok(squiggled.includes(cellIndex), `expected the finding on cell ${cellIndex}, squiggles are on cells ${squiggled}`);
  });

  await t.test('5. the simulation command opens the panel and draws both heatmaps', { timeout: PANEL_STARTUP_MS + HEATMAPS_MS + 30_000 }, async () => {
    const started = Date.now();
    await runCommand(page, SIMULATE_TITLE);
    const frame = await waitUntil(async () => (await framesWithCanvases(page, 2))[0],
      () => 'expected a webview frame with at least two canvases', PANEL_STARTUP_MS);
    const loaded = Date.now() - started;
    const drawn = await waitUntil(async () => {
      const ink = await canvasInk(frame);
      const heatmaps = ink.filter((c) => /heatmap/i.test(c.id));
      const candidates = heatmaps.length >= 2 ? heatmaps : ink;
      const painted = candidates.filter((c) => c.inked > 0.05 * c.width * c.height && c.colours >= 8);
      return painted.length >= 2 ? ink : undefined;
    }, (last) => `expected two drawn heatmaps (≥ 5 % of pixels inked, ≥ 8 colours); last error: ${String(last)}`, HEATMAPS_MS);
    const total = Date.now() - started;
    log(`simulation panel: loaded in ${loaded} ms, both heatmaps drawn ${total} ms after the command; canvases ${JSON.stringify(drawn)}`);
    await screenshot(page, '5-simulation');
  });

  await t.test('6. a crashed language server is restarted, says so, and diagnoses again', { timeout: 120_000 }, async () => {
    const crashed = languageServerPid(session.server.pid);
    assert.ok(crashed, 'expected a running AdamW Lens language server under code-server');
    process.kill(crashed, 'SIGKILL');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'language server stopped unexpectedly' });
    await toast.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const restarted = await waitUntil(async () => {
      const pid = languageServerPid(session.server.pid);
      return pid !== undefined && pid !== crashed ? pid : undefined;
    }, () => 'expected a new language server process after the crash', UI_TIMEOUT);
    log(`language server ${crashed} killed; restarted as ${restarted}`);
    // The S1 file, fixed in step 3, gets its S1 sweep back on disk: only a live server can report it again.
    writeFileSync(s1File, original);
    await waitUntil(async () => problemFor(await problems(page), S1_FILE, s1),
      () => `expected the restarted server to report '${s1.rule}' in ${S1_FILE} again`, FIRST_DIAGNOSTICS_MS);
    await screenshot(page, '6-restarted');
  });

  await t.test('7. "Open Sweep Results…" on a W&B export draws the runs over (α, λ) and (α, α·λ)', { timeout: 120_000 }, async () => {
    await openFile(page, RESULTS_FILE);
    await runCommand(page, RESULTS_TITLE);
    const frame = await waitUntil(async () => {
      for (const candidate of await framesWithCanvases(page, 2)) {
        if (await candidate.locator('#results-lambda').count().catch(() => 0)) return candidate;
      }
      return undefined;
    }, () => 'expected the sweep-results webview with its two charts', PANEL_STARTUP_MS);
    const expected = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, '../../bin/adamw-lens.js'), 'results',
      path.join(workspace, RESULTS_FILE), '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { runs: number; design: string };
    const summary = await waitUntil(async () => {
      const text = await frame.locator('#summary').textContent().catch(() => null);
      return text && /runs/.test(text) ? text : undefined;
    }, () => 'expected the results summary', UI_TIMEOUT);
    assert.match(summary, new RegExp(`^${expected.runs} runs, metric val_loss \\(lower is better\\)\\. Design: ${expected.design}\\.$`));
    await waitUntil(async () => {
      const ink = (await canvasInk(frame)).filter((c) => /^results-/.test(c.id));
      return ink.length === 2 && ink.every((c) => c.inked > 0.01 * c.width * c.height) ? ink : undefined;
    }, (last) => `expected both results charts drawn; last error: ${String(last)}`, UI_TIMEOUT);
    // Room for the panel in the screenshot: hide the Problems area and maximise the panel's editor group.
    await page.keyboard.press('Control+J');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+M');
    await page.waitForTimeout(1500);
    await screenshot(page, '7-results');
  });
});
