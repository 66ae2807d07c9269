import { readClause, sideOf, type SideLexicon } from './clause';
import data from './data/lexicon.json';
import { fitMessage, partyOf, topicOf } from './examples';
import { PhraseSet, plainWords, spanText, stringList, withSingulars } from './lexicon';
import { plainProse, tokensOf, type Token } from './nlp';
import { remember } from './bounded-cache';

/**
 * vague-deviation: a deviate-when entry that rests on a judgment instead of a
 * condition a rep can see or hear. The entry is tagged and read as a clause:
 *  - observable: a number, a date, a document or system (RFP, CRM, policy), or
 *    a party doing or saying something ("the buyer asks", "the contract lapses");
 *  - vague: a verb of impression or opinion ("seems", "senses", "trust your
 *    instinct"), a subjective predicate ("is strategic", "a good fit", "big
 *    enough"), an impersonal subject that decides ("where it helps", "if
 *    momentum slows"), a manner with no measure ("goes well"), or one of the
 *    domain phrases that hand the decision back ("use your judgment").
 * Observable wins: a vague word beside something observable is left alone.
 */

export interface CompiledDeviation extends SideLexicon {
  judgment: PhraseSet;
  observable: PhraseSet;
  opinion: PhraseSet;
  speech: PhraseSet;
  vagueVerbs: PhraseSet;
  abstract: PhraseSet;
  factual: PhraseSet;
  evaluative: PhraseSet;
  /** Extra adjectives that are judgments even where a factual reading exists. */
  judgmentWords: PhraseSet;
  judgmentNouns: PhraseSet;
  maxWords: number;
  /** What each distinct entry was judged (entries repeat across tactics and playbooks). */
  judged: Map<string, { hit: Span; norm: string; ts: readonly Token[] } | null>;
}

export const DEVIATION_SETTINGS = ['vague-phrases', 'judgement-words', 'observable-words', 'max-words-for-judgement'] as const;
export const DEFAULT_MAX_WORDS = 12;

export function compileDeviation(settings: Readonly<Record<string, unknown>> = {}): CompiledDeviation {
  const max = settings['max-words-for-judgement'];
  return {
    seller: new PhraseSet(data.sellerRoles.list),
    buyer: new PhraseSet(data.buyerRoles.list),
    buyerFunctions: new PhraseSet(data.buyerFunctions.list),
    judgment: new PhraseSet([...data.judgmentPhrases.list, ...stringList(settings, 'vague-phrases')]),
    observable: new PhraseSet([...data.observableNouns.list, ...stringList(settings, 'observable-words')]),
    opinion: new PhraseSet(data.opinionVerbs.list),
    speech: new PhraseSet(data.speechVerbs.list),
    vagueVerbs: new PhraseSet(data.vagueVerbs.list),
    abstract: new PhraseSet(data.abstractSubjects.list),
    factual: new PhraseSet(data.factualAdjectives.list),
    evaluative: new PhraseSet(data.evaluativeAdverbs.list),
    judgmentWords: new PhraseSet(stringList(settings, 'judgement-words')),
    judgmentNouns: new PhraseSet(data.judgmentNouns.list),
    maxWords: typeof max === 'number' && max >= 0 ? max : DEFAULT_MAX_WORDS,
    judged: new Map(),
  };
}

export interface DeviationFinding {
  /** Character offsets of the trigger in the analysed text. */
  start: number;
  end: number;
  trigger: string;
  /** An observable condition to write instead. */
  example: string;
}

const OPENERS = new Set(['if', 'when', 'whenever', 'where', 'wherever', 'unless', 'once', 'while', 'as', 'only', 'even', 'and', 'or', 'but', 'especially']);

const NUMBER_WORDS = new Set([
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'fifteen',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'ninety',
  'hundred',
  'thousand',
  'million',
  'dozen',
  'twice',
  'half',
]);
const IRREGULAR_SPEECH = [
  'said',
  'told',
  'wrote',
  'written',
  'sent',
  'asked',
  'signed',
  'named',
  'shared',
  'forwarded',
  'emailed',
  'replied',
  'requested',
  'mentioned',
  'announced',
  'cancelled',
  'canceled',
  'confirmed',
  'stated',
];

