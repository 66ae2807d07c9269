/**
 * Compiled word lists per distinct settings. Settings objects are rebuilt per
 * lint call, so the cache key is the settings' content; a project has one or
 * two distinct settings, so the cache stays tiny (and is bounded anyway).
 */
export function memoBySettings<T>(compile: (settings: Readonly<Record<string, unknown>>) => T, keys: readonly string[]): (settings: Readonly<Record<string, unknown>>) => T {
  const cache = new Map<string, T>();
  return (settings) => {
    const key = JSON.stringify(keys.map((k) => settings[k] ?? null));
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size > 32) cache.clear();
      value = compile(settings);
      cache.set(key, value);
    }
    return value;
  };
}
