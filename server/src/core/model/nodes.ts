import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
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
