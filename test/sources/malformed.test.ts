// Malformed sweep sources give a clear note and no crash; files without a learning rate are skipped
// by the pre-filter before any parsing.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, languageOfFile } from '../../src/engine';
import { analyzeCase, ready } from './helpers';

describe('malformed sweep sources', () => {
  before(() => ready);

  it('broken YAML: a note with the position, no findings', () => {
    const r = analyzeCase({ name: '', file: 's.yaml', language: 'yaml', code: 'parameters:\n  lr:\n    values: [1e-4, 1e-3\n  weight_decay: {value: 0.1}\n' });
    assert.deepEqual(r.findings, []);
    assert.equal(r.notes.length, 1);
    assert.match(r.notes[0].message, /^YAML syntax error, sweeps in this file were not read: /);
    assert.ok(r.notes[0].range);
  });

  it('valid YAML and JSON nested 10 000 deep (flow or block) are data, not a syntax error; 400 deep, quoted brackets and comments are still read', () => {
    const SWEEP = 'program: train.py\nmethod: grid\nparameters:\n  lr:\n    values: [1e-4, 1e-3]\n  weight_decay:\n    value: 0.1\n';
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const tooDeep = (what: string) => [`${what} nested deeper than 500 levels is read as data, not a sweep config: this file was not read`];
    for (const extra of [`extra: ${deep(10_000)}\n`, `extra:\n${'- '.repeat(100_000)}1\n`]) {
      const r = analyzeCase({ name: '', file: 's.yaml', language: 'yaml', code: SWEEP + extra });
      assert.deepEqual([r.findings, r.notes.map((n) => n.message)], [[], tooDeep('YAML')]);
    }
    const json = analyzeCase({ name: '', file: 's.json', language: 'json', code: `{"method": "grid", "parameters": {"lr": {"values": [0.001, 0.01]}}, "x": ${deep(10_000)}}` });
    assert.deepEqual(json.notes.map((n) => n.message), tooDeep('JSON'));
    for (const extra of [`extra: ${deep(400)}\n`, "extra: '[[[['\n", 'extra: "[[[[" # [[[[\n']) {
      const r = analyzeCase({ name: '', file: 's.yaml', language: 'yaml', code: SWEEP + extra });
      assert.deepEqual(r.notes, [], extra);
    }
  });

  it('broken JSON: a note, no findings', () => {
    const r = analyzeCase({ name: '', file: 's.json', language: 'json', code: '{"method": "grid", "parameters": {"lr": {"values": [0.001, 0.01]}' });
    assert.deepEqual(r.findings, []);
    assert.match(r.notes[0]?.message ?? '', /^JSON syntax error, sweeps in this file were not read: /);
  });

  it('unterminated quote in a shell script: a note at the quote', () => {
    const r = analyzeCase({ name: '', file: 's.sh', language: 'shellscript', code: 'for lr in 1e-4 1e-3; do\n  python train.py --lr "$lr --weight_decay 0.1\ndone\n' });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.notes.map((n) => [n.message, n.range?.start]), [
      ['shell syntax: unterminated double quote; launch loops in this file were not read', { line: 1, column: 23 }],
    ]);
  });

  it('unterminated $( in a Makefile and a for loop without done: no crash', () => {
    const a = analyzeCase({ name: '', file: 'Makefile', language: 'makefile', code: 'x:\n\tfor lr in 1e-4; do python t.py --lr $$(echo $$lr\n' });
    assert.deepEqual(a.notes.map((n) => n.message), ['shell syntax: unterminated $( substitution; launch loops in this file were not read']);
    const b = analyzeCase({ name: '', file: 's.sh', language: 'shellscript', code: 'for lr in 1e-4 1e-3; do python t.py --lr $lr --weight_decay 0.1\n' });
    assert.deepEqual(b.notes, []);
    assert.equal(b.findings.length, 1);
  });

  it('binary-looking and huge inputs do not throw', () => {
    for (const language of ['yaml', 'json', 'shellscript', 'makefile', 'markdown'] as const) {
      const noise = Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('') + ' lr ';
      assert.doesNotThrow(() => analyzeText(noise, { language }));
      assert.doesNotThrow(() => analyzeText(`lr: [${'['.repeat(5000)}`, { language }));
    }
  });

  it('files that mention no learning rate are not parsed', () => {
    assert.deepEqual(analyzeText('{{{ not json', { language: 'json' }), { findings: [], notes: [], sites: [] });
  });

  it('languageOfFile knows the sweep sources', () => {
    assert.deepEqual(['a.yaml', 'b.yml', 'c.json', 'd.sh', 'e.bash', 'Makefile', 'GNUmakefile', 'rules.mk', 'README.md'].map(languageOfFile),
      ['yaml', 'yaml', 'json', 'shellscript', 'shellscript', 'makefile', 'makefile', 'makefile', 'markdown']);
  });
});

