// Builds everything the extension, the CLI and the webview need into dist/:
//   dist/extension.js  the thin VS Code client          (src/client/extension.ts)
//   dist/server.js     the language server               (src/server/main.ts)
//   dist/cli.js        the `adamw-lens` command           (src/cli/main.ts)
//   dist/sim-worker.js the simulator's Node worker       (src/simulation/node-worker.ts)
//   dist/engine-worker.js a worker of the analysis pool   (src/engine/files/pool-worker.ts)
//   dist/simulation.js the simulator as a library        (src/simulation/index.ts)
//   dist/engine-typescript.js, dist/engine-sources.js, dist/cli-{check,simulate,results,lsp}.js
//                      parts loaded on demand by the bundles above (see lazyChunks)
//   dist/*.wasm        tree-sitter runtime and Python grammar, the ridge kernel, SQLite (sql.js)
//   dist/webview/      the simulation panel's page and styles (webview/), whose simulator runs in the
//                      extension host (dist/sim-worker.js, dist/ridge.wasm); the sweep-results page
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const dist = path.join(root, 'dist');
mkdirSync(path.join(dist, 'webview'), { recursive: true });

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // require.resolve('tsx/cjs/api'), ('web-tree-sitter/…wasm') and the like run only from the sources (tests
  // through tsx); in a bundle the workers and .wasm files sit beside it in dist/. esbuild warns about each.
  logOverride: { 'require-resolve-not-external': 'silent' },
  absWorkingDir: root,
};

const nodeBundles = [
  { in: 'src/client/extension.ts', out: 'extension' },
  { in: 'src/server/main.ts', out: 'server' },
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/simulation/node-worker.ts', out: 'sim-worker' },
  { in: 'src/engine/files/pool-worker.ts', out: 'engine-worker' }, // a whole-tree check's worker threads
  { in: 'src/simulation/index.ts', out: 'simulation' }, // the simulator as a library (scripts/bench-sim.mjs)
].filter((e) => existsSync(path.join(root, e.in)));

/**
 * Modules loaded on demand: the sources `require()` them where they are first needed, and every Node
 * bundle loads dist/<out>.js there instead of carrying them. Start-up then parses only what the input
 * needs: the TypeScript compiler (10 MB) when a TS/JS file passes the pre-filter, the YAML/JSON/shell
 * readers when a sweep source mentions a learning rate, one CLI subcommand.
 */
const lazyChunks = [
  { in: 'src/engine/typescript/index.ts', out: 'engine-typescript' },
  { in: 'src/engine/sources/readers.ts', out: 'engine-sources' },
  { in: 'src/cli/check.ts', out: 'cli-check' },
  { in: 'src/cli/simulate.ts', out: 'cli-simulate' },
  { in: 'src/cli/results.ts', out: 'cli-results' },
  { in: 'src/cli/lsp.ts', out: 'cli-lsp' },
];
nodeBundles.push(...lazyChunks);

const lazyChunksPlugin = {
  name: 'lazy-chunks',
  setup(build) {
    const chunkOf = new Map(lazyChunks.map((c) => [path.join(root, c.in), c.out]));
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.kind === 'entry-point' || args.pluginData?.lazyChunks) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { lazyChunks: true } });
      const out = chunkOf.get(resolved.path);
      if (!out) return undefined; // resolved again the ordinary way
      if (args.kind !== 'require-call') throw new Error(`${args.importer} imports ${args.path} statically; load it with require() where it is needed (it is a lazy chunk)`);
      return { path: `./${out}.js`, external: true };
    });
  },
};

/**
 * web-tree-sitter's CommonJS build: its ES module build reaches `module` through a dynamic import(),
 * which in a CommonJS bundle starts Node's ES module loader (10–25 ms of every `check`).
 */
const treeSitterCjsPlugin = {
  name: 'web-tree-sitter-cjs',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
  },
};

/**
 * What identifies this build's analysis: a hash of every source file and of the locked dependency
 * versions (the parsers). `adamw-lens check` keeps its per-file results under it
 * (src/engine/files/result-cache.ts), so a rebuilt engine never reuses an older engine's findings.
 */
function buildId() {
  const hash = createHash('sha1');
  const files = readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
  for (const file of [...files, path.join(root, 'package-lock.json')]) {
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

const webBundles = [
  { in: 'webview/panel.ts', out: 'webview/panel' },
  { in: 'webview/chart-kit.ts', out: 'webview/chart-kit' }, // Chart.js and the charts, run by panel.js after its load event
  { in: 'webview/results.ts', out: 'webview/results' }, // the sweep-results page (src/panel/results-panel.ts)
].filter((e) => existsSync(path.join(root, e.in)));

function buildKernel() {
  const kernel = path.join(root, 'src/simulation/kernel/ridge.ts');
  if (!existsSync(kernel)) return;
  const asc = path.join(root, 'node_modules/assemblyscript/bin/asc.js');
  execFileSync(process.execPath, [asc, kernel, '--outFile', path.join(dist, 'ridge.wasm'), '-O3', '--noAssert',
    '--enable', 'simd', '--runtime', 'stub', '--initialMemory', '2', '--maximumMemory', '4096', '--exportRuntime'],
  { stdio: 'inherit', cwd: root });
}

function copyAssets() {
  copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(dist, 'web-tree-sitter.wasm'));
  copyFileSync(path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
    path.join(dist, 'tree-sitter-python.wasm'));
  // SQLite in WebAssembly (sql.js), for reading Optuna studies in the CLI and the extension (src/engine/results/).
  copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), path.join(dist, 'sql-wasm.wasm'));
  for (const css of ['webview/panel.css', 'webview/results.css']) {
    if (existsSync(path.join(root, css))) copyFileSync(path.join(root, css), path.join(dist, 'webview', path.basename(css)));
  }
  // The simulation page's controls (@vscode-elements/elements, one ES module) and the codicon font its buttons use.
  // (@vscode/codicons is the peer dependency of @vscode-elements/elements, declared here because we copy its files.)
  const webviewAssets = [
    ['@vscode-elements/elements/dist/bundled.js', 'elements.js'],
    ['@vscode/codicons/dist/codicon.css', 'codicon.css'],
    ['@vscode/codicons/dist/codicon.ttf', 'codicon.ttf'],
  ];
  for (const [from, to] of webviewAssets) copyFileSync(require.resolve(from), path.join(dist, 'webview', to));
}

const started = Date.now();
buildKernel();
copyAssets();
await Promise.all([
  nodeBundles.length && esbuild.build({
    ...common, entryPoints: nodeBundles, outdir: dist, platform: 'node', format: 'cjs', target: 'node20',
    external: ['vscode'], mainFields: ['module', 'main'], plugins: [lazyChunksPlugin, treeSitterCjsPlugin],
    // ESM dependencies (web-tree-sitter) read import.meta.url to find their files; in a CJS bundle it
    // must be the bundle's own URL.
    define: { 'import.meta.url': '__bundleUrl', ADAMW_LENS_BUILD: JSON.stringify(buildId()) },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
  webBundles.length && esbuild.build({
    ...common, entryPoints: webBundles, outdir: dist, platform: 'browser', format: 'iife', target: 'chrome120',
  }),
]);
console.log(`build: ${nodeBundles.length + webBundles.length} bundles in ${Date.now() - started} ms`);
