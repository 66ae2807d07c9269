import { getOrCompute } from './bounded-cache';
/**
 * Compiled word lists per distinct settings. Settings objects are rebuilt per
 * lint call, so the cache key is the settings' content; a project has one or
 * two distinct settings, so the cache stays tiny (and is bounded anyway).
 */
export function memoBySettings<T>(
  compile: (settings: Readonly<Record<string, unknown>>) => T,
  keys: readonly string[],
): (settings: Readonly<Record<string, unknown>>) => T {
  const cache = new Map<string, T>();
  return (settings) => {
    const key = JSON.stringify(keys.map((k) => settings[k] ?? null));
    return getOrCompute(cache, key, 33, () => compile(settings));
  };
}
