import { isBaseForm, isParticiple, opensNounPhrase, readClause, readsAsVerb, sideOf, type SideLexicon } from './clause';
import data from './data/lexicon.json';
import { fitMessage, goalExample } from './examples';
import { PhraseSet, plainWords, spanText, stringList, withSingulars } from './lexicon';
import { plainProse, tokensOf, type Token } from './nlp';
import { remember } from './bounded-cache';

/**
 * goal-is-activity: does a stage goal name something our side does rather than
 * an outcome reached with or by the buyer? The sentence is tagged (nlp.ts) and
 * read in three shapes, each explainable by the words that triggered it:
 *  - seller-subject: a clause whose actor is our side, in any voice ("The SE
 *    configures …", "Sales and marketing co-host …", "… is compiled by our team");
 *  - lead-verb: a command, any verb the tagger reads as one ("Spotlight …",
 *    "Re-pitch …", "Set up …");
 *  - activity-noun: a noun phrase headed by an activity ("Pricing walkthrough …").
 * Verbs of agreement, commitment or acquisition state an outcome ("Secure …",
 * "We have the buyer's go-ahead", "Come away with …") unless the agreement is
 * among ourselves. Anyone else as actor, or a passive with no agent, is left alone.
 */

export interface CompiledGoal extends SideLexicon {
  outcomeVerbs: PhraseSet;
  activityVerbs: PhraseSet;
  possessionVerbs: PhraseSet;
  achievementVerbs: PhraseSet;
  achievementObjects: PhraseSet;
  outcomeNouns: PhraseSet;
  activityNouns: PhraseSet;
  internal: PhraseSet;
  purpose: PhraseSet;
  particles: PhraseSet;
  /** Skip the tagger for a goal that surely names no activity (off in the test that checks it changes nothing). */
  earlyExit: boolean;
  /** What each distinct goal text was judged (playbooks repeat goals; the example is built per report). */
  judged: Map<string, Judged | null>;
}

interface Judged {
  hit: Hit;
  quoted: string;
  ts: readonly Token[];
}

export const GOAL_SETTINGS = ['activity-verbs', 'outcome-verbs', 'activity-nouns', 'seller-subjects'] as const;

export function compileGoal(settings: Readonly<Record<string, unknown>> = {}): CompiledGoal {
  const extraOutcome = stringList(settings, 'outcome-verbs');
  return {
    seller: new PhraseSet([...data.sellerRoles.list, ...stringList(settings, 'seller-subjects')]),
    buyer: new PhraseSet(data.buyerRoles.list),
    buyerFunctions: new PhraseSet(data.buyerFunctions.list),
    outcomeVerbs: new PhraseSet([...data.outcomeVerbs.list, ...extraOutcome]),
    activityVerbs: new PhraseSet(stringList(settings, 'activity-verbs').filter((v) => !extraOutcome.includes(v))),
    possessionVerbs: new PhraseSet(data.possessionVerbs.list),
    achievementVerbs: new PhraseSet(data.achievementVerbs.list),
    achievementObjects: new PhraseSet(data.achievementObjects.list),
    outcomeNouns: new PhraseSet(data.outcomeNouns.list),
    activityNouns: new PhraseSet([...data.activityNouns.list, ...stringList(settings, 'activity-nouns')]),
    internal: new PhraseSet(data.internalMarkers.list),
    purpose: new PhraseSet(data.purposeMarkers.list),
    particles: new PhraseSet(data.particles.list),
    earlyExit: true,
    judged: new Map(),
  };
}

const DETERMINERS = new Set(['the', 'a', 'an', 'both', 'their', 'its', 'his', 'her', 'each', 'every', 'all', 'any']);
const AUXILIARY_FORMS = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'had', 'will', 'would', 'should', 'must', 'can', 'could', 'may', 'might']);

/** Written forms of the outcome verbs ("agrees", "signed"): where a goal's opening noun phrase surely ends. */
function outcomeForms(c: CompiledGoal): Set<string> {
  let forms = formsOf.get(c);
  if (!forms) {
    forms = new Set(['won', 'got', 'chose', 'chosen', 'held']);
    for (const v of c.outcomeVerbs.words()) for (const f of [v, `${v}s`, `${v}es`, `${v}ed`, `${v}d`]) forms.add(f);
    formsOf.set(c, forms);
  }
  return forms;
}
const formsOf = new WeakMap<CompiledGoal, Set<string>>();
const OUR_SIDE = new Set(['our', 'we', 'us', 'i', 'my', 'ourselves', 'me']);
const PREPOSITIONS = new Set([
  'with',
  'to',
  'for',
  'of',
  'on',
  'about',
  'at',
  'in',
  'by',
  'from',
  'between',
  'across',
  'into',
  'during',
  'before',
  'after',
  'until',
  'over',
  'through',
]);

/**
 * Decides without tagging that a goal cannot be flagged: it opens with a
 * determiner (so it is no command), names no one on our side (so no clause or
 * passive has our side as actor), and its opening noun phrase has no activity
 * noun or -ing word. Most goals written as outcomes ("The CFO signs …") stop here.
 */
