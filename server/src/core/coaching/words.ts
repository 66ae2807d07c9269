import { getOrCompute } from './bounded-cache';
/**
 * Word-level tools for the cheap scans that run before (or instead of) the
 * tagger: words with offsets, a visitor that stops early, and a light stemmer.
 */

export interface Word {
  /** As written. */
  text: string;
  /** Lower case, typographic apostrophe as "'". */
  lower: string;
  start: number;
  end: number;
}

/** Letters and digits, with inner apostrophes ("buyer's", "don't"); hyphens split words. */
const WORD = /[\p{L}\p{N}_]+(?:['’][\p{L}\p{N}_]+)*/gu;
const ASCII = /^[\x00-\x7f]*$/;

/** Is every character of `text` ASCII? (The checks read such text by hand, several times faster than by the Unicode patterns.) */
export function isAscii(text: string): boolean {
  return ASCII.test(text);
}

/**
 * Visits a word: its offsets in the text and, for a word with a character beyond ASCII, its lower
 * case (see normalizeWord); an ASCII word's lower case is `text.slice(start, end).toLowerCase()`,
 * left to the visitor (WordMemo reads it in place), with its hashOfLower when the scan worked it
 * out on the way. True stops the scan.
 */
type WordVisitor = (start: number, end: number, lower: string | undefined, hash?: number) => boolean | void;

/** An ASCII letter, digit or underscore (a word character of the \w kind). */
export const isAsciiWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/**
 * Calls `visit` with each word of `text` (WORD) until it returns true. Most
 * prose is ASCII, read here by hand several times faster than with the
 * Unicode pattern; at the first other character the pattern takes over from
 * the word (or gap) it is in, so a scan that stops early reads only its words.
 */
function scanWords(text: string, visit: WordVisitor): void {
  const n = text.length;
  let i = 0;
  for (;;) {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > 127) return scanUnicodeWords(text, i, visit);
      if (isAsciiWordChar(c)) break;
    }
    if (i === n) return;
    const start = i;
    let hash = lowerAscii(text.charCodeAt(i));
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (isAsciiWordChar(c)) {
        hash = (Math.imul(hash, 31) + lowerAscii(c)) | 0;
        continue;
      }
      if (c > 127) return scanUnicodeWords(text, start, visit);
      if (c !== 39 || i + 1 === n) break; // an apostrophe continues the word only before a letter or digit
      const next = text.charCodeAt(i + 1);
      if (next > 127) return scanUnicodeWords(text, start, visit);
      if (!isAsciiWordChar(next)) break;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (visit(start, i, undefined, hash)) return;
  }
}

/** WORD from `from` on; safe to nest, as each step sets the pattern's position. */
function scanUnicodeWords(text: string, from: number, visit: WordVisitor): void {
  for (let at = from; ; ) {
    WORD.lastIndex = at;
    const m = WORD.exec(text);
    if (!m) return;
    at = m.index + m[0].length;
    if (visit(m.index, at, isAscii(m[0]) ? undefined : normalizeWord(m[0]))) return;
  }
}

export function words(text: string): Word[] {
  const out: Word[] = [];
  scanWords(text, (start, end, lower) => {
    const written = text.slice(start, end);
    out.push({ text: written, lower: lower ?? written.toLowerCase(), start, end });
  });
  return out;
}

/** Is `test` true of some word of `text` (in lower case)? Stops at the first: no list is built. */
export function someWord(text: string, test: (lower: string) => boolean): boolean {
  let found = false;
  scanWords(text, (start, end, lower) => (found = test(lower ?? text.slice(start, end).toLowerCase())));
  return found;
}

/** Is `test` true of the memo's value for some word of `text`? Stops at the first; reads ASCII words in place. */
export function someWordValue<V>(text: string, memo: WordMemo<V>, test: (value: V) => boolean): boolean {
  let found = false;
  scanWords(text, (start, end, lower, hash) => (found = test(memo.get(text, start, end, lower, hash))));
  return found;
}

/**
 * A value per word (lower case), worked out once: `compute(lower)`. An ASCII word is looked up
 * by its characters where it stands in the text (a hash of its lower case, then a character
 * compare), so a word seen before costs no slice, no lower-casing and no string hashing: the
 * checks that read every word of every why stay cheap. Other words go through a Map. Bounded:
 * emptied once it holds `limit` words.
 */
export class WordMemo<V> {
  private keys: (string | undefined)[] = new Array(INITIAL_SLOTS);
  private values: V[] = new Array(INITIAL_SLOTS);
  private size = 0;
  private readonly others = new Map<string, V>();

  constructor(
    private readonly limit: number,
    private readonly compute: (lower: string) => V,
  ) {}

