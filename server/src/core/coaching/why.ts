import data from './data/why-phrases.json';
import { compilePhrases, findPhrases, type Phrase, type PhraseMatch, someWord, stem, type Word, words } from './words';

/**
 * why-restates-tactic: a why that gives no principle. Three signals, each
 * quoted in the message:
 *  - authority or habit: "best practice", "leadership said so", "we always";
 *  - the rule re-asserted: "should", "it is important to", "belongs in";
 *  - an echo: most of the why's content words are the tactic's own words.
 * Any signal counts only when the why adds at most `maxNewWords` content words
 * the tactic does not have (trigger words excluded): a why that goes on to give
 * a mechanism ("Our process puts security first because it takes four to six
 * weeks …") is left alone.
 */

export interface WhyLists {
  authorityPhrases: readonly string[];
  rulePhrases: readonly string[];
  minOverlap: number;
  maxNewWords: number;
}

/** "our CRO insists", "leadership wants", "the VP decided": each authority role with each directive verb. */
const ROLE_DIRECTIVES = data.authorityRoles.list.flatMap((role) => data.directiveVerbs.list.map((verb) => `${role} ${verb}`));

export const DEFAULT_WHY_LISTS: WhyLists = {
  authorityPhrases: [...data.authorityPhrases.list, ...ROLE_DIRECTIVES],
  rulePhrases: data.rulePhrases.list,
  minOverlap: data.thresholds.minOverlap,
  maxNewWords: data.thresholds.maxNewWords,
};

export interface CompiledWhy {
  authority: Phrase[];
  rule: Phrase[];
  stop: Set<string>;
  minOverlap: number;
  maxNewWords: number;
  /** Every word a phrase match could cover; undefined when a phrase has a `*`, which covers any word. */
  phraseWords?: Set<string>;
}

export function compileWhyLists(lists: WhyLists): CompiledWhy {
  const authority = compilePhrases(lists.authorityPhrases);
  const rule = compilePhrases(lists.rulePhrases);
  return {
    authority,
    rule,
    stop: new Set(data.stopWords.list),
    minOverlap: lists.minOverlap,
    maxNewWords: lists.maxNewWords,
    phraseWords: phraseWordsOf([...authority, ...rule]),
  };
}

function phraseWordsOf(phrases: readonly Phrase[]): Set<string> | undefined {
  const out = new Set<string>();
  for (const phrase of phrases) {
    for (const part of phrase.parts) {
      if (part === '*') return undefined;
      out.add(part);
    }
  }
  return out;
}

export type WhyPattern = 'authority' | 'rule' | 'echo';

export interface WhyFinding {
  pattern: WhyPattern;
  /** Character offsets in the why of the trigger (authority, rule) or of the whole why (echo). */
  start: number;
  end: number;
  /** The trigger phrase as written (authority, rule). */
  trigger?: string;
  /** Tactic words the why repeats, as written in the why (echo). */
  shared: string[];
  newWords: string[];
  overlap: number;
}

/** A word (in lower case) that carries content: not a stop word, and not a lone letter (a lone digit counts). */
function isContent(lower: string, c: CompiledWhy): boolean {
  return !c.stop.has(lower) && (lower.length >= 2 || /\p{Nd}/u.test(lower));
}

function contentWords(ws: readonly Word[], c: CompiledWhy, skip: ReadonlySet<number> = new Set()): { word: Word; stem: string }[] {
  const out: { word: Word; stem: string }[] = [];
  ws.forEach((w, i) => {
    if (skip.has(i) || !isContent(w.lower, c)) return;
    out.push({ word: w, stem: stem(w.lower) });
  });
  return out;
}

/**
 * True when the why's own content words that no phrase could cover already
 * outnumber maxNewWords. Phrase matches only ever remove words from the new
 * ones, so such a why is never flagged, and the phrase search is skipped:
 * most whys give a reason and stop here, a few words in.
 */
function surelyGivesReason(why: string, tacticStems: ReadonlySet<string>, c: CompiledWhy): boolean {
  const phraseWords = c.phraseWords;
  if (!phraseWords) return false;
  const own = new Set<string>();
  return someWord(why, (lower) => {
    if (phraseWords.has(lower) || !isContent(lower, c)) return false;
    const s = stem(lower);
    return !tacticStems.has(s) && own.add(s).size > c.maxNewWords;
  });
}

export function analyzeWhy(why: string, tactic: string | undefined, c: CompiledWhy): WhyFinding | undefined {
  const tacticStems = new Set<string>();
  if (tactic) {
    someWord(tactic, (lower) => {
      if (isContent(lower, c)) tacticStems.add(stem(lower));
      return false; // every word
    });
  }
  if (surelyGivesReason(why, tacticStems, c)) return undefined;
  const ws = words(why);
  if (!ws.length) return undefined;
  const authority = findPhrases(why, ws, c.authority);
  const rule = findPhrases(why, ws, c.rule);
  const covered = new Set<number>();
  for (const m of [...authority, ...rule]) for (let k = m.from; k < m.to; k++) covered.add(k);
  const content = contentWords(ws, c, covered);
  const uniqueNew = new Map<string, string>();
  const uniqueShared = new Map<string, string>();
  for (const { word, stem: s } of content) {
    if (tacticStems.has(s)) {
      if (!uniqueShared.has(s)) uniqueShared.set(s, word.text);
    } else if (!uniqueNew.has(s)) uniqueNew.set(s, word.text);
  }
  const newWords = [...uniqueNew.values()];
  const shared = [...uniqueShared.values()];
  const total = uniqueNew.size + uniqueShared.size;
  const overlap = total ? uniqueShared.size / total : 0;
  if (newWords.length > c.maxNewWords) return undefined;
  const first = (ms: PhraseMatch[]): PhraseMatch | undefined => ms[0];
  const hit = first(authority) ? { pattern: 'authority' as const, m: first(authority)! } : first(rule) ? { pattern: 'rule' as const, m: first(rule)! } : undefined;
  if (hit) {
    const start = ws[hit.m.from].start;
    const end = ws[hit.m.to - 1].end;
    return { pattern: hit.pattern, start, end, trigger: why.slice(start, end).replace(/\s+/g, ' '), shared, newWords, overlap };
  }
  if (tactic && total > 0 && shared.length > 0 && overlap >= c.minOverlap) {
    return { pattern: 'echo', start: ws[0].start, end: ws[ws.length - 1].end, shared, newWords, overlap };
  }
  return undefined;
}

const FIX = 'give the principle instead: what the tactic changes for the buyer, or what goes wrong without it';

export function whyMessage(f: WhyFinding, excerptText: string): string {
  switch (f.pattern) {
    case 'authority':
      return `Why "${excerptText}" appeals to habit or authority ("${f.trigger}"); ${FIX}`;
    case 'rule':
      return `Why "${excerptText}" only repeats the rule ("${f.trigger}"); ${FIX}`;
    case 'echo':
      return `Why "${excerptText}" repeats the tactic's own words (${f.shared.map((w) => `"${w}"`).join(', ')}) and adds little else; ${FIX}`;
  }
}
