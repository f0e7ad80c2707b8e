// JSON sweep sources are read by jsonc-parser and rebuilt as `yaml` nodes: the readers must see the
// same tree, with the same source ranges, as when the `yaml` package read the JSON as flow YAML.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { visit, type Document } from 'yaml';
import { parseJson } from '../../src/engine/sources/json-doc';
import { MAX_SOURCE_DEPTH, parseYaml } from '../../src/engine/sources/yaml-doc';

/** Every node of a document in visiting order: its kind, value, start/end offsets and flow flag. */
function shape(doc: Document | undefined): string[] {
  const out: string[] = [];
  if (!doc) return out;
  visit(doc, {
    Scalar: (_key, n) => { out.push(`scalar ${JSON.stringify(n.value)} ${n.range?.slice(0, 2).join('-')}`); },
    Map: (_key, n) => { out.push(`map ${n.range?.slice(0, 2).join('-')} flow=${n.flow}`); },
    Seq: (_key, n) => { out.push(`seq ${n.range?.slice(0, 2).join('-')} flow=${n.flow}`); },
  });
  return out;
}

const samples: Record<string, string> = {
  'a W&B grid sweep': '{\n  "method": "grid",\n  "metric": {"name": "val_loss", "goal": "minimize"},\n  "parameters": {\n    "learning_rate": {"values": [1e-4, 3e-4, 0.001]},\n    "weight_decay": { "value": 0.05 }\n  }\n}\n',
  'an experiment list with escapes, booleans and null': '[\n  {"name": "run \\"a\\"", "lr": 0.0003, "wd": 0.1, "amp": true},\n  {"name": "b\\\\c", "lr": 1e-3, "wd": null}\n]\n',
  'CRLF line ends and tabs': '{\r\n\t"lr": [1e-4,\t3e-4],\r\n\t"weight_decay": 0.01\r\n}\r\n',
  'non-ASCII keys and values': '{"λ": 0.05, "α": [0.001, 0.002], "note": "décroissance"}',
};

describe('JSON sweep sources through jsonc-parser', () => {
  for (const [name, text] of Object.entries(samples)) {
    it(`reads ${name} as the yaml package does`, () => {
      const fast = parseJson(text);
      const reference = parseYaml(text, 'JSON');
      assert.deepEqual(fast.notes, []);
      assert.equal(fast.documents.length, 1);
      assert.deepEqual(shape(fast.documents[0]), shape(reference.documents[0]));
      assert.deepEqual(fast.documents[0].toJS(), JSON.parse(text));
    });
  }

  it('accepts comments and trailing commas, as VS Code reads .json files', () => {
    const parsed = parseJson('{\n  // the sweep\n  "lr": [1e-4, 3e-4,],\n}\n');
    assert.deepEqual(parsed.notes, []);
    assert.deepEqual(parsed.documents[0].toJS(), { lr: [1e-4, 3e-4] });
  });

  it('turns a syntax error into one note at its position', () => {
    const parsed = parseJson('{\n  "lr": [1e-4, 3e-4\n  "wd": 0.1\n}\n');
    assert.equal(parsed.documents.length, 0);
    assert.equal(parsed.notes.length, 1);
    assert.match(parsed.notes[0].message, /^JSON syntax error, sweeps in this file were not read: comma expected$/);
    assert.equal(parsed.notes[0].range?.start.line, 2);
  });

  it('reads deep nesting up to the limit, and says so beyond it (no stack overflow)', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    assert.deepEqual(parseJson(nested(MAX_SOURCE_DEPTH)).notes, []);
    const deep = parseJson(nested(100_000));
    assert.equal(deep.documents.length, 0);
    assert.deepEqual(deep.notes.map((n) => n.message), [
      `JSON nested deeper than ${MAX_SOURCE_DEPTH} levels is read as data, not a sweep config: this file was not read`,
    ]);
  });

  it('counts brackets inside strings as text, not nesting', () => {
    const parsed = parseJson(`{"pattern": "${'['.repeat(MAX_SOURCE_DEPTH + 10)}", "lr": 0.001}`);
    assert.deepEqual(parsed.notes, []);
    assert.equal(parsed.documents[0].toJS().lr, 0.001);
  });
});
