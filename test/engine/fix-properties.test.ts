// Property tests of the quick fixes (issue 13): over the examples, the regressions found by hand and
// generated variants of the code fixes touch (comments inside calls, trailing commas, generator
// arguments, backslash continuations, tabs, CRLF and lone-CR line ends, notebooks, TypeScript), every
// fix applied leaves code that parses (tree-sitter without ERROR/MISSING nodes and CPython's ast.parse;
// the TS parser for TS), resolves its finding and is not offered again. The rule tables check the same
// for each of their invalid cases (test/rules/helpers.ts).

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeText, type DocumentLanguage, initEngine, languageOfFile, type NotebookCellInput } from '../../src/engine';
import { parseNotebook } from '../../src/engine/notebook';
import { type AppliedFix, applyLspEdits, checkFixes, checkNotebookFixes, cpythonProblems, describeProblems } from './fix-properties';

const ROOT = path.resolve(__dirname, '../..');

/** Python fixes applied by the tests of this file, for one CPython pass at the end of each group. */
const forCPython: AppliedFix[] = [];

function holds(code: string, language: DocumentLanguage = 'python'): number {
  const applied = checkFixes({ code, language });
  if (language === 'python') forCPython.push(...applied);
  assert.deepEqual(describeProblems(applied), []);
  return applied.length;
}

function cpythonAgrees(): void {
  it('CPython parses every fixed text above', () => {
    const batch = forCPython.splice(0);
    assert.ok(batch.length > 0);
    assert.deepEqual(cpythonProblems(batch), []);
  });
}

/** The fix of `rule` with `kind` for the only such finding of `code`, applied. */
function applied(code: string, rule: string, kind: string): string {
  const finding = analyzeText(code, { language: 'python' }).findings.find((f) => f.rule === rule);
  const fix = finding?.fixes.find((f) => f.kind === kind);
  assert.ok(fix, `no ${kind} fix for ${rule} in:\n${code}`);
  return applyLspEdits(code, fix.edits);
}

describe('fix regressions (issue 13, item 3)', () => {
  before(() => initEngine());

  it('the default λ goes after the last argument, not into the comment that ends its line', () => {
    const code = 'import torch\nopt = torch.optim.AdamW(model.parameters(),\n    lr=1e-3,  # tuned by hand\n)\n';
    assert.equal(applied(code, 'lambda-convention', 'convert-convention'),
      'import torch\nopt = torch.optim.AdamW(model.parameters(),\n    lr=1e-3, weight_decay=0.01,  # tuned by hand\n)\n');
    assert.equal(holds(code), 2);
  });

  it('a comment ending with "(" does not make the argument list look empty', () => {
    const code = 'import torch\nopt = torch.optim.AdamW(model.parameters(), lr=1e-3  # warm start (\n)\n';
    assert.equal(applied(code, 'lambda-convention', 'convert-convention'),
      'import torch\nopt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01  # warm start (\n)\n');
    holds(code);
  });

  it('a bare generator argument is parenthesised before λ is added', () => {
    const code = 'import torch\nopt = torch.optim.AdamW(p for p in model.parameters() if p.requires_grad)\n';
    assert.equal(applied(code, 'lambda-convention', 'convert-convention'),
      'import torch\nopt = torch.optim.AdamW((p for p in model.parameters() if p.requires_grad), weight_decay=0.01)\n');
    holds(code);
  });

  it('an empty argument list gets the keyword alone', () => {
    const code = 'import torch\nfor lr in [1e-4, 1e-3]:\n    opt = torch.optim.AdamW(  # nothing yet\n    )\n';
    holds(code);
  });

  it('the suppression pragma goes above a backslash-continued statement and covers it', () => {
    const code = 'import torch\nfor lr in [1e-4, 1e-3, 1e-2]:\n    optimizer = \\\n        torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.1)\n';
    assert.equal(applied(code, 's1-sweep', 'suppress'),
      'import torch\nfor lr in [1e-4, 1e-3, 1e-2]:\n    # adamw-lens: ignore[s1-sweep]\n    optimizer = \\\n        torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.1)\n');
    holds(code);
  });

  it('lone-CR line ends: lines are counted as the editor counts them', () => {
    const code = 'import torch\rfor lr in [1e-4, 1e-3, 1e-2]:\r    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.1)\r';
    const [finding] = analyzeText(code, { language: 'python' }).findings;
    assert.equal(finding.range.start.line, 2);
    assert.equal(applied(code, 's1-sweep', 's2-rescale'),
      'import torch\rfor lr in [1e-4, 1e-3, 1e-2]:\r    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.1 * 0.001 / lr)\r');
    holds(code);
  });

  it('no keyword is added next to **kwargs, which may already hold it', () => {
    const code = 'import torch\nextra = {"weight_decay": 0.05}\nfor lr in [1e-4, 1e-3]:\n    opt = torch.optim.AdamW(model.parameters(), lr=lr, **extra)\n';
    for (const f of analyzeText(code, { language: 'python' }).findings) {
      for (const fix of f.fixes) assert.ok(fix.edits.every((e) => !e.newText.includes('weight_decay=')), `${f.rule}: ${fix.title}`);
    }
    holds(code);
  });

  cpythonAgrees();
});

