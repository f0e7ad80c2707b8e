// Text edits that rescale λ: the S2 rewrite of an S1 sweep, conversion between conventions, rescaling
// for a new learning rate, dataset size or width, and the suppression pragma. Edits touch only the λ
// expression (or insert one keyword argument), so everything else in the file stays as it was.

import type { Convention, Fix, Language, OptimizerSite, Position, Range, TextEdit } from './types';
import { parsePragma } from './pragmas';
import { formatLiteral, formatNumber } from './format';
import { convertWeightDecay } from './decay';
import { lineStarts, lineText } from './lines';

// Names are Unicode in Python 3 and JS (`α`, `λ`): ID_Start/ID_Continue, not just ASCII letters.
const SIMPLE = /^[\p{ID_Start}_$][\p{ID_Continue}$]*(\.[\p{ID_Start}_$][\p{ID_Continue}$]*)*$|^[\d._]+(e[-+]?\d+)?$|^[\p{ID_Start}_$][\p{ID_Continue}$]*\[["'][\w-]+["']\]$/iu;

/** Wraps an expression in parentheses unless it is a name, a number or a simple subscript. */
export function operand(text: string): string {
  const t = text.trim();
  return SIMPLE.test(t) ? t : `(${t})`;
}

/** Replaces the λ expression at the call, or adds it as a keyword argument when it was left to the default. */
export function rewriteWeightDecay(site: OptimizerSite, newExpression: string, wdKeyword: string): TextEdit[] | undefined {
  const { shorthandKey } = site.weightDecay;
  if (site.weightDecay.explicit && site.weightDecay.range) return [{ range: site.weightDecay.range, newText: shorthandKey ? `${shorthandKey}: ${newExpression}` : newExpression }];
  // The front end says where an argument may go (after the last one, with a generator parenthesised),
  // or that none may (a `**kwargs` that could hold it too).
  const insertion = site.keywordInsertion;
  if (!insertion) return undefined;
  // A parameter group that sets its own λ overrides the call's: adding one would change nothing.
  if (site.paramGroups?.some((g) => g.setsWeightDecay)) return undefined;
  const at = (p: Position): Range => ({ start: p, end: p });
  const argument = `${insertion.separator}${wdKeyword}=${newExpression}`;
  if (!insertion.generator) return [{ range: at(insertion.at), newText: argument }];
  // Later edit first, so that applying them in order never shifts the earlier one.
  return [{ range: at(insertion.at), newText: `)${argument}` }, { range: at(insertion.generator.start), newText: '(' }];
}

/** The S2 rewrite: λ' = λ̄ · ᾱ / α, so that α·λ stays at its value at the reference point (seed 000). */
export function s2Fix(site: OptimizerSite, weightDecay: number, reference: { text: string; value: number }, wdKeyword: string): Fix | undefined {
  const lrText = site.lr.text;
  if (!lrText) return undefined;
  const wdText = site.weightDecay.explicit && site.weightDecay.text ? operand(site.weightDecay.text) : formatLiteral(weightDecay);
  const expression = `${wdText} * ${reference.text} / ${operand(lrText)}`;
  const edits = rewriteWeightDecay(site, expression, wdKeyword);
  if (!edits) return undefined;
  return {
    kind: 's2-rescale',
    title: `Sweep S2: keep α·λ fixed (${wdKeyword}=${expression})`,
    edits,
    isPreferred: true,
    unsafeReason: 'changes λ at every sweep point except the reference one: results of earlier runs of this sweep are not comparable',
  };
}

/** Rewrites λ so that it keeps its decay per step under another convention (at the call's α). */
export function convertFix(site: OptimizerSite, from: Convention, to: Convention, lr: number, wdKeyword: string, text: string): Fix | undefined {
  const wd = site.weightDecay.value;
  if (wd === undefined) return undefined;
  const converted = convertWeightDecay(from, to, lr, wd);
  if (converted === undefined || !Number.isFinite(converted)) return undefined;
  const lrText = site.lr.text ? operand(site.lr.text) : formatLiteral(lr);
  const wdText = site.weightDecay.text ? operand(site.weightDecay.text) : formatLiteral(wd);
  const scaled = from === 'schedule-scaled' || from === 'constant'
    ? (to === 'lr-scaled' || to === 'lr-squared' ? `${wdText} / ${lrText}` : wdText)
    : (to === 'schedule-scaled' || to === 'constant' ? `${wdText} * ${lrText}` : wdText);
  if (scaled === wdText) return undefined;
  const rewrite = rewriteWeightDecay(site, scaled, wdKeyword);
  // A `convention=` annotation on the argument's line would still claim the old form for the
  // converted λ (and lambda-convention would fire again): it now says the new one.
  const annotation = site.weightDecay.range && annotationEdit(text, site.weightDecay.range, from, to);
  const edits = rewrite && (annotation ? [...rewrite, annotation] : rewrite);
  return edits && {
    kind: 'convert-convention',
    title: `Convert λ from ${short(from)} to ${short(to)} form (λ = ${formatNumber(converted)} at α = ${formatNumber(lr)})`,
    edits,
    unsafeReason: 'keeps the per-step decay only at the current learning rate; with a schedule the two forms differ over training',
  };
}

/** How an annotation spells each convention after a conversion (aliases of pragmas.ts). */
const ANNOTATION_SPELLING: Record<Convention, string> = {
  'lr-scaled': 'pt', 'schedule-scaled': 'paper', constant: 'constant', 'lr-squared': 'lr-squared', 'coupled-l2': 'l2',
};

const CONVENTION_PRAGMA = /adamw-lens:\s*convention\s*=\s*([\w-]+)/g;

/**
 * The edit that turns `adamw-lens: convention=<from>` in a comment on the lines of `range` into
 * `convention=<to>`: only the value word changes, so the comment keeps everything else it says.
 */
function annotationEdit(text: string, range: Range, from: Convention, to: Convention): TextEdit | undefined {
  for (const line of new Set([range.start.line, range.end.line])) {
    const content = lineText(text, line);
    for (const m of content.matchAll(CONVENTION_PRAGMA)) {
      const at = m.index ?? 0;
      const inComment = /#|\/\//.test(content.slice(0, at));
      if (!inComment || parsePragma(content.slice(at))?.kind !== 'convention' || conventionOf(m[1]) !== from) continue;
      const column = at + m[0].length - m[1].length;
      return { range: { start: { line, column }, end: { line, column: column + m[1].length } }, newText: ANNOTATION_SPELLING[to] };
    }
  }
  return undefined;
}

function conventionOf(alias: string): Convention | undefined {
  const pragma = parsePragma(`adamw-lens: convention=${alias}`);
  return pragma?.kind === 'convention' ? pragma.convention : undefined;
}

function short(c: Convention): string {
  return c === 'lr-scaled' ? 'PyTorch (α·λ)' : c === 'schedule-scaled' ? "the paper's (η·λ)" : c === 'constant' ? 'constant (λ)' : c === 'lr-squared' ? 'corrected (α²/α_max·λ)' : 'L2';
}

/** Fixes that ask the user for a number; `instantiateRescale` fills them in. */
export function rescaleFixes(site: OptimizerSite): Fix[] {
  if (!site.weightDecay.range || site.weightDecay.value === undefined || site.convention === 'coupled-l2') return [];
  const base = {
    edits: [] as TextEdit[],
    target: { weightDecay: { range: site.weightDecay.range, value: site.weightDecay.value }, lr: site.lr.value === undefined ? undefined : { range: site.lr.range, value: site.lr.value } },
  };
  const out: Fix[] = [];
  if (site.lr.value !== undefined && (site.convention === 'lr-scaled' || site.convention === 'lr-squared')) {
    out.push({ ...base, kind: 'rescale-for-lr', title: "Rescale λ for a new learning rate (keeps α·λ and τ_iter: λ' = λ·α/α')",
      input: { prompt: `New learning rate (now ${formatLiteral(site.lr.value)})`, placeholder: formatLiteral(site.lr.value * 2), parameter: 'lr' } });
  }
  out.push({ ...base, kind: 'rescale-for-dataset', title: "Rescale λ for a new dataset size (keeps τ_epoch: λ' = λ·N/N')",
    input: { prompt: 'Old and new dataset size as "N, N\'" (e.g. 50000, 200000)', placeholder: '50000, 200000', parameter: 'datasetSize' } });
  out.push({ ...base, kind: 'rescale-for-width', title: "Rescale λ for a new model width under μP (keeps τ_iter: λ' = λ·width'/width)",
    input: { prompt: 'Old and new width as "width, width\'" (e.g. 512, 1024)', placeholder: '512, 1024', parameter: 'width' } });
  return out;
}

/** The suppression pragma above the line of a finding, indented like that line. */
export function suppressFix(rule: string, line: number, text: string, language: Language): Fix | undefined {
  const indent = /^\s*/.exec(lineText(text, line))?.[0] ?? '';
  // JSON has no comments: the pragma is a `"//"` member on the line above (docs/sweep-sources.md).
  const pragma = language === 'json' ? `"//": "adamw-lens: ignore[${rule}]",`
    : `${language === 'python' || language === 'yaml' || language === 'shell' ? '#' : '//'} adamw-lens: ignore[${rule}]`;
  const edit: TextEdit = { range: { start: { line, column: 0 }, end: { line, column: 0 } }, newText: `${indent}${pragma}\n` };
  // A member is valid only inside an object: in an array (or anywhere else) the pragma would break the file.
  if (language === 'json' && parsesAsJson(text)) {
    const offset = lineStarts(text)[line] ?? text.length;
    if (!parsesAsJson(text.slice(0, offset) + edit.newText + text.slice(offset))) return undefined;
  }
  return { kind: 'suppress', title: `Suppress ${rule} on this line`, edits: [edit] };
}

/** A finding's fixes followed by its suppression pragma, where the file has a place for one. */
export function withSuppression(fixes: Fix[], suppression: Fix | undefined): Fix[] {
  return suppression ? [...fixes, suppression] : fixes;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Fills in a fix that asked for a number: `answer` is what the user typed ("3e-4", or "50000, 200000"). */
export function instantiateFix(fix: Fix, answer: string): Fix | { error: string } {
  if (!fix.input || !fix.target) return fix;
  const numbers = answer.split(/[,;\s]+/).filter(Boolean).map(Number);
  if (numbers.length === 0 || numbers.some((x) => !Number.isFinite(x) || x <= 0)) return { error: `expected positive numbers, got "${answer}"` };
  const { weightDecay, lr } = fix.target;
  let newWd: number;
  const edits: TextEdit[] = [];
  switch (fix.input.parameter) {
    case 'lr': {
      if (!lr || numbers.length !== 1) return { error: 'expected one learning rate, e.g. 3e-4' };
      newWd = (weightDecay.value * lr.value) / numbers[0];
      if (lr.range) edits.push({ range: lr.range, newText: formatLiteral(numbers[0]) });
      break;
    }
    case 'datasetSize': case 'width': {
      if (numbers.length !== 2) return { error: fix.input.parameter === 'width' ? 'expected "old width, new width", e.g. 512, 1024' : 'expected "old size, new size", e.g. 50000, 200000' };
      const [before, after] = numbers;
      newWd = fix.input.parameter === 'datasetSize' ? (weightDecay.value * before) / after : (weightDecay.value * after) / before;
      break;
    }
  }
  if (!Number.isFinite(newWd)) return { error: 'the rescaled λ is not a finite number' };
  edits.push({ range: weightDecay.range, newText: formatLiteral(newWd) });
  // Later positions first, so that applying them in order never shifts an earlier range.
  edits.sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.column - a.range.start.column);
  return { ...fix, input: undefined, edits, title: `${fix.title}: λ = ${formatLiteral(newWd)}` };
}
