// Offset ↔ 0-based line/column conversion for front ends whose parsers report offsets.

import type { Range } from '../types';

export function rangeMaker(text: string): (start: number, end: number) => Range {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, column: offset - lineStarts[lo] };
  };
  return (start, end) => ({ start: position(start), end: position(end) });
}