describe('the sweep-source pre-filter', () => {
  it('passes files that set a learning rate and skips files that only mention one', async () => {
    const { mayContainSweep } = await import('../../src/engine/sources/names');
    assert.deepEqual(['lr: 1e-3', '"learning_rate": [1]', '--lr $lr', 'optimizer.lr=1e-4', 'for lr in 1 2', 'LR=3', 'base_lr: 1'].map(mayContainSweep), [true, true, true, true, true, true, true]);
    assert.deepEqual(['"integrity": "sha512-x+lrQ/abc"', '# tune the lr later', 'ctrl', 'url: x', '{"name": "pkg"}'].map(mayContainSweep), [false, false, false, false, false]);
  });

  it('a YAML file over 1 MB that sets lr is not parsed, with a note', () => {
    const big = `lr: [1e-4, 1e-3]\nweight_decay: 0.1\n${'# padding\n'.repeat(110_000)}`;
    const r = analyzeText(big, { language: 'yaml' });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.notes.map((n) => n.message), ['not read as a sweep source: 1.0 MB is over the 1 MB limit for sweep files']);
  });
});

describe('shell constructs around launch loops', () => {
  before(() => ready);

  it('here-document bodies are data: an apostrophe in one does not stop the loop after it from being read', () => {
    const code = "cat <<EOF > notes.txt\ndon't forget the seed\nEOF\nfor lr in 1e-4 1e-3; do python t.py --lr $lr --weight_decay 0.1; done\n";
    const r = analyzeCase({ name: '', file: 's.sh', language: 'shellscript', code });
    assert.deepEqual(r.notes, []);
    assert.deepEqual(r.findings.map((f) => [f.rule, f.range.start.line]), [['s1-sweep', 3]]);
  });
});

describe('seeded fuzzing of sweep sources', () => {
  before(() => ready);

  it('mutated W&B, Hydra, shell, Makefile and JSON sources never throw and always return a result', () => {
    const seeds: Array<[string, Parameters<typeof analyzeCase>[0]['language'], string]> = [
      ['s.yaml', 'yaml', 'program: train.py\nmethod: grid\nparameters:\n  lr:\n    values: [1e-4, 3e-4]\n  weight_decay:\n    value: 0.05\n'],
      ['c.yaml', 'yaml', 'hydra:\n  sweeper:\n    params:\n      optimizer.lr: choice(1e-4, 1e-3)\n      optimizer.weight_decay: 0.1\n'],
      ['s.sh', 'shellscript', 'LRS=(1e-4 1e-3)\nfor lr in "${LRS[@]}"; do\n  python train.py --lr "$lr" --weight_decay "$(awk -v lr="$lr" \'BEGIN { print 0.1 * 3e-4 / lr }\')"\ndone\n'],
      ['Makefile', 'makefile', 'sweep:\n\tfor lr in 1e-4 1e-3; do python train.py --lr $$lr --wd 0.1; done\n'],
      ['s.json', 'json', '{"program": "t.py", "parameters": {"lr": {"values": [0.001, 0.01]}, "wd": {"value": 0.1}}}\n'],
    ];
    let state = 20250601;
    const random = (n: number) => { state = (state * 1103515245 + 12345) % 2147483648; return state % n; };
    const alphabet = '"\'`$(){}[]:,;\\\n #=-.0123456789elrdo';
    let analysed = 0;
    for (const [file, language, text] of seeds) {
      for (let k = 0; k < 150; k++) {
        let mutated = text;
        for (let m = 0; m < 1 + random(4); m++) {
          const at = random(mutated.length + 1);
          mutated = random(2) === 0 ? mutated.slice(0, at) + alphabet[random(alphabet.length)] + mutated.slice(at) : mutated.slice(0, at) + mutated.slice(at + 1 + random(3));
        }
        const r = analyzeCase({ name: '', file, language, code: mutated, files: { 'train.py': 'import torch\nopt = torch.optim.AdamW(p, lr=args.lr, weight_decay=args.weight_decay)\n' } });
        assert.ok(Array.isArray(r.findings) && Array.isArray(r.notes));
        assert.ok(r.notes.every((n) => !n.message.startsWith('sweep analysis failed')), `internal failure on ${JSON.stringify(mutated)}: ${r.notes.map((n) => n.message).join('; ')}`);
        analysed++;
      }
    }
    assert.equal(analysed, 750);
  });
});
