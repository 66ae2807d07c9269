import data from './data/deviation-phrases.json';
import { compilePhrases, findPhrases, hasDigit, type Phrase, someWord, words } from './words';

/**
 * vague-deviation: a deviate-when entry that hands the decision back to the
 * reader ("when appropriate", "use your judgment") instead of naming a
 * condition someone could observe. Flagged only when a vague phrase is present
 * and nothing observable is: no digit (an amount, a date, a count) and none of
 * the observable words (something said, sent, signed, written).
 */

export interface DeviationLists {
  vaguePhrases: readonly string[];
  judgementVerbs: readonly string[];
  judgementWords: readonly string[];
  observableWords: readonly string[];
  maxWordsForJudgement: number;
}

export const DEFAULT_DEVIATION_LISTS: DeviationLists = {
  vaguePhrases: data.vaguePhrases.list,
  judgementVerbs: data.judgementVerbs.list,
  judgementWords: data.judgementWords.list,
  observableWords: data.observableWords.list,
  maxWordsForJudgement: data.thresholds.maxWordsForJudgement,
};

export interface CompiledDeviation {
  vague: Phrase[];
  judgementVerbs: Set<string>;
  judgement: Set<string>;
  observable: Set<string>;
  maxWordsForJudgement: number;
}

const lowerSet = (ws: readonly string[]) => new Set(ws.map((w) => w.trim().toLowerCase().replace(/’/g, "'")));

export function compileDeviationLists(lists: DeviationLists): CompiledDeviation {
  return {
    vague: compilePhrases(lists.vaguePhrases),
    judgementVerbs: lowerSet(lists.judgementVerbs),
    judgement: lowerSet(lists.judgementWords),
    observable: lowerSet(lists.observableWords),
    maxWordsForJudgement: lists.maxWordsForJudgement,
  };
}

/** Words that may follow a judgement adjective at the end: "big enough", "right now", "appropriate to". */
const TAIL = new Set(['enough', 'now', 'to', 'it', 'here', 'there', 'then']);

export interface DeviationFinding {
  /** Word indices of the vague phrase. */
  from: number;
  to: number;
  /** Character offsets of the vague phrase in the analysed text. */
  start: number;
  end: number;
  trigger: string;
}

export function analyzeDeviation(text: string, c: CompiledDeviation): DeviationFinding | undefined {
  if (hasDigit(text)) return undefined; // an amount, a date, a count: observable
  if (someWord(text, (w) => c.observable.has(w))) return undefined;
  const ws = words(text);
  const match = findPhrases(text, ws, c.vague)[0];
  let from: number;
  let to: number;
  if (match) ({ from, to } = match);
  else {
    // A short condition that is only a judgement: "When the champion seems motivated",
    // "If the relationship is strong" (an adjective counts only as the last word).
    if (ws.length === 0 || ws.length > c.maxWordsForJudgement) return undefined;
    const last = ws.length - 1;
    const adjective = last > 0 && TAIL.has(ws[last].lower) ? last - 1 : last;
    if (c.judgement.has(ws[adjective].lower)) {
      from = adjective;
      to = ws.length; // "big enough"
    } else {
      from = ws.findIndex((w) => c.judgementVerbs.has(w.lower));
      if (from === -1) return undefined;
      to = from + 1;
    }
  }
  const start = ws[from].start;
  const end = ws[to - 1].end;
  return { from, to, start, end, trigger: text.slice(start, end).replace(/\s+/g, ' ') };
}

export function deviationMessage(f: DeviationFinding, excerptText: string): string {
  return `Deviation "${excerptText}" rests on "${f.trigger}", which a rep cannot observe; name the signal that makes deviating right (something the buyer says, sends or signs, a date, an amount), e.g. "The buyer asks for a demo before discovery is finished"`;
}
