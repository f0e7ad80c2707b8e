// `npm start`: set up what a fresh clone lacks (scripts/setup.mjs: Debian packages, npm dependencies, the
// cached code-server), build and package the extension, install it into a local code-server, open
// examples/ and print the URL to open in a browser. Imports Node's modules only (it runs before npm ci).
// Ctrl-C (SIGINT) or SIGTERM stops code-server and removes the temporary profile.
// Usage: node scripts/start.mjs [--port N]   (default: a free port on 127.0.0.1; or ADAMW_LENS_PORT)
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshProfile, installExtension, startCodeServer } from './code-server.mjs';
import { packageExtension } from './package.mjs';
import { reportSetupFailure, setup } from './setup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');

function requestedPort() {
  const flag = process.argv.indexOf('--port');
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env.ADAMW_LENS_PORT;
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`start: '${raw}' is not a port number (0–65535)`);
    process.exit(2);
  }
  return port;
}

async function main() {
  const port = requestedPort();
  await setup({ codeServer: true });
  const { vsix } = packageExtension();
  const profile = freshProfile();
  let server;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    if (server) {
      console.log(`\nstart: stopping code-server (process ${server.pid})…`);
      await server.stop();
    }
    rmSync(profile.base, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  try {
    installExtension({ vsix, ...profile });
    console.log(`start: installed ${path.relative(root, vsix)} into a fresh profile (${profile.base})`);
    server = await startCodeServer({ workspace: examples, ...profile, port });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stop(1);
    return;
  }
  server.child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`start: code-server exited on its own (code ${code}, signal ${signal})`);
    stop(1);
  });
  console.log(`\nAdamW Lens is running in VS Code (code-server, process ${server.pid}). Open in a browser:\n\n  ${server.folderUrl(examples)}\n\nPress Ctrl-C to stop.`);
}

main().catch(reportSetupFailure);
