// Workspace file names in hover Markdown are shown as written: Markdown's inline syntax in a name
// (emphasis, links, code spans, HTML) is escaped, and table pipes are escaped once.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/engine';
import { sweepHoverMarkdown } from '../../src/server/sweep-hover';
import { escapeMarkdown } from '../../src/server/markdown';

/** What a Markdown renderer shows for backslash-escaped text: the punctuation without its backslash. */
const unescape = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

const NAMES = ['a*b_[x](y).py', 'run `rm -rf`.py', '<img src=x onerror=alert(1)>.py', 'x|y~~z~~&amp;!.py', 'back\\slash.py', 'train.py'];

describe('file names in hover Markdown', () => {
  it('escapeMarkdown leaves no unescaped inline syntax, and reads back as the name', () => {
    for (const name of NAMES) {
      const escaped = escapeMarkdown(name);
      assert.equal(unescape(escaped), name);
      assert.doesNotMatch(escaped.replace(/\\[\s\S]/g, ''), /[`*_[\]<>~&!\\]/, name);
    }
    assert.equal(escapeMarkdown('train.py'), 'train.py');
  });

  it('the sweep hover shows the linked script\'s name escaped, in its table cell', () => {
    for (const name of NAMES) {
      const finding = {
        rule: 's1-sweep', message: '', severity: 'warning', range: { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } }, fixes: [],
        data: { convention: 'lr-scaled', lr: 1e-3, weightDecay: 0.1, api: 'torch.optim.AdamW', linkedFile: `/ws/${name}` },
      } as unknown as Finding;
      const markdown = sweepHoverMarkdown(finding, '/ws/sweep.yaml');
      const cell = /^\| linked to \| (.*) \|$/m.exec(markdown)?.[1];
      assert.equal(cell, escapeMarkdown(name).replace(/\|/g, '\\|'), name);
    }
  });
});
