/**
 * `map`'s value for `key`, or `compute()` stored under it. The coaching caches
 * hold repeated prose and words (real projects repeat phrasing, so each distinct
 * text is analysed once); emptying a map once it holds `limit` entries keeps a
 * hostile project from growing one without bound. `compute` never returns undefined.
 */
export function getOrCompute<K, V>(map: Map<K, V>, key: K, limit: number, compute: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    if (map.size >= limit) map.clear();
    value = compute();
    map.set(key, value);
  }
  return value;
}
