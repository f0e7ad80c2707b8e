// Moving what the analysis of a notebook's joined text says into the coordinates of its cells. Every
// range of a site and of a finding is mapped: into the cell it belongs to, with that cell's id as
// `file` where the range lies in another cell than the site or finding and its type can say so, and
// dropped where it cannot be expressed (an argument range outside its call's cell, a fix whose edits
// span two cells).

import type { CellSpan } from './notebook';
import type { Finding, FindingData, Fix, OptimizerSite, ParamSite, Range, RelatedLocation, SweepInfo } from './types';

export class CellCoordinates {
  constructor(private readonly spans: CellSpan[]) {}

  /** The cell that holds a line of the joined text. */
  cellAt(line: number): CellSpan | undefined {
    return this.spans.find((s) => line >= s.firstLine && line < s.firstLine + s.lineCount);
  }

  /** The cell that holds a whole range, undefined when the range crosses a cell boundary. */
  cellOf(range: Range): CellSpan | undefined {
    const span = this.cellAt(range.start.line);
    return span && range.end.line < span.firstLine + span.lineCount ? span : undefined;
  }

  /** The range in the coordinates of its cell. */
  shift(range: Range, span: CellSpan): Range {
    return { start: { line: range.start.line - span.firstLine, column: range.start.column }, end: { line: range.end.line - span.firstLine, column: range.end.column } };
  }

  /** The range in `span`'s coordinates when it lies in that cell, else undefined. */
  within(range: Range | undefined, span: CellSpan): Range | undefined {
    return range && this.cellOf(range) === span ? this.shift(range, span) : undefined;
  }

  /** A range with the id of the cell that holds it, for types that can name another document. */
  located(range: Range): { file: string; range: Range } | undefined {
    const span = this.cellOf(range);
    return span && { file: span.id, range: this.shift(range, span) };
  }

  /** Related locations name their cell (the editor shows them there); ones in no cell are dropped. */
  related(locations: RelatedLocation[] | undefined): RelatedLocation[] | undefined {
    return locations?.flatMap((r) => {
      if (r.file) return [r];
      const at = this.located(r.range);
      return at ? [{ ...r, ...at }] : [];
    });
  }

  sweep(sweep: SweepInfo): SweepInfo {
    return sweep.source ? { ...sweep, source: this.related(sweep.source) } : sweep;
  }

  /** An optimizer site in the coordinates of the cell that holds its call. */
  site(site: OptimizerSite, span: CellSpan): OptimizerSite {
    const moved: OptimizerSite = {
      ...site,
      range: this.shift(site.range, span),
      calleeRange: this.shift(site.calleeRange, span),
      lr: this.param(site.lr, span),
      weightDecay: this.param(site.weightDecay, span),
      sweep: this.sweep(site.sweep),
    };
    if (site.schedule) moved.schedule = this.elsewhere(site.schedule, span);
    if (site.paramGroups) moved.paramGroups = site.paramGroups.map((g) => this.elsewhere(g, span));
    if (site.facts) moved.facts = this.facts(site.facts, span);
    if (site.keywordInsertion) {
      const { at, generator } = site.keywordInsertion;
      moved.keywordInsertion = { ...site.keywordInsertion, at: this.shift({ start: at, end: at }, span).start, ...(generator ? { generator: this.shift(generator, span) } : {}) };
    }
    return moved;
  }

  /** The argument sits in the call (same cell); its definition may be in an earlier cell. */
  private param(param: ParamSite, span: CellSpan): ParamSite {
    const moved: ParamSite = { ...param, range: this.within(param.range, span) };
    if (param.range === undefined) delete moved.range;
    if (param.definition) {
      const at = this.located(param.definition.range);
      if (at) moved.definition = { ...param.definition, range: at.range, ...(at.file === span.id ? {} : { file: at.file }) };
      else delete moved.definition;
    }
    return moved;
  }

  /** Something with a range that may lie in another cell than `span` (a schedule, a param group list). */
  private elsewhere<T extends { range: Range; file?: string }>(item: T, span: CellSpan): T {
    const at = this.located(item.range);
    if (!at) return item;
    return at.file === span.id ? { ...item, range: at.range } : { ...item, range: at.range, file: at.file };
  }

  /** Front-end facts with ranges: the parts of an optax chain and a positional trap (both inside the call). */
  private facts(facts: Record<string, unknown>, span: CellSpan): Record<string, unknown> {
    const out = { ...facts };
    const chain = facts.chain as Array<{ range: Range }> | undefined;
    if (Array.isArray(chain)) out.chain = chain.flatMap((part) => { const range = this.within(part.range, span); return range ? [{ ...part, range }] : []; });
    const trap = facts.positionalTrap as { range: Range } | undefined;
    if (trap) {
      const range = this.within(trap.range, span);
      if (range) out.positionalTrap = { ...trap, range };
      else delete out.positionalTrap;
    }
    return out;
  }

  /** A finding in the coordinates of its cell (`span` holds its range). */
  finding(finding: Finding, span: CellSpan, cellIndex: number): Finding {
    const data: FindingData = { ...finding.data, cell: cellIndex };
    if (finding.data.sweep) data.sweep = this.sweep(finding.data.sweep);
    return {
      ...finding,
      range: this.shift(finding.range, span),
      related: this.related(finding.related),
      fixes: finding.fixes.flatMap((fix) => { const moved = this.fix(fix, span); return moved ? [moved] : []; }),
      data,
    };
  }

  /**
   * A fix whose edits and λ target all lie in one cell, in that cell's coordinates (`file` names the
   * cell when it is not the finding's); undefined when they span cells or fall outside every cell.
   */
  private fix(fix: Fix, findingSpan: CellSpan): Fix | undefined {
    if (fix.file) return fix;
    const ranges = [...fix.edits.map((e) => e.range), ...(fix.target ? [fix.target.weightDecay.range] : [])];
    const cells = new Set(ranges.map((r) => this.cellOf(r)));
    const span = ranges.length === 0 ? findingSpan : cells.size === 1 ? [...cells][0] : undefined;
    if (!span) return undefined;
    const moved: Fix = { ...fix, edits: fix.edits.map((e) => ({ ...e, range: this.shift(e.range, span) })) };
    if (span !== findingSpan) moved.file = span.id;
    if (fix.target) {
      const { weightDecay, lr } = fix.target;
      moved.target = {
        weightDecay: { ...weightDecay, range: this.shift(weightDecay.range, span) },
        // α's range is only rewritten in the same cell as λ; elsewhere the fix keeps α as it is.
        lr: lr && { ...lr, range: this.within(lr.range, span) },
      };
    }
    return moved;
  }
}
