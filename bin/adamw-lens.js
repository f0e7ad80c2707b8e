#!/usr/bin/env node
// Entry point of the `adamw-lens` command: runs the bundled CLI built by `npm run build`.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('adamw-lens: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
// Node ≥ 22.1 keeps V8's compiled code of the bundles between runs (no-op on older Node).
require('node:module').enableCompileCache?.();
require(bundle).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