// Generated variants: a template per situation, filled in every way the layout of real code varies.
const TEMPLATES: Array<{ name: string; code: string }> = [
  { name: 'S1 sweep, λ written', code: 'import torch\nfor lr in [1e-4, 1e-3, 1e-2]:\n@opt = {cont}torch.optim.AdamW(model.parameters(){sep}lr=lr{sep}weight_decay=0.1{end})\n' },
  { name: 'S1 sweep, λ left to the default', code: 'import torch\nfor lr in [1e-4, 1e-3, 1e-2]:\n@opt = {cont}torch.optim.AdamW(model.parameters(){sep}lr=lr{end})\n' },
  { name: 'default λ with a fixed α', code: 'import torch\nmodel = Net()\nopt = {cont}torch.optim.AdamW(model.parameters(){sep}lr=1e-3{end})\n' },
  { name: 'Adam with L2', code: 'import torch\ndef build(model):\n@return {cont}torch.optim.Adam(model.parameters(){sep}lr=1e-3{sep}weight_decay=1e-2{end})\n' },
  { name: 'paper-form λ annotated', code: 'import torch\nopt = {cont}torch.optim.AdamW(model.parameters(){sep}lr=1e-3{sep}weight_decay=1e-4  # adamw-lens: convention=lh\n{end})\n' },
  { name: 'named λ, S1 over a comprehension', code: 'import torch\nweight_decay = 0.05\nopts = [{cont}torch.optim.AdamW(model.parameters(){sep}lr=lr{sep}weight_decay=weight_decay{end}) for lr in (3e-4, 1e-3, 3e-3)]\n' },
  { name: 'generator parameters, default λ in a sweep', code: 'import torch\nfor lr in [1e-4, 1e-3]:\n@opt = {cont}torch.optim.AdamW(p for p in model.parameters() if p.requires_grad{end})\n' },
];
const SEPARATORS = [', ', ',\n@@', ',  # a note (\n@@', ' ,\t'];
const ENDS = ['', ',', ',  # done\n@', '  # keep (\n@'];
const CONTINUATIONS = ['', '\\\n@@'];
const INDENTS = ['    ', '\t'];
const LINE_ENDS = ['\n', '\r\n', '\r'];

/** How many variants are checked: a seeded sample of the ~1 300 combinations, the same on every run. */
const SAMPLE = 150;

function* allVariants(): Generator<{ name: string; code: string }> {
  for (const t of TEMPLATES) {
    for (const sep of SEPARATORS) for (const end of ENDS) for (const cont of CONTINUATIONS) for (const indent of INDENTS) for (const eol of LINE_ENDS) {
      // A generator argument takes no separator; the annotated template needs its comment's newline.
      if (t.name.startsWith('generator') && sep !== SEPARATORS[0]) continue;
      const code = t.code.replaceAll('{sep}', sep).replaceAll('{end}', end).replaceAll('{cont}', cont)
        .replaceAll('@', indent).replaceAll('\n', eol);
      yield { name: `${t.name} ${JSON.stringify({ sep, end, cont, indent, eol })}`, code };
    }
  }
}

function variants(): Array<{ name: string; code: string }> {
  const all = [...allVariants()];
  let seed = 13;
  const next = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed; };
  // Every template's plain layout, then a seeded sample of the rest.
  const plain = all.filter((v) => v.name.endsWith('{"sep":", ","end":"","cont":"","indent":"    ","eol":"\\n"}'));
  const rest = all.filter((v) => !plain.includes(v));
  for (let i = rest.length - 1; i > 0; i--) { const j = next() % (i + 1); [rest[i], rest[j]] = [rest[j], rest[i]]; }
  return [...plain, ...rest.slice(0, SAMPLE - plain.length)];
}

