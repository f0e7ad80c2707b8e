// Check Workspace keeps code files' analyses in the result cache, as `adamw-lens check` does: a new
// server session on a workspace checked before publishes exactly what the first check published without
// parsing the unchanged files again, and a file edited on disk in between is analysed again. Runs the
// built server (dist/server.js), which has a build id (from the sources there is no cache), with a cache
// folder of its own (XDG_CACHE_HOME).

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { CHECK_WORKSPACE, type CheckWorkspaceResult } from '../../src/server/protocol';
import { fileUri, startTestServer } from './harness';

const sweep = (i: number, wd: string) => `import torch\nfor lr in [1e-4, ${(i % 5) + 2}e-4, 1e-3]:\n    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=${wd})\n`;
const plain = (i: number) => `import torch.nn as nn\n\nclass Block${i}(nn.Module):\n    pass\n`;

function write(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'adamw-lens-workspace-cache-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** One server session: a Check Workspace, and what it published for every file. */
async function session(root: string, cacheHome: string): Promise<{ result: CheckWorkspaceResult; published: Map<string, Diagnostic[]> }> {
  const server = await startTestServer({ bundle: true, workspaceFolders: [root], env: { XDG_CACHE_HOME: cacheHome } });
  try {
    const result = await server.connection.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE, { workDoneToken: 'cache' });
    return { result, published: server.allLatest() };
  } finally {
    await server.stop();
  }
}

describe('Check Workspace and the result cache (built server)', { timeout: 5 * 60_000 }, () => {
  for (const { label, files } of [{ label: 'a large workspace (worker threads, then the server thread)', files: 230 }, { label: 'a small workspace', files: 12 }]) {
    it(`publishes the same in a new session, and analyses an edited file again: ${label}`, async () => {
      const root = path.join(scratch, `ws-${files}`);
      const cacheHome = path.join(scratch, `cache-${files}`);
      for (let i = 0; i < files; i++) write(root, `pkg/mod_${i}.py`, i % 3 === 0 ? sweep(i, '0.05') : plain(i));
      write(root, 'sweeps/train.py', 'import argparse, torch\np = argparse.ArgumentParser()\np.add_argument("--lr", type=float, default=1e-3)\n'
        + 'p.add_argument("--weight_decay", type=float, default=0.05)\nargs = p.parse_args()\n'
        + 'opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)\n');
      write(root, 'sweeps/sweep.yaml', 'program: train.py\nmethod: grid\nparameters:\n  lr:\n    values: [1e-4, 3e-4, 1e-3]\n');

      const first = await session(root, cacheHome);
      assert.equal(first.result.filesUnchanged, 0);
      assert.ok(readdirSync(path.join(cacheHome, 'adamw-lens')).some((f) => /^check-.*\.bin$/.test(f)));
      const sweepYaml = fileUri(path.join(root, 'sweeps/sweep.yaml'));
      assert.ok(first.published.get(sweepYaml)?.some((d) => d.code === 's1-sweep'), 'the sweep file is linked to train.py');

      const second = await session(root, cacheHome);
      assert.equal(second.result.filesUnchanged, files + 1);
      assert.deepEqual({ ...second.result, filesUnchanged: 0 }, first.result);
      assert.deepEqual(second.published, first.published);

      write(root, 'pkg/mod_0.py', sweep(0, '0.02'));
      const third = await session(root, cacheHome);
      assert.equal(third.result.filesUnchanged, files);
      const edited = third.published.get(fileUri(path.join(root, 'pkg/mod_0.py')));
      assert.ok(edited?.some((d) => String(d.message).includes('λ = 0.02 stays fixed')), JSON.stringify(edited?.map((d) => d.message)));
      assert.ok(third.published.get(sweepYaml)?.some((d) => d.code === 's1-sweep'), 'still linked, with train.py from the cache');
    });
  }
});
