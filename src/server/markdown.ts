// Text from the workspace (file names, paths) put into the Markdown of hovers: every character that can
// start Markdown inline syntax there is backslash-escaped, so `a*b_[x](y).py` shows as written instead of
// as emphasis and a link. `.`, `-`, `+`, `#` are special only at the start of a line, where this text
// never stands (it goes into table cells and after labels). `|` is left to the table row, which escapes it.

const INLINE_SPECIAL = /[\\`*_[\]<>~&!]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(INLINE_SPECIAL, (c) => `\\${c}`);
}
