import type { TermEntry } from '../project/exports';
import { AsciiWordTable, isAscii, isAsciiWordChar } from './words';

/**
 * Finds defined terms and aliases written in prose without `[[…]]`.
 * Built once per project term table (the table object is replaced whenever a
 * vocabulary changes, so its identity is the cache key) and then a lookup per
 * word: the cost of a file is its word count, not words × terms.
 *
 * Matching, in the words of the format: case-insensitive, any run of white
 * space (line breaks included) equals one space, whole words only, longest
 * name first ("discovery call" before "discovery"). A hyphen is not a space:
 * "mutual-action-plan" is not "mutual action plan", and "pre-discovery" does
 * not contain "discovery". Names written in capitals only ("MAP", "EB") match
 * only in capitals, so the word "map" is not the acronym MAP.
 */

interface Token {
  lower: string;
  raw: string;
  start: number;
  end: number;
  word: boolean;
  /** White space before this token (always false for the first one). */
  gapBefore: boolean;
}

const TOKEN = /([\p{L}\p{N}_]+)|[^\s\p{L}\p{N}_]/gu;
const NON_ASCII = /[^\x00-\x7f]/;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let prevEnd = -1;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const raw = NON_ASCII.test(m[0]) ? m[0].normalize('NFC') : m[0];
    const end = m.index + m[0].length;
    out.push({
      raw,
      lower: raw === '’' ? "'" : raw.toLowerCase(),
      start: m.index,
      end,
      word: m[1] !== undefined,
      gapBefore: prevEnd >= 0 && m.index > prevEnd,
    });
    prevEnd = end;
  }
  return out;
}

interface Candidate {
  /** Key of the name (the term table key). */
  key: string;
  entry: TermEntry;
  /** The name's tokens as written, for names that match only in capitals. */
  raw?: string[];
}

/** One step of a name: the next token in lower case, prefixed by a space when white space separates it. */
interface TrieNode {
  next: Map<string, TrieNode>;
  /**
   * The steps whose token is ASCII, by the token alone, read where it stands in the text (no slice,
   * no lower-casing, no string to hash): those after white space, and those without. Filled by `seal`.
   */
  spaced?: AsciiWordTable<TrieNode>;
  joined?: AsciiWordTable<TrieNode>;
  /** The name ending here, if any (one per term-table key; a list for simplicity). */
  names: Candidate[];
}

/** Fills the ASCII step tables of a node and of every node below it. */
function seal(node: TrieNode): void {
  const spaced: [string, TrieNode][] = [];
  const joined: [string, TrieNode][] = [];
  for (const [key, child] of node.next) {
    const word = key.startsWith(' ') ? key.slice(1) : key;
    if (isAscii(word)) (word === key ? joined : spaced).push([word, child]);
    seal(child);
  }
  node.spaced = new AsciiWordTable(spaced);
  node.joined = new AsciiWordTable(joined);
}

export interface TermMatch {
  /** Character offsets in the scanned text. */
  start: number;
  end: number;
  /** The matched text as written. */
  text: string;
  key: string;
  /** The first definition of the name (what a reference would resolve to). */
  entry: TermEntry;
}

/** Joined to a word without space, these make a longer word: "pre-discovery", "discovery_call". */
const JOINERS = new Set(['-', '‐', '‑', '_']);
/** Between two words without space, these make a path, address or file name: "acme.com/discovery". */
const INFIXES = new Set(['.', '@', '/', '\\', ':', '+', '&', '=']);

function isAcronym(name: string): boolean {
  return /\p{L}.*\p{L}/u.test(name) && !/\p{Ll}/u.test(name);
}

const step = (t: Token, first: boolean): string => (first || !t.gapBefore ? t.lower : ` ${t.lower}`);

/** A word of the scanned text: where it starts and ends, and whether it is all ASCII. */
interface ScannedWord {
  start: number;
  end: number;
  ascii: boolean;
}

/** A token of the scanned text (see readToken). */
interface TokenAt {
  start: number;
  end: number;
  /** White space comes before it. */
  gap: boolean;
  /** It is all ASCII. */
  ascii: boolean;
}

export class TermMatcher {
  private readonly root: TrieNode = { next: new Map(), names: [] };
  /** Any first word of a name, in lower case: finds where a name may start without visiting every word. */
  private readonly firstWords: RegExp;
  readonly size: number;

