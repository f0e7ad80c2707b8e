// Smaller bad-input cases of issue 13 (item 7): SARIF artifact URIs percent-encoded, simulate's
// numbers finite, a preset named like an Object.prototype key a usage error.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { formatSarif } from '../../src/cli/formats';
import { parseSimulateArgs } from '../../src/cli/simulate';
import type { Finding } from '../../src/engine';

const finding: Finding = {
  rule: 'coupled-l2', severity: 'warning', message: 'm', data: { api: 'torch.optim.Adam', convention: 'coupled-l2' },
  range: { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } }, fixes: [],
};

describe('check --format sarif', () => {
  it('artifactLocation.uri is a percent-encoded relative reference', () => {
    const root = path.resolve('/project');
    const sarif = JSON.parse(formatSarif([{ file: path.join(root, 'dir one', 'a b#c%.py'), findings: [finding] }], root));
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'dir%20one/a%20b%23c%25.py');
  });
});

describe('simulate arguments', () => {
  it('--lrs Infinity says the number must be finite', () => {
    assert.throws(() => parseSimulateArgs(['--lrs', '1e-3,Infinity']), /--lrs: 'Infinity' must be finite/);
    assert.throws(() => parseSimulateArgs(['--lr-range', '1e-4:Infinity:3']), /must be finite/);
  });

  it('--preset constructor (or __proto__, toString) is a usage error naming the presets', () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      assert.throws(() => parseSimulateArgs(['--preset', name]), new RegExp(`--preset: unknown preset '${name}' \\(known: seed-fig3, seed-fig4\\)`));
    }
  });
});
