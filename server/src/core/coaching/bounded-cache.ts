import { ownCopy } from '../strings';
/**
 * `map`'s value for `key`, or `compute()` stored under it. The coaching caches
 * hold repeated prose and words (real projects repeat phrasing, so each distinct
 * text is analysed once); emptying a map once it holds `limit` entries keeps a
 * hostile project from growing one without bound. `compute` never returns undefined.
 *
 * A string key is stored as a copy: keys are usually slices of a whole file's text, and V8
 * keeps a slice's parent string alive, so a cached sentence would pin its 80 KB playbook in
 * memory long after the file was checked (seen in a heap snapshot of the language server).
 */
export function getOrCompute<K, V>(map: Map<K, V>, key: K, limit: number, compute: () => V): V {
  const value = map.get(key);
  return value === undefined ? remember(map, key, limit, compute()) : value;
}

/**
 * Stores `value` under `key` (as getOrCompute does) and returns it: for a hot caller that looks
 * the key up itself, so that a hit allocates no `compute` closure.
 */
export function remember<K, V>(map: Map<K, V>, key: K, limit: number, value: V): V {
  if (map.size >= limit) map.clear();
  map.set(typeof key === 'string' ? (ownCopy(key) as K) : key, value);
  return value;
}
