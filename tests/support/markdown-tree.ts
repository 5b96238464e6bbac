/**
 * An independent GitHub-flavoured Markdown parser (micromark with its GFM extensions, from node_modules) to check
 * what text we generate really parses to, rather than what we meant it to. Loaded with require: these versions are
 * CommonJS without TypeScript types, so the little of the tree we read is typed here.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface MdNode {
  type: string;
  value?: string;
  url?: string;
  depth?: number;
  children?: MdNode[];
}

type FromMarkdown = (doc: string, options: { extensions: unknown[]; mdastExtensions: unknown[] }) => MdNode;
const fromMarkdown = require('mdast-util-from-markdown') as FromMarkdown;
const gfmSyntax = require('micromark-extension-gfm') as () => unknown;
const gfmTree = require('mdast-util-gfm') as { fromMarkdown: unknown };

export function parseGfm(doc: string): MdNode {
  return fromMarkdown(doc, { extensions: [gfmSyntax()], mdastExtensions: [gfmTree.fromMarkdown] });
}

/** Every node, depth first. */
export function* nodes(tree: MdNode): Generator<MdNode> {
  yield tree;
  for (const child of tree.children ?? []) yield* nodes(child);
}

/** What a reader sees of a node: its text, without the zero-width spaces that stop GitHub linking it. */
export function textOf(node: MdNode): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value!.replace(/\u200b/g, '');
  return (node.children ?? []).map(textOf).join('');
}
