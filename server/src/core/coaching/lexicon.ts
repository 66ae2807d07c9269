import type { Token } from './nlp';
import { isAscii } from './words';

/**
 * A set of lemmas and multi-word phrases (lower case, parts split on spaces
 * and hyphens), matched against tagged tokens by lemma or by the word as written.
 */
export class PhraseSet {
  private readonly single = new Set<string>();
  /** Multi-word entries by their first word, longest first. */
  private readonly multi = new Map<string, string[][]>();
  /** Acronyms that are also common words ("IT"): matched only as written. */
  private readonly capitals = new Set<string>();

  constructor(entries: Iterable<string>) {
    for (const e of entries) {
      if (/^\p{Lu}{2,}$/u.test(e.trim())) {
        this.capitals.add(e.trim());
        continue;
      }
      const norm = e.trim().toLowerCase().replace(/’/g, "'");
      if (!norm) continue;
      this.single.add(norm); // hyphenated words are single tokens too ("sign-off")
      const parts = norm.split(/\s+/);
      if (parts.length < 2) continue;
      const list = this.multi.get(parts[0]) ?? [];
      list.push(parts);
      list.sort((a, b) => b.length - a.length);
      this.multi.set(parts[0], list);
    }
  }

  /** Multi-word entries that can start at this token (by its form or lemma). */
  private startingAt(t: Token): string[][] | undefined {
    return this.multi.get(t.lower) ?? (t.lemma !== t.lower ? this.multi.get(t.lemma) : undefined);
  }

  /** The token is one of the single-word entries (by lemma or as written). */
  has(t: Token | undefined): boolean {
    return !!t && (this.single.has(t.lemma) || this.single.has(t.lower) || this.capitals.has(t.text));
  }

  /** The single-word entries. */
  words(): Iterable<string> {
    return this.single;
  }

  hasWord(word: string): boolean {
    return this.single.has(word);
  }

  /**
   * Does any entry occur in these plain lower-case words (no tagging: lemmas are
   * not known, so callers pass every form they mean, or use it only as a
   * necessary condition)?
   */
  inWords(words: readonly string[]): boolean {
    for (let i = 0; i < words.length; i++) {
      if (this.single.has(words[i])) return true;
      for (const parts of this.multi.get(words[i]) ?? []) {
        if (i + parts.length > words.length) continue;
        let k = 1;
        while (k < parts.length && words[i + k] === parts[k]) k++;
        if (k === parts.length) return true;
      }
    }
    return false;
  }

  /** Length in tokens of the longest entry starting at ts[i]; 0 when none does. */
  matchAt(ts: readonly Token[], i: number): number {
    const t = ts[i];
    if (!t) return 0;
    for (const parts of this.startingAt(t) ?? []) {
      if (i + parts.length > ts.length) continue;
      let ok = true;
      for (let k = 1; k < parts.length && ok; k++) ok = ts[i + k].lower === parts[k] || ts[i + k].lemma === parts[k];
      if (ok) return parts.length;
    }
    return this.has(t) ? 1 : 0;
  }

  /** First match at or after `from`, before `to`. */
  find(ts: readonly Token[], from = 0, to = ts.length): { from: number; to: number } | undefined {
    for (let i = from; i < to; i++) {
      const n = this.matchAt(ts, i);
      if (n) return { from: i, to: i + n };
    }
    return undefined;
  }
}

export { stringListSetting as stringList } from './words';

const WORDY = new Set<string>(['NOUN', 'PROPN', 'VERB', 'ADJ', 'NUM', 'ADV', 'PRON', 'AUX', 'DET', 'ADP', 'PART', 'CCONJ', 'SCONJ', 'X', 'INTJ', 'SYM']);

/** Tokens that are words (not punctuation). */
export const isWord = (t: Token): boolean => WORDY.has(t.pos) && /[\p{L}\p{N}]/u.test(t.text);

/** The tagger reads "'s" after a noun as a particle: a possessive. */
export const isPossessive = (t: Token | undefined): boolean => !!t && (t.lower === "'s" || t.lower === "'");

/** Folds white space of a span of the analysed text, for quoting in messages. */
export function spanText(text: string, ts: readonly Token[], from: number, to: number): string {
  return text.slice(ts[from].start, ts[to - 1].end).replace(/\s+/g, ' ');
}

/** The words of a text in lower case, hyphenated words both whole and in parts ("sign-off", "sign", "off"). */
export function plainWords(text: string): string[] {
  return isAscii(text) ? plainAsciiWords(text.toLowerCase()) : plainWordsByPattern(text);
}

/** plainWords by the Unicode pattern: any text (plainWords reads an ASCII one by hand). */
export function plainWordsByPattern(text: string): string[] {
  const out: string[] = [];
  for (const m of text
    .toLowerCase()
    .replace(/’/g, "'")
    .matchAll(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu)) {
    const w = m[0].replace(/'s$/, '');
    out.push(w);
    if (w.includes('-')) for (const part of w.split('-')) out.push(part);
  }
  return out;
}

const isLetterOrDigit = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/**
 * plainWords of an ASCII text already in lower case, read by hand (the pattern with Unicode classes
 * costs several times more): letters and digits, joined by an apostrophe or a hyphen before another.
 */
function plainAsciiWords(lower: string): string[] {
  const out: string[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n) {
    if (!isLetterOrDigit(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let hyphen = false;
    for (i++; i < n; i++) {
      const c = lower.charCodeAt(i);
      if (isLetterOrDigit(c)) continue;
      if ((c !== 39 && c !== 45) || i + 1 === n || !isLetterOrDigit(lower.charCodeAt(i + 1))) break;
      if (c === 45) hyphen = true;
    }
    const end = lower.endsWith("'s", i) && i - 2 > start ? i - 2 : i;
    const w = lower.slice(start, end);
    out.push(w);
    if (hyphen) for (const part of w.split('-')) out.push(part);
  }
  return out;
}

/** The words and their singular forms ("reps" → "rep", "walkthroughs" → "walkthrough"), for list look-ups without lemmas. */
export function withSingulars(words: readonly string[]): string[] {
  const out = [...words];
  for (const w of words) {
    if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1));
    if (w.length > 4 && w.endsWith('es')) out.push(w.slice(0, -2));
    if (w.length > 4 && w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
  }
  return out;
}
