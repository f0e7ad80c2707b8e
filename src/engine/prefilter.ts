// The cheap text test that lets a workspace check skip most files: a file in which no catalogued API
// name occurs cannot contain an optimizer call. A few short tokens cover every API word (`Adam` covers
// AdamW, NAdam, PagedAdamW8bit…), so the test is a handful of indexOf scans.

import { API_WORDS } from './catalog';

const COVER = ['Adam', 'adam', 'SGD', 'RMSprop', 'Lion', 'lamb', 'create_optimizer', 'TrainingArguments', 'add_decayed_weights'];

/** Tokens such that every API word contains at least one of them. */
export const PREFILTER_TOKENS: readonly string[] = (() => {
  const tokens = [...COVER];
  for (const word of API_WORDS) if (word !== 'chain' && !tokens.some((t) => word.includes(t))) tokens.push(word);
  return tokens;
})();

/** False only when the text certainly contains no optimizer call the engine knows. */
export function mayContainOptimizer(text: string): boolean {
  for (const t of PREFILTER_TOKENS) if (text.includes(t)) return true;
  return false;
}
