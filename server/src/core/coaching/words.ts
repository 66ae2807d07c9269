/**
 * Word-level tools shared by the prose checks: tokens with offsets, phrase
 * lists with word-boundary matching, a light stemmer and verb inflections.
 * Everything is deterministic and explainable: a match is a list of words
 * the message can quote.
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

/** Does the text hold a decimal digit of any script? Most text is ASCII, where the Unicode class would cost five times as much. */
export function hasDigit(text: string): boolean {
  return /[0-9]/.test(text) || (/[^\x00-\x7f]/.test(text) && /\p{Nd}/u.test(text));
}

export function normalizeWord(w: string): string {
  // Most prose is ASCII: skip Unicode normalisation there (it is the costly part).
  return ASCII.test(w) ? w.toLowerCase() : w.normalize('NFC').toLowerCase().replace(/’/g, "'");
}

/** Punctuation that ends a phrase: a phrase never matches across it. */
const BREAK = /[.,;:!?()"“”…—–]/;

/** True when words i and i+1 are in the same run of text (only spaces, hyphens, brackets between). */
export function joined(text: string, ws: readonly Word[], i: number): boolean {
  return !BREAK.test(text.slice(ws[i].end, ws[i + 1].start));
}

/** A phrase from a word list: lower-case words, `*` standing for any one word. */
export interface Phrase {
  source: string;
  parts: string[];
}

export function compilePhrase(source: string): Phrase | undefined {
  const parts: string[] = [];
  for (const chunk of source.trim().split(/\s+/)) {
    if (chunk === '*') parts.push('*');
    else for (const w of words(chunk)) parts.push(w.lower);
  }
  return parts.length && parts.some((p) => p !== '*') ? { source: source.trim(), parts } : undefined;
}

/** Compiles, de-duplicates and orders a phrase list longest first (so "use your best judgment" wins over "best judgment"). */
export function compilePhrases(sources: Iterable<string>): Phrase[] {
  const seen = new Set<string>();
  const out: Phrase[] = [];
  for (const s of sources) {
    const p = compilePhrase(s);
    if (!p || seen.has(p.parts.join(' '))) continue;
    seen.add(p.parts.join(' '));
    out.push(p);
  }
  return out.sort((a, b) => b.parts.length - a.parts.length);
}

export interface PhraseMatch {
  phrase: Phrase;
  /** Word indices, `to` exclusive. */
  from: number;
  to: number;
}

/** Does `phrase` match the words starting at index i, without crossing punctuation? */
export function matchAt(text: string, ws: readonly Word[], i: number, phrase: Phrase): boolean {
  const n = phrase.parts.length;
  if (i + n > ws.length) return false;
  for (let k = 0; k < n; k++) {
    const p = phrase.parts[k];
    if (p !== '*' && ws[i + k].lower !== p) return false;
    if (k > 0 && !joined(text, ws, i + k - 1)) return false;
  }
  return true;
}

/**
 * Phrases by their first word, built once per compiled list: matching then
 * tries only the phrases that can start at a word, not the whole list
 * (lists grow to hundreds with inflections and role × verb combinations).
 */
const firstWordIndex = new WeakMap<readonly Phrase[], PhraseIndex>();

interface PhraseIndex {
  byFirst: Map<string, Phrase[]>;
  wildcard: Phrase[];
}

function phraseIndex(phrases: readonly Phrase[]): PhraseIndex {
  let index = firstWordIndex.get(phrases);
  if (!index) {
    const wildcard = phrases.filter((p) => p.parts[0] === '*');
    const byFirst = new Map<string, Phrase[]>();
    // Each list keeps the compiled order (longest first), wildcard-led phrases merged in.
    for (const phrase of phrases) {
      const first = phrase.parts[0];
      if (first !== '*' && !byFirst.has(first)) byFirst.set(first, phrases.filter((p) => p.parts[0] === first || p.parts[0] === '*'));
    }
    index = { byFirst, wildcard };
    firstWordIndex.set(phrases, index);
  }
  return index;
}

function candidatesAt(ws: readonly Word[], i: number, index: PhraseIndex): readonly Phrase[] {
  if (i >= ws.length) return []; // past the last word: nothing can start here
  return index.byFirst.get(ws[i].lower) ?? index.wildcard;
}

/** Every non-overlapping match, earliest first, longest at each position. */
export function findPhrases(text: string, ws: readonly Word[], phrases: readonly Phrase[]): PhraseMatch[] {
  const index = phraseIndex(phrases);
  const out: PhraseMatch[] = [];
  for (let i = 0; i < ws.length; i++) {
    for (const phrase of candidatesAt(ws, i, index)) {
      if (matchAt(text, ws, i, phrase)) {
        out.push({ phrase, from: i, to: i + phrase.parts.length });
        i += phrase.parts.length - 1;
        break;
      }
    }
  }
  return out;
}

/** The longest phrase matching at word index i, if any. */
export function phraseAt(text: string, ws: readonly Word[], i: number, phrases: readonly Phrase[]): PhraseMatch | undefined {
  for (const phrase of candidatesAt(ws, i, phraseIndex(phrases))) if (matchAt(text, ws, i, phrase)) return { phrase, from: i, to: i + phrase.parts.length };
  return undefined;
}

/**
 * A light stemmer: enough to see "updated" in "update", "calls" in "call",
 * "involving" in "involve". Not a linguistic stemmer; both sides of a
 * comparison go through the same function, which is all the overlap measure needs.
 */
export function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear();
    s = stemOf(word);
    stems.set(word, s);
  }
  return s;
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

/**
 * Forms of a verb a sentence may use: "present" → present, presents,
 * presented, presenting. Over-generation is harmless (the forms are only
 * looked up), so consonant doubling is offered as well as not.
 */
export function verbForms(verb: string): string[] {
  const v = normalizeWord(verb);
  const forms = new Set([v]);
  if (/(s|sh|ch|x|z|o)$/.test(v)) forms.add(v + 'es');
  if (/[^aeiou]y$/.test(v)) {
    forms.add(v.slice(0, -1) + 'ies');
    forms.add(v.slice(0, -1) + 'ied');
  } else forms.add(v + 's');
  if (v.endsWith('e')) {
    forms.add(v + 'd');
    forms.add(v.slice(0, -1) + 'ing');
  } else if (!/[^aeiou]y$/.test(v)) {
    forms.add(v + 'ed');
    forms.add(v + 'ing');
    if (/[^aeiou][aeiou][b-df-hj-np-tv-z]$/.test(v)) {
      forms.add(v + v.slice(-1) + 'ed');
      forms.add(v + v.slice(-1) + 'ing');
    }
  }
  if (/[^aeiou]y$/.test(v)) forms.add(v + 'ing');
  return [...forms];
}

/** A phrase list whose first word is a verb, in every form of that verb ("walk through" → "walks through", …). */
export function inflectedPhrases(sources: Iterable<string>): string[] {
  const out: string[] = [];
  for (const s of sources) {
    const [head, ...rest] = s.trim().split(/\s+/);
    if (!head) continue;
    for (const f of verbForms(head)) out.push([f, ...rest].join(' '));
  }
  return out;
}

/** Reads a string-list setting defensively (config is schema-validated, but the editor may run with a draft). */
export function stringListSetting(settings: Readonly<Record<string, unknown>>, key: string): string[] {
  const v = settings[key];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [];
}

export function numberSetting(settings: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const v = settings[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function quoteList(items: readonly string[]): string {
  return items.map((s) => `"${s}"`).join(', ');
}