  /**
   * The value for the word text[start, end); `lower` is its lower case when it is not ASCII, `hash`
   * the ASCII word's hashOfLower when known (see WordVisitor).
   */
  get(text: string, start: number, end: number, lower: string | undefined, hash = hashOfLower(text, start, end)): V {
    if (lower !== undefined) return getOrCompute(this.others, lower, this.limit, () => this.compute(lower));
    const mask = this.keys.length - 1;
    const n = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const key = this.keys[slot];
      if (key === undefined) break;
      if (key.length === n && sameLower(key, text, start)) return this.values[slot];
    }
    const word = text.slice(start, end).toLowerCase();
    const value = this.compute(word);
    if (this.size >= this.limit) this.clear();
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    this.insert(hash, word, value);
    return value;
  }

  private insert(hash: number, word: string, value: V): void {
    const mask = this.keys.length - 1;
    let slot = hash & mask;
    while (this.keys[slot] !== undefined) slot = (slot + 1) & mask;
    this.keys[slot] = word;
    this.values[slot] = value;
    this.size++;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Array(keys.length * 2);
    this.values = new Array(keys.length * 2);
    this.size = 0;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (key !== undefined) this.insert(hashOfLower(key, 0, key.length), key, values[k]);
    }
  }

  private clear(): void {
    this.keys = new Array(INITIAL_SLOTS);
    this.values = new Array(INITIAL_SLOTS);
    this.size = 0;
  }
}

/**
 * A fixed table of ASCII words (lower case) read where a word stands in a text: the hash of its
 * characters with capitals lowered, then a character compare. No slice, no lower-casing, no string
 * hashing per look-up: for look-ups made many times over the same few keys (the term matcher's steps).
 */
export class AsciiWordTable<V> {
  private readonly keys: (string | undefined)[];
  private readonly values: (V | undefined)[];

  /** `entries`' keys are ASCII, in lower case. */
  constructor(entries: Iterable<readonly [string, V]>) {
    const list = [...entries];
    let slots = 4;
    while (slots < list.length * 2) slots *= 2;
    this.keys = new Array(slots).fill(undefined);
    this.values = new Array(slots).fill(undefined);
    const mask = slots - 1;
    for (const [key, value] of list) {
      let slot = hashOfLower(key, 0, key.length) & mask;
      while (this.keys[slot] !== undefined) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.values[slot] = value;
    }
  }

  /** The value of the ASCII text[start, end) in any case, if it is a key. */
  get(text: string, start: number, end: number): V | undefined {
    const mask = this.keys.length - 1;
    const n = end - start;
    for (let slot = hashOfLower(text, start, end) & mask; ; slot = (slot + 1) & mask) {
      const key = this.keys[slot];
      if (key === undefined) return undefined;
      if (key.length === n && sameLower(key, text, start)) return this.values[slot];
    }
  }
}

const INITIAL_SLOTS = 1024;
const lowerAscii = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** A hash of text[start, end) with ASCII capitals lowered: what scanWords works out for an ASCII word. */
function hashOfLower(text: string, start: number, end: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + lowerAscii(text.charCodeAt(i))) | 0;
  return hash;
}

/** Is text[start, start + key.length) the ASCII word `key` (lower case) in any case? */
function sameLower(key: string, text: string, start: number): boolean {
  for (let k = 0; k < key.length; k++) if (lowerAscii(text.charCodeAt(start + k)) !== key.charCodeAt(k)) return false;
  return true;
}

export function normalizeWord(w: string): string {
  // Most prose is ASCII: skip Unicode normalisation there (it is the costly part).
  return isAscii(w) ? w.toLowerCase() : w.normalize('NFC').toLowerCase().replace(/’/g, "'");
}

/**
 * A light stemmer: enough to see "updated" in "update", "calls" in "call",
 * "involving" in "involve". Not a linguistic stemmer; both sides of a
 * comparison go through the same function, which is all the overlap measure needs.
 */
export function stem(word: string): string {
  return getOrCompute(stems, word, MAX_STEMS, () => stemOf(word));
}

/** Stems already worked out: prose reuses a small vocabulary, and stemming is a chain of regular expressions. */
const stems = new Map<string, string>();
const MAX_STEMS = 50_000;

function stemOf(word: string): string {
  let w = normalizeWord(word).replace(/'s$/, '').replace(/'$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 4 && /(ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 5 && w.endsWith('ly') && !/(ily|ally)$/.test(w)) w = w.slice(0, -2);
  if (w.length > 4 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|ff|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Reads a string-list setting defensively (config is schema-validated, but the editor may run with a draft). */
export function stringListSetting(settings: Readonly<Record<string, unknown>>, key: string): string[] {
  const v = settings[key];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [];
}
