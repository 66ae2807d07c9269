import { distance } from 'fastest-levenshtein';

/**
 * "Did you mean": names a reader would take for the one written. Near misses
 * that count, nearest first:
 *  - the same name in other letter case (ids and rule ids are case-sensitive);
 *  - typos: a small edit distance scaled to the length, a swap of two
 *    neighbouring letters counting as one edit;
 *  - shortened forms: a prefix of the name (`champ` → Champion), an acronym
 *    (`MAP` → Mutual action plan), the start of each word in order
 *    (`econ buyer` → Economic buyer, `missing-why` → tactic-missing-why),
 *    or one whole word of a longer name (`sponsor` → Executive sponsor).
 * Far-off words get nothing: a wrong suggestion is worse than none.
 */
export function suggest(written: string, candidates: Iterable<string>, max = 3): string[] {
  return suggester(candidates)(written, max);
}

export type Suggester = (written: string, max?: number) => string[];

/** Answers kept per suggester: a project repeats the same misspelling in many files. */
const MAX_REMEMBERED = 1000;

/**
 * Names prepared for look-ups, as flat lists: a project may have tens of
 * thousands of ids, so nothing is kept per name but its normal form (the name
 * itself when already normal) and its number of words.
 */
interface Prepared {
  names: string[];
  normals: string[];
  wordCounts: number[];
  /** The letters each normal name holds (letterMask): a look-up skips names lacking too many of its letters. */
  masks: number[];
  /** The length of each normal name: a look-up skips names too short to be near (see shortestNear). */
  lengths: number[];
}

/**
 * Prepares candidates once for many look-ups (a rule asking about every
 * unknown reference in a project): each name is normalised once, and each
 * answer is remembered, since a look-up compares with every name.
 */
export function suggester(candidates: Iterable<string>): Suggester {
  const names = new SuggestionNames();
  const seen = new Set<string>();
  for (const name of candidates) {
    if (seen.has(name)) continue;
    seen.add(name);
    names.add(name);
  }
  return names.suggest;
}

/**
 * Names for "did you mean", prepared one at a time: the project index adds each new id as its
 * file comes in (the CLI's batches), so the 70,000 ids of a large project are prepared while the
 * files are being linted, not all at once after the last. Each added name must be new.
 */
export class SuggestionNames {
  private readonly prepared: Prepared = { names: [], normals: [], wordCounts: [], masks: [], lengths: [] };
  private readonly answers = new Map<string, string[]>();

  add(name: string): void {
    const c = normal(name);
    if (!c) return;
    const p = this.prepared;
    p.names.push(name);
    p.normals.push(c);
    p.wordCounts.push(wordCount(c));
    p.masks.push(letterMask(c));
    p.lengths.push(c.length);
    if (this.answers.size) this.answers.clear(); // an answer may change with a new name
  }

  /** The nearest names to `written`, nearest first (at most `max`). */
  readonly suggest: Suggester = (written, max = 3) => {
    const key = `${max}\n${written}`;
    let answer = this.answers.get(key);
    if (!answer) {
      if (this.answers.size >= MAX_REMEMBERED) this.answers.clear();
      answer = nearest(this.prepared, written, max);
      this.answers.set(key, answer);
    }
    return [...answer];
  };
}

/** What a look-up compares with every name, worked out once. */
interface Written {
  w: string;
  /** Its words (see words), none holding a separator. */
  ww: string[];
  allowed: number;
  /** One word of letters only: may be an acronym. */
  acronym: boolean;
  /** Several words of two letters or more: may be the starts of a name's words. */
  wordStarts: boolean;
}

