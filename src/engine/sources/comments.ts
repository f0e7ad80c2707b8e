// Where sweep sources keep `adamw-lens:` pragmas: `#` comments (YAML, shell, Makefile, Python) and, since
// JSON has no comments, `"//"` members. Plain text scans, so that files without pragmas cost nothing.

import type { CommentInfo } from '../pragmas';

/** `#` comments that hold `adamw-lens:` pragmas (YAML, shell and Makefile share the syntax). */
export function hashComments(text: string): CommentInfo[] {
  const out: CommentInfo[] = [];
  if (!text.includes('adamw-lens')) return out;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = line.indexOf('#');
    if (at < 0 || !line.includes('adamw-lens', at)) return;
    out.push({ line: i, text: line.slice(at + 1), standalone: line.slice(0, at).trim() === '' });
  });
  return out;
}

/** `"//": "adamw-lens: ignore[s1-sweep]"` members: JSON has no comments, so a pragma is a string on its own line. */
export function jsonPragmas(text: string): CommentInfo[] {
  if (!text.includes('adamw-lens')) return [];
  const out: CommentInfo[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /"[^"]*"\s*:\s*"([^"]*adamw-lens:[^"]*)"/.exec(line);
    if (m) out.push({ line: i, text: m[1], standalone: true });
  });
  return out;
}
