import data from './data/lexicon.json';
import { fitMessage } from './examples';
import { PhraseSet, spanText, stringList } from './lexicon';
import { plainProse, tokensOf, type Token } from './nlp';
import { OwnWordCounter } from './own-words';
import { stem } from './words';

/**
 * why-restates-tactic: a why that gives no principle. Both texts are tagged
 * and compared by lemma and stem, with synonym groups and negation:
 *  - authority or habit: the why's only support is a person, a document, a
 *    methodology or a habit ("MEDDICC requires it", "Our VP forbids it",
 *    "We always open this way", "Company policy");
 *  - restatement: the why's content is the tactic's own content (same lemmas,
 *    stems or synonyms, same polarity) plus words that re-assert the rule
 *    ("should", "are expected", "is a must").
 * Either counts only while the why adds at most `maxNewWords` content words of
 * its own and states no consequence ("because …", "otherwise …", "so …" with
 * words of its own): a why that goes on to a mechanism is left alone.
 */

export interface CompiledWhy {
  authorities: PhraseSet;
  directives: PhraseSet;
  normative: PhraseSet;
  habits: PhraseSet;
  consequences: PhraseSet;
  stop: Set<string>;
  /** Canonical word of each synonym-group member. */
  synonyms: Map<string, string>;
  minOverlap: number;
  maxNewWords: number;
  /** Skip the tagger for a why that surely gives a reason (off in the test that checks it changes nothing). */
  earlyExit: boolean;
  /** Every word of every list entry and synonym: words the cheap scan never counts as the why's own. */
  listed: Set<string>;
  /** The cheap scan's count of the why's own words. */
  ownWords: OwnWordCounter;
}

export const WHY_SETTINGS = ['authority-phrases', 'rule-phrases', 'min-overlap', 'max-new-words'] as const;
export const DEFAULT_MIN_OVERLAP = 0.5;
export const DEFAULT_MAX_NEW_WORDS = 4;

export function compileWhy(settings: Readonly<Record<string, unknown>> = {}): CompiledWhy {
  const num = (key: string, dflt: number): number => (typeof settings[key] === 'number' ? (settings[key] as number) : dflt);
  const synonyms = new Map<string, string>();
  for (const group of data.synonyms.list) for (const w of group) synonyms.set(w, group[0]);
  const compiled: CompiledWhy = {
    authorities: new PhraseSet([...data.authorities.list, ...stringList(settings, 'authority-phrases')]),
    directives: new PhraseSet(data.directives.list),
    normative: new PhraseSet([...data.normative.list, ...stringList(settings, 'rule-phrases')]),
    habits: new PhraseSet(data.habits.list),
    consequences: new PhraseSet(data.consequenceMarkers.list),
    stop: new Set(data.stopWords.list),
    synonyms,
    minOverlap: num('min-overlap', DEFAULT_MIN_OVERLAP),
    maxNewWords: num('max-new-words', DEFAULT_MAX_NEW_WORDS),
    earlyExit: true,
    listed: new Set(),
    ownWords: new OwnWordCounter((w) => w.length >= 3 && !compiled.stop.has(w) && !FUNCTION_WORDS.has(w) && !compiled.listed.has(w)),
  };
  for (const list of [
    data.authorities.list,
    data.directives.list,
    data.normative.list,
    data.habits.list,
    stringList(settings, 'authority-phrases'),
    stringList(settings, 'rule-phrases'),
    ...data.synonyms.list,
  ]) {
    for (const entry of list) for (const w of entry.toLowerCase().split(/[\s-]+/)) compiled.listed.add(w);
  }
  return compiled;
}

export type WhyPattern = 'authority' | 'echo';

export interface WhyFinding {
  pattern: WhyPattern;
  /** Character offsets in the why of the trigger (authority) or of the whole why (echo). */
  start: number;
  end: number;
  /** The authority or habit words as written (authority). */
  trigger?: string;
  /** Tactic words the why repeats, as written in the why (echo). */
  shared: string[];
  newWords: string[];
  /** Suggested start of a why that gives a consequence, from the tactic's words. */
  example: string;
}

const CONTENT_POS = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ', 'ADV', 'NUM', 'X']);