function surelyNoActivity(text: string, c: CompiledGoal): boolean {
  const words = plainWords(text); // the same words as in plainProse(text): brackets and white space both part words
  if (!words.length || !DETERMINERS.has(words[0])) return false;
  // "VP of Sales", "head of customer success": a role after "of" names the head's department, not our side.
  const actors = words.filter((w, k) => words[k - 1] !== 'of' && !(words[k - 2] === 'of' && c.seller.inWords([words[k - 1], w])));
  const all = withSingulars(actors);
  if (all.some((w) => OUR_SIDE.has(w)) || c.seller.inWords(all) || c.activityVerbs.inWords(all)) return false;
  const forms = outcomeForms(c);
  let end = words.findIndex((w) => PREPOSITIONS.has(w) || AUXILIARY_FORMS.has(w) || forms.has(w));
  if (end < 0) end = words.length;
  const opening = withSingulars(words.slice(0, end));
  return !opening.some((w) => w.endsWith('ing')) && !c.activityNouns.inWords(opening);
}

export type GoalPattern = 'lead-verb' | 'seller-subject' | 'activity-noun';

export interface GoalFinding {
  pattern: GoalPattern;
  /** Character offsets of the trigger in the analysed text. */
  start: number;
  end: number;
  /** The trigger words as written (white space folded). */
  trigger: string;
  /** The suggested rewrite, from the goal's own words where it can be. */
  example: string;
}

