// The pragma grammar injected into the real host grammars VS Code ships (from code-server's copy of
// VS Code, installed by `node scripts/code-server.mjs install`): pragmas and rule names are highlighted
// in comments of every served language, unknown names are marked invalid, code and strings are untouched.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import { ROOT } from '../server/harness';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: Array<{ scopeName: string; path: string; injectTo: string[] }> } };
/** The injection grammars package.json contributes, exactly as VS Code reads them. */
const contributions = manifest.contributes.grammars.filter((g) => g.injectTo);
const hostScopes = [...new Set(contributions.flatMap((g) => g.injectTo))];

function vscodeExtensionsDir(): string {
  const install = execFileSync(process.execPath, [path.join(ROOT, 'scripts/code-server.mjs'), 'path'], { encoding: 'utf8' }).trim();
  const dir = path.join(install, 'node_modules/code-server/lib/vscode/extensions');
  assert.ok(existsSync(dir), `VS Code's built-in grammars are missing (${dir}): run \`node scripts/code-server.mjs install\` first`);
  return dir;
}

/** scopeName → grammar file, for every grammar VS Code ships. */
function hostGrammars(dir: string): Map<string, string> {
  const byScope = new Map<string, string>();
  for (const extension of readdirSync(dir)) {
    const syntaxes = path.join(dir, extension, 'syntaxes');
    if (!existsSync(syntaxes)) continue;
    for (const file of readdirSync(syntaxes).filter((f) => f.endsWith('.json'))) {
      const scopeName = (JSON.parse(readFileSync(path.join(syntaxes, file), 'utf8')) as { scopeName?: string }).scopeName;
      if (scopeName) byScope.set(scopeName, path.join(syntaxes, file));
    }
  }
  for (const g of contributions) byScope.set(g.scopeName, path.join(ROOT, g.path));
  return byScope;
}

let registry: Registry;
const grammars = new Map<string, IGrammar>();

before(async () => {
  const files = hostGrammars(vscodeExtensionsDir());
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (sources) => new OnigScanner(sources), createOnigString: (text) => new OnigString(text) }),
    loadGrammar: async (scopeName) => {
      const file = files.get(scopeName);
      return file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => contributions.filter((g) => g.injectTo.includes(scopeName)).map((g) => g.scopeName),
  });
  for (const scope of hostScopes) {
    const grammar = await registry.loadGrammar(scope);
    assert.ok(grammar, `no host grammar for ${scope}`);
    grammars.set(scope, grammar);
  }
});

/** The scopes of the token at the `occurrence`-th appearance of `text` on the line. */
function scopesAt(scope: string, line: string, text: string, occurrence = 0): string[] {
  const { tokens } = grammars.get(scope)!.tokenizeLine(line, INITIAL);
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = line.indexOf(text, at + 1);
  assert.ok(at >= 0, `"${text}" not in "${line}"`);
  return tokens.find((t) => t.startIndex <= at && at < t.endIndex)!.scopes;
}

const pragmaScopes = (scopes: string[]) => scopes.filter((s) => s.endsWith('.adamw-lens'));

const COMMENTS: Array<[scope: string, line: string]> = [
  ['source.python', 'opt = AdamW(p, lr=lr, weight_decay=0.1)  # adamw-lens: ignore[s1-sweep, coupled-l2]'],
  ['source.ts', 'const opt = adamw(lr, { weightDecay }); // adamw-lens: ignore[s1-sweep, coupled-l2]'],
  ['source.tsx', '{/* adamw-lens: ignore[s1-sweep, coupled-l2] */}'],
  ['source.js', '/* adamw-lens: ignore[s1-sweep, coupled-l2] */ const opt = adamw(lr);'],
  ['source.js.jsx', '// adamw-lens: ignore[s1-sweep, coupled-l2]'],
  ['source.yaml', 'weight_decay: 0.1  # adamw-lens: ignore[s1-sweep, coupled-l2]'],
  ['source.shell', 'python train.py --lr "$lr" --wd 0.1  # adamw-lens: ignore[s1-sweep, coupled-l2]'],
  ['source.shell', '  # adamw-lens: ignore[s1-sweep, coupled-l2]'],
  ['source.makefile', '# adamw-lens: ignore[s1-sweep, coupled-l2]'],
];

