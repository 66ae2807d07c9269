import data from './data/lexicon.json';
import { PhraseSet } from './lexicon';
import { plainProse, tokensOf, type Token } from './nlp';

/**
 * Rewrites suggested in the coaching messages, built from the item's own words
 * where they give a party and an object ("Send the proposal to the CFO" →
 * "The CFO confirms the proposal …"), otherwise chosen by the item's topic.
 */

const PARTIES = new PhraseSet([...data.buyerRoles.list, ...data.buyerFunctions.list]);
const STOP_OBJECT = new Set(['ADP', 'PUNCT', 'VERB', 'AUX', 'CCONJ', 'SCONJ', 'PART']);

interface Topic {
  words: string[];
  goal: string;
  deviation: string;
}

/** Ordered: the first topic whose words the item uses gives the example. */
const TOPICS: Topic[] = [
  {
    words: ['price', 'pricing', 'quote', 'discount', 'budget', 'proposal', 'roi', 'business case', 'cost'],
    goal: 'The economic buyer agrees the price fits the budget',
    deviation: 'The buyer asks for a discount above 15%',
  },
  {
    words: ['security', 'legal', 'contract', 'msa', 'dpa', 'redline', 'nda', 'procurement', 'paper'],
    goal: 'Legal approves the contract terms',
    deviation: 'Legal returns more than 5 redlines',
  },
  {
    words: ['partner', 'reseller', 'channel', 'distributor', 'alliance'],
    goal: 'The partner commits to a joint pipeline target',
    deviation: 'The partner has registered the deal',
  },
  {
    words: ['renewal', 'renew', 'qbr', 'adoption', 'onboarding', 'expansion', 'churn', 'usage', 'seat'],
    goal: 'The customer commits to renew before the notice date',
    deviation: 'Active seats drop below 60%',
  },
  {
    words: ['pilot', 'poc', 'proof', 'sandbox', 'trial', 'demo', 'integration', 'technical', 'architecture'],
    goal: 'The champion confirms the pilot met its success criteria',
    deviation: 'The buyer asks for a pilot in writing',
  },
  {
    words: ['meeting', 'call', 'outreach', 'prospect', 'sequence', 'email', 'intro', 'cold', 'linkedin', 'lead'],
    goal: 'The prospect accepts a first meeting',
    deviation: 'The prospect replies to the second email',
  },
  {
    words: ['discovery', 'pain', 'question', 'problem', 'insight', 'need'],
    goal: 'The buyer states what the problem costs them',
    deviation: 'The buyer names the cost of the problem',
  },
  {
    words: ['size', 'large', 'big', 'strategic', 'key', 'enterprise', 'value', 'important', 'logo'],
    goal: 'The economic buyer agrees the business case',
    deviation: 'The deal is over $100k ARR',
  },
  {
    words: ['timing', 'urgent', 'momentum', 'slow', 'stall', 'risk', 'ready'],
    goal: 'The buyer commits to a decision date',
    deviation: 'The buyer has not replied for 14 days',
  },
  {
    words: ['relationship', 'hesitant', 'interest', 'engaged', 'champion', 'stakeholder', 'trust'],
    goal: 'The champion commits to a dated next step',
    deviation: 'The champion cancels the next call',
  },
];

const DEFAULT_TOPIC: Topic = { words: [], goal: 'The buyer commits to a dated next step', deviation: 'The buyer asks for it in writing' };

/** The item's topic from its own words, else from its context (the stage's name, the tactic). */
export function topicOf(ts: readonly Token[], context?: () => string): Topic {
  const find = (xs: readonly Token[]) => TOPICS.find((topic) => xs.some((t) => topic.words.includes(t.lemma) || topic.words.includes(t.lower)));
  const around = context?.();
  return find(ts) ?? (around ? find(tokensOf(plainProse(around))) : undefined) ?? DEFAULT_TOPIC;
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Up to four words of the noun phrase at ts[from]. */
function nounPhrase(text: string, ts: readonly Token[], from: number): string | undefined {
  let to = from;
  while (to < ts.length && to - from < 4 && !STOP_OBJECT.has(ts[to].pos) && ts[to].lower !== "'s") to++;
  if (to === from || !ts.slice(from, to).some((t) => t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'X')) return undefined;
  return text.slice(ts[from].start, ts[to - 1].end).replace(/\s+/g, ' ');
}

/** The first buyer-side party named in the sentence, with its determiner ("the CFO", "procurement"). */
export function partyOf(text: string, ts: readonly Token[], from = 0): { text: string; at: number; plural: boolean } | undefined {
  for (let k = from; k < ts.length; k++) {
    const n = PARTIES.matchAt(ts, k);
    if (!n || ts[k + n]?.lower === "'s" || ts[k - 1]?.lower === 'our') continue;
    let start = k;
    while (start > from && (ts[start - 1].pos === 'DET' || ts[start - 1].pos === 'ADJ')) start--;
    let end = k + n;
    while (end < ts.length && ts[end].pos === 'NOUN' && ts[end + 1]?.lower !== "'s") end++; // "the finance team"
    const head = ts[end - 1];
    return { text: text.slice(ts[start].start, head.end).replace(/\s+/g, ' '), at: start, plural: head.lemma !== head.lower && head.lower.endsWith('s') };
  }
  return undefined;
}

const SEND = new Set(['send', 'share', 'email', 'deliver', 'provide', 'submit', 'forward', 'circulate', 'give']);
const MEET = new Set(['schedule', 'book', 'set', 'meet', 'call', 'invite', 'host', 'reach', 'arrange', 'organize', 'organise', 'run', 'hold']);

/** "The CFO confirms the proposal covers …" from "Send the proposal to the CFO". */
export function goalExample(text: string, ts: readonly Token[], verb: Token, objectFrom: number, context?: () => string): string {
  const party = partyOf(text, ts, objectFrom) ?? partyOf(text, ts);
  if (!party) return topicOf(ts, context).goal;
  let object = party.at === objectFrom ? undefined : nounPhrase(text, ts, objectFrom);
  if (object && /^(our|my)\b/i.test(object)) object = object.replace(/^(our|my)\b/i, 'the');
  const who = capital(party.text);
  const s = party.plural ? '' : 's';
  const lemma = verb.lastPart ?? verb.lemma;
  if (!object) return `${who} commit${s} to a dated next step`;
  if (SEND.has(lemma)) return `${who} confirm${s} ${object} covers …`;
  if (MEET.has(lemma)) return `${who} accept${s} ${object} and attend${s}`;
  return `${who} agree${s} ${object} …`;
}

export const MAX_MESSAGE = 140;

const shorten = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

/** `"trigger" head, e.g. "example"` in at most MAX_MESSAGE characters: the trigger, then the example, give way. */
export function fitMessage(trigger: string, head: string, example: string): string {
  const build = (t: string, e: string): string => `"${t}" ${head}, e.g. "${e}"`;
  let t = trigger;
  const room = MAX_MESSAGE - build('', '').length;
  if (t.length + example.length > room) t = shorten(t, Math.max(12, room - example.length));
  return build(t, shorten(example, Math.max(20, room - t.length)));
}
