// `npm run bench:panel`: the simulation panel in a real VS Code (code-server 4.100.3 + Debian's Chromium,
// the e2e set-up of test/e2e/harness.ts), driven like a user: open a training script and wait for its
// diagnostics (the extension is active), then run "AdamW Lens: Simulate…" from the command palette and
// time, from the click on the command, the first heatmap drawn and both heatmaps complete. Each repeat
// is a fresh window with a fresh profile (the panel reuses a stored run once it has one).
// "First heatmap on screen": the frame that paints its cells is rendered (the page's mark, in the first task
// after that frame) and VS Code has made the page's frame visible (recorded as it happens), whichever is
// later. The poll that looks for a visible heatmap every 10 ms is printed too: it runs on the page's thread,
// so it sees the heatmap only once the tasks after that frame (Chart.js, the charts) let it run.
// Also prints where the time goes, read from the webview's own clock (performance.timeOrigin is epoch
// time, like Date.now() here): page navigation, scripts, the page's marks; with the medians, those of the
// page's document, its script and the host's first seed (VS Code's share of the wait and the simulator's), and
// when the frame that paints the first heatmap began, by the page's clock.
// And the CPU time each process of the session spent from the command to the first heatmap and on to both
// complete (Linux: scripts/process-cpu.ts): on a 2-core machine, whose work the wall time is.
// Targets (issue 12): first heatmap ≤ 0.8 s, both complete ≤ 2 s. Prints numbers; asserts nothing.
// Usage: node --import tsx scripts/bench-panel.ts [--repeat N] [--cold] [--screenshot FILE] [--vsix FILE] [--trace FILE]
//   --cold: run the command right after the window opens, before any file (activation included).
//   --vsix: measure an already packaged extension (e.g. an older commit's, for a comparison under the same load).
//   --trace: write a Chromium trace (chrome://tracing, Perfetto) of the first run, from the command to both
//     complete: which thread of which process did what. Tracing slows the run down; its times are not the figures.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { packageExtension } from './package.mjs';
import { openSession, ROOT } from '../test/e2e/harness';
import { openFile, problems, waitUntil } from '../test/e2e/workbench';
import { cpuBetween, cpuByRole, type CpuReading } from './process-cpu';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const repeat = Number(arg('--repeat', '3'));
const cold = process.argv.includes('--cold');
const traceFile = process.argv.includes('--trace') ? path.resolve(arg('--trace', '')) : undefined;
/** What the trace records: tasks and their scripts, V8's compiling and garbage collection, Blink's rendering. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', 'v8.execute', 'blink', 'cc', 'gpu'];
const screenshotFile = path.resolve(arg('--screenshot', path.join(ROOT, 'test-results', 'bench', 'panel.png')));
const TITLE = 'AdamW Lens: Simulate Learning-Rate / Weight-Decay Coupling';

interface PageTimings {
  /** Epoch ms of the webview document's navigation start. */
  timeOrigin: number;
  domContentLoaded: number;
  resources: { name: string; start: number; end: number }[];
  marks: Record<string, number>;
  /** The host's seconds from its run's start to the first seed's result (the first-progress mark's detail). */
  hostFirstSeed?: number;
  /** The host's seconds from its run's start to each later seed's result (the seeds-N marks' details), by N. */
  hostSeeds: Record<number, number>;
}

/** The webview frame that holds the simulation page (VS Code nests it two iframes deep). */
async function panelFrame(page: Page): Promise<Frame> {
  return waitUntil(async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      if (await frame.evaluate(() => document.getElementById('app') !== null).catch(() => false)) return frame;
    }
    return undefined;
  }, () => 'expected a webview frame with the simulation page', 30_000, 20);
}

type ChartLookup = { Chart?: { getChart(c: Element | null): { data: { datasets: { data: { loss: number | null; diverged: boolean }[] }[] } } | undefined } };

/** Epoch ms at which the first heatmap showed computed cells and was on screen (checked every 10 ms). The
 * page marks each heatmap canvas with the seeds drawn on it (data-seeds), whether its cells were painted
 * straight away (webview/preview.ts) or by its chart. VS Code keeps a webview's page hidden (its iframe
 * 'pending-frame', visibility: hidden) until the page has loaded or 200 ms after writing it, then makes it
 * 'active-frame': so this is read from the frame around the page, and a heatmap counts once it is visible. */
