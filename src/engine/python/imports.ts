// Import resolution: which qualified name a local name stands for (`import torch.optim as optim`,
// `from torch.optim import AdamW as W`, `import optax as ox`). Only names bound by imports resolve, so a
// local class called AdamW is never mistaken for torch's.

import type { Node, Tree } from './syntax';
import { stringLiteralValue } from './syntax';

export interface ImportTable {
  /** Local name → fully qualified name. */
  names: Map<string, string>;
  /** Modules imported with `from M import *`. */
  starModules: string[];
}

const IMPORT_LINE = /^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import\b/gm;

export function collectImports(text: string, tree: Tree): ImportTable {
  const table: ImportTable = { names: new Map(), starModules: [] };
  for (let m = IMPORT_LINE.exec(text); m; m = IMPORT_LINE.exec(text)) {
    const keyword = m.index + m[0].search(/\S/);
    let node: Node | null = tree.rootNode.descendantForIndex(keyword, keyword + 1);
    while (node && node.type !== 'import_statement' && node.type !== 'import_from_statement' && node.type !== 'module') node = node.parent;
    if (!node || node.type === 'module' || node.hasError) continue;
    if (node.type === 'import_statement') addImport(node, table);
    else addFromImport(node, table);
  }
  return table;
}

function addImport(node: Node, table: ImportTable): void {
  for (const child of node.childrenForFieldName('name')) {
    if (!child) continue;
    if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (name && alias) table.names.set(alias.text, name.text);
    } else if (child.type === 'dotted_name') {
      // `import torch.optim` binds `torch`; attribute access reaches the rest.
      const head = child.text.split('.')[0];
      table.names.set(head, head);
    }
  }
}

function addFromImport(node: Node, table: ImportTable): void {
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode || moduleNode.type === 'relative_import') return;
  const module = moduleNode.text.replace(/\s+/g, '');
  if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) table.starModules.push(module);
  for (const child of node.childrenForFieldName('name')) {
    if (!child) continue;
    if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (name && alias) table.names.set(alias.text, `${module}.${name.text}`);
    } else if (child.type === 'dotted_name') {
      table.names.set(child.text, `${module}.${child.text}`);
    }
  }
}

/** `__import__`-free dotted text of an attribute chain, or undefined when it is not a plain chain. */
export function dottedName(node: Node): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    const head = object && dottedName(object);
    return head && attr ? `${head}.${attr.text}` : undefined;
  }
  return undefined;
}

/** Qualified name of a callee expression through the import table (`optim.AdamW` → `torch.optim.AdamW`). */
export function qualify(node: Node, imports: ImportTable): string | undefined {
  const dotted = dottedName(node);
  if (!dotted) return undefined;
  const [head, ...rest] = dotted.split('.');
  const base = imports.names.get(head);
  if (base) return [base, ...rest].join('.');
  return undefined;
}

export { stringLiteralValue };