describe('pragma grammar', () => {
  for (const [scope, line] of COMMENTS) {
    it(`ignore[…] in a ${scope} comment: ${line.trim().slice(0, 24)}…`, () => {
      assert.deepEqual(pragmaScopes(scopesAt(scope, line, 'adamw-lens')), ['meta.directive.pragma.adamw-lens', 'keyword.other.pragma.adamw-lens']);
      assert.ok(scopesAt(scope, line, 'adamw-lens').some((s) => s.startsWith('comment.')), 'not inside the host comment');
      assert.deepEqual(pragmaScopes(scopesAt(scope, line, 'ignore')), ['meta.directive.pragma.adamw-lens', 'keyword.control.directive.adamw-lens']);
      assert.deepEqual(pragmaScopes(scopesAt(scope, line, '[')), ['meta.directive.pragma.adamw-lens', 'punctuation.definition.list.begin.adamw-lens']);
      assert.deepEqual(pragmaScopes(scopesAt(scope, line, 's1-sweep')), ['meta.directive.pragma.adamw-lens', 'support.constant.rule.adamw-lens']);
      assert.deepEqual(pragmaScopes(scopesAt(scope, line, 'coupled-l2')), ['meta.directive.pragma.adamw-lens', 'support.constant.rule.adamw-lens']);
      assert.deepEqual(pragmaScopes(scopesAt(scope, line, ']')), ['meta.directive.pragma.adamw-lens', 'punctuation.definition.list.end.adamw-lens']);
    });
  }

  it('ignore-file, ignore-file[rule] and convention=… in Python', () => {
    assert.deepEqual(pragmaScopes(scopesAt('source.python', '# adamw-lens: ignore-file', 'ignore-file')), ['meta.directive.pragma.adamw-lens', 'keyword.control.directive.adamw-lens']);
    const fileRule = '# adamw-lens: ignore-file[lambda-convention]';
    assert.deepEqual(pragmaScopes(scopesAt('source.python', fileRule, 'lambda-convention')), ['meta.directive.pragma.adamw-lens', 'support.constant.rule.adamw-lens']);
    const convention = 'weight_decay = 0.05  # adamw-lens: convention=lh';
    assert.deepEqual(pragmaScopes(scopesAt('source.python', convention, 'convention')), ['meta.directive.pragma.adamw-lens', 'keyword.control.directive.adamw-lens']);
    assert.deepEqual(pragmaScopes(scopesAt('source.python', convention, '=', 1)), ['meta.directive.pragma.adamw-lens', 'keyword.operator.assignment.adamw-lens']);
    assert.deepEqual(pragmaScopes(scopesAt('source.python', convention, 'lh')), ['meta.directive.pragma.adamw-lens', 'constant.language.convention.adamw-lens']);
    assert.deepEqual(pragmaScopes(scopesAt('source.ts', '// adamw-lens: convention=paper', 'paper')), ['meta.directive.pragma.adamw-lens', 'constant.language.convention.adamw-lens']);
  });

  it('unknown rule names and conventions are marked invalid', () => {
    const typo = '# adamw-lens: ignore[s1-swep, decay-timescale]';
    assert.deepEqual(pragmaScopes(scopesAt('source.python', typo, 's1-swep')), ['meta.directive.pragma.adamw-lens', 'invalid.illegal.unknown-rule.adamw-lens']);
    assert.deepEqual(pragmaScopes(scopesAt('source.python', typo, 'decay-timescale')), ['meta.directive.pragma.adamw-lens', 'support.constant.rule.adamw-lens']);
    assert.deepEqual(pragmaScopes(scopesAt('source.python', '# adamw-lens: convention=pytorchh', 'pytorchh')), ['meta.directive.pragma.adamw-lens', 'invalid.illegal.unknown-convention.adamw-lens']);
  });

  it('nothing outside comments: strings, names and plain comments stay as the host grammar has them', () => {
    assert.deepEqual(pragmaScopes(scopesAt('source.python', 'note = "adamw-lens: ignore[s1-sweep]"', 's1-sweep')), []);
    assert.deepEqual(pragmaScopes(scopesAt('source.ts', 'const s = `adamw-lens: ignore[s1-sweep]`;', 's1-sweep')), []);
    assert.deepEqual(pragmaScopes(scopesAt('source.python', '# tuned with adamw, lens on: ignore me', 'ignore')), []);
    assert.deepEqual(pragmaScopes(scopesAt('source.python', '# my-adamw-lens: ignore', 'ignore')), []);
    assert.deepEqual(pragmaScopes(scopesAt('source.shell', 'echo "adamw-lens: ignore[s1-sweep]"  # plain comment', 's1-sweep')), []);
    assert.deepEqual(scopesAt('source.shell', 'ls  # plain comment', 'plain'), ['source.shell', 'comment.line.number-sign.shell']);
  });
});