  constructor(terms: ReadonlyMap<string, readonly TermEntry[]>) {
    let size = 0;
    for (const [key, entries] of terms) {
      const entry = entries[0];
      if (!entry) continue;
      const tokens = tokenize(entry.name);
      if (!tokens.length || !tokens[0].word) continue;
      let node = this.root;
      tokens.forEach((t, k) => {
        const s = step(t, k === 0);
        let child = node.next.get(s);
        if (!child) {
          child = { next: new Map(), names: [] };
          node.next.set(s, child);
        }
        node = child;
      });
      node.names.push({ key, entry, raw: isAcronym(entry.name) ? tokens.map((t) => t.raw) : undefined });
      size++;
    }
    this.size = size;
    seal(this.root);
    // First words are letters, digits and underscores only: nothing in them needs escaping. Those that start
    // with an ASCII letter or digit get \b in front: the search then tries the alternatives only where a word
    // starts (a place after an ASCII word character is no word start, see wordsStartingLikeNames).
    const firsts = [...this.root.next.keys()];
    const ascii = firsts.filter((w) => /^[a-z0-9_]/.test(w));
    const other = firsts.filter((w) => !/^[a-z0-9_]/.test(w));
    this.firstWords = new RegExp([...(ascii.length ? [`\\b(?:${ascii.join('|')})`] : []), ...other].join('|') || '(?!)', 'g');
    // All first words ASCII (the usual vocabulary): the same search ignoring case runs on the text as written, with no
    // lower-cased copy of it. Ignoring case without the u flag matches an ASCII letter only to an ASCII letter; the one
    // other character that lower-cases to one (the Kelvin sign to "k") sends its text the long way.
    this.caseless = firsts.length && firsts.every((w) => /^[a-z0-9_]+$/.test(w)) ? new RegExp(`\\b(?:${ascii.join('|')})`, 'gi') : undefined;
  }

  /** firstWords ignoring case, when every first word is ASCII letters, digits and underscores. */
  private readonly caseless: RegExp | undefined;

  /**
   * Unlinked mentions in `text`, in order; text inside `[[…]]` (or after an unclosed `[[`) is skipped.
   * Nothing is remembered between texts: the scan costs less than looking a text up (measured on
   * the benchmark corpus, docs/performance.md), and a language server keeps no texts.
   */
  find(text: string): readonly TermMatch[] {
    if (this.size === 0) return [];
    return this.scan(text);
  }

  private scan(text: string): TermMatch[] {
    const links = text.includes('[[') ? linkRanges(text) : NO_LINKS;
    // Where names may start: found by one search ignoring case on the text as written when every first word is
    // ASCII (no lower-cased copy); else by one search on the text in lower case, or word by word when lower-casing
    // changes lengths (rare scripts).
    let search: RegExp | undefined;
    let searched = text;
    if (this.caseless && !text.includes(KELVIN)) search = this.caseless;
    else {
      const lower = lowerCaseOf(text);
      if (lower.length === text.length) {
        search = this.firstWords;
        searched = lower;
      }
    }
    const { word, token, bounds } = scan;
    scan.link = 0;
    const out: TermMatch[] = [];
    let link = 0;
    let from = 0;
    while (search ? this.nextStartingLikeName(text, searched, search, links, from) : nextWordAt(text, from)) {
      const start = word.start;
      from = word.end;
      while (link < links.length && links[link].end <= start) link++;
      if (link < links.length && links[link].start <= start) continue; // inside a link: linked already
      const first = follow(text, this.root, start, from, false, word.ascii);
      if (!first) continue; // a word no name starts with
      if (gluedBefore(text, start)) continue;
      // Walk the trie token by token; keep the longest name that fits.
      let best: Candidate | undefined;
      let bestEnd = 0;
      let node: TrieNode | undefined = first;
      let end = from;
      bounds.length = 0;
      bounds.push(start, from);
      while (node) {
        const name = nameAt(node, text, bounds);
        if (name && !gluedAfter(text, end) && !(link < links.length && links[link].start < end)) {
          best = name;
          bestEnd = end;
        }
        if (node.next.size === 0 || !readToken(text, end, token)) break;
        node = follow(text, node, token.start, token.end, token.gap, token.ascii);
        bounds.push(token.start, token.end);
        end = token.end;
      }
      if (!best) continue;
      out.push({ start, end: bestEnd, text: text.slice(start, bestEnd), key: best.key, entry: best.entry });
      from = bestEnd;
    }
    lowerCased = undefined; // the text is not kept past its scan
    return out;
  }

