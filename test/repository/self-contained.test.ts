// The repository is self-contained (issue 15): no tracked source, test, script or CI file names a path
// outside it (a developer's checkout, the workplace's shared folder, a home directory), and no scratch
// file of a profiling session is tracked. A clone on another machine must not depend on either.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const tracked = execFileSync('git', ['ls-files', '-z', 'src', 'test', 'scripts', 'webview', '.ci', 'bin', 'package.json'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0').filter(Boolean);

/**
 * Paths that exist only on the machine that wrote them: the workplace's shared folder beside the checkout,
 * its work folder, root's home. (Tests name made-up paths such as a fake editor's workspace folder freely.)
 * Written in pieces so that this file does not match itself.
 */
const FOREIGN_PATHS = [['..', 'shared'].join('/'), ['', 'work', ''].join('/'), ['', 'root', ''].join('/')];

describe('the repository is self-contained', () => {
  it('has tracked files to check', () => {
    assert.ok(tracked.length > 100, `only ${tracked.length} tracked files found`);
  });

  it('no tracked file names a path outside the repository', () => {
    const offenders: string[] = [];
    for (const file of tracked) {
      if (/\.(png|wasm|ttf|ipynb|db|sqlite)$/.test(file)) continue;
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const foreign of FOREIGN_PATHS) if (text.includes(foreign)) offenders.push(`${file}: ${foreign}`);
    }
    assert.deepEqual(offenders, []);
  });

  it('no scratch file is tracked', () => {
    assert.deepEqual(tracked.filter((f) => /(^|\/)\.?(tmp|scratch)[-_.]/i.test(path.basename(f)) || /\.(bak|orig)$/.test(f)), []);
  });
});
