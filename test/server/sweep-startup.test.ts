// Links that only files read at start-up can make: a Hydra sweeper config names no script (the app that
// loads it says `config_name="config"`), and a JSON experiment config is linked to the script that
// opens it by name. Neither script is ever opened in the editor, so the server must have indexed the
// workspace folder; the expected diagnostics are the engine's findings with those scripts known. And the
// file watchers: registered by the server for editors that can, left to VS Code's client otherwise.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { initEngine } from '../../src/engine';
import { WATCHED_FILES } from '../../src/server/protocol';
import { py } from '../rules/helpers';
import { startTestServer, type ServerHandle } from './harness';
import { engineFindings, expectedView, textAt, uriOf, view, writeFile, type SweepCase } from './sweep-fixtures';

const HYDRA_APP = py`
  import hydra
  import torch
  @hydra.main(config_path="conf", config_name="config")
  def main(cfg):
      opt = torch.optim.AdamW(model.parameters(), lr=cfg.optimizer.lr, weight_decay=cfg.optimizer.weight_decay)
  `;
const READER = py`
  import json
  import torch
  for cfg in json.load(open("configs/optimizers.json")):
      opt = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=cfg["weight_decay"])
  `;
const SCRIPTS = { 'train.py': HYDRA_APP, 'run.py': READER };

const HYDRA_SWEEPER: SweepCase = {
  name: 'Hydra sweeper params', rel: 'conf/config.yaml', languageId: 'yaml', lambdaEntry: 'optimizer.weight_decay',
  text: 'defaults:\n  - optimizer: adamw\nhydra:\n  sweeper:\n    params:\n      optimizer.lr: 1e-4,3e-4,1e-3\n      optimizer.weight_decay: 0.05\n',
};
const EXPERIMENTS: SweepCase = {
  name: 'JSON experiment config', rel: 'configs/optimizers.json', languageId: 'json', lambdaEntry: '"weight_decay"',
  text: '[\n  {"name": "adamw", "lr": [1e-4, 3e-4, 1e-3], "weight_decay": [0.05]},\n  {"name": "sgd", "lr": [0.01, 0.1], "weight_decay": [5e-4]}\n]\n',
};

let server: ServerHandle;
let root: string;

before(async () => {
  await initEngine();
  root = mkdtempSync(path.join(tmpdir(), 'adamw-lens-startup-'));
  for (const [rel, text] of Object.entries(SCRIPTS)) writeFile(root, rel, text);
  for (const c of [HYDRA_SWEEPER, EXPERIMENTS]) writeFile(root, c.rel, c.text);
  server = await startTestServer({ workspaceFolders: [root] });
});
after(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('sweep sources linked through the files indexed at start-up', () => {
  for (const c of [HYDRA_SWEEPER, EXPERIMENTS]) {
    it(`${c.name} (${c.rel}) is linked to a script that is never opened`, async () => {
      const findings = engineFindings(root, c, { scripts: SCRIPTS });
      // Without the scripts indexed the engine cannot link it: the test would catch a server that does not index.
      assert.notDeepEqual(engineFindings(root, c).map(expectedView), findings.map(expectedView));
      assert.equal(findings.filter((f) => f.rule === 's1-sweep').length, 1);
      const expected = findings.map(expectedView);
      const uri = uriOf(root, c.rel);
      let diagnostics = (await server.open(uri, c.languageId, c.text)).diagnostics.map(view);
      // The start-up indexing runs beside the first analysis; when it ends, open sweep files are re-linked.
      for (let republished = 0; republished < 3 && JSON.stringify(diagnostics) !== JSON.stringify(expected); republished++) {
        diagnostics = (await server.nextDiagnostics(uri, 5000)).diagnostics.map(view);
      }
      assert.deepEqual(diagnostics, expected);
      const s1 = diagnostics.find((d) => d.code === 's1-sweep')!;
      assert.ok(textAt(c.text, s1.range).startsWith(c.lambdaEntry), textAt(c.text, s1.range));
      const script = findings.find((f) => f.rule === 's1-sweep')!.data.linkedFile as string;
      assert.ok(s1.related.some((r) => r.uri === uriOf(root, path.relative(root, script))), 'related to the script');
    });
  }
});

describe('file watchers for the scripts sweep files link to', () => {
  /** The server's dynamic registrations once it has answered a request sent after `initialized` (messages keep their order). */
  async function registrationsOf(options: { dynamicWatchers: boolean; watchesFiles?: boolean }) {
    const other = await startTestServer({ workspaceFolders: [root], ...options });
    try {
      await other.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(root, 'train.py') }, position: { line: 0, character: 0 } });
      return other.registrations.map((r) => ({ method: r.method, registerOptions: r.registerOptions as unknown }));
    } finally {
      await other.stop();
    }
  }

  it('an editor with dynamic registration (Neovim, Helix) is asked to watch scripts, configs and sweep files', async () => {
    assert.deepEqual(await registrationsOf({ dynamicWatchers: true }), [
      { method: 'workspace/didChangeWatchedFiles', registerOptions: { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) } },
    ]);
    assert.deepEqual(WATCHED_FILES, ['**/*.{py,yaml,yml,json,sh,bash,mk}', '**/{Makefile,makefile,GNUmakefile}']);
  });

  it("VS Code's client watches them itself (synchronize.fileEvents), and a client without dynamic registration cannot be asked", async () => {
    assert.deepEqual(await registrationsOf({ dynamicWatchers: true, watchesFiles: true }), []);
    assert.deepEqual(await registrationsOf({ dynamicWatchers: false }), []);
  });
});
