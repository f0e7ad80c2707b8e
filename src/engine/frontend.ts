// What a language front end hands to the engine for one file. Front ends: src/engine/python/ (tree-sitter),
// src/engine/typescript/ (typescript-estree). Notebooks are Python front-end input with a line map.

import type { AnalysisNote, Language, OptimizerSite, Suppressions } from './types';
import type { CommentInfo } from './pragmas';

export interface FileModel {
  language: Language;
  /** Every catalogued optimizer call found, resolved as far as the code allows. */
  sites: OptimizerSite[];
  /** The comments that hold `adamw-lens:` pragmas. */
  comments: CommentInfo[];
  suppressions: Suppressions;
  /** Parts skipped or only partly read (syntax errors, too deep nesting…). */
  notes: AnalysisNote[];
}