function nearest(prepared: Prepared, written: string, max: number): string[] {
  const w = normal(written);
  if (!w) return [];
  const ww = words(w);
  const input: Written = {
    w,
    ww,
    allowed: allowedEdits(w.length),
    acronym: ww.length === 1 && /^[a-z]+$/.test(w),
    wordStarts: ww.length >= 2 && ww.every((x) => x.length >= 2),
  };
  const scored: { name: string; score: number }[] = [];
  const { names, normals, wordCounts, masks, lengths } = prepared;
  const mask = letterMask(w);
  // Every way of being near (see nearness) leaves at most this many of w's letters out of the name.
  const missable = Math.max(input.allowed, 1);
  const shortest = shortestNear(input);
  for (let i = 0; i < names.length; i++) {
    if (lengths[i] < shortest || names[i] === written || bitCount(mask & ~masks[i]) > missable) continue;
    const score = nearness(input, normals[i], wordCounts[i]);
    if (score !== undefined) scored.push({ name: names[i], score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((x) => x.name);
}

/**
 * No name shorter than this is near (nearness): a typo is at most `allowed` characters shorter; a prefix, an
 * acronym's name, a longer name with a typo and a name holding the word are at least as long; a name whose
 * words start with the written words holds them and a separator between each two.
 */
function shortestNear({ w, ww, allowed, wordStarts }: Written): number {
  let shortest = w.length - allowed;
  if (wordStarts) {
    let starts = ww.length - 1;
    for (const part of ww) starts += part.length;
    shortest = Math.min(shortest, starts);
  }
  return shortest;
}

function normal(s: string): string {
  // Most names (kebab-case ids) are normal already: one test instead of four passes.
  if (ALREADY_NORMAL.test(s)) return s;
  return s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Lower-case ASCII letters, digits, hyphens, underscores, dots: unchanged by normal(). */
const ALREADY_NORMAL = /^[a-z0-9._-]*$/;

/** Words of a name: white space, hyphens and underscores separate them (terms and kebab-case ids alike). */
function words(s: string): string[] {
  return s.split(/[\s_-]+/).filter(Boolean);
}

/*
 * The same words of a normal name (its only white space is single spaces), read
 * in place as offsets: candidates are compared without splitting each one.
 */
const isSeparator = (code: number): boolean => code === 32 || code === 45 || code === 95; // space, hyphen, underscore

/** The start of the first word at or after `from`, or -1. */
function wordStart(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (!isSeparator(s.charCodeAt(i))) return i;
  return -1;
}

/** The end of the word starting at `start`. */
function wordEnd(s: string, start: number): number {
  let i = start;
  while (i < s.length && !isSeparator(s.charCodeAt(i))) i++;
  return i;
}

function wordCount(s: string): number {
  let n = 0;
  for (let at = wordStart(s, 0); at !== -1; at = wordStart(s, wordEnd(s, at))) n++;
  return n;
}

/**
 * The characters of a normal name as bits (a-z one each, digits and the rest sharing a few;
 * separators left out, since words may be split differently). A name lacking k of the bits of
 * w lacks at least k distinct characters of w: no typo of fewer than k edits, no prefix, word,
 * acronym or word starts of w (each holds all of w's characters but its separators).
 */
function letterMask(s: string): number {
  let mask = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSeparator(c)) continue;
    mask |= 1 << (c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? 26 + ((c - 48) % 5) : 31);
  }
  return mask;
}

function bitCount(n: number): number {
  let m = n - ((n >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Edits a typo may have, by length: short words get one, and only with the right first letter. */
function allowedEdits(length: number): number {
  return length <= 3 ? 0 : length <= 5 ? 1 : length <= 9 ? 2 : 3;
}

/**
 * Lower is nearer; undefined when a reader would not connect the two (`c` is a
 * normal name of `cWords` words). Cheap tests go first: a look-up meets every
 * name of the project, and few come near.
 */
function nearness({ w, ww, allowed, acronym, wordStarts }: Written, c: string, cWords: number): number | undefined {
  if (w === c) return 0;
  // A typo; a short word only with the right first letter.
  if (allowed > 0 && Math.abs(w.length - c.length) <= allowed && (w.length > 5 || w[0] === c[0])) {
    const d = editDistance(w, c, allowed);
    if (d <= allowed) return d;
  }
  if (w.length >= 3 && c.startsWith(w)) return 1 + (c.length - w.length) / c.length;
  // An acronym: MAP → Mutual action plan.
  if (acronym && cWords >= 2 && w.length === cWords && isAcronymOf(w, c)) return 1.5;
  // The start of each word, in order: "econ buyer" → "economic buyer", "missing-why" → "tactic-missing-why".
  if (wordStarts && c.includes(ww[0]) && wordsInOrder(ww, c)) return ww.length === cWords ? 2 : 2.2;
  // A typo in a longer, multi-word name: compare against the same length of the name.
  if (w.length >= 5 && c.length > w.length && cWords > 1 && fewMismatches(w, c, 2) && editDistance(w, c.slice(0, w.length), 1) <= 1) return 2.5;
  // One whole word of a longer name: "sponsor" → "executive sponsor".
  if (ww.length === 1 && w.length >= 4 && cWords >= 2 && c.includes(w) && hasWord(c, w)) return 2.8;
  return undefined;
}

/** The k-th letter of `w` starts the k-th word of `name` (the counts are equal). */
function isAcronymOf(w: string, name: string): boolean {
  let k = 0;
  for (let at = wordStart(name, 0); at !== -1; at = wordStart(name, wordEnd(name, at))) if (name[at] !== w[k++]) return false;
  return true;
}

/** One word of `name` is `word`. */
function hasWord(name: string, word: string): boolean {
  for (let at = wordStart(name, 0); at !== -1; ) {
    const end = wordEnd(name, at);
    if (end - at === word.length && name.startsWith(word, at)) return true;
    at = wordStart(name, end);
  }
  return false;
}

/**
 * At most `limit` of a's characters differ from those at the same places in b:
 * two strings of one length within one edit (a substitution or a swap of
 * neighbours) differ in at most two places. Most names fail this at once,
 * which spares them the edit distance.
 */
function fewMismatches(a: string, b: string, limit: number): boolean {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i) && ++n > limit) return false;
  return true;
}

/** Each written word is the start of a name word, in the name's order (written words hold no separator). */
function wordsInOrder(written: string[], name: string): boolean {
  let at = 0;
  for (const part of written) {
    let start = wordStart(name, at);
    while (start !== -1 && !name.startsWith(part, start)) start = wordStart(name, wordEnd(name, start));
    if (start === -1) return false;
    at = wordEnd(name, start);
  }
  return true;
}

/**
 * Levenshtein distance where swapping two neighbouring letters is one edit
 * (optimal string alignment). Gives up early past `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const plain = distance(a, b);
  if (plain <= 1 || plain > limit + 1) return plain;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(plain, prev[m]);
}
