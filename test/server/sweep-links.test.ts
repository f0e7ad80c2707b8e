// What sweep files link to follows the disk through the file watcher: SweepLinks says when a watched
// script's change may make an open sweep file link differently. Its index also takes scripts from disk
// outside the watcher's events (read on demand whenever any sweep names one, or by the workspace check),
// and such a read can come between a change on disk and the watcher's event for it: the event must
// still re-link.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SweepLinks } from '../../src/server/sweep-links';

const SCRIPT = 'import torch\nopt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.05)\n';

let dir: string;
let train: string;
before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'adamw-lens-links-'));
  train = path.join(dir, 'train.py');
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Links over `dir`, which a sweep has made read train.py (as resolving `program: train.py` does). */
function linksThatReadTrain(): SweepLinks {
  const links = new SweepLinks();
  links.setFolders([dir]);
  assert.equal(links.indexFor(train).textOf(train), SCRIPT);
  return links;
}

describe('SweepLinks.diskChanged', () => {
  it('re-links when a script is deleted, and when it is created again though a sweep read it before the event', () => {
    writeFileSync(train, SCRIPT);
    const links = linksThatReadTrain();
    unlinkSync(train);
    assert.equal(links.diskChanged(train, true), true);
    // The open sweep files were analysed without train.py. It comes back, and a closed sweep file checked
    // again for the deletion reads it before the watcher's "created" arrives.
    writeFileSync(train, SCRIPT);
    assert.equal(links.indexFor(train).textOf(train), SCRIPT);
    assert.equal(links.diskChanged(train, false), true);
    // Reported again with nothing read or changed since: no sweep can link differently.
    assert.equal(links.diskChanged(train, false), false);
  });

  it('re-links when the text changed, not when a save left it as it was', () => {
    writeFileSync(train, SCRIPT);
    const links = linksThatReadTrain();
    assert.equal(links.diskChanged(train, false), true); // read on demand: the sweeps may predate that read
    assert.equal(links.diskChanged(train, false), false);
    writeFileSync(train, SCRIPT.replace('0.05', '0.1'));
    assert.equal(links.diskChanged(train, false), true);
    assert.equal(links.diskChanged(train, false), false);
  });

  it('re-links when the workspace check read the changed script before the watcher\'s event', () => {
    writeFileSync(train, SCRIPT);
    const links = linksThatReadTrain();
    assert.equal(links.diskChanged(train, false), true);
    const edited = SCRIPT.replace('0.05', '0.1');
    writeFileSync(train, edited);
    links.scriptAnalyzed(train, edited, []); // a worker of the check read and analysed it, with its text
    assert.equal(links.diskChanged(train, false), true);
    assert.equal(links.diskChanged(train, false), false);
    writeFileSync(train, SCRIPT);
    links.scriptOnDisk(train); // a worker analysed it and kept its text: the links read the disk themselves
    assert.equal(links.indexFor(train).textOf(train), SCRIPT);
    assert.equal(links.diskChanged(train, false), true);
    assert.equal(links.diskChanged(train, false), false);
  });

  it('compares an open document\'s text with the disk\'s when it is closed', () => {
    writeFileSync(train, SCRIPT);
    const links = linksThatReadTrain();
    assert.equal(links.documentText(train, SCRIPT), false);
    assert.equal(links.documentClosed(train), false);
    assert.equal(links.documentText(train, SCRIPT.replace('0.05', '0.1')), true);
    assert.equal(links.documentClosed(train), true);
  });

  it('says nothing when a file no sweep read is deleted, or when a document open in the editor changes on disk', () => {
    const links = new SweepLinks();
    links.setFolders([dir]);
    const other = path.join(dir, 'model.py');
    writeFileSync(other, 'import torch\n');
    assert.equal(links.diskChanged(other, true), false);
    writeFileSync(train, SCRIPT);
    links.documentText(train, SCRIPT);
    writeFileSync(train, SCRIPT.replace('0.05', '0.1'));
    assert.equal(links.diskChanged(train, false), false);
  });
});
