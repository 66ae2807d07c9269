import data from './data/goal-words.json';
import { compilePhrases, findPhrases, inflectedPhrases, matchAt, phraseAt, type Phrase, type Word, words } from './words';

/**
 * goal-is-activity: does a stage goal name something we do rather than an
 * outcome reached with the buyer? Three patterns, each explainable by the
 * words that triggered it:
 *  - lead verb: the goal starts with an imperative of our activity ("Walk through pricing");
 *  - seller subject: "We present …", "Our solutions engineer demos …";
 *  - activity noun: the goal is only a noun phrase naming an activity ("Pricing walkthrough with the buyer").
 * A goal that starts with an outcome verb ("Agree …", "Secure …"), has anyone
 * else as its subject, or states what the activity reaches ("… until the
 * buyer agrees …") is left alone. Unknown shapes are left alone: precision first.
 */

export interface GoalLists {
  activityVerbs: readonly string[];
  outcomeVerbs: readonly string[];
  activityNouns: readonly string[];
  sellerSubjects: readonly string[];
}

export interface GoalSettings {
  'activity-verbs'?: string[];
  'outcome-verbs'?: string[];
  'activity-nouns'?: string[];
  'seller-subjects'?: string[];
}

export const DEFAULT_GOAL_LISTS: GoalLists = {
  activityVerbs: data.activityVerbs.list,
  outcomeVerbs: data.outcomeVerbs.list,
  activityNouns: data.activityNouns.list,
  sellerSubjects: data.sellerSubjects.list,
};

export type GoalPattern = 'lead-verb' | 'seller-subject' | 'activity-noun';

export interface GoalFinding {
  pattern: GoalPattern;
  /** Word indices of the trigger, `to` exclusive. */
  from: number;
  to: number;
  /** Character offsets of the trigger in the analysed text. */
  start: number;
  end: number;
  /** The trigger words as written (white space folded). */
  trigger: string;
  /** The activity word itself (lower case), for the message. */
  activity: string;
}

interface CompiledGoal {
  activityLeads: Phrase[];
  activityAnyForm: Phrase[];
  outcomeLeads: Phrase[];
  outcomeAnyForm: Phrase[];
  activityNouns: Phrase[];
  sellerSubjects: Phrase[];
  nounLeads: Set<string>;
  nounFollowers: Set<string>;
  purposeMarkers: Phrase[];
  auxiliaries: Set<string>;
  modals: Set<string>;
  achievementVerbs: Set<string>;
  achievementObjects: Set<string>;
}

export function compileGoalLists(lists: GoalLists): CompiledGoal {
  const outcome = new Set(lists.outcomeVerbs.map((v) => v.trim().toLowerCase()));
  // An outcome verb a team adds wins over the same word in the activity list.
  const activity = lists.activityVerbs.filter((v) => !outcome.has(v.trim().toLowerCase()));
  return {
    activityLeads: compilePhrases(activity),
    activityAnyForm: compilePhrases(inflectedPhrases(activity)),
    outcomeLeads: compilePhrases(lists.outcomeVerbs),
    outcomeAnyForm: compilePhrases(inflectedPhrases(lists.outcomeVerbs)),
    activityNouns: compilePhrases(lists.activityNouns),
    sellerSubjects: compilePhrases(lists.sellerSubjects),
    nounLeads: new Set(data.nounLeads.list),
    nounFollowers: new Set(data.nounFollowers.list),
    purposeMarkers: compilePhrases(data.purposeMarkers.list),
    auxiliaries: new Set(data.auxiliaries.list),
    modals: new Set(data.modals.list),
    achievementVerbs: new Set(data.achievements.verbs),
    achievementObjects: new Set(data.achievements.objects),
  };
}

function triggerText(text: string, ws: readonly Word[], from: number, to: number): string {
  return text.slice(ws[from].start, ws[to - 1].end).replace(/\s+/g, ' ');
}

/** Is there an outcome verb (any form) after word index i, following a purpose marker? */
function statesOutcomeLater(text: string, ws: readonly Word[], i: number, c: CompiledGoal): boolean {
  const markers = findPhrases(text, ws, c.purposeMarkers).filter((m) => m.from >= i);
  if (!markers.length) return false;
  for (let k = markers[0].from; k < ws.length; k++) if (phraseAt(text, ws, k, c.outcomeAnyForm)) return true;
  return false;
}

function hasOutcomeVerbAfter(text: string, ws: readonly Word[], i: number, c: CompiledGoal): boolean {
  for (let k = i; k < ws.length; k++) if (phraseAt(text, ws, k, c.outcomeAnyForm)) return true;
  return false;
}

