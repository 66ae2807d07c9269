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

export function words(text: string): Word[] {
  const out: Word[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    out.push({ text: m[0], lower: normalizeWord(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const ASCII = /^[\x00-\x7f]*$/;

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
const firstWordIndex = new WeakMap<readonly Phrase[], { byFirst: Map<string, Phrase[]>; wildcard: Phrase[] }>();

function candidatesAt(ws: readonly Word[], i: number, phrases: readonly Phrase[]): readonly Phrase[] {
  if (i >= ws.length) return []; // past the last word: nothing can start here
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
  return index.byFirst.get(ws[i].lower) ?? index.wildcard;
}

/** Every non-overlapping match, earliest first, longest at each position. */
export function findPhrases(text: string, ws: readonly Word[], phrases: readonly Phrase[]): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  for (let i = 0; i < ws.length; i++) {
    for (const phrase of candidatesAt(ws, i, phrases)) {
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
  for (const phrase of candidatesAt(ws, i, phrases)) if (matchAt(text, ws, i, phrase)) return { phrase, from: i, to: i + phrase.parts.length };
  return undefined;
}

/**
 * A light stemmer: enough to see "updated" in "update", "calls" in "call",
 * "involving" in "involve". Not a linguistic stemmer; both sides of a
 * comparison go through the same function, which is all the overlap measure needs.
 */
export function stem(word: string): string {
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