describe('fix properties over generated variants', () => {
  before(() => initEngine());

  it('every fix of every variant parses, resolves its finding and is not offered again', () => {
    let fixes = 0;
    let cases = 0;
    const problems: string[] = [];
    for (const v of variants()) {
      cases++;
      const applied = checkFixes({ code: v.code, language: 'python' });
      fixes += applied.length;
      forCPython.push(...applied);
      problems.push(...describeProblems(applied).map((p) => `${v.name}: ${p}`));
    }
    assert.deepEqual(problems.slice(0, 5), []);
    // Every template gives fixes in every layout: a variant the fixes skip silently would prove nothing.
    assert.ok(cases === SAMPLE && fixes >= 2 * cases, `${fixes} fixes over ${cases} variants`);
  });

  it('TypeScript: comments, trailing commas and line ends around the options object', () => {
    const problems: string[] = [];
    let fixes = 0;
    for (const sep of [', ', ',\n  ', ', /* a ( */ ', ',  // note (\n  ']) for (const end of ['', ',', ' // done\n']) for (const eol of ['\n', '\r\n', '\r']) {
      const code = `import { adamw } from "@jax-js/optax";\nconst wd = 1e-2;\nconst opts = [1e-4, 3e-4, 1e-3].map((lr) => adamw(lr${sep}{ weightDecay: wd${end} }));\n`.replaceAll('\n', eol);
      const applied = checkFixes({ code, language: 'typescript' });
      fixes += applied.length;
      problems.push(...describeProblems(applied));
    }
    assert.deepEqual(problems.slice(0, 3), []);
    assert.ok(fixes >= 36, `${fixes} fixes`);
  });

  it('notebooks: λ in one cell, the sweep in another, each fix applied to the cell it edits', () => {
    const problems: string[] = [];
    let fixes = 0;
    for (const eol of ['\n', '\r\n', '\r']) for (const sep of SEPARATORS.slice(0, 3)) {
      const cells: NotebookCellInput[] = [
        { id: 'a', kind: 'code', text: 'import torch\nweight_decay = 0.1' },
        { id: 'b', kind: 'markdown', text: '# Sweep (' },
        { id: 'c', kind: 'code', text: `%matplotlib inline\nfor lr in [1e-4, 1e-3, 1e-2]:\n    opt = torch.optim.AdamW(model.parameters()${sep}lr=lr${sep}weight_decay=weight_decay)`.replaceAll('@', '    ') },
        { id: 'd', kind: 'code', text: 'opt2 = torch.optim.AdamW(model.parameters(), lr=3e-4  # (\n)' },
      ].map((c) => ({ ...c, text: c.text.replaceAll('\n', eol) })) as NotebookCellInput[];
      const applied = checkNotebookFixes(cells);
      fixes += applied.length;
      forCPython.push(...applied);
      problems.push(...describeProblems(applied));
    }
    assert.deepEqual(problems.slice(0, 3), []);
    assert.ok(fixes >= 27, `${fixes} fixes`);
  });

  cpythonAgrees();
});

describe('fix properties over the examples', () => {
  before(() => initEngine());

  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (languageOfFile(name)) files.push(full);
    }
  };
  walk(path.join(ROOT, 'examples'));

  for (const file of files) {
    it(path.relative(ROOT, file), () => {
      const language = languageOfFile(file) as DocumentLanguage;
      const text = readFileSync(file, 'utf8');
      if (language === 'notebook') {
        const parsed = parseNotebook(text);
        assert.ok('cells' in parsed);
        const applied = checkNotebookFixes(parsed.cells);
        forCPython.push(...applied);
        assert.deepEqual(describeProblems(applied), []);
        return;
      }
      // Also with the other line ends an editor may have: the fixes' positions must follow them.
      for (const eol of ['\n', '\r\n', '\r']) {
        const code = text.replace(/\r?\n/g, eol);
        const applied = checkFixes({ code, language, file });
        if (language === 'python') forCPython.push(...applied);
        assert.deepEqual(describeProblems(applied), []);
      }
    });
  }

  cpythonAgrees();
});