function isContent(t: Token, c: CompiledWhy): boolean {
  return (
    CONTENT_POS.has(t.pos) && !c.stop.has(t.lower) && !c.stop.has(t.lemma) && /[\p{L}\p{N}]/u.test(t.text) && (t.lower.length > 1 || /\p{N}/u.test(t.lower))
  );
}

/** Polarity is the verb's: the tagger's negation scope runs on to the nouns after it ("no movement … to the deal clinic"). */
const negatedVerb = (t: Token): boolean => t.negated && (t.pos === 'VERB' || t.pos === 'AUX');

/** One key per meaning: synonym group, else lemma stem ("proposal" and "propose" meet). */
function keyOf(t: Token, c: CompiledWhy): string {
  return c.synonyms.get(t.lower) ?? c.synonyms.get(t.lemma) ?? stem(t.lemma);
}

/**
 * Cheap test before tagging: the why has more words of its own (not stop
 * words, not the tactic's, not any list's) than a restatement could. Each
 * word's stem is looked up where it stands (WordMemo): whys are long and
 * nearly all distinct, so no whole text is kept or copied.
 */
function surelyGivesReason(why: string, tactic: string | undefined, c: CompiledWhy): boolean {
  // Words the tagger would not count as content, or would count as the tactic's, or as say-so, are skipped;
  // two more than the limit leaves room for forms the stem and the lemma fold differently ("ran", "run").
  return c.ownWords.exceeds(why, tactic, c.maxNewWords + 2);
}

/** Pronouns, prepositions and conjunctions the stop words leave out: never content for the tagger. */
const FUNCTION_WORDS = new Set([
  'something',
  'anything',
  'nothing',
  'everything',
  'someone',
  'anyone',
  'nobody',
  'everyone',
  'themselves',
  'itself',
  'ourselves',
  'yourself',
  'him',
  'me',
  'my',
  'mine',
  'theirs',
  'ours',
  'yours',
  'whose',
  'whether',
  'between',
  'through',
  'until',
  'unless',
  'without',
  'against',
  'among',
  'under',
  'above',
  'below',
  'across',
  'toward',
  'towards',
  'upon',
  'via',
  'both',
  'either',
  'neither',
  'whatever',
  'whenever',
  'wherever',
  'although',
  'though',
  'whereas',
  'once',
  'others',
  'other',
  'another',
  'such',
  'same',
  'own',
]);

export function analyzeWhy(why: string, tactic: string | undefined, c: CompiledWhy): WhyFinding | undefined {
  if (c.earlyExit && surelyGivesReason(why, tactic, c)) return undefined;
  const norm = plainProse(why);
  const ws = tokensOf(norm);
  if (!ws.some((t) => /\p{L}/u.test(t.text))) return undefined;
  const ts = tactic ? tokensOf(plainProse(tactic)) : [];
  /** The tactic's meanings, each with whether it is negated there ("Do not send pricing …"). */
  const tacticKeys = new Map<string, boolean>();
  for (const t of ts) if (isContent(t, c)) tacticKeys.set(keyOf(t, c), negatedVerb(t));

  const support = new Set<number>(); // authority, habit and rule words: not reasons of their own
  const mark = (set: PhraseSet): { from: number; to: number } | undefined => {
    let first: { from: number; to: number } | undefined;
    for (let k = 0; k < ws.length; k++) {
      const n = set.matchAt(ws, k);
      if (!n) continue;
      first ??= { from: k, to: k + n };
      for (let m = k; m < k + n; m++) support.add(m);
    }
    return first;
  };
  const authority = mark(c.authorities);
  const habit = mark(c.habits);
  mark(c.normative);
  if (authority || habit) mark(c.directives);

  const shared = new Map<string, string>();
  const fresh = new Map<string, string>();
  ws.forEach((t, k) => {
    if (support.has(k) || !isContent(t, c)) return;
    const key = keyOf(t, c);
    // Same word, other polarity ("Do not discount" / "A discount …") is not a restatement.
    if (tacticKeys.get(key) === negatedVerb(t)) shared.set(key, t.text);
    else fresh.set(key, t.text);
  });
  const newWords = [...fresh.values()];
  const own = (t: Token): boolean => isContent(t, c) && tacticKeys.get(keyOf(t, c)) !== negatedVerb(t);
  if (newWords.length > c.maxNewWords || statesConsequence(ws, support, own, c)) return undefined;
  const example = whyExample(ts, plainProse(tactic ?? ''));
  const source = authority ?? habit;
  if (source && newWords.length <= Math.max(1, c.maxNewWords - 2)) {
    const span = widen(ws, source, support);
    return {
      pattern: 'authority',
      start: ws[span.from].start,
      end: ws[span.to - 1].end,
      trigger: spanText(norm, ws, span.from, span.to),
      shared: [...shared.values()],
      newWords,
      example,
    };
  }
  // "We send pricing before discovery" against "Do not send pricing …": the why contradicts, not restates.
  if (ws.some((t) => t.pos === 'VERB' && tacticKeys.has(keyOf(t, c)) && tacticKeys.get(keyOf(t, c)) !== negatedVerb(t))) return undefined;
  const total = shared.size + fresh.size;
  const echoes = shared.size > 0 && shared.size / total >= c.minOverlap;
  const reasserts = support.size > 0 && shared.size > 0 && newWords.length <= 2;
  if (!echoes && !reasserts) return undefined;
  const words = ws.filter((t) => /[\p{L}\p{N}]/u.test(t.text));
  return { pattern: 'echo', start: words[0].start, end: words[words.length - 1].end, shared: [...shared.values()], newWords, example };
}

