// Every rule has its page in Ruff's shape, every catalogued API is documented, and the README lists the rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../src/rules';
import { CATALOG } from '../../src/engine/catalog';

const ROOT = path.join(__dirname, '../..');

describe('documentation', () => {
  for (const rule of RULES) {
    it(`docs/rules/${rule.meta.name}.md`, () => {
      const page = readFileSync(path.join(ROOT, 'docs/rules', `${rule.meta.name}.md`), 'utf8');
      for (const section of ['## What it checks', '## Why it matters', '## Example', '## Fix']) assert.ok(page.includes(section), `missing "${section}"`);
      assert.match(page, /seed 00\d/, 'names the seed the rule comes from');
      assert.ok(rule.meta.docsUrl.endsWith(`docs/rules/${rule.meta.name}.md`));
    });
  }
  it('docs/catalog.md lists every catalog entry', () => {
    const page = readFileSync(path.join(ROOT, 'docs/catalog.md'), 'utf8');
    for (const e of CATALOG) assert.ok(page.includes(`\`${e.id}\``), e.id);
  });
  it('README documents every rule', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const rule of RULES) assert.ok(readme.includes(`docs/rules/${rule.meta.name}.md`), rule.meta.name);
  });
});
