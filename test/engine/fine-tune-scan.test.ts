// The fine-tuning evidence is searched from the first anchor on (evidenceMatches), not from the start of
// the file: the matches must be exactly those of the whole-file search, whatever sits before, around and
// between them.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EVIDENCE, evidenceMatches } from '../../src/engine/python/fine-tune';
import { seededRandom } from './seeded-random';

const matches = (found: Iterable<RegExpMatchArray>) => [...found].map((m) => [m.index, m[0], m[1]]);

const PIECES = [
  'model', 'x', '_', '1', ' ', '\n', '.', '(', ')', '=', ' = ', '#', '"',
  'from_pretrained', 'pretrained', 'True', 'torch.hub.load', 'get_peft_model', 'PeftModel', 'prepare_model_for_kbit_training',
  'LoRA', 'Lora', 'lora', 'lora_', 'train_', 'load_state_dict', '.load_state_dict', 'opt', 'ema',
];

describe('fine-tuning evidence from the first anchor on', () => {
  const cases: Array<[string, string]> = [
    ['no evidence at all', 'import torch\nmodel = Net()\nopt = torch.optim.AdamW(model.parameters(), lr=1e-3)\n'],
    ['an identifier ending before .load_state_dict', 'x = 1\nmy_backbone_v2.load_state_dict(torch.load("w.pt"))\n'],
    ['lora inside an identifier that starts long before it', 'a = 2\nself.train_unet_lora_rank = 4\n'],
    ['from_pretrained: the match starts five characters before its anchor', 'y = 0\nm = Auto.from_pretrained("bert")\n'],
    ['evidence, then a decoy, then evidence', 'opt.load_state_dict(s)\nLoRAConfig(r=8)\nnet.load_state_dict(w)\n'],
  ];
  for (const [name, text] of cases) {
    it(name, () => assert.deepEqual(matches(evidenceMatches(text)), matches(text.matchAll(EVIDENCE))));
  }

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`finds what the whole-file search finds in 200 random texts (seed ${seed})`, () => {
      const next = seededRandom(seed);
      for (let n = 0; n < 200; n++) {
        const text = Array.from({ length: 5 + Math.floor(next() * 60) }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
        assert.deepEqual(matches(evidenceMatches(text)), matches(text.matchAll(EVIDENCE)), JSON.stringify(text));
      }
    });
  }
});
