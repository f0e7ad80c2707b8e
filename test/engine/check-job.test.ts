// One file of a whole-tree check: which Python texts come back with the outcome. The caller keeps only
// those its sweep links search among (a script naming a config file, a Hydra app); any other script is
// read from disk when a sweep names it, so its text need not be copied from the worker, nor its optimizer
// calls (the links reuse them only with the text).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkFile, initEngine } from '../../src/engine';

const scripts = {
  'plain.py': 'import torch\nopt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)\n',
  'reads_config.py': 'import json, torch\ncfg = json.load(open("configs/optim.json"))\nopt = torch.optim.AdamW(model.parameters(), lr=cfg["lr"])\n',
  'hydra_app.py': 'import hydra\n@hydra.main(config_name="train")\ndef main(cfg):\n    pass\n',
};

describe('checkFile: the texts that come back', () => {
  let root: string;
  before(async () => {
    await initEngine();
    root = mkdtempSync(path.join(os.tmpdir(), 'adamw-check-job-'));
    for (const [name, text] of Object.entries(scripts)) writeFileSync(path.join(root, name), text);
    writeFileSync(path.join(root, 'model.ts'), 'const opt = new AdamW({ learningRate: 1e-3 });\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const outcomeOf = (name: string) => {
    const language = name.endsWith('.ts') ? 'typescript' : 'python';
    const outcome = checkFile({ file: path.join(root, name), language }, {});
    assert.ok('findings' in outcome, `${name} was analysed`);
    return outcome;
  };
  const textOf = (name: string) => outcomeOf(name).text;

  it('returns only the Python texts the link searches look at', () => {
    assert.equal(textOf('plain.py'), undefined);
    assert.equal(textOf('reads_config.py'), scripts['reads_config.py']);
    assert.equal(textOf('hydra_app.py'), scripts['hydra_app.py']);
    assert.equal(textOf('model.ts'), undefined);
  });

  it('returns the optimizer calls with the text, and none without it', () => {
    assert.deepEqual(outcomeOf('plain.py').sites, []);
    const kept = outcomeOf('reads_config.py');
    assert.deepEqual(kept.sites.map((site) => site.api), ['torch.optim.AdamW']);
  });
});
