/**
 * The part of a YAML node tree that the extractors (model/) and the schema check (schema/)
 * read, whichever parse built it: yaml's own nodes (parse.ts, the full parse) and the light
 * nodes of the fast path (fast-yaml/nodes.ts) both satisfy these interfaces, so neither has
 * to pose as the other. Node methods (toJS, toString, …) are not part of it: code that
 * needs them uses the full parse.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { FastMap, FastPair, FastScalar, FastSeq } from './fast-yaml/nodes';

/** [start, valueEnd, nodeEnd] offsets, as yaml's composer sets `range`. */
export type NodeRange = readonly [number, number, number];

export interface ScalarNode {
  /** The resolved value (core schema): string, null, boolean or number. */
  readonly value: unknown;
  /** yaml's Scalar.Type: PLAIN, QUOTE_SINGLE, QUOTE_DOUBLE, BLOCK_FOLDED or BLOCK_LITERAL. */
  readonly type?: string | null;
  readonly range?: NodeRange | null;
}

export interface PairNode {
  readonly key: unknown;
  readonly value: unknown;
}

/** A pair whose key is a scalar (every key the extractors look up). */
export interface KeyedPair extends PairNode {
  readonly key: ScalarNode;
}

export interface MapNode {
  readonly items: readonly PairNode[];
  readonly range?: NodeRange | null;
  /** `{ … }` rather than block style. */
  readonly flow?: boolean;
}

export interface SeqNode {
  readonly items: readonly unknown[];
  readonly range?: NodeRange | null;
  /** `[ … ]` rather than block style. */
  readonly flow?: boolean;
}

export type TreeNode = ScalarNode | MapNode | SeqNode;

/** A parsed document as the extractors and the schema check read it: its root node. */
export interface ParsedTree {
  readonly contents: unknown;
}

/** Any node's range (an alias's too: yaml's Alias nodes have one); undefined for null and non-nodes. */
export function rangeOf(node: unknown): NodeRange | undefined {
  return (node as { range?: NodeRange | null } | null | undefined)?.range ?? undefined;
}

// Light nodes first: on the fast path they are all there is, and instanceof is cheaper than yaml's own tests.
export function isMapNode(node: unknown): node is MapNode {
  return node instanceof FastMap || isMap(node);
}

export function isSeqNode(node: unknown): node is SeqNode {
  return node instanceof FastSeq || isSeq(node);
}

export function isScalarNode(node: unknown): node is ScalarNode {
  return node instanceof FastScalar || isScalar(node);
}

export function isPairNode(node: unknown): node is PairNode {
  return node instanceof FastPair || isPair(node);
}

export function isCollectionNode(node: unknown): node is MapNode | SeqNode {
  return isMapNode(node) || isSeqNode(node);
}
