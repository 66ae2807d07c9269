/**
 * The coaching model's word index (wink's `features.lexeme.hash`: each of its 87,593 lexemes → its place in the
 * list) without building it in every thread. wink fills a plain object one key at a time when the model loads:
 * about 70 ms of CPU and 8 MB of new memory a thread (each key interned, the dictionary regrown), for a CLI run
 * whose coaching checks read a few hundred sentences. The build (esbuild.mjs) lays the list out once in an
 * open-addressing table of places, shipped in the model's JSON; here a look-up hashes the word and probes the
 * table. wink reads and writes the index only as `index[word]` (and adds the words it meets that the list lacks),
 * so the table stands behind a Proxy that answers exactly as the object would.
 */

/** FNV-1a over the UTF-16 units: the same in the build and at run time. */
function fnv1a(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The table for `list`: 2^k slots, at most 70 % full (512 KB for wink's list: a look-up probes two slots on
 * average), each a place in the list plus one, 0 where empty.
 */
export function lexemeTableOf(list: readonly string[]): Uint32Array {
  let size = 1;
  while (size * 0.7 < list.length) size *= 2;
  const table = new Uint32Array(size);
  const mask = size - 1;
  list.forEach((word, place) => {
    let slot = fnv1a(word) & mask;
    while (table[slot] !== 0) {
      // wink's loop gives a word listed twice its last place.
      if (list[table[slot] - 1] === word) break;
      slot = (slot + 1) & mask;
    }
    table[slot] = place + 1;
  });
  return table;
}

/** wink's index over `list`, from the table the build made (lexemeTableOf). */
export function lexemeIndex(list: readonly string[], table: Uint32Array): Record<string, number> {
  const mask = table.length - 1;
  const placeOf = (word: string): number | undefined => {
    for (let slot = fnv1a(word) & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot];
      if (entry === 0) return undefined;
      if (list[entry - 1] === word) return entry - 1;
    }
  };
  // Words wink adds while it reads (not in the list the table was made from).
  const added: Record<string, number> = Object.create(null);
  return new Proxy(added, {
    get: (_, word) => (typeof word === 'string' ? (added[word] ?? placeOf(word)) : undefined),
    set: (_, word, place) => {
      if (typeof word !== 'string') return false;
      added[word] = place;
      return true;
    },
    has: (_, word) => typeof word === 'string' && (word in added || placeOf(word) !== undefined),
  });
}
