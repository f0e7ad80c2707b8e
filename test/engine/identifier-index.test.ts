// The text search behind every name lookup of the Python front end: a name's identifier nodes, never a
// longer identifier that contains it, with Python 3's Unicode identifiers (a letter outside ASCII, or one
// written as a surrogate pair, continues a name as much as an ASCII letter does).

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initPythonParser, parsePython } from '../../src/engine/python/parser';
import { IdentifierIndex } from '../../src/engine/python/syntax';

before(() => initPythonParser());

/** The start offsets of the identifiers `name` that the index finds in `text`. */
function starts(text: string, name: string): number[] {
  const tree = parsePython(text);
  try {
    return new IdentifierIndex(text, tree).occurrences(name).map((node) => node.startIndex);
  } finally {
    tree.delete();
  }
}

describe('IdentifierIndex.occurrences', () => {
  it('finds the whole identifiers and skips longer names, strings and comments', () => {
    const text = 'lr = 1e-3\nbase_lr = 2 * lr\nlr_min = lr / 10\nprint("lr", lr)  # lr\n';
    assert.deepEqual(starts(text, 'lr'), [0, text.indexOf('lr\n'), text.indexOf('lr /'), text.indexOf('lr)')]);
  });

  it('treats letters outside ASCII as part of a name', () => {
    const text = 'λ = 0.1\nλ2 = λ * 2\nlrλ = 3\nwd_été = 1\nwd = λ\n';
    assert.deepEqual(starts(text, 'λ'), [0, text.indexOf('λ * 2'), text.lastIndexOf('λ')]);
    assert.deepEqual(starts(text, 'lr'), []);
    assert.deepEqual(starts(text, 'wd'), [text.indexOf('wd = λ')]);
  });

  it('treats a letter written as a surrogate pair as part of a name', () => {
    const text = '𝑥lr = 1\nlr𝑥 = 2\nlr = 3\n';
    assert.deepEqual(starts(text, 'lr'), [text.indexOf('lr = 3')]);
  });

  it('finds nothing for a name that occurs nowhere or is no identifier', () => {
    assert.deepEqual(starts('x = 1\n', 'steps_per_epoch'), []);
    assert.deepEqual(starts('a.b = 1\n', 'a.b'), []);
  });
});
