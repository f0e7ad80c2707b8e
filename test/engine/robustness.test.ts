// Bad input never crashes the engine: broken code, deep nesting, huge files, binary garbage, odd
// encodings, absurd numbers; and a seeded fuzz run over mutated real files.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeText, type DocumentLanguage, IncrementalDocument, initEngine, languageOfFile } from '../../src/engine';
import { decodeBytes as decode } from '../../src/engine';

function check(text: string, language: DocumentLanguage) {
  const r = analyzeText(text, { language });
  assert.ok(Array.isArray(r.findings) && Array.isArray(r.notes));
  for (const f of r.findings) {
    assert.ok(f.range.start.line >= 0 && f.range.start.column >= 0);
    assert.ok(!/NaN|undefined/.test(f.message), f.message);
  }
  return r;
}

/** The texts of the files under examples/ whose language `wanted` accepts: the fuzz tests' seeds. */
function exampleSources(wanted: (language: DocumentLanguage) => boolean): Array<{ text: string; language: DocumentLanguage }> {
  const sources: Array<{ text: string; language: DocumentLanguage }> = [];
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const full = path.join(dir, n);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const l = languageOfFile(n);
        if (l && wanted(l)) sources.push({ text: readFileSync(full, 'utf8'), language: l });
      }
    }
  };
  walk(path.join(__dirname, '../..', 'examples'));
  return sources;
}

describe('robustness', () => {
  before(() => initEngine());

  it('reports only from well-formed parts of broken code', () => {
    const r = check('import torch\ndef broken(:\n    pass\nopt = torch.optim.Adam(p, lr=1e-3, weight_decay=0.1)\nx = (1 +\n', 'python');
    assert.equal(r.findings.filter((f) => f.rule === 'coupled-l2').length, 1);
    assert.match(r.notes[0].message, /syntax error/);
    const t = check('import { adamw } from "@jax-js/optax";\nconst x = adamw(1e-3, {weightDecay: 0.1}\nfunction (', 'typescript');
    assert.match(t.notes[0].message, /syntax error/);
  });

  it('survives 10 000-deep nesting', () => {
    const deep = `import torch\nx = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\nopt = torch.optim.AdamW(p, lr=1e-3)\n`;
    check(deep, 'python');
    check(`import { adamw } from "@jax-js/optax";\nconst x = ${'['.repeat(10_000)}1${']'.repeat(10_000)};\n`, 'typescript');
    const lists = `import torch\nlr = ${'['.repeat(3000)}1e-3${']'.repeat(3000)}\nopt = torch.optim.AdamW(p, lr=lr, weight_decay=0.1)\n`;
    check(lists, 'python');
  });

  it('handles absurd hyperparameters', () => {
    for (const v of ['1e400', '-1', '0', 'float("nan")', 'float("inf")', '10**400', '1/0']) {
      check(`import torch\nfor lr in [1e-3, ${v}]:\n    opt = torch.optim.AdamW(p, lr=lr, weight_decay=${v})\n`, 'python');
    }
  });

  it('decodes odd encodings and refuses binary', () => {
    assert.equal(decode(Buffer.from([0x00, 0x01, 0x02, 0xff])).note, 'binary file skipped');
    const latin = decode(Buffer.from('weight_decay = 0.1 # d\xe9croissance', 'latin1'));
    assert.match(latin.note!, /Latin-1/);
    assert.match(latin.text!, /décroissance/);
    const utf16 = decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('import torch', 'utf16le')]));
    assert.equal(utf16.text, 'import torch');
  });

  it('checks a 5 MB file without crashing', () => {
    const line = 'x = [1, 2, 3]  # filler line for size, AdamW mentioned\n';
    const big = `import torch\n${line.repeat(Math.ceil(5e6 / line.length))}opt = torch.optim.AdamW(p, lr=1e-3, weight_decay=0.1)\n`;
    const r = check(big, 'python');
    assert.equal(r.sites.length, 1);
  });

  it('fuzz: seeded mutations of real files never throw', () => {
    const sources = exampleSources((l) => l !== 'notebook');
    let seed = 12345;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const tokens = ['(', ')', '[', ']', '{', '}', ':', ',', '=', '\n', '    ', 'for lr in ', ' weight_decay=', ' lr=', '1e-3', '"', "'", '#', '\\', 'λ', '\u0000', 'AdamW(', '**', 'import torch\n'];
    let runs = 0;
    for (let i = 0; i < 300; i++) {
      const src = sources[rand(sources.length)];
      let t = src.text;
      for (let k = 0, n = 1 + rand(6); k < n; k++) {
        const at = rand(t.length + 1);
        const op = rand(3);
        if (op === 0) t = t.slice(0, at) + tokens[rand(tokens.length)] + t.slice(at);
        else if (op === 1) t = t.slice(0, at) + t.slice(at + 1 + rand(20));
        else { const from = rand(t.length); t = t.slice(0, at) + t.slice(from, from + rand(80)) + t.slice(at); }
      }
      check(t, src.language);
      runs++;
    }
    assert.equal(runs, 300);
  });

  it('fuzz: seeded random edits through the editing path give exactly what a fresh analysis gives', () => {
    const sources = exampleSources((l) => l === 'python' || l === 'typescript');
    assert.ok(sources.some((s) => s.language === 'python'));
    let seed = 424242;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    // Edits an editor makes while someone types: tokens of optimizer code, brackets that break the
    // syntax for a while, non-ASCII names and astral characters (UTF-16 columns), line breaks.
    const tokens = ['(', ')', '[', ']', ':', ',', '=', '\n', '    ', 'for lr in [1e-4, 1e-3]:\n    ', ' weight_decay=0.1', ' lr=lr', '1e-3', '"', '#', 'λ', 'α = 3e-4\n', '😀', 'é', 'AdamW(', 'torch.optim.Adam(p, lr=1e-3, weight_decay=0.1)\n', 'import torch\n'];
    const positionAt = (text: string, offset: number) => {
      const before = text.slice(0, offset).split('\n');
      return { line: before.length - 1, column: before[before.length - 1].length };
    };
    let edits = 0;
    for (let i = 0; i < 40; i++) {
      const src = sources[rand(sources.length)];
      const doc = new IncrementalDocument(src.text, src.language);
      try {
        doc.analyze();
        for (let k = 0; k < 6; k++) {
          const text = doc.text;
          let start = rand(text.length + 1);
          // Never between the two halves of a surrogate pair: an editor cannot put a cursor there.
          if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '')) start--;
          let end = rand(3) === 0 ? Math.min(text.length, start + rand(40)) : start;
          if (end > start && /[\uDC00-\uDFFF]/.test(text[end] ?? '')) end++;
          const insert = rand(4) === 0 ? '' : tokens[rand(tokens.length)];
          doc.applyChanges([{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert }]);
          assert.equal(doc.text, text.slice(0, start) + insert + text.slice(end));
          assert.deepEqual(doc.analyze(), analyzeText(doc.text, { language: src.language }), `run ${i}, edit ${k}`);
          edits++;
        }
      } finally {
        doc.dispose();
      }
    }
    assert.equal(edits, 240);
  });
});
