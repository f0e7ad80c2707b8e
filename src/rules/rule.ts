// The shape of a rule, modelled on ESLint: metadata plus a `create` function that returns a visitor.
// The engine calls the visitor for every optimizer site of a file; the rule calls `context.report`.

import type { EngineConfig } from '../engine/config';
import type { LinkedSweep } from '../engine/sources/link';
import type { FindingData, Fix, Language, OptimizerSite, Range, RelatedLocation, Severity } from '../engine/types';

/** Base address of the rule pages (docs/rules/<name>.md); the language server may point at local copies. */
export const DOCS_BASE = 'https://github.com/adamw-lens/adamw-lens/blob/main/docs/rules/';

export interface RuleMeta {
  name: string;
  defaultSeverity: Severity;
  /** One sentence: what the rule reports. */
  description: string;
  docsUrl: string;
  fixable: boolean;
}

export interface ReportDescriptor {
  message: string;
  range: Range;
  data: FindingData;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** Overrides the configured severity for this report (e.g. `decay-timescale` is a warning when extreme). */
  severity?: Severity;
  /**
   * A note that only adds to other findings (lambda-convention's "λ is not set"): the engine drops it when
   * any other finding is reported on the same optimizer call.
   */
  secondary?: boolean;
}

export interface RuleContext {
  file?: string;
  language: Language;
  text: string;
  config: EngineConfig;
  report(descriptor: ReportDescriptor): void;
}

export interface RuleVisitor {
  optimizer?(site: OptimizerSite): void;
  /** A sweep declared in a sweep source (W&B file, shell loop…), linked to its optimizer when found. */
  sweepSource?(sweep: LinkedSweep): void;
}

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}

export function docsUrl(name: string): string {
  return `${DOCS_BASE}${name}.md`;
}
