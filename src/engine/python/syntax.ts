// Small helpers over tree-sitter nodes: ranges, scopes, and the text search that lets the front end
// touch only the nodes it needs (crossing into WebAssembly per node is what costs time).

import type { Node, Tree } from 'web-tree-sitter';
import type { Range } from '../types';

export type { Node, Tree };

export function rangeOf(node: Node): Range {
  return {
    start: { line: node.startPosition.row, column: node.startPosition.column },
    end: { line: node.endPosition.row, column: node.endPosition.column },
  };
}

export function rangeBetween(start: Node, end: Node): Range {
  return { start: rangeOf(start).start, end: rangeOf(end).end };
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'module']);
const COMPREHENSION_TYPES = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

export function isComprehension(node: Node): boolean {
  return COMPREHENSION_TYPES.has(node.type);
}

/** The innermost function, lambda or module around `node` (class bodies do not form a scope for lookups here). */
export function scopeOf(node: Node): Node {
  let n = node.parent;
  while (n && !SCOPE_TYPES.has(n.type)) n = n.parent;
  return n ?? node.tree.rootNode;
}

/** The chain of scopes from the innermost out to the module. */
export function scopeChain(node: Node): Node[] {
  const chain: Node[] = [];
  let s = scopeOf(node);
  chain.push(s);
  while (s.type !== 'module') {
    s = scopeOf(s);
    chain.push(s);
  }
  return chain;
}

/** The top-level statement of the module that contains `node`. */
export function topLevelStatement(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.type !== 'module') n = n.parent;
  return n;
}

const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every identifier node spelled `name` in the file, found by text search (cached per file). */
export class IdentifierIndex {
  private readonly cache = new Map<string, Node[]>();
  constructor(private readonly text: string, private readonly tree: Tree) {}

  occurrences(name: string): Node[] {
    let nodes = this.cache.get(name);
    if (nodes) return nodes;
    nodes = [];
    if (WORD.test(name)) {
      const re = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`, 'g');
      for (let m = re.exec(this.text); m; m = re.exec(this.text)) {
        const node = this.tree.rootNode.descendantForIndex(m.index, m.index + name.length);
        if (node && node.type === 'identifier' && node.startIndex === m.index) nodes.push(node);
      }
    }
    this.cache.set(name, nodes);
    return nodes;
  }
}

/** Text of a Python string literal without prefix and quotes; undefined for f-strings and oddities. */
export function stringLiteralValue(node: Node): string | undefined {
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map((c) => (c ? stringLiteralValue(c) : undefined));
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  if (node.type !== 'string') return undefined;
  const m = /^([rRbBuU]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(node.text);
  if (!m) return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  const raw = m[3];
  if (/r/i.test(m[1])) return raw;
  return raw.replace(/\\(['"\\nt])/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}
