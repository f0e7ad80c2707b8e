// The sweep-source readers: YAML and JSON documents (JSON through jsonc-parser, see json-doc.ts) (W&B sweeps, Hydra sweeper params and `_target_`
// optimizer configs, experiment lists) and shell, Makefile and Markdown launch loops. Loaded on demand
// (a bundle of its own in dist/): only files that mention a learning rate get this far.

import { hashComments, jsonPragmas } from './comments';
import type { SourceModel } from './model';
import type { SourceLanguage } from './languages';
import { parseJson } from './json-doc';
import { parseYaml } from './yaml-doc';
import { isWandbSweep, wandbDeclaration } from './wandb';
import { hydraSweeperDeclaration, targetOptimizers, type TargetOptimizer } from './hydra';
import { experimentDeclarations } from './experiment';
import { shellModel } from './shell';

export function sourceModel(text: string, language: SourceLanguage): SourceModel {
  if (language === 'shellscript' || language === 'makefile' || language === 'markdown') {
    return shellModel(text, language === 'shellscript' ? 'shell' : language);
  }
  const parsed = language === 'json' ? parseJson(text) : parseYaml(text, 'YAML');
  const model: SourceModel = { language, declarations: [], comments: language === 'json' ? jsonPragmas(text) : hashComments(text), notes: parsed.notes };
  for (const doc of parsed.documents) {
    const declaration = isWandbSweep(doc) ? wandbDeclaration(doc, parsed, text) : hydraSweeperDeclaration(doc, parsed, text);
    if (declaration) model.declarations.push(declaration);
    else model.declarations.push(...experimentDeclarations([doc], parsed, text));
  }
  return model;
}

/** Optimizers a Hydra YAML config instantiates (`_target_: torch.optim.AdamW`). */
export function hydraTargets(file: string, text: string): TargetOptimizer[] {
  const parsed = parseYaml(text, 'YAML');
  return targetOptimizers(file, parsed.documents, parsed);
}
