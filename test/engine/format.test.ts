// Number formatting of messages: the thousands grouping is written by hand (no ICU), so it is checked
// against what `toLocaleString('en-US')` gives, which it replaces.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSteps, groupThousands } from '../../src/engine/format';

describe('groupThousands', () => {
  it('groups like en-US, for every length and sign', () => {
    for (const n of [0, 7, 42, 999, 1000, 9999, 12_345, 100_000, 999_999, 1_000_000, 123_456_789, 10_000_000_000, -1, -1234, -1_234_567]) {
      assert.equal(groupThousands(n), n.toLocaleString('en-US'), String(n));
    }
  });

  it('rounds to the nearest integer first, as the step counts in messages are', () => {
    assert.equal(groupThousands(1234.4), '1,234');
    assert.equal(groupThousands(999.5), '1,000');
  });
});

describe('formatSteps', () => {
  it('counts below a million in full, larger ones in scientific notation, and no end as ∞', () => {
    assert.equal(formatSteps(9380), '9,380');
    assert.equal(formatSteps(200_000), '200,000');
    assert.equal(formatSteps(12_500_000), '1.25e7');
    assert.equal(formatSteps(Infinity), '∞');
  });
});
