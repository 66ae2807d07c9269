import type { TextSpan } from '../types';
import { isMapNode, isPairNode, isScalarNode, isSeqNode, rangeOf, type KeyedPair, type MapNode } from '../yaml-nodes';
import type { ScalarValue } from './model';

/** Small, typed accessors over parsed nodes (../yaml-nodes.ts) so extractors read like the format they describe. */

export function pairOf(map: MapNode, key: string): KeyedPair | undefined {
  for (const item of map.items) {
    if (isPairNode(item) && isScalarNode(item.key) && item.key.value === key) return item as KeyedPair;
  }
  return undefined;
}

export function valueOf(map: MapNode, key: string): unknown {
  return pairOf(map, key)?.value;
}

export function stringValue(node: unknown): ScalarValue | undefined {
  if (!isScalarNode(node) || typeof node.value !== 'string' || !node.range) return undefined;
  return { value: node.value, span: { start: node.range[0], end: node.range[1] } };
}

export function keySpan(pair: KeyedPair): { start: number; end: number } {
  const r = pair.key.range ?? [0, 0];
  return { start: r[0], end: r[1] };
}

/** A `string | string[]` field as its string entries (non-strings are the schema's business). */
export function stringList(node: unknown): ScalarValue[] {
  // One array made here whatever the node, filled in order: every list in the model is then of one kind, and the
  // code that reads them (extraction, the rules, the slim copies) is not thrown away at the first of another.
  const out: ScalarValue[] = [];
  if (isSeqNode(node)) {
    for (const item of node.items) {
      const v = stringValue(item);
      if (v !== undefined) out.push(v);
    }
  } else {
    const one = stringValue(node);
    if (one !== undefined) out.push(one);
  }
  return out;
}

export function mapItems(node: unknown): MapNode[] {
  return isSeqNode(node) ? node.items.filter(isMapNode) : [];
}

export function isBlank(s: ScalarValue | undefined): boolean {
  // Nothing but white space: what trim() would empty (\s is its set of characters), without the trimmed copy.
  return !s || !NOT_SPACE.test(s.value);
}

const NOT_SPACE = /\S/;

/** A string, or nothing at all (`key:` / `key: null`): the values a "missing" rule may judge. */
export function isTextOrEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalarNode(node) && (node.value === null || typeof node.value === 'string'));
}

/**
 * The part of a node on its first line: for a mapping its first "key: value",
 * for a list its first item, clipped to that line. Where a diagnostic about a
 * whole mapping or list points, so it marks a line, not a screenful, and
 * never a trailing comment.
 */
export function firstLineSpan(node: unknown, text: string): TextSpan | undefined {
  const r = rangeOf(node);
  if (!r) return undefined;
  let start = r[0];
  let end = r[1];
  if (isMapNode(node) || isSeqNode(node)) {
    const first = node.items[0] as unknown;
    if (isPairNode(first)) {
      const k = rangeOf(first.key);
      const v = rangeOf(first.value);
      if (k) start = k[0];
      end = v && v[1] > start ? v[1] : k ? k[1] : end;
    } else if (isScalarNode(first) || isMapNode(first) || isSeqNode(first)) {
      if (first.range) end = first.range[1];
    }
    if (node.flow) {
      // `{ … }` / `[ … ]` on one line: the whole collection is the natural mark.
      start = r[0];
      end = r[1];
    }
  }
  let lineEnd = text.indexOf('\n', start);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  end = Math.min(end, lineEnd);
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return { start, end: Math.max(start, end) };
}
