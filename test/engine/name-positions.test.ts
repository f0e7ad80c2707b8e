// The positions of names a document keeps across edits (NamePositions) are exactly those a fresh search of
// the edited text finds: random edits over text full of names, name fragments, non-ASCII identifier
// characters (a surrogate pair among them) and boundaries, checked after every edit.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NamePositions, namePositions } from '../../src/engine/python/syntax';
import { seededRandom } from './seeded-random';

const PIECES = ['lr', 'lr_', 'weight_decay', 'base_lr', 'λ', 'x', 'é', '𝔘', '_', '1', ' ', '\n', '=', '.', '(', ')', ', ', '# '];
const NAMES = ['lr', 'weight_decay', 'base_lr', 'λ', 'x', 'lr_', '𝔘', 'é', 'decay'];

describe('name positions kept across edits', () => {
  it('namePositions finds whole identifiers only, searching a window when asked', () => {
    const text = 'lr = base_lr\nlr_x = lr + λlr\nf(lr)';
    assert.deepEqual(namePositions(text, 'lr'), [0, 20, 31]);
    assert.deepEqual(namePositions(text, 'lr', 1, 20), [20]);
    assert.deepEqual(namePositions(text, 'lr', 21), [31]);
    assert.deepEqual(namePositions(text, 'not a name'), []);
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`matches a fresh search after each of 300 random edits (seed ${seed})`, () => {
      const next = seededRandom(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
      let text = Array.from({ length: 300 }, () => pick(PIECES)).join('');
      const kept = new NamePositions();
      const asked = new Set<string>([NAMES[0]]);
      for (const name of asked) kept.of(text, name);
      for (let edit = 0; edit < 300; edit++) {
        const start = Math.floor(next() * (text.length + 1));
        const end = Math.min(text.length, start + Math.floor(next() * 6));
        const inserted = Array.from({ length: Math.floor(next() * 4) }, () => pick(PIECES)).join('');
        text = text.slice(0, start) + inserted + text.slice(end);
        kept.edit(text, start, end, inserted.length);
        if (edit % 25 === 0) asked.add(pick(NAMES)); // a name first looked up after edits
        for (const name of asked) {
          assert.deepEqual(kept.of(text, name), namePositions(text, name), `${name} after edit ${edit} ([${start}, ${end}) ← ${JSON.stringify(inserted)})`);
        }
      }
      kept.clear();
      assert.deepEqual(kept.of(text, 'lr'), namePositions(text, 'lr'));
    });
  }
});
