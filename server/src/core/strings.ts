/**
 * Strings out of a file's text. V8 keeps a substring of 13 or more characters as a slice of
 * its parent, so a cached or kept piece of a file (a name, an id, a sentence) would keep the
 * whole file's text alive: what outlives the file is copied first.
 */

const asciiDecoder = new TextDecoder();
let asciiBytes = new Uint8Array(256);

/**
 * A compact copy of a string that shares nothing with the text it was cut from.
 * V8 keeps substrings of 13+ characters as slices of their parent (the whole
 * file stays alive), and a substring of a text with any non-Latin-1 character
 * is stored with two bytes per character even when it is plain ASCII. ASCII
 * comes back as a one-byte string; anything else as `detached` copies it.
 */
export function ownCopy(s: string): string;
export function ownCopy(s: string | undefined): string | undefined;
export function ownCopy(s: string | undefined): string | undefined {
  if (s === undefined || s.length === 0) return s;
  const n = s.length;
  if (asciiBytes.length < n) asciiBytes = new Uint8Array(Math.max(n, asciiBytes.length * 2));
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) break;
    asciiBytes[i] = c;
  }
  if (i === n) return asciiDecoder.decode(asciiBytes.subarray(0, n));
  return detached(s);
}

/**
 * A copy of a string that shares nothing with the text it was cut from, stored as the original is
 * (ownCopy also makes ASCII one byte a character, at three to six times the cost): for many short
 * strings whose size matters less than their number, like the ids of a project's index. Slicing a joined string
 * first flattens the join into a new string, and the slice then points into that copy (50 ns, where
 * JSON.parse(JSON.stringify(s)) takes 500). Shorter than 13 characters, V8 copies a substring anyway.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}