/** Every written form of the speech verbs ("says", "said", "asks", "asked", …). */
function speechForms(lemmas: readonly string[]): Set<string> {
  const out = new Set(IRREGULAR_SPEECH);
  for (const l of lemmas) {
    out.add(l);
    out.add(/(s|sh|ch|x)$/.test(l) ? `${l}es` : l.endsWith('y') && !/[aeiou]y$/.test(l) ? `${l.slice(0, -1)}ies` : `${l}s`);
  }
  return out;
}
const SPEECH_FORMS = speechForms(data.speechVerbs.list);

/**
 * Observable on its words alone, before any tagging: a digit or a number word,
 * a document or system (observableNouns), or a verb of saying or sending beside
 * a party on the buyer's side ("The CFO asks …").
 */
function surelyObservable(text: string, c: CompiledDeviation): boolean {
  if (/\p{Nd}/u.test(text)) return true;
  const words = plainWords(text); // the same words as in plainProse(text): brackets and white space both part words
  if (words.some((w) => NUMBER_WORDS.has(w) || w === 'written' || w === 'writing') || c.observable.inWords(words)) return true;
  const all = withSingulars(words);
  return words.some((w) => SPEECH_FORMS.has(w)) && (c.buyer.inWords(all) || c.buyerFunctions.inWords(all));
}

export function analyzeDeviation(text: string, c: CompiledDeviation, context?: () => string): DeviationFinding | undefined {
  let judged = c.judged.get(text);
  if (judged === undefined) judged = remember(c.judged, text, 50_000, judgeEntry(text, c) ?? null);
  if (!judged) return undefined;
  const { hit, norm, ts } = judged;
  return {
    start: ts[hit.from].start,
    end: ts[hit.to - 1].end,
    trigger: spanText(plainProse(text), ts, hit.from, hit.to),
    example: deviationExample(norm, ts, context),
  };
}

function judgeEntry(text: string, c: CompiledDeviation): { hit: Span; norm: string; ts: readonly Token[] } | undefined {
  if (surelyObservable(text, c)) return undefined; // an amount, a date, a count, a document, something said
  const norm = plainProse(text).replace(/^(\s*)(\p{Lu})(?=\p{Ll})/u, (_, sp: string, l: string) => sp + l.toLowerCase());
  const ts = tokensOf(norm);
  if (ts.some((t) => t.pos === 'NUM' || c.observable.has(t)) || c.observable.find(ts)) return undefined;
  if (saysSomething(ts, c)) return undefined;
  const hit = judge(ts, c);
  return hit && { hit, norm, ts };
}

/** "The champion says they feel …": a party saying or sending something is observable. */
function saysSomething(ts: readonly Token[], c: CompiledDeviation): boolean {
  for (let k = 1; k < ts.length; k++) {
    if (ts[k].pos !== 'VERB' || !c.speech.has(ts[k])) continue;
    let s = k - 1;
    while (s > 0 && (ts[s - 1].pos === 'DET' || ts[s - 1].pos === 'NOUN' || ts[s - 1].pos === 'PROPN' || ts[s - 1].pos === 'ADJ' || ts[s - 1].lower === "'s"))
      s--;
    if (sideOf(ts, s, k, c) === 'buyer') return true;
  }
  return false;
}

type Span = { from: number; to: number };

function judge(ts: readonly Token[], c: CompiledDeviation): Span | undefined {
  const phrase = c.judgment.find(ts) ?? c.judgmentWords.find(ts);
  if (phrase) return phrase;
  const opinion = ts.findIndex((t, k) => t.pos === 'VERB' && c.opinion.has(t) && (t.lemma !== 'look' || ts[k + 1]?.lower === 'like'));
  if (opinion >= 0) return { from: opinion, to: opinion + 1 };
  const quality = ts.findIndex((t) => t.pos === 'NOUN' && c.judgmentNouns.has(t));
  if (quality >= 0) return { from: quality, to: quality + 1 };
  const words = ts.filter((t) => t.pos !== 'PUNCT').length;
  if (words > c.maxWords) return undefined;
  let i = 0;
  while (i < ts.length && (OPENERS.has(ts[i].lower) || ts[i].pos === 'PUNCT' || ts[i].pos === 'SCONJ')) i++;
  const clause = readClause(ts, i);
  if (clause) return judgeClause(ts, clause, c);
  return judgeFragment(ts, i, c);
}

