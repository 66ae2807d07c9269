import { memoBySettings } from '../coaching/compiled';
import { analyzeDeviation, compileDeviationLists, DEFAULT_DEVIATION_LISTS, deviationMessage } from '../coaching/deviation';
import { reportProse } from '../coaching/prose';
import { numberSetting, stringListSetting } from '../coaching/words';
import { defineRule } from '../rule';

const compiled = memoBySettings(
  (s) =>
    compileDeviationLists({
      vaguePhrases: [...DEFAULT_DEVIATION_LISTS.vaguePhrases, ...stringListSetting(s, 'vague-phrases')],
      judgementVerbs: DEFAULT_DEVIATION_LISTS.judgementVerbs,
      judgementWords: [...DEFAULT_DEVIATION_LISTS.judgementWords, ...stringListSetting(s, 'judgement-words')],
      observableWords: [...DEFAULT_DEVIATION_LISTS.observableWords, ...stringListSetting(s, 'observable-words')],
      maxWordsForJudgement: numberSetting(s, 'max-words-for-judgement', DEFAULT_DEVIATION_LISTS.maxWordsForJudgement),
    }),
  ['vague-phrases', 'judgement-words', 'observable-words', 'max-words-for-judgement'],
);

export default defineRule({
  id: 'vague-deviation',
  defaultSeverity: 'info',
  description: 'A deviate-when entry names a condition a rep can observe, not "when appropriate".',
  appliesTo: ['playbook'],
  settings: {
    'vague-phrases': {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description:
        'Extra phrases that leave the decision to the reader (your own jargon, e.g. "if the pod agrees"). Whole words, case-insensitive; "*" stands for any one word. Added to the built-in list.',
    },
    'judgement-words': {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description:
        'Extra adjectives that make a short condition a judgement call when they end it (e.g. "strategic" if your team has no strategic tier: "Unless the deal is strategic"). Only entries of at most max-words-for-judgement words are judged by them. Added to the built-in list.',
    },
    'max-words-for-judgement': {
      type: 'integer',
      minimum: 0,
      description: `The longest entry, in words, that a judgement word alone (a verb of opinion such as "seems" anywhere, or an adjective such as "strong" at the end) makes vague; 0 turns judgement words off. Default: ${DEFAULT_DEVIATION_LISTS.maxWordsForJudgement}.`,
    },
    'observable-words': {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description:
        'Extra single words that name something a coach can check (e.g. "Gong", "SOW"); an entry containing one is never flagged. Added to the built-in list.',
    },
  },
  explanation: {
    principle:
      'A deviation is only useful if a rep can tell, in the moment, that it applies: name something the buyer says, sends or signs, a date or an amount, not a judgement call.',
    bad: 'deviate-when: When appropriate.',
    good: 'deviate-when: The buyer has finished discovery with a partner and asks for a demo.',
  },
  check({ file, settings, report }) {
    const lists = compiled(settings);
    reportProse(file, 'deviate-when', report, (text) => analyzeDeviation(text, lists), deviationMessage);
  },
});
