// Fine-tuning is not training from scratch: when a file starts from pretrained weights, staying near
// them is the point, and "decay is effectively off, the weights never forget their initialisation" is
// wrong advice. The evidence is found by text and confirmed on the tree (not in a comment or a string).

import type { Node } from './syntax';
import { rangeOf } from './syntax';
import type { Evaluator } from './evaluate';
import type { Range } from '../types';

export interface FineTuneEvidence { what: string; range: Range }

// from_pretrained (Hugging Face, also under a Trainer), timm/torchvision pretrained=True, torch.hub.load,
// PEFT / LoRA (PEFT's names, and LoRA code of its own: diffusers' LoRAAttnProcessor, `lora_rank`,
// `train_lora`; adapters are trained on a pretrained model), and weights loaded into a model (not an
// optimizer's, scheduler's or scaler's state: resuming a run is not fine-tuning).
export const EVIDENCE = /\bfrom_pretrained\s*\(|\bpretrained\s*=\s*True\b|\btorch\.hub\.load\s*\(|\b(?:get_peft_model|PeftModel|prepare_model_for_kbit_training)\b|\bLo[Rr][Aa](?:[A-Z_]\w*)?\b|\b(?:\w+_)?lora(?:_\w+)?\b|\b(\w+)\.load_state_dict\s*\(/g;
const NOT_A_MODEL = /opt|sched|scaler|ema$|state$/i;
/** A literal part of every match of EVIDENCE. Most files have none: one scan for these (≈ 0.2 ms on
 * 10 000 lines) replaces EVIDENCE's (≈ 1.5 ms; its `\w+` alternatives try every word). */
const ANCHOR = /pretrained|torch\.hub\.load|get_peft_model|PeftModel|prepare_model_for_kbit_training|Lo[Rr][Aa]|lora|\.load_state_dict/;

/**
 * EVIDENCE's matches in `text`, in order: the scan starts at the word around the first anchor, since a match
 * starts at the beginning of the run of word characters that holds its anchor (or, for `.load_state_dict`,
 * ends right before it), and none can start before the first anchor's.
 */
export function evidenceMatches(text: string): IterableIterator<RegExpMatchArray> | [] {
  const anchor = ANCHOR.exec(text);
  if (!anchor) return [];
  let start = anchor.index;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  const evidence = new RegExp(EVIDENCE.source, 'g');
  evidence.lastIndex = start;
  return text.matchAll(evidence);
}

const cache = new WeakMap<Evaluator, FineTuneEvidence | null>();

/** The first sign in the file that it fine-tunes pretrained weights, or undefined. Cached per analysis. */
export function fineTuneEvidence(ev: Evaluator): FineTuneEvidence | undefined {
  const cached = cache.get(ev);
  if (cached !== undefined) return cached ?? undefined;
  let found: FineTuneEvidence | null = null;
  for (const m of evidenceMatches(ev.ctx.text)) {
    if (m[1] && NOT_A_MODEL.test(m[1])) continue;
    const at = m.index ?? 0;
    const node = ev.ctx.tree.rootNode.descendantForIndex(at, at + 1);
    if (!node || insideCommentOrString(node)) continue;
    found = { what: m[0].replace(/\s*\($/, '').trim(), range: rangeOf(node) };
    break;
  }
  cache.set(ev, found);
  return found ?? undefined;
}

function insideCommentOrString(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) if (n.type === 'comment' || n.type === 'string') return true;
  return false;
}
