// ESTree helpers for the TS/JS front end: parent links, ranges, and declarations by name.

import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Range } from '../types';

export type Node = TSESTree.Node;

export interface Tree {
  parents: Map<Node, Node | undefined>;
  /** name → every binding occurrence (declarator ids, params, function names, imports). */
  declarations: Map<string, Node[]>;
  calls: TSESTree.CallExpression[];
  program: TSESTree.Program;
}

const MAX_NODES = 2_000_000;

/** One iterative pass: parents, declarations and calls (no recursion, so deep nesting cannot overflow). */
export function index(program: TSESTree.Program): Tree {
  const parents = new Map<Node, Node | undefined>();
  const declarations = new Map<string, Node[]>();
  const calls: TSESTree.CallExpression[] = [];
  const stack: Array<[Node, Node | undefined]> = [[program, undefined]];
  let count = 0;
  while (stack.length) {
    const [node, parent] = stack.pop()!;
    if (++count > MAX_NODES) break;
    parents.set(node, parent);
    if (node.type === 'CallExpression') calls.push(node);
    if (node.type === 'Identifier' && parent && isBindingPosition(node, parent)) {
      const list = declarations.get(node.name) ?? [];
      list.push(node);
      declarations.set(node.name, list);
    }
    for (const key of Object.keys(node) as Array<keyof typeof node>) {
      if (key === 'parent' || key === 'loc' || key === 'range') continue;
      const value = node[key] as unknown;
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) if (isNode(value[i])) stack.push([value[i], node]);
      } else if (isNode(value)) stack.push([value, node]);
    }
  }
  calls.sort((a, b) => a.range[0] - b.range[0]);
  return { parents, declarations, calls, program };
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && Array.isArray((v as { range?: unknown }).range);
}

function isBindingPosition(id: TSESTree.Identifier, parent: Node): boolean {
  switch (parent.type) {
    case 'VariableDeclarator': return parent.id === id;
    case 'FunctionDeclaration': case 'FunctionExpression': case 'ArrowFunctionExpression':
      return parent.params.includes(id) || (parent.type === 'FunctionDeclaration' && parent.id === id);
    case 'AssignmentPattern': return parent.left === id;
    case 'ArrayPattern': return true;
    case 'Property': return parent.value === id && !!parent.parent && parent.parent.type === 'ObjectPattern';
    case 'ImportSpecifier': case 'ImportDefaultSpecifier': case 'ImportNamespaceSpecifier': return parent.local === id;
    case 'ClassDeclaration': return parent.id === id;
    default: return false;
  }
}

export function rangeOf(node: Node): Range {
  return {
    start: { line: node.loc.start.line - 1, column: node.loc.start.column },
    end: { line: node.loc.end.line - 1, column: node.loc.end.column },
  };
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

export function isFunction(n: Node): n is TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression {
  return n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
}

/** Strips `as T`, `x!`, `satisfies T`, `<T>x` and parentheses. */
export function unwrap(n: Node): Node {
  let cur = n;
  while (cur.type === 'TSAsExpression' || cur.type === 'TSNonNullExpression' || cur.type === 'TSSatisfiesExpression' || cur.type === 'TSTypeAssertion') cur = cur.expression;
  return cur;
}

export function sourceText(text: string, n: Node): string {
  return text.slice(n.range[0], n.range[1]);
}