async function firstHeatmap(frame: Frame): Promise<number> {
  const outer = frame.parentFrame();
  if (!outer) throw new Error('expected the simulation page inside VS Code\'s webview frame');
  const handle = await outer.waitForFunction(() => {
    const active = document.getElementById('active-frame') as HTMLIFrameElement | null;
    const page = active?.contentDocument;
    if (!page || active?.style.visibility !== 'visible') return false;
    const charts = (active?.contentWindow as unknown as ChartLookup | null)?.Chart;
    // data-seeds, or (pages built before it) a chart with a computed cell.
    return ['heatmap-pt', 'heatmap-lh'].some((id) => Number(page.getElementById(id)?.dataset.seeds) >= 1
      || charts?.getChart(page.getElementById(id))?.data.datasets[0].data.some((cell) => cell.loss !== null)) && Date.now();
  }, undefined, { polling: 10, timeout: 60_000 });
  return Number(await handle.jsonValue());
}

/** Epoch ms at which the run was done and both heatmaps showed every cell. */
async function bothComplete(frame: Frame): Promise<number> {
  const handle = await frame.waitForFunction(() => document.getElementById('app')?.dataset.state === 'done'
    && ['heatmap-pt', 'heatmap-lh'].every((id) => {
      const chart = (window as unknown as ChartLookup).Chart?.getChart(document.getElementById(id));
      return chart?.data.datasets[0].data.every((cell) => cell.loss !== null || cell.diverged);
    }) && Date.now(), undefined, { polling: 10, timeout: 60_000 });
  return Number(await handle.jsonValue());
}

