// `adamw-lens:` pragmas in comments, the same in every language's comment syntax:
//   adamw-lens: ignore[s1-sweep, coupled-l2]   this line and the next (when alone on its line)
//   adamw-lens: ignore                         every rule on this line and the next
//   adamw-lens: ignore-file / ignore-file[rule] the whole file
//   adamw-lens: convention=lh                  λ written here is in the paper's form (also `paper`, `pt`, `constant`…)
// Front ends hand every comment to `collectPragmas`; the engine drops findings the suppressions cover.

import type { Convention, Suppressions } from './types';

export interface CommentInfo {
  /** 0-based line of the comment. */
  line: number;
  /** The comment text without its leading `#` or `//`. */
  text: string;
  /** True when nothing but white space precedes the comment on its line (then it also covers the next line). */
  standalone: boolean;
}

export type Pragma =
  | { kind: 'ignore'; rules: string[] | '*' }
  | { kind: 'ignore-file'; rules: string[] | '*' }
  | { kind: 'convention'; convention: Convention };

const PRAGMA = /adamw-lens:\s*(ignore-file|ignore|convention)\s*(?:\[([^\]]*)\]|=\s*([\w-]+))?/;

const CONVENTION_ALIASES: Record<string, Convention> = {
  lh: 'schedule-scaled', paper: 'schedule-scaled', 'schedule-scaled': 'schedule-scaled', decoupled: 'schedule-scaled',
  pt: 'lr-scaled', pytorch: 'lr-scaled', torch: 'lr-scaled', optax: 'lr-scaled', 'lr-scaled': 'lr-scaled',
  constant: 'constant', tfa: 'constant',
  'lr-squared': 'lr-squared', corrected: 'lr-squared',
  l2: 'coupled-l2', 'coupled-l2': 'coupled-l2',
};

export function parsePragma(commentText: string): Pragma | undefined {
  const m = PRAGMA.exec(commentText);
  if (!m) return undefined;
  const [, kind, list, value] = m;
  if (kind === 'convention') {
    const convention = value ? CONVENTION_ALIASES[value.toLowerCase()] : undefined;
    return convention ? { kind: 'convention', convention } : undefined;
  }
  const rules = list === undefined ? '*' : list.split(',').map((r) => r.trim()).filter(Boolean);
  return { kind: kind as 'ignore' | 'ignore-file', rules: rules.length === 0 ? '*' : rules };
}

export function collectSuppressions(comments: Iterable<CommentInfo>): Suppressions {
  const suppressions: Suppressions = { file: new Set(), lines: new Map() };
  const add = (line: number, rules: string[] | '*') => {
    const set = suppressions.lines.get(line) ?? new Set<string>();
    for (const r of rules === '*' ? ['*'] : rules) set.add(r);
    suppressions.lines.set(line, set);
  };
  for (const c of comments) {
    const pragma = parsePragma(c.text);
    if (!pragma) continue;
    if (pragma.kind === 'ignore-file') for (const r of pragma.rules === '*' ? ['*'] : pragma.rules) suppressions.file.add(r);
    else if (pragma.kind === 'ignore') {
      add(c.line, pragma.rules);
      if (c.standalone) add(c.line + 1, pragma.rules);
    }
  }
  return suppressions;
}

/** Whether a finding of `rule` whose range starts on `line` is suppressed. */
export function isSuppressed(s: Suppressions, rule: string, line: number): boolean {
  if (s.file.has('*') || s.file.has(rule)) return true;
  const set = s.lines.get(line);
  return !!set && (set.has('*') || set.has(rule));
}
