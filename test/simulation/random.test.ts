// The generator's batch fills (used by the synthetic data) draw exactly what one call at a time draws, and
// leave the generator where those calls would: the seed's data must not change with how it is drawn.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../src/simulation/random';

test('fillNormals = normal() + shift, call by call, with the Box–Muller spare carried across both ways', () => {
  for (const [seed, before, length, shift] of [[1, 0, 8, 0], [5, 1, 7, 1], [500020, 3, 1, -2], [9, 0, 0, 0], [42, 2, 1001, 10]]) {
    const single = new Random(seed);
    const batch = new Random(seed);
    for (let k = 0; k < before; k++) assert.equal(batch.normal(), single.normal());
    const out = new Float64Array(length);
    batch.fillNormals(out, shift);
    assert.deepEqual([...out], Array.from({ length }, () => single.normal() + shift), `seed ${seed}`);
    // Where both generators are now: the next normal (a spare or not) and the next uniform agree.
    assert.deepEqual([batch.normal(), batch.uniform(), batch.normal()], [single.normal(), single.uniform(), single.normal()]);
  }
});

test('keepBelow zeroes exactly where a fresh uniform() is not below the threshold', () => {
  for (const [seed, keep] of [[3, 0.3], [77, 0], [1000, 1], [12, 0.999]]) {
    const single = new Random(seed);
    const batch = new Random(seed);
    const values = Float64Array.from({ length: 257 }, (_, i) => i + 1);
    const expected = [...values].map((x) => (single.uniform() < keep ? x : 0));
    batch.keepBelow(values, keep);
    assert.deepEqual([...values], expected, `seed ${seed}, keep ${keep}`);
    assert.deepEqual([batch.uniform(), batch.normal()], [single.uniform(), single.normal()]);
  }
});