  /**
   * The next word from an offset on whose lower case starts like the first word of a name (`searched` is `text`,
   * or `text` in lower case at the same offsets), into scan.word; false when none is left. The one search finds the
   * few such places in a long text much faster than visiting each word; a place is a word when no word character
   * comes just before it (a scan resumes only at a word's end or after a match, never inside a word).
   */
  private nextStartingLikeName(text: string, searched: string, candidates: RegExp, links: readonly { start: number; end: number }[], from: number): boolean {
    // Ignoring case on the text as written, every alternative is ASCII word characters after \b, and no other
    // character matches one (without the u flag, ignoring case never pairs a character beyond ASCII with an ASCII
    // one): a match starts where the run of ASCII word characters it ends in starts, so the search is a test, with
    // no match object.
    const plain = candidates === this.caseless;
    candidates.lastIndex = from;
    for (;;) {
      let at: number;
      if (plain) {
        if (!candidates.test(searched)) return false;
        at = candidates.lastIndex;
        while (at > 0 && isAsciiWordChar(searched.charCodeAt(at - 1))) at--;
      } else {
        const m = candidates.exec(searched);
        if (!m) return false;
        at = m.index;
      }
      // Inside a link nothing is reported: the search goes on after it.
      while (scan.link < links.length && links[scan.link].end <= at) scan.link++;
      if (scan.link < links.length && links[scan.link].start <= at) {
        candidates.lastIndex = links[scan.link].end;
        continue;
      }
      if (!wordCharBefore(text, at)) {
        const end = wordEnd(text, at);
        if (Math.abs(end) > at) {
          scan.word.start = at;
          scan.word.end = Math.abs(end);
          scan.word.ascii = end > 0;
          return true;
        }
      }
      candidates.lastIndex = at + 1; // the match was one alternative: another may start inside it
    }
  }
}

/**
 * A scan's working state, one for all: a scan runs to its end without starting another, so these are reused
 * from text to text instead of made for each (the rule scans every prose value of every playbook).
 */
const scan = {
  /** The word found (nextStartingLikeName, nextWordAt). */
  word: { start: 0, end: 0, ascii: false } as ScannedWord,
  /** The token read after it (readToken). */
  token: { start: 0, end: 0, gap: false, ascii: false } as TokenAt,
  /** Where each token of the name being read starts and ends (names in capitals only compare them as written). */
  bounds: [] as number[],
  /** The first link not yet behind the search (nextStartingLikeName). */
  link: 0,
};
const NO_LINKS: readonly { start: number; end: number }[] = [];

/** The text being scanned in lower case, made once it is needed (see lowerCaseOf); dropped when the scan ends. */
let lowerCased: { text: string; lower: string } | undefined;

function lowerCaseOf(text: string): string {
  if (lowerCased?.text !== text) lowerCased = { text, lower: text.toLowerCase() };
  return lowerCased.lower;
}

/** The lower case of text[s, e): one lower-casing of the whole text, once a word with other than ASCII is looked up; per word when that changes lengths (rare scripts). */
function lowerOf(text: string, s: number, e: number): string {
  const piece = text.slice(s, e);
  if (isAscii(piece)) return piece.toLowerCase();
  const lower = lowerCaseOf(text);
  return lower.length === text.length ? lower.slice(s, e) : piece.toLowerCase();
}

/** The step from `node` by the token text[s, e) (`ascii`: read in place), after white space or not. */
function follow(text: string, node: TrieNode, s: number, e: number, gap: boolean, ascii: boolean): TrieNode | undefined {
  if (ascii) return (gap ? node.spaced : node.joined)!.get(text, s, e);
  const lower = lowerOf(text, s, e);
  return node.next.get((gap ? ' ' : '') + (lower === '’' ? "'" : lower));
}

/** The next word from an offset on, into scan.word; false when none is left. */
function nextWordAt(text: string, from: number): boolean {
  WORD.lastIndex = from;
  const m = WORD.exec(text);
  if (!m) return false;
  scan.word.start = m.index;
  scan.word.end = m.index + m[0].length;
  scan.word.ascii = isAscii(m[0]);
  return true;
}

/**
 * Where the word starting at `at` (a word character) ends: by hand while it is ASCII, by the Unicode
 * pattern from its first other character. Negated when the word holds other than ASCII.
 */
function wordEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c >= 128) {
      WORD_AT.lastIndex = i;
      const rest = WORD_AT.exec(text);
      return rest ? -(i + rest[0].length) : i;
    }
    if (!isAsciiWordChar(c)) break;
    i++;
  }
  return i;
}

