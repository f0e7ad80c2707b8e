import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { defaultSetup } from '../src/panel/setup';
import { openPanel } from '../test/webview/harness';
import { waitForState } from '../test/webview/readings';

test('cpu', { timeout: 240_000 }, async (t) => {
  const panel = await openPanel(t, { width: 700, height: 800 });
  const cdp = await panel.page.context().newCDPSession(panel.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await panel.send({ type: 'setup', setup: defaultSetup(), autoRun: true });
  await waitForState(panel, 'done');
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
  writeFileSync(process.env.OUT ?? '/tmp/page-cpu.cpuprofile', JSON.stringify(profile));
});
