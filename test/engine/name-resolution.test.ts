// Which binding of a name is in force at a use (resolveName): the scoping that every value the rules
// report goes through. In each case `‸` marks the use and `⚑` where module-level code has run when a
// function is called (the end of the text when there is none); the expectation names the binding's kind
// and the line (1-based) where its name is written, or `unbound`.

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initPythonParser, parsePython } from '../../src/engine/python/parser';
import { resolveName } from '../../src/engine/python/bindings';
import { IdentifierIndex } from '../../src/engine/python/syntax';

before(() => initPythonParser());

interface Case { name: string; code: string; expected: string }

const CASES: Case[] = [
  { name: 'the latest assignment before the use', code: 'lr = 1\nlr = 2\nprint(‸lr)\nlr = 3\n', expected: 'assign@2' },
  { name: 'an assignment takes effect where its statement ends: its right side sees the earlier value', code: 'lr = 1\nlr = ‸lr * 2\n', expected: 'assign@1' },
  { name: 'an augmented assignment', code: 'lr = 1\nlr *= 2\nprint(‸lr)\n', expected: 'augassign@2' },
  { name: 'a name unpacked from a tuple', code: 'lr, wd = 1e-3, 0.1\nprint(‸wd)\n', expected: 'assign@1' },
  { name: 'an imported name', code: 'from config import lr\nprint(‸lr)\n', expected: 'import@1' },
  { name: 'a name bound nowhere', code: 'print(‸lr)\n', expected: 'unbound' },
  { name: 'a parameter shadows the module\'s name', code: 'lr = 1\ndef f(lr=3):\n    return ‸lr\n', expected: 'param@2' },
  { name: 'a parameter until the body assigns the name', code: 'def f(lr):\n    x = ‸lr\n    lr = 2\n', expected: 'param@1' },
  { name: 'the body\'s assignment once it has run', code: 'def f(lr):\n    lr = 2\n    return ‸lr\n', expected: 'assign@2' },
  { name: 'a nested function sees its enclosing function\'s binding', code: 'lr = 0\ndef outer():\n    lr = 1\n    def inner():\n        return ‸lr\n', expected: 'assign@3' },
  { name: 'a function sees the module as it stands where the function is called', code: 'lr = 1\ndef f():\n    return ‸lr\n⚑f()\nlr = 2\n', expected: 'assign@1' },
  { name: 'a function called after a later assignment sees that one', code: 'lr = 1\ndef f():\n    return ‸lr\nlr = 2\n⚑f()\n', expected: 'assign@4' },
  { name: 'a function called before any module-level binding ran: the latest one in the file', code: 'def f():\n    return ‸lr\n⚑f()\nlr = 1\nlr = 2\n', expected: 'assign@5' },
  { name: 'a for statement\'s target inside its loop', code: 'lr = 0\nfor lr in [1, 2]:\n    print(‸lr)\n', expected: 'loop@2' },
  { name: 'a for statement\'s target after its loop: bound, to what the last iteration left', code: 'for lr in [1, 2]:\n    pass\nprint(‸lr)\n', expected: 'other@1' },
  { name: 'an assignment after the loop wins over the loop\'s target', code: 'for lr in [1, 2]:\n    pass\nlr = 5\nprint(‸lr)\n', expected: 'assign@3' },
  { name: 'a comprehension\'s target inside its comprehension', code: 'lr = 1\nxs = [‸lr for lr in (1, 2)]\n', expected: 'loop@2' },
  { name: 'a comprehension\'s target is not seen outside it', code: 'lr = 1\nxs = [lr for lr in (1, 2)]\nprint(‸lr)\n', expected: 'assign@1' },
];

/** The binding in force at the marked use, as `kind@line` (or `unbound`). */
function resolvedAt(marked: string): string {
  const anchorMark = marked.indexOf('⚑');
  const withoutAnchor = marked.replace('⚑', '');
  const use = withoutAnchor.indexOf('‸');
  const text = withoutAnchor.replace('‸', '');
  const moduleAnchor = anchorMark < 0 ? text.length : anchorMark - (use < anchorMark ? 1 : 0);
  const name = /^[A-Za-z_]\w*/.exec(text.slice(use))![0];
  const tree = parsePython(text);
  try {
    const index = new IdentifierIndex(text, tree);
    const useNode = index.occurrences(name).find((n) => n.startIndex === use);
    assert.ok(useNode, `no identifier ${name} at the marked use`);
    const binding = resolveName(index, name, useNode, moduleAnchor);
    return binding ? `${binding.kind}@${binding.target.startPosition.row + 1}` : 'unbound';
  } finally {
    tree.delete();
  }
}

describe('resolveName', () => {
  for (const c of CASES) it(c.name, () => assert.equal(resolvedAt(c.code), c.expected));

  it('gives the same answer when asked again from the same place (the lookups are kept per tree)', () => {
    const text = 'lr = 1\nfor lr in [2]:\n    print(lr)\nprint(lr)\n';
    const tree = parsePython(text);
    try {
      const index = new IdentifierIndex(text, tree);
      const uses = index.occurrences('lr').slice(2);
      const first = uses.map((u) => resolveName(index, 'lr', u, text.length)?.kind);
      const again = uses.map((u) => resolveName(index, 'lr', u, text.length)?.kind);
      assert.deepEqual(first, ['loop', 'other']);
      assert.deepEqual(again, first);
    } finally {
      tree.delete();
    }
  });
});