/** Does a word character (a whole code point: an astral letter is two UTF-16 units) end just before `at`? */
function wordCharBefore(text: string, at: number): boolean {
  if (at === 0) return false;
  const c = text.charCodeAt(at - 1);
  if (c < 128) return isAsciiWordChar(c);
  const pair = at >= 2 && isLowSurrogate(text.charCodeAt(at - 1)) && isHighSurrogate(text.charCodeAt(at - 2));
  return WORD_CHAR.test(pair ? text.slice(at - 2, at) : text[at - 1]);
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

const WORD = /[\p{L}\p{N}_]+/gu;
const WORD_AT = /[\p{L}\p{N}_]+/uy;
const NEXT = /(\s*)(?:([\p{L}\p{N}_]+)|([^\s\p{L}\p{N}_]))/uy;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** The Kelvin sign: lower-cases to the ASCII letter "k". */
const KELVIN = '\u212a';

/**
 * The token after offset `at` into `t`: a word or one punctuation character, and whether white space
 * precedes it; false when none is left. By hand while the text is ASCII (no match object), by the
 * Unicode pattern otherwise: the same tokens.
 */
function readToken(text: string, at: number, t: TokenAt): boolean {
  const n = text.length;
  let i = at;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return readTokenByPattern(text, at, t);
    if (c !== 32 && (c < 9 || c > 13)) break; // white space: tab to carriage return, and space
  }
  if (i === n) return false;
  let end = i + 1;
  if (isAsciiWordChar(text.charCodeAt(i)))
    for (; end < n; end++) {
      const c = text.charCodeAt(end);
      if (c >= 128) return readTokenByPattern(text, at, t);
      if (!isAsciiWordChar(c)) break;
    }
  t.start = i;
  t.end = end;
  t.gap = i > at;
  t.ascii = true;
  return true;
}

function readTokenByPattern(text: string, at: number, t: TokenAt): boolean {
  NEXT.lastIndex = at;
  const m = NEXT.exec(text);
  if (!m) return false;
  t.start = at + m[1].length;
  t.end = at + m[0].length;
  t.gap = m[1].length > 0;
  t.ascii = isAscii(m[0]);
  return true;
}

/** The name ending at this node that the tokens spell (text[bounds[2k], bounds[2k + 1])), respecting capitals-only names. */
function nameAt(node: TrieNode, text: string, bounds: readonly number[]): Candidate | undefined {
  for (const name of node.names) {
    if (!name.raw) return name;
    const raw = name.raw;
    if (raw.length * 2 === bounds.length && raw.every((r, k) => text.slice(bounds[2 * k], bounds[2 * k + 1]).normalize('NFC') === r)) return name;
  }
  return undefined;
}

/** Is a word starting at `at` glued to the text before it ("pre-discovery", "acme.com/discovery")? */
function gluedBefore(text: string, at: number): boolean {
  const c = text[at - 1];
  if (c === undefined) return false;
  if (JOINERS.has(c)) return true;
  return INFIXES.has(c) && at >= 2 && WORD_CHAR.test(text[at - 2]);
}

/** Is a match ending at `at` glued to the text after it ("discovery-led", "map.yaml")? */
function gluedAfter(text: string, at: number): boolean {
  const c = text[at];
  if (c === undefined) return false;
  if (JOINERS.has(c)) return true;
  return INFIXES.has(c) && at + 1 < text.length && WORD_CHAR.test(text[at + 1]);
}

/** `[[…]]` spans, plus an unclosed `[[` to the end (a reference being typed). */
export function linkRanges(text: string): { start: number; end: number; inner: string }[] {
  const out: { start: number; end: number; inner: string }[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('[[', from);
    if (open === -1) break;
    const close = text.indexOf(']]', open + 2);
    const nested = text.indexOf('[[', open + 2);
    if (close === -1) {
      out.push({ start: open, end: text.length, inner: text.slice(open + 2) });
      break;
    }
    if (nested !== -1 && nested < close) {
      // "[[a [[b]]": the inner one is the reference; the stray "[[" is just text.
      from = nested;
      continue;
    }
    out.push({ start: open, end: close + 2, inner: text.slice(open + 2, close) });
    from = close + 2;
  }
  return out;
}

const cache = new WeakMap<object, TermMatcher>();

/** The matcher for a project's current term table, built once per table. */
export function termMatcher(terms: ReadonlyMap<string, readonly TermEntry[]>): TermMatcher {
  let m = cache.get(terms);
  if (!m) {
    m = new TermMatcher(terms);
    cache.set(terms, m);
  }
  return m;
}