/** The goal as the tagger reads it: links unwrapped, a capital first letter lowered unless the word is an acronym. */
function prepare(text: string): string {
  const plain = plainProse(text);
  const m = /^(\s*)(\p{L}[\p{L}'’-]*)/u.exec(plain);
  if (!m || !/\p{Ll}/u.test(m[2])) return plain;
  return m[1] + m[2][0].toLowerCase() + plain.slice(m[1].length + 1);
}

export function analyzeGoal(text: string, c: CompiledGoal, context?: () => string): GoalFinding | undefined {
  let judged = c.judged.get(text);
  if (judged === undefined) judged = remember(c.judged, text, 50_000, judgeGoal(text, c) ?? null);
  if (!judged) return undefined;
  const {
    hit: { pattern, from, to, verb, objectFrom },
    quoted,
    ts,
  } = judged;
  return {
    pattern,
    start: ts[from].start,
    end: ts[to - 1].end,
    trigger: spanText(quoted, ts, from, to),
    example: goalExample(quoted, ts, verb, objectFrom, context),
  };
}

function judgeGoal(text: string, c: CompiledGoal): Judged | undefined {
  if (c.earlyExit && surelyNoActivity(text, c)) return undefined;
  const norm = prepare(text);
  const ts = tokensOf(norm);
  let i = 0;
  while (i < ts.length && (ts[i].pos === 'PUNCT' || (ts[i].lower === 'to' && i + 1 < ts.length))) i++;
  if (i >= ts.length) return undefined;
  const clause = readClause(ts, i, c.seller);
  const lead = leadVerb(norm, ts, i, c);
  // Findings quote the goal as written (norm differs only in the case of its first letter).
  const quoted = plainProse(text);
  // A verb guessed from a noun ("Share case studies …") yields to a command, unless a role is its subject ("Partner manager briefs …").
  const clauseFirst = clause && !(clause.guessed && lead && sideOf(ts, clause.subject.from, clause.subject.to, c) === 'other');
  const hit = clause && clauseFirst ? judgeClause(ts, clause, c) : lead ? judgeLead(ts, lead, c) : judgeNounPhrase(ts, i, c);
  return hit && { hit, quoted, ts };
}

/** States a buyer outcome after a purpose marker: "… until the buyer agrees it fits". */
function statesOutcomeLater(ts: readonly Token[], from: number, c: CompiledGoal): boolean {
  const marker = c.purpose.find(ts, from);
  if (!marker) return false;
  for (let k = marker.from; k < ts.length; k++) if ((ts[k].pos === 'VERB' || k === marker.to - 1) && c.outcomeVerbs.has(ts[k])) return true;
  return false;
}

const agreesInternally = (ts: readonly Token[], from: number, c: CompiledGoal): boolean => !!c.internal.find(ts, from);

function judgeClause(ts: readonly Token[], cl: NonNullable<ReturnType<typeof readClause>>, c: CompiledGoal): Hit | undefined {
  if (cl.copula) return undefined; // "The review is complete": a state
  const actor = cl.passive ? cl.agent : cl.subject;
  if (!actor || sideOf(ts, actor.from, actor.to, c) !== 'seller') return undefined;
  const verb = ts[cl.verb];
  if ((c.outcomeVerbs.has(verb) || verb.lemma === 'have') && !c.activityVerbs.has(verb) && !agreesInternally(ts, cl.verb, c)) return undefined;
  if (statesOutcomeLater(ts, cl.verb + 1, c)) return undefined;
  const [from, to] = cl.passive ? [cl.verb, actor.to] : [cl.subject.from, cl.verb + 1];
  return hit('seller-subject', from, to, verb, cl.verb + 1);
}

interface Lead {
  from: number;
  /** End of the trigger (the verb and a particle). */
  to: number;
  verb: Token;
  /** The verb's lemma: its last part for a prefixed verb ("re-pitch" is "pitch"). */
  lemma: string;
}

/** A command at the start: a verb in base form (or a gerund), with its particle ("set up"). */
function leadVerb(text: string, ts: readonly Token[], i: number, c: CompiledGoal): Lead | undefined {
  const t = ts[i];
  const next = ts[i + 1];
  if (next && (next.pos === 'AUX' || (next.pos === 'VERB' && !c.particles.has(next)))) return undefined; // "Review is complete"
  const lastPart = t.lastPart ?? t.lower.split('-').pop()!;
  let lemma: string | undefined;
  if (c.activityVerbs.has(t) || c.outcomeVerbs.has(t)) lemma = t.lemma;
  else if (t.pos === 'VERB' && isBaseForm(t)) lemma = t.lemma;
  else if (t.pos === 'VERB' && t.lower.endsWith('ing')) {
    if (next && (next.pos === 'NOUN' || next.pos === 'PROPN')) return undefined; // "Pricing walkthrough …": a modifier
    lemma = t.lemma;
  } else if (t.pos === 'VERB' && isParticiple(t))
    return undefined; // "Signed order form returned"
  else if (/^\p{L}/u.test(t.text) && (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'ADJ' || t.pos === 'X' || t.pos === 'ADV')) {
    const rest = text.slice(t.end);
    if (readsAsVerb(lastPart, rest) || (t.pos === 'NOUN' && opensNounPhrase(next) && next?.pos !== 'NUM')) lemma = lastPart;
  }
  if (lemma === undefined) return undefined;
  let to = i + 1;
  if (c.particles.has(ts[to]) && ts[to].pos !== 'NOUN') to++;
  return { from: i, to, verb: t, lemma };
}

function judgeLead(ts: readonly Token[], lead: Lead, c: CompiledGoal): Hit | undefined {
  const { verb, lemma } = lead;
  const after = lead.to;
  if (!c.activityVerbs.has(verb)) {
    if (c.outcomeVerbs.hasWord(lemma) || c.outcomeVerbs.has(verb))
      return agreesInternally(ts, after, c) ? hit('lead-verb', lead.from, lead.to, verb, after) : undefined;
    // "Come away with …", "Leave the call with …": what we take away is the buyer's.
    const window = ts.slice(after - 1, after + 5);
    if (c.possessionVerbs.hasWord(lemma) && (lemma === 'leave' || window.some((t) => t.lower === 'away')) && window.some((t) => t.lower === 'with'))
      return undefined;
    if (c.achievementVerbs.hasWord(lemma) && ts.slice(after, after + 6).some((t) => c.achievementObjects.has(t))) return undefined;
  }
  if (statesOutcomeLater(ts, after, c)) return undefined;
  return hit('lead-verb', lead.from, lead.to, verb, after);
}

/** A goal that is only a noun phrase: flagged when its head names an activity and nothing in it a result. */
function judgeNounPhrase(ts: readonly Token[], i: number, c: CompiledGoal): Hit | undefined {
  if (ts.some((t) => c.outcomeNouns.has(t)) || ts.some((t) => t.pos === 'VERB' && c.outcomeVerbs.has(t))) return undefined;
  let head = -1;
  for (let k = i; k < ts.length; k++) {
    const t = ts[k];
    // "The champion schedules the meeting": a determiner after a noun follows a verb read as a noun.
    if (t.pos === 'DET' && k > i && ts[k - 1].pos === 'NOUN') return undefined;
    if (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'ADJ' || t.pos === 'X' || t.pos === 'DET' || t.pos === 'NUM') {
      if (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'X') head = k;
      continue;
    }
    if (t.lower === "'s") return undefined; // "the buyer's demo" is theirs
    if (t.pos === 'VERB' && k > i) return undefined; // a verb: not a bare noun phrase
    break;
  }
  if (head < 0) return undefined;
  const h = ts[head];
  const activity =
    c.activityNouns.has(h) ||
    (h.lastPart !== undefined && c.activityNouns.hasWord(h.lastPart)) ||
    (h.pos === 'NOUN' && /ing$/.test(h.lower) && h.lower.length > 5);
  if (!activity || statesOutcomeLater(ts, head + 1, c)) return undefined;
  return hit('activity-noun', head, head + 1, h, head + 1);
}

/** What a shape found: the trigger tokens [from, to), its verb or head, and where its object starts. */
interface Hit {
  pattern: GoalPattern;
  from: number;
  to: number;
  verb: Token;
  objectFrom: number;
}

const hit = (pattern: GoalPattern, from: number, to: number, verb: Token, objectFrom: number): Hit => ({ pattern, from, to, verb, objectFrom });

const MESSAGE_HEAD: Record<GoalPattern, string> = {
  'lead-verb': 'is our activity; state what the buyer agrees or does',
  'seller-subject': 'is what we do; state what the buyer agrees or does',
  'activity-noun': 'names an activity, not a result; state what the buyer agrees',
};

export function goalMessage(f: GoalFinding): string {
  return fitMessage(f.trigger, MESSAGE_HEAD[f.pattern], f.example);
}
