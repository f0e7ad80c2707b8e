// `npm run package`: a production build (minified, no source maps), then the .vsix with @vscode/vsce.
// Everything the extension runs is bundled into dist/, so vsce packs no node_modules
// (--no-dependencies) and .vscodeignore is an allow-list. Output: out/adamw-lens-<version>.vsix.
// Library: packageExtension({ log }) → { vsix, bytes }, vsixPath().
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function vsixPath() {
  const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return path.join(root, 'out', `${name}-${version}.vsix`);
}

function run(label, args) {
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`package: ${label} failed (exit ${result.status})\n${result.stdout}\n${result.stderr}`.trim());
  }
  return { output: `${result.stdout}${result.stderr}`, ms: Date.now() - started };
}

export function packageExtension({ log = console.log } = {}) {
  const build = run('production build', [path.join(root, 'scripts', 'build.mjs'), '--production']);
  log(`package: production build in ${build.ms} ms`);
  const vsix = vsixPath();
  mkdirSync(path.dirname(vsix), { recursive: true });
  rmSync(vsix, { force: true });
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const packed = run('vsce package', [vsce, 'package', '--no-dependencies', '--skip-license', '--out', vsix]);
  const bytes = statSync(vsix).size;
  log(`package: ${path.relative(root, vsix)} ${(bytes / 1024).toFixed(0)} KiB (${bytes} bytes) in ${packed.ms} ms`);
  return { vsix, bytes };
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  try {
    const { vsix } = packageExtension();
    if (process.argv.includes('--list')) {
      const listing = spawnSync('unzip', ['-l', vsix], { encoding: 'utf8' });
      process.stdout.write(listing.stdout ?? '');
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
