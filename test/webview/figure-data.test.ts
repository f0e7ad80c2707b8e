// What the figure computes, without a browser: sweep paths on a grid, the best cell, the
// exports (CSV, S2 sweep as code), iso-timescale lines, cell edges, the colour map and the page's CSP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gridCsv, s2Pairs } from '../../src/panel/export-format';
import { contentSecurityPolicy, makeNonce, renderPanelHtml } from '../../src/panel/html';
import type { PanelResult } from '../../src/panel/messages';
import type { PanelSetup } from '../../src/panel/setup';
import { sweepAsCode } from '../../src/panel/sweep-code';
import { bestCell, sweepPath, tauIter, toPanelResult } from '../../src/panel/sweeps';
import { lossTicks } from '../../webview/charts';
import { lossScale, viridis } from '../../webview/colormap';
import { decadeTicks, powerOfTen } from '../../webview/format';
import { cellEdges, isoTimescaleLines } from '../../webview/geometry';

// α rows 1e-3, 1e-2, 1e-1; λ columns 1e-2, 1e-1, 1; the cell (α = 0.1, λ = 0.1) diverged.
const result: PanelResult = {
  lrs: [1e-3, 1e-2, 1e-1], weightDecays: { pt: [1e-2, 1e-1, 1] },
  loss: { pt: [[0.5, 0.4, 0.3], [0.45, 0.2, 0.6], [0.21, null, 0.9]] },
  diverged: { pt: [[false, false, false], [false, false, false], [false, true, false]] },
  seedsDone: 2, seedsTotal: 3, seconds: 0.5,
};
const reference = { lr: 1e-2, weightDecay: 1e-1 };
const setup = { userVariant: 'pt', references: { pt: reference }, language: 'python' } as PanelSetup;

test('S1 keeps λ̄, S2 keeps ᾱ·λ̄; a diverged point has no loss', () => {
  const cells = (kind: 'S1' | 'S2') => sweepPath(result, 'pt', reference, kind).map((p) => [p.lrIndex, p.wdIndex, p.loss]);
  assert.deepEqual(cells('S1'), [[0, 1, 0.4], [1, 1, 0.2], [2, 1, null]]);
  assert.deepEqual(cells('S2'), [[0, 2, 0.3], [1, 1, 0.2], [2, 0, 0.21]]);
  // λ̄ off the grid by more than a quarter decade: no S1 cells at all.
  assert.deepEqual(sweepPath(result, 'pt', { lr: 1e-2, weightDecay: 5 }, 'S1'), []);
});

test('the best cell is the lowest non-diverged loss', () => {
  assert.deepEqual(bestCell(result, 'pt'), { lrIndex: 1, wdIndex: 1, loss: 0.2 });
});

test('τ_iter follows the variant’s convention', () => {
  assert.equal(tauIter('pt', 1e-2, 1e-1), 1000);
  assert.equal(tauIter('lh', 1e-2, 1e-1), 10);
  assert.equal(tauIter('l2', 1e-2, 1e-1), undefined);
  assert.equal(tauIter('pt', 1e-2, 0), undefined);
});

test('exports: CSV rows per cell, the S2 sweep as Python and TypeScript literals', () => {
  const csv = gridCsv(result).split('\n');
  assert.equal(csv[0], 'variant,lr,weight_decay,lr_times_weight_decay,tau_iter,val_loss,diverged,seeds');
  assert.equal(csv[1], 'pt,0.001,0.01,0.00001,100000,0.5,false,2');
  assert.equal(csv[8], 'pt,0.1,0.1,0.01,100,,true,2');
  assert.equal(csv.length, 11); // header, 9 cells, final newline
  const pairs = s2Pairs(setup, result);
  assert.deepEqual(pairs, [[1e-3, 1], [1e-2, 0.1], [0.1, 0.01]]);
  assert.equal(sweepAsCode(pairs, 'python'), [
    '# S2 sweep: lr * weight_decay = 0.001 at every point (AdamW Lens)',
    'lr_weight_decay_sweep = [', '    (0.001, 1.0),', '    (0.01, 0.1),', '    (0.1, 0.01),', ']', ''].join('\n'));
  assert.equal(sweepAsCode(pairs.slice(0, 1), 'typescript'), [
    '// S2 sweep: lr · weight_decay = 0.001 at every point (AdamW Lens)',
    'const lrWeightDecaySweep: { lr: number; weightDecay: number }[] = [', '  { lr: 0.001, weightDecay: 1.0 },', '];', ''].join('\n'));
});

test('simulator results become JSON-safe panel results (NaN → null)', () => {
  const converted = toPanelResult({ config: {} as never, lrs: [1], weightDecays: { lh: [2] }, loss: { lh: [[Number.NaN]] },
    diverged: { lh: [[true]] }, seedsDone: 1, seconds: 0.25 }, 4);
  assert.deepEqual(converted, { lrs: [1], weightDecays: { lh: [2] }, loss: { lh: [[null]] }, diverged: { lh: [[true]] }, seedsDone: 1, seedsTotal: 4, seconds: 0.25 });
});

