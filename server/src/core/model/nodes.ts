import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { TextSpan } from '../types';
import type { ScalarValue } from './model';

/** Small, typed accessors over yaml nodes so extractors read like the format they describe. */

export function pairOf(map: YAMLMap, key: string): Pair<Scalar, Node | null> | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key) return item as Pair<Scalar, Node | null>;
  }
  return undefined;
}

export function valueOf(map: YAMLMap, key: string): Node | null | undefined {
  return pairOf(map, key)?.value;
}

export function stringValue(node: unknown): ScalarValue | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  return { value: node.value, span: { start: node.range[0], end: node.range[1] } };
}

export function keySpan(pair: Pair<Scalar, unknown>): { start: number; end: number } {
  const r = pair.key.range ?? [0, 0];
  return { start: r[0], end: r[1] };
}

/** A `string | string[]` field as its string entries (non-strings are the schema's business). */
export function stringList(node: unknown): ScalarValue[] {
  if (isSeq(node)) return node.items.map(stringValue).filter((v): v is ScalarValue => v !== undefined);
  const one = stringValue(node);
  return one ? [one] : [];
}

export function mapItems(node: unknown): YAMLMap[] {
  return isSeq(node) ? node.items.filter((n): n is YAMLMap => isMap(n)) : [];
}

export function isBlank(s: ScalarValue | undefined): boolean {
  return !s || s.value.trim() === '';
}

/** A string, or nothing at all (`key:` / `key: null`): the values a "missing" rule may judge. */
export function isTextOrEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || typeof node.value === 'string'));
}

/**
 * The part of a node on its first line: for a mapping its first "key: value",
 * for a list its first item, clipped to that line. Where a diagnostic about a
 * whole mapping or list points, so it marks a line, not a screenful, and
 * never a trailing comment.
 */
export function firstLineSpan(node: Node | null | undefined, text: string): TextSpan | undefined {
  const r = node?.range;
  if (!r) return undefined;
  let start = r[0];
  let end = r[1];
  if (isMap(node) || isSeq(node)) {
    const first = node.items[0] as unknown;
    if (isPair(first)) {
      const k = (first.key as Node | null)?.range;
      const v = (first.value as Node | null)?.range;
      if (k) start = k[0];
      end = v && v[1] > start ? v[1] : k ? k[1] : end;
    } else if (isScalar(first) || isMap(first) || isSeq(first)) {
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
