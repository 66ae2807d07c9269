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

/** Visits a word: its offsets in the text and its lower case (see normalizeWord); true stops the scan. */
type WordVisitor = (start: number, end: number, lower: string) => boolean | void;

const isAsciiWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

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
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (isAsciiWordChar(c)) continue;
      if (c > 127) return scanUnicodeWords(text, start, visit);
      if (c !== 39 || i + 1 === n) break; // an apostrophe continues the word only before a letter or digit
      const next = text.charCodeAt(i + 1);
      if (next > 127) return scanUnicodeWords(text, start, visit);
      if (!isAsciiWordChar(next)) break;
    }
    if (visit(start, i, text.slice(start, i).toLowerCase())) return;
  }
}

/** WORD from `from` on; safe to nest, as each step sets the pattern's position. */
function scanUnicodeWords(text: string, from: number, visit: WordVisitor): void {
  for (let at = from; ; ) {
    WORD.lastIndex = at;
    const m = WORD.exec(text);
    if (!m) return;
    at = m.index + m[0].length;
    if (visit(m.index, at, normalizeWord(m[0]))) return;
  }
}

export function words(text: string): Word[] {
  const out: Word[] = [];
  scanWords(text, (start, end, lower) => {
    out.push({ text: text.slice(start, end), lower, start, end });
  });
  return out;
}

/** Is `test` true of some word of `text` (in lower case)? Stops at the first: no list is built. */
export function someWord(text: string, test: (lower: string) => boolean): boolean {
  let found = false;
  scanWords(text, (_start, _end, lower) => (found = test(lower)));
  return found;
}

export function normalizeWord(w: string): string {
  // Most prose is ASCII: skip Unicode normalisation there (it is the costly part).
  return ASCII.test(w) ? w.toLowerCase() : w.normalize('NFC').toLowerCase().replace(/’/g, "'");
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