function judgeClause(ts: readonly Token[], cl: NonNullable<ReturnType<typeof readClause>>, c: CompiledDeviation): Span | undefined {
  const subject = cl.subject;
  const head = ts[subject.to - 1];
  const verb = ts[cl.verb];
  const impersonal = subject.to - subject.from <= 2 && c.abstract.has(head) && sideOf(ts, subject.from, subject.to, c) === 'other';
  if (cl.copula || verb.lemma === 'become' || verb.lemma === 'get') {
    const predicate = subjectivePredicate(ts, cl.verb + 1, c);
    if (predicate) return predicate;
    return impersonal ? { from: subject.from, to: cl.verb + 1 } : undefined;
  }
  const after = ts.slice(cl.verb + 1, cl.verb + 4).findIndex((t) => t.pos === 'ADV' && c.evaluative.has(t));
  if (after >= 0) return { from: cl.verb, to: cl.verb + 2 + after };
  if (impersonal) return { from: subject.from, to: cl.verb + 1 };
  if (c.vagueVerbs.has(verb) && sideOf(ts, subject.from, subject.to, c) !== 'buyer') return { from: cl.verb, to: cl.verb + 1 };
  return undefined;
}

/** "is strategic", "is a good fit", "is not engaged enough": a predicate only an opinion can settle. */
function subjectivePredicate(ts: readonly Token[], from: number, c: CompiledDeviation): Span | undefined {
  for (let k = from; k < ts.length; k++) {
    const t = ts[k];
    if (t.pos === 'PART' || t.pos === 'ADV' || t.pos === 'DET') continue;
    if (t.pos === 'ADP' && t.lower !== 'like') return undefined; // "is on leave", "is in a regulated industry"
    if (t.pos === 'ADJ' || (t.pos === 'VERB' && ts[k + 1]?.lower === 'enough')) {
      if (c.factual.has(t) && !c.judgmentWords.has(t)) return undefined;
      return { from: k, to: ts[k + 1]?.lower === 'enough' ? k + 2 : k + 1 };
    }
    if (t.pos === 'NOUN' || t.pos === 'PROPN') return undefined; // "is a renewal", "is the day-to-day user"
  }
  return undefined;
}

/** No clause: "For larger opportunities, within reason", "Use discretion for smaller accounts". */
function judgeFragment(ts: readonly Token[], i: number, c: CompiledDeviation): Span | undefined {
  let s = i;
  while (s < ts.length && ts[s].pos === 'DET') s++;
  // "If circumstances change", "If momentum slows": an impersonal subject the tagger left without a verb.
  if (ts[s] && ts[s].pos === 'NOUN' && c.abstract.has(ts[s]) && ts[s + 1]) return { from: s, to: s + 2 };
  for (let k = i; k < ts.length; k++) {
    const t = ts[k];
    if (t.lower === 'your' && ts[k + 1]) return { from: k, to: k + 2 };
    if (t.pos === 'ADJ' && !c.factual.has(t)) return { from: k, to: k + 1 };
  }
  return undefined;
}

function deviationExample(text: string, ts: readonly Token[], context?: () => string): string {
  const party = partyOf(text, ts);
  if (party) {
    const who = party.text.charAt(0).toUpperCase() + party.text.slice(1);
    return `${who} ask${party.plural ? '' : 's'} for … in writing`;
  }
  return topicOf(ts, context).deviation;
}

export function deviationMessage(f: DeviationFinding): string {
  return fitMessage(f.trigger, 'is a judgment call; name what the rep sees or hears', f.example);
}