/** "because …", "otherwise …" followed by three or more words of the why's own (not the tactic's, not say-so). */
function statesConsequence(ws: readonly Token[], support: ReadonlySet<number>, own: (t: Token) => boolean, c: CompiledWhy): boolean {
  for (let k = 0; k < ws.length; k++) {
    if (!c.consequences.has(ws[k])) continue;
    let count = 0;
    for (let m = k + 1; m < ws.length; m++) if (!support.has(m) && own(ws[m])) count++;
    if (count >= 3) return true;
  }
  return false;
}

/** The supporting words around the first trigger, as one quotable run ("Our VP forbids", "MEDDICC requires"). */
function widen(ws: readonly Token[], at: { from: number; to: number }, support: ReadonlySet<number>): { from: number; to: number } {
  let { from, to } = at;
  while (from > 0 && (support.has(from - 1) || ws[from - 1].pos === 'DET' || ws[from - 1].lower === 'our') && to - from < 5) from--;
  while (to < ws.length && support.has(to) && to - from < 5) to++;
  return { from, to };
}

/** "Without a recap, the buyer …" from "Send a recap email …": the tactic's object, else a plain start. */
function whyExample(ts: readonly Token[], tactic: string): string {
  if (ts.some((t) => t.negated || t.lower === 'never')) return 'Otherwise the buyer …';
  const verb = ts.findIndex((t) => t.pos === 'VERB');
  let from = verb + 1;
  while (from > 0 && from < ts.length && ts[from].pos !== 'DET' && ts[from].pos !== 'NOUN' && ts[from].pos !== 'ADJ') from++;
  let to = from;
  while (to < ts.length && (ts[to].pos === 'DET' || ts[to].pos === 'ADJ')) to++;
  const nouns = to;
  while (to < ts.length && to - from < 4 && (ts[to].pos === 'NOUN' || ts[to].pos === 'PROPN')) to++;
  if (verb < 0 || to === nouns) return 'Otherwise the buyer …';
  const object = tactic.slice(ts[from].start, ts[to - 1].end).replace(/^(our|my|every|each|any)\b/i, 'the');
  return `Without ${object}, the buyer …`;
}

export function whyMessage(f: WhyFinding): string {
  if (f.pattern === 'authority') return fitMessage(f.trigger ?? '', 'is the only support; say what it changes for the buyer or the deal', f.example);
  const words = f.shared.slice(0, 2);
  const verb = words.length > 1 ? 'repeat' : 'repeats';
  return fitMessage(words.join('", "') || 'it', `${verb} the tactic; say what it changes for the buyer`, f.example);
}
