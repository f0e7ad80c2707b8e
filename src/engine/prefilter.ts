// The cheap text test that lets a workspace check skip most files: a file in which no catalogued API
// name occurs cannot contain an optimizer call. A few short tokens cover every API word (`Adam` covers
// AdamW, NAdam, PagedAdamW8bit…), so the test is a handful of indexOf scans; an occurrence of a token
// counts only where one of the API words it covers is written around it, ending where the identifier
// ends (`lamb` inside `lambda`, in most Python files, is not optax's `lamb`; a call resolves only when
// the last segment of its name is an API word, and every longer API word is in the list itself).

import { API_WORDS } from './catalog';

const COVER = ['Adam', 'adam', 'SGD', 'RMSprop', 'Lion', 'lamb', 'create_optimizer', 'TrainingArguments', 'add_decayed_weights'];

/** Tokens such that every API word contains at least one of them. */
export const PREFILTER_TOKENS: readonly string[] = (() => {
  const tokens = [...COVER];
  for (const word of API_WORDS) if (word !== 'chain' && !tokens.some((t) => word.includes(t))) tokens.push(word);
  return tokens;
})();

/** Per token, the API words it covers and where in each word it sits. */
const COVERED = PREFILTER_TOKENS.map((token) => ({
  token,
  words: API_WORDS.filter((w) => w !== 'chain' && w.includes(token)).flatMap((word) => {
    const at: Array<{ word: string; offset: number }> = [];
    for (let i = word.indexOf(token); i >= 0; i = word.indexOf(token, i + 1)) at.push({ word, offset: i });
    return at;
  }),
}));

const IDENTIFIER_CHAR = /[A-Za-z0-9_$]/;

/** False only when the text certainly contains no optimizer call the engine knows. */
export function mayContainOptimizer(text: string): boolean {
  for (const { token, words } of COVERED) {
    for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
      for (const { word, offset } of words) {
        const start = i - offset;
        if (start >= 0 && text.startsWith(word, start) && !IDENTIFIER_CHAR.test(text.charAt(start + word.length))) return true;
      }
    }
  }
  return false;
}