async function pageTimings(frame: Frame): Promise<PageTimings> {
  return frame.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const marks: Record<string, number> = {};
    let hostFirstSeed: number | undefined;
    const hostSeeds: Record<number, number> = {};
    for (const mark of performance.getEntriesByType('mark') as PerformanceMark[]) {
      marks[mark.name] = mark.startTime;
      if (mark.name === 'adamw-lens:first-progress' && typeof mark.detail === 'number') hostFirstSeed = mark.detail;
      const seeds = /^adamw-lens:seeds-(\d+)$/.exec(mark.name);
      if (seeds && Number(seeds[1]) > 1 && typeof mark.detail === 'number') hostSeeds[Number(seeds[1])] = mark.detail;
    }
    return {
      hostFirstSeed,
      hostSeeds,
      timeOrigin: performance.timeOrigin,
      domContentLoaded: navigation?.domContentLoadedEventEnd ?? NaN,
      resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .map((r) => ({ name: r.name.replace(/^.*\//, '').replace(/\?.*$/, ''), start: r.startTime, end: r.responseEnd })),
      marks,
    };
  });
}

/** In VS Code's webview frame (it holds the page's iframe): records when the page's frame is made visible
 * ('active-frame', visibility: visible), by the epoch clock, as it happens. A poll on that thread could only
 * see it once the page's tasks let it run. */
const RECORD_WHEN_SHOWN = `(() => {
  const shownAt = () => {
    const frame = document.getElementById('active-frame');
    if (frame && frame.style.visibility === 'visible' && window.__adamwShownAt === undefined) window.__adamwShownAt = Date.now();
  };
  new MutationObserver(shownAt).observe(document, { subtree: true, attributes: true, attributeFilter: ['style', 'id'] });
})();`;

/** Epoch ms at which the first heatmap was on screen: its painted frame done (the page's mark, after that
 * frame's rendering) and the page's frame visible, whichever came last; undefined on pages without the mark. */
async function firstHeatmapShown(frame: Frame, timings: PageTimings): Promise<number | undefined> {
  const painted = timings.marks['adamw-lens:first-heatmap-painted'];
  const shown = await frame.parentFrame()?.evaluate(() => (window as unknown as { __adamwShownAt?: number }).__adamwShownAt);
  if (painted === undefined || shown === undefined) return undefined;
  return Math.round(Math.max(timings.timeOrigin + painted, shown));
}

interface Run {
  first: number; shown?: number; complete: number; timings: PageTimings; t0: number;
  /** CPU per role (ms) from the command to the first heatmap seen, and from there to both complete. */
  cpu?: { toFirst: { role: string; ms: number }[]; toComplete: { role: string; ms: number }[] };
}

async function measureOnce(index: number, vsix: string): Promise<Run> {
  const session = await openSession(() => {}, { vsix });
  try {
    const { page } = session;
    // tsx compiles the callbacks evaluated in the page with esbuild's keep-names helper: every frame gets one.
    await page.addInitScript('window.__name = (fn) => fn;');
    await page.addInitScript(RECORD_WHEN_SHOWN);
    if (!cold) {
      await openFile(page, 'train_sweep.py');
      await waitUntil(async () => ((await problems(page)).some((row) => row.text.includes('s1-sweep')) ? true : undefined),
        () => 'expected the s1-sweep warning in the Problems panel', 90_000);
      await page.waitForTimeout(1500); // let the language server's start-up work settle
    }
    const widget = page.locator('.quick-input-widget');
    await page.keyboard.press('F1');
    await widget.waitFor({ state: 'visible' });
    await page.keyboard.type(TITLE);
    const row = widget.locator('.monaco-list-row', { hasText: TITLE }).first();
    await row.waitFor({ state: 'visible' });
    const cpuNow = (): CpuReading | undefined => cpuByRole(session.browserPid, session.server.pid);
    const tracing = index === 0 && traceFile ? page.context().browser() : null;
    if (tracing) await tracing.startTracing(page, { path: traceFile, categories: TRACE_CATEGORIES });
    const atCommand = cpuNow();
    const t0 = Date.now();
    await row.click();
    const frame = await panelFrame(page);
    const first = (await firstHeatmap(frame)) - t0;
    const atFirst = cpuNow();
    const complete = (await bothComplete(frame)) - t0;
    const atComplete = cpuNow();
    if (tracing) {
      await tracing.stopTracing();
      console.log(`  trace of run 1: ${traceFile} (started just before the command)`);
    }
    const cpu = atCommand && atFirst && atComplete
      ? { toFirst: cpuBetween(atCommand, atFirst), toComplete: cpuBetween(atFirst, atComplete) } : undefined;
    const timings = await pageTimings(frame);
    const shownAt = await firstHeatmapShown(frame, timings);
    const shown = shownAt === undefined ? undefined : shownAt - t0;
    if (index === 0) {
      mkdirSync(path.dirname(screenshotFile), { recursive: true });
      await page.screenshot({ path: screenshotFile });
    }
    return { first, shown, complete, timings, t0, cpu };
  } finally {
    await session.close();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const given = process.argv.includes('--vsix') ? path.resolve(arg('--vsix', '')) : undefined;
  const vsix = given ?? packageExtension({ log: () => {} }).vsix;
  if (given) console.log(`extension: ${given}`);
  console.log(`simulation panel in code-server + Chromium, ${cold ? 'cold (command before any file)' : 'extension active (train_sweep.py open, diagnostics shown)'}; `
    + `${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(2)}`);
  const runs: Run[] = [];
  for (let i = 0; i < repeat; i++) {
    const run = await measureOnce(i, vsix);
    runs.push(run);
    const origin = run.timings.timeOrigin - run.t0;
    const at = (ms: number) => `${Math.round(origin + ms)}`;
    const resources = run.timings.resources.map((r) => `${r.name} ${at(r.start)}–${at(r.end)}`).join(', ');
    const marks = Object.entries(run.timings.marks).map(([name, ms]) => `${name} ${at(ms)}`).join(', ');
    const frame = run.timings.marks['adamw-lens:first-heatmap-frame'];
    console.log(`  run ${i + 1}: first heatmap ${run.shown === undefined ? 'on screen: not measured' : `on screen ${run.shown} ms`} (seen by the poll ${run.first} ms), both complete ${run.complete} ms `
      + `(load average ${os.loadavg()[0].toFixed(2)})${frame === undefined ? '' : `; the frame with the first heatmap began ${at(frame)} ms after the command`}`);
    console.log(`    page (ms after the command): document ${Math.round(origin)}, DOMContentLoaded ${at(run.timings.domContentLoaded)}; ${resources}`);
    if (marks) console.log(`    marks: ${marks}`);
    if (run.timings.hostFirstSeed !== undefined) {
      const later = Object.entries(run.timings.hostSeeds).map(([n, seconds]) => `${n} at ${Math.round(seconds * 1000)}`).join(', ');
      console.log(`    the host had the first seed ${Math.round(run.timings.hostFirstSeed * 1000)} ms after its run started${later ? `; seeds ${later} ms` : ''}`);
    }
    if (run.cpu) {
      const said = (spent: { role: string; ms: number }[]) => `${spent.map((r) => `${r.role} ${Math.round(r.ms)}`).join(', ')}; `
        + `total ${Math.round(spent.reduce((sum, r) => sum + r.ms, 0))} ms`;
      console.log(`    CPU (ms) from the command to the first heatmap seen: ${said(run.cpu.toFirst)}`);
      console.log(`    CPU (ms) from there to both complete: ${said(run.cpu.toComplete)}`);
    }
  }
  console.log('');
  const shown = runs.flatMap((r) => (r.shown === undefined ? [] : [r.shown]));
  const complete = median(runs.map((r) => r.complete));
  console.log(`median of ${repeat}: command → first heatmap on screen ${shown.length ? `${median(shown)} ms` : 'not measured'} (target ≤ 800 ms; `
    + `seen by the poll ${median(runs.map((r) => r.first))} ms), both complete ${complete} ms (target ≤ 2000 ms)`);
  // Where the medians come from: VS Code's part (the page's document: a trivial webview's arrives 0.5–0.7 s
  // after the command in this set-up, measured with the machine under load 5–7) and the simulator's.
  const documents = runs.map((r) => r.timings.timeOrigin - r.t0);
  const scripts = runs.map((r) => r.timings.timeOrigin - r.t0 + (r.timings.marks['adamw-lens:script'] ?? NaN));
  const seeds = runs.flatMap((r) => (r.timings.hostFirstSeed === undefined ? [] : [r.timings.hostFirstSeed * 1000]));
  // The page's own clock: the animation frame that paints the first seed's cells (a mark in its callback; VS
  // Code shows the page from its load event on, before any seed is handed to it). The bench's check above runs
  // on the same thread, so it sees the heatmap only once the tasks queued before it (Chart.js, the charts) are
  // done: on a loaded machine up to a second after this frame.
  const frames = runs.flatMap((r) => {
    const mark = r.timings.marks['adamw-lens:first-heatmap-frame'];
    return mark === undefined ? [] : [r.timings.timeOrigin - r.t0 + mark];
  });
  console.log(`  medians: page document ${Math.round(median(documents))} ms, page script ${Math.round(median(scripts))} ms after the command; `
    + `the host's first seed ${seeds.length ? `${Math.round(median(seeds))} ms after its run started` : 'not reported'}`
    + `${frames.length ? `; the frame with the first heatmap began ${Math.round(median(frames))} ms after the command (page's clock)` : ''}`);
  const withCpu = runs.flatMap((r) => (r.cpu ? [r.cpu] : []));
  if (withCpu.length > 0) {
    // Command → both complete, per role: the medians over the runs (so the total is not quite their sum).
    const spent = withCpu.map((c) => {
      const byRole = new Map<string, number>();
      for (const r of [...c.toFirst, ...c.toComplete]) byRole.set(r.role, (byRole.get(r.role) ?? 0) + r.ms);
      return byRole;
    });
    const roles = [...new Set(spent.flatMap((m) => [...m.keys()]))];
    const medianOf = (role: string) => median(spent.map((m) => m.get(role) ?? 0));
    const total = median(spent.map((m) => [...m.values()].reduce((a, b) => a + b, 0)));
    const cores = os.availableParallelism();
    console.log(`  CPU from the command to both complete (medians, ms): ${roles.map((role) => ({ role, ms: medianOf(role) }))
      .sort((a, b) => b.ms - a.ms).map((r) => `${r.role} ${Math.round(r.ms)}`).join(', ')}; total ${Math.round(total)} `
      + `(${cores} cores × ${complete} ms = ${cores * complete} ms available)`);
  }
  console.log(`screenshot: ${path.relative(process.cwd(), screenshotFile)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
