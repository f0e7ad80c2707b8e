// docs/results.md's worked examples are what the command prints: the CSV example on examples/sweep-results.csv,
// the JSON Lines example on the lines the page shows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runResults } from '../../src/cli/results';
import { tempDir } from './helpers';

const ROOT = path.join(__dirname, '../..');
const page = readFileSync(path.join(ROOT, 'docs/results.md'), 'utf8');

/** The console block that starts with `$ adamw-lens results <args>`: its arguments and its output. */
function consoleExample(startsWith: string): { args: string[]; output: string } {
  const block = [...page.matchAll(/```console\n\$ adamw-lens results ([^\n]*)\n([\s\S]*?)```/g)].find((m) => m[1].startsWith(startsWith));
  assert.ok(block, `no console example for ${startsWith}`);
  return { args: block[1].split(' '), output: block[2] };
}

async function run(args: string[]): Promise<string> {
  let out = '';
  const code = await runResults(args, { out: (text) => { out += text; }, err: () => undefined });
  assert.equal(code, 0);
  return out;
}

describe('docs/results.md', () => {
  it('shows what the CSV example prints', async () => {
    const { args, output } = consoleExample('examples/sweep-results.csv');
    const previous = process.cwd();
    process.chdir(ROOT);
    try {
      assert.equal(await run(args), output);
    } finally {
      process.chdir(previous);
    }
  });

  it('shows what the JSON Lines example prints', async () => {
    const lines = /```json\n(\{"run"[\s\S]*?)```/.exec(page)?.[1];
    assert.ok(lines);
    const dir = tempDir();
    const file = path.join(dir, 'runs.jsonl');
    writeFileSync(file, lines);
    const { args, output } = consoleExample('runs.jsonl');
    assert.equal((await run([file, ...args.slice(1)])).replace(`${dir}${path.sep}`, ''), output);
  });
});