test('iso-timescale lines: diagonals for decay α·λ, verticals for decay λ, none for L2', () => {
  const box = { xMin: -2.25, xMax: 0.25, yMin: -3.25, yMax: -0.75 };
  const pt = isoTimescaleLines('pt', box);
  assert.deepEqual(pt.map((l) => l.exponent), [1, 2, 3, 4, 5]);
  assert.deepEqual(pt[0], { exponent: 1, from: { x: -0.25, y: -0.75 }, to: { x: 0.25, y: -1.25 } });
  assert.deepEqual(isoTimescaleLines('lh', box).map((l) => [l.exponent, l.from.x]), [[0, 0], [1, -1], [2, -2]]);
  assert.deepEqual(isoTimescaleLines('l2', box), []);
  assert.deepEqual(cellEdges([1e-3, 1e-2, 1e-1]), [[-3.5, -2.5], [-2.5, -1.5], [-1.5, -0.5]]);
});

test('viridis end points and a loss scale clipped at 1.5 × the best (or the median)', () => {
  assert.equal(viridis(0), 'rgb(68, 1, 84)');
  assert.equal(viridis(0.5), 'rgb(33, 144, 141)');
  assert.equal(viridis(1), 'rgb(253, 231, 37)');
  // The median (0.4) is above 1.5 × the best (0.3): the scale runs to the median; 10 is clipped.
  const scale = lossScale([0.2, 0.25, 0.4, 10, Number.NaN, -1]);
  assert.deepEqual([scale?.min, scale?.max, scale?.clipped], [0.2, 0.4, true]);
  assert.equal(lossScale([1, 1.1, 1.2, 3])?.max, 1.5);
  assert.equal(scale?.colour(0.2), 'rgb(253, 231, 37)');
  assert.equal(scale?.colour(10), 'rgb(68, 1, 84)');
  assert.equal(lossScale([Number.NaN]), undefined);
});

test('the page’s CSP: nothing but nonce’d scripts, styles inline (nonce’d) or from the webview folder, fonts only from there, no fetch, no worker, no wasm', () => {
  assert.equal(contentSecurityPolicy({ cspSource: 'https://*.vscode-cdn.net', nonce: 'n0nce' }),
    "default-src 'none'; script-src 'nonce-n0nce'; style-src 'nonce-n0nce' https://*.vscode-cdn.net; "
    + 'img-src https://*.vscode-cdn.net; font-src https://*.vscode-cdn.net');
  const nonce = makeNonce();
  assert.match(nonce, /^[A-Za-z0-9]{32}$/);
  const initial = { type: 'setup', setup: { title: 'train.py</script><script>alert(1)</script> & <!--' }, autoRun: true, runId: 1, content: 1 };
  const html = renderPanelHtml({ cspSource: 'https://x', nonce, script: 'const a = "</script>"; /<!--/.test(a);', style: 'body { margin: 0 }',
    chartKit: 'const k = "</SCRIPT>" + "</style>";', elements: 'https://x/elements.js?a="b"', codicons: 'https://x/codicon.css', initial });
  // One script runs (the page's, inline, nonce'd); the setting is a JSON block and the chart code inert text
  // (the page runs it later under its nonce); nothing is fetched to draw.
  assert.equal(html.match(/<script[ >]/g)?.length, 3);
  assert.equal(html.match(new RegExp(`<script nonce="${nonce}">`, 'g'))?.length, 1);
  assert.equal(html.match(new RegExp(`<style nonce="${nonce}">`, 'g'))?.length, 1);
  assert.doesNotMatch(html, /<link|src=/);
  assert.match(html, /data-elements="https:\/\/x\/elements\.js\?a=&quot;b&quot;"/);
  assert.equal(html.match(/<script type="text\/plain" id="chart-kit">/g)?.length, 1);
  // Neither the setting nor the scripts can close their element early.
  assert.equal(html.match(/<\/script>/gi)?.length, 3);
  assert.doesNotMatch(html, /<!--/);
  const block = /<script type="application\/json" id="initial-message">(.*?)<\/script>/.exec(html)?.[1] ?? '';
  assert.deepEqual(JSON.parse(block), initial);
  assert.match(html, /const a = "<\\\/script>"; \/<\\!--\/\.test\(a\);/);
  assert.match(html, /const k = "<\\\/SCRIPT>" \+ "<\\\/style>";/);
});

test('loss-axis ticks: 1-2-5 over a wide range, round even steps over a narrow valley', () => {
  assert.deepEqual(lossTicks(0.15, 30), [0.2, 0.5, 1, 2, 5, 10, 20]);
  assert.deepEqual(lossTicks(0.176, 0.238), [0.18, 0.19, 0.2, 0.21, 0.22, 0.23]);
  assert.deepEqual(lossTicks(0.5, 0.5), [0.5]);
  assert.deepEqual(lossTicks(Number.NaN, 1), []);
});

test('axis labels: whole decades as powers of ten', () => {
  assert.deepEqual([-4, -1, 0, 1, 2, 12].map(powerOfTen), ['10⁻⁴', '10⁻¹', '1', '10', '10²', '10¹²']);
  assert.deepEqual(decadeTicks(-3.25, -0.75), [-3, -2, -1]);
  assert.deepEqual(decadeTicks(-0.4, 0.4), [0]);
});
