import type { PhraseSet } from './lexicon';
import { token, tokensOf, type Token } from './nlp';

/**
 * The parts of a sentence the coaching checks reason about, read from the
 * tagger's output: the subject noun phrase, the main verb with its auxiliaries,
 * the voice and, in the passive, the agent ("… is drafted by our team").
 */
export interface Clause {
  /** Subject noun phrase, tokens [from, to). */
  subject: { from: number; to: number };
  /** Index of the main verb (a copula when there is no other verb). */
  verb: number;
  /** Auxiliaries before it ("is", "will", "has been"). */
  auxiliaries: Token[];
  passive: boolean;
  /** The agent of a passive ("by our team"), tokens [from, to). */
  agent?: { from: number; to: number };
  /** The verb is "be" with no other verb ("The deal is complex"). */
  copula: boolean;
  /** The verb is a word the tagger read as a plural noun ("The AE reviews the redlines"). */
  guessed: boolean;
}

const NP_POS = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'PRON', 'NUM', 'X']);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'our',
  'their',
  'your',
  'its',
  'this',
  'these',
  'that',
  'those',
  'his',
  'her',
  'my',
  'every',
  'each',
  'any',
  'some',
]);

/** ts[i] is a determiner or possessive pronoun opening a noun phrase. */
export const opensNounPhrase = (t: Token | undefined): boolean => !!t && (t.pos === 'DET' || DETERMINERS.has(t.lower));

/** Is ts[from, to) a noun phrase (or several joined by "and" / commas, or "VP of Sales")? */
function isNounPhrase(ts: readonly Token[], from: number, to: number, roles?: PhraseSet): boolean {
  let sawHead = false;
  for (let k = from; k < to; k++) {
    const role = roles ? roles.matchAt(ts, k) : 0;
    if (role > 1) {
      k += role - 1;
      sawHead = true;
      continue;
    }
    const t = ts[k];
    const prev = ts[k - 1];
    if (t.pos === 'CCONJ' || t.text === ',' || t.text === '&' || t.text === '/') continue;
    if (t.lower === "'s" || t.lower === "'") continue;
    if (t.lower === 'of' && k > from && k + 1 < to) continue;
    if (!NP_POS.has(t.pos)) return false;
    // "onboard the pilot users": a word right before a determiner is a verb, not a noun phrase.
    if (opensNounPhrase(t) && k > from && prev && (prev.pos === 'NOUN' || prev.pos === 'PROPN' || prev.pos === 'ADJ') && prev.lower !== "'s") return false;
    if (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'PRON' || t.pos === 'X' || t.pos === 'NUM') sawHead = true;
  }
  return sawHead || (to > from && ts[to - 1].pos === 'ADJ'); // "the champion", tagged as an adjective
}

/** A verb form that is not the base form or a gerund: a past participle or a past tense. */
export const isParticiple = (t: Token): boolean => t.lower !== t.lemma && !t.lower.endsWith('ing') && !t.lower.endsWith('s');

/**
 * "The AE reviews the redlines", "Our CSM trains the admins": a third-person
 * verb the tagger read as a plural noun, between a noun and a determiner.
 */
function verbReadAsNoun(ts: readonly Token[], j: number, from: number): boolean {
  const t = ts[j];
  const prev = ts[j - 1];
  const next = ts[j + 1];
  const object = opensNounPhrase(next) || (!!next && (next.pos === 'ADP' || (next.pos === 'PRON' && next.lower !== 'i')));
  // "Sales and marketing co-host the webinar": a prefixed verb before its object.
  if (j > from && t.pos === 'NOUN' && /^(co|re|pre|cross|up|out|over|under)-/.test(t.lower) && opensNounPhrase(next)) return true;
  const nounBefore = !!prev && (prev.pos === 'NOUN' || prev.pos === 'PROPN' || prev.pos === 'X' || (prev.pos === 'ADJ' && ts[j - 2]?.pos === 'DET'));
  // An unknown word keeps its "s" as lemma ("onboards"); the determiner after it still marks a verb.
  const thirdPerson = t.lower.endsWith('s') && !t.lower.endsWith('ss') && (t.lemma !== t.lower || opensNounPhrase(next));
  return j > from && t.pos === 'NOUN' && thirdPerson && nounBefore && object;
}

/** A verb in its base form ("draft", and "socialise" whose lemma is spelt "socialize"). */
export const isBaseForm = (t: Token): boolean => t.lemma === t.lower || !/(s|ed|ing)$/.test(t.lower);

