/**
 * Array helpers that never spread a list into a call's arguments: `a.push(...b)`
 * and `Math.max(...b)` put every element on the stack and throw "Maximum call
 * stack size exceeded" past about 100,000 elements (150,000 equal ids in one
 * file did). test/unit/no-call-spread.test.ts keeps such spreads out of the code.
 */

/** Appends every item to `target` (in order) and returns it. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest value, or `empty` for no values. */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let max = empty;
  let any = false;
  for (const v of values) {
    max = any ? Math.max(max, v) : v;
    any = true;
  }
  return max;
}

/** The smallest value, or `empty` for no values. */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  return -maxOf(negated(values), -empty);
}

function* negated(values: Iterable<number>): Iterable<number> {
  for (const v of values) yield -v;
}

/** Sorts by `path`, in code-unit order (the same order whatever the locale, so output is stable across machines). */
export function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
