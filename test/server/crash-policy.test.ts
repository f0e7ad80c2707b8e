// The client's answer to a crashed server (src/client/crash-policy.ts): restart with a message, up to
// four times in three minutes, then stop and say how to restart by hand.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CrashPolicy } from '../../src/client/crash-policy';

describe('crash policy', () => {
  it('restarts and says so, counting crashes within the window', () => {
    const policy = new CrashPolicy(4, 180_000);
    assert.deepEqual(policy.onCrash(0), { restart: true, message: 'AdamW Lens: the language server stopped unexpectedly; it has been restarted.' });
    assert.deepEqual(policy.onCrash(1000), { restart: true, message: 'AdamW Lens: the language server stopped unexpectedly (2 times in the last 3 minutes); it has been restarted.' });
    policy.onCrash(2000);
    assert.equal(policy.onCrash(3000).restart, true);
    const fifth = policy.onCrash(4000);
    assert.equal(fifth.restart, false);
    assert.equal(fifth.message, 'AdamW Lens: the language server stopped 5 times in 3 minutes and will not be restarted. See the "AdamW Lens" output, then run "AdamW Lens: Restart Language Server".');
  });

  it('forgets crashes older than the window, and a manual restart starts again', () => {
    const policy = new CrashPolicy(1, 60_000);
    assert.equal(policy.onCrash(0).restart, true);
    assert.equal(policy.onCrash(61_000).restart, true, 'the first crash left the window');
    assert.equal(policy.onCrash(62_000).restart, false);
    policy.reset();
    assert.equal(policy.onCrash(63_000).restart, true);
  });
});