/** The first clause of the sentence starting at `from`, when it opens with a subject. */
export function readClause(ts: readonly Token[], from: number, roles?: PhraseSet): Clause | undefined {
  let j = from;
  for (;;) {
    // A known role of several words is one noun, whatever the tagger made of its parts ("pod lead").
    const role = roles ? roles.matchAt(ts, j) : 0;
    if (role > 1) {
      j += role;
      continue;
    }
    if (j >= ts.length || ts[j].pos === 'VERB' || ts[j].pos === 'AUX' || verbReadAsNoun(ts, j, from)) break;
    j++;
  }
  if (j === from || j >= ts.length || !isNounPhrase(ts, from, j, roles)) return undefined;
  const auxiliaries: Token[] = [];
  let v = j;
  while (v < ts.length && (ts[v].pos === 'AUX' || ts[v].pos === 'PART' || (ts[v].pos === 'ADV' && auxiliaries.length > 0))) {
    if (ts[v].pos === 'AUX') auxiliaries.push(ts[v]);
    v++;
  }
  let copula = false;
  if (v >= ts.length || (ts[v].pos !== 'VERB' && !verbReadAsNoun(ts, v, from))) {
    if (!auxiliaries.length) return undefined;
    v = j; // "is complete", "has a signed order form": the auxiliary is the verb
    copula = auxiliaries[0].lemma === 'be';
  }
  // "The quote gets sent by the CSM": "get" with a participle is a passive auxiliary.
  if (ts[v].lemma === 'get' && ts[v + 1]?.pos === 'VERB' && isParticiple(ts[v + 1])) {
    const t = ts[v];
    auxiliaries.push(token(t.text, t.lower, t.pos, 'be', t.negated, t.start, t.end, t.lastPart));
    v++;
  }
  const verb = ts[v];
  const next = ts[v + 1];
  const byBe = auxiliaries.some((a) => a.lemma === 'be');
  const reduced =
    !auxiliaries.length && isParticiple(verb) && (!next || next.lower === 'by' || next.pos === 'PUNCT' || next.pos === 'CCONJ' || next.pos === 'ADP');
  const passive = !copula && verb.pos === 'VERB' && isParticiple(verb) && (byBe || reduced);
  let agent: Clause['agent'];
  if (passive) {
    const by = ts.findIndex((t, k) => k > v && t.lower === 'by');
    if (by > 0) {
      let end = by + 1;
      while (
        end < ts.length &&
        (NP_POS.has(ts[end].pos) || ts[end].pos === 'CCONJ' || ts[end].lower === "'s" || (ts[end].lower === 'of' && end + 1 < ts.length))
      )
        end++;
      if (end > by + 1) agent = { from: by + 1, to: end };
    }
  }
  return { subject: { from, to: j }, verb: v, auxiliaries, passive, agent, copula, guessed: verb.pos !== 'VERB' && verb.pos !== 'AUX' };
}

export type Side = 'seller' | 'buyer' | 'other';

export interface SideLexicon {
  seller: PhraseSet;
  buyer: PhraseSet;
  buyerFunctions: PhraseSet;
}

/** Whose side a noun phrase (one conjunct) is on: by its possessive and the role its head names. */
function sideOfConjunct(ts: readonly Token[], from: number, to: number, lex: SideLexicon): Side {
  // The head is before "of" ("VP of Sales") and after a possessive ("the buyer's team" is theirs).
  let end = to;
  for (let k = from; k < to; k++) if (ts[k].lower === 'of') end = Math.min(end, k);
  let owner: Side | undefined;
  let start = from;
  for (let k = from; k < end; k++) {
    const w = ts[k].lower;
    if (w === 'our' || w === 'my' || w === 'we' || w === 'i' || w === 'us' || w === 'ourselves') owner = 'seller';
    else if (w === 'their' || w === 'its') owner = 'buyer';
    else if (w === "'s" || w === "'") {
      owner = sideOfConjunct(ts, start, k, lex) === 'seller' ? 'seller' : 'buyer';
      start = k + 1;
    }
  }
  const endsRole = (set: PhraseSet): boolean => {
    for (let k = start; k < end; k++) {
      const n = set.matchAt(ts, k);
      if (n && k + n === end) return true;
    }
    return false;
  };
  if (endsRole(lex.buyer)) return 'buyer';
  if (owner === 'seller') return 'seller';
  if (endsRole(lex.seller)) return owner === 'buyer' ? 'buyer' : 'seller';
  if (owner === 'buyer' || endsRole(lex.buyerFunctions)) return 'buyer';
  return 'other';
}

/**
 * The side of a (possibly compound) noun phrase: ours when some part is ours
 * and none is the buyer's ("Sales and marketing", "Our team and the partner");
 * the buyer's as soon as one part is ("We and the buyer").
 */
export function sideOf(ts: readonly Token[], from: number, to: number, lex: SideLexicon): Side {
  const sides: Side[] = [];
  let start = from;
  for (let k = from; k <= to; k++) {
    if (k === to || ts[k].pos === 'CCONJ' || ts[k].text === ',' || ts[k].text === '&' || ts[k].text === '/') {
      if (k > start) sides.push(sideOfConjunct(ts, start, k, lex));
      start = k + 1;
    }
  }
  if (sides.includes('buyer')) return 'buyer';
  return sides.includes('seller') ? 'seller' : 'other';
}

/**
 * Can `word` be read as a verb in command form? The tagger reads a capitalised
 * or sentence-initial word as a noun more often than not ("Draft the business
 * case"), so it is asked again with a subject in front: "you draft the …".
 */
export function readsAsVerb(word: string, rest: string): boolean {
  const ts = tokensOf(`you ${word}${rest}`);
  const t = ts[1];
  return !!t && t.pos === 'VERB' && isBaseForm(t);
}
