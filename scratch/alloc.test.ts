import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { defaultSetup } from '../src/panel/setup';
import { openPanel } from '../test/webview/harness';
import { waitForState } from '../test/webview/readings';

test('alloc', { timeout: 240_000 }, async (t) => {
  const panel = await openPanel(t, { width: 700, height: 800 });
  const cdp = await panel.page.context().newCDPSession(panel.page);
  await cdp.send('HeapProfiler.enable');
  const heap = async () => (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
  console.log('before', await heap());
  await cdp.send('HeapProfiler.startSampling', { samplingInterval: 2048, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  await panel.send({ type: 'setup', setup: defaultSetup(), autoRun: true });
  await waitForState(panel, 'done');
  const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as { profile: unknown };
  writeFileSync('/tmp/alloc-profile.json', JSON.stringify(profile));
  console.log('after', await heap());
});
