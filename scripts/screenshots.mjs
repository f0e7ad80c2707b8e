// `npm run screenshots`: the README's pictures, taken from the real-VS-Code end-to-end run so they show
// what the extension really does today. Runs test/e2e/vscode.test.ts (scripts/test.mjs sets up and builds
// the .vsix it installs), then copies its screenshots from test-results/e2e/ into docs/images/.
// Imports Node's modules only (it may run before npm ci).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results', 'e2e');
const images = path.join(root, 'docs', 'images');
/** e2e screenshot → README image. */
const PICTURES = [
  ['2-hover.png', 'finding-hover.png'],
  ['3-quick-fix-menu.png', 's2-quick-fix.png'],
  ['5-simulation.png', 'simulation-panel.png'],
];

const started = Date.now();
const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'test.mjs'), 'test/e2e/vscode.test.ts'], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) {
  console.error('screenshots: the end-to-end run failed; docs/images/ left as it was');
  process.exit(1);
}
mkdirSync(images, { recursive: true });
for (const [from, to] of PICTURES) {
  const source = path.join(results, from);
  if (!existsSync(source) || statSync(source).mtimeMs < started) {
    console.error(`screenshots: the run did not take ${from}`);
    process.exit(1);
  }
  copyFileSync(source, path.join(images, to));
  console.log(`screenshots: docs/images/${to} (${(statSync(source).size / 1024).toFixed(0)} KiB)`);
}
console.log(`screenshots: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