export function analyzeGoal(text: string, c: CompiledGoal): GoalFinding | undefined {
  const ws = words(text);
  let i = 0;
  if (ws[0]?.lower === 'to' && ws.length > 1) i = 1; // "To walk through …"
  if (i >= ws.length) return undefined;
  if (phraseAt(text, ws, i, c.outcomeLeads)) return undefined;
  // A first word in capitals is an acronym, not a verb: "MAP signed by both sides".
  if (/\p{L}.*\p{L}/u.test(ws[i].text) && !/\p{Ll}/u.test(ws[i].text)) return undefined;

  // 1. Lead verb: "Walk through pricing", "Demo the dashboard".
  const lead = phraseAt(text, ws, i, c.activityLeads);
  if (lead) {
    const next = ws[lead.to]?.lower;
    const asNoun = next !== undefined && c.nounFollowers.has(next) && next === 'of';
    if (next !== undefined && c.auxiliaries.has(next)) return undefined; // "Review is complete": a noun subject
    // "Meet the pilot's success criteria": meeting a standard is an outcome.
    if (c.achievementVerbs.has(ws[lead.from].lower) && ws.slice(lead.to, lead.to + 5).some((w) => c.achievementObjects.has(w.lower))) return undefined;
    if (statesOutcomeLater(text, ws, lead.to, c)) return undefined;
    if (asNoun) {
      // "Review of the contract with legal": a noun phrase, judged as one.
      if (hasOutcomeVerbAfter(text, ws, lead.to, c)) return undefined;
      return { pattern: 'activity-noun', from: lead.from, to: lead.to, start: ws[lead.from].start, end: ws[lead.to - 1].end, trigger: triggerText(text, ws, lead.from, lead.to), activity: lead.phrase.source.toLowerCase() };
    }
    return { pattern: 'lead-verb', from: lead.from, to: lead.to, start: ws[lead.from].start, end: ws[lead.to - 1].end, trigger: triggerText(text, ws, lead.from, lead.to), activity: lead.phrase.source.toLowerCase() };
  }

  // 2. Seller subject: "We present …", "Our solutions engineer demos …", "The rep sends …".
  let s = i;
  const det = ws[s]?.lower;
  if (det === 'our' || det === 'the') s++;
  const subject = phraseAt(text, ws, s, c.sellerSubjects);
  if (subject && (det === 'our' || det === 'the' || subject.phrase.parts[0] === 'we' || subject.phrase.parts[0] === 'i')) {
    if ((det === 'our' || det === 'the') && (subject.phrase.parts[0] === 'we' || subject.phrase.parts[0] === 'i')) return undefined;
    let v = subject.to;
    for (let k = 0; k < 2 && v < ws.length && c.modals.has(ws[v].lower); k++) v++;
    const verb = phraseAt(text, ws, v, c.activityAnyForm);
    if (verb && joinedRun(text, ws, i, verb.to)) {
      if (statesOutcomeLater(text, ws, verb.to, c)) return undefined;
      return { pattern: 'seller-subject', from: i, to: verb.to, start: ws[i].start, end: ws[verb.to - 1].end, trigger: triggerText(text, ws, i, verb.to), activity: verb.phrase.source.toLowerCase() };
    }
    return undefined;
  }

  // 3. Activity noun: "Pricing walkthrough with the buyer", "Discussion of next steps".
  let n = i;
  if (ws[n] && c.nounLeads.has(ws[n].lower)) n++;
  for (let modifiers = 0; modifiers <= 2 && n < ws.length; modifiers++) {
    let noun = phraseAt(text, ws, n, c.activityNouns);
    if (noun) {
      // A compound of activity nouns ("introduction call", "kickoff meeting"): its head is the last one.
      for (let more = noun.to < ws.length && joinedRun(text, ws, noun.from, noun.to + 1) ? phraseAt(text, ws, noun.to, c.activityNouns) : undefined; more; ) {
        noun = { ...more, from: noun.from };
        more = noun.to < ws.length && joinedRun(text, ws, noun.from, noun.to + 1) ? phraseAt(text, ws, noun.to, c.activityNouns) : undefined;
      }
      const next = ws[noun.to]?.lower;
      if (next !== undefined && !c.nounFollowers.has(next)) return undefined;
      if (next !== undefined && !joinedRun(text, ws, i, noun.to + 1)) return undefined;
      if (hasOutcomeVerbAfter(text, ws, noun.to, c)) return undefined;
      return { pattern: 'activity-noun', from: noun.from, to: noun.to, start: ws[noun.from].start, end: ws[noun.to - 1].end, trigger: triggerText(text, ws, noun.from, noun.to), activity: noun.phrase.source.toLowerCase() };
    }
    // A modifier is a plain word: not a possessive ("the buyer's demo" is theirs), not a verb we know.
    const w = ws[n].lower;
    if (w.includes("'") || phraseAt(text, ws, n, c.outcomeAnyForm) || phraseAt(text, ws, n, c.activityAnyForm)) return undefined;
    n++;
  }
  return undefined;
}

/** Words from..to-1 are one run of text (no sentence punctuation between them). */
function joinedRun(text: string, ws: readonly Word[], from: number, to: number): boolean {
  const end = Math.min(to, ws.length);
  return end - from < 2 || matchAt(text, ws, from, { source: '', parts: new Array(end - from).fill('*') });
}

export const GOAL_EXAMPLE = 'The economic buyer agrees the price fits the budget';

export function goalMessage(f: GoalFinding, excerptText: string): string {
  const fix = `state the outcome reached with the buyer instead, e.g. "${GOAL_EXAMPLE}"`;
  switch (f.pattern) {
    case 'lead-verb':
      return `Goal "${excerptText}" starts with "${f.trigger}", an activity of ours; ${fix}`;
    case 'seller-subject':
      return `Goal "${excerptText}" says what we do ("${f.trigger}"); ${fix}`;
    case 'activity-noun':
      return `Goal "${excerptText}" names an activity ("${f.trigger}"), not a result; ${fix}`;
  }
}
