import { memoBySettings } from '../coaching/compiled';
import { analyzeDeviation, compileDeviation, DEFAULT_MAX_WORDS, DEVIATION_SETTINGS, deviationMessage } from '../coaching/deviation';
import { reportProse } from '../coaching/prose';
import { defineRule } from '../rule';

const compiled = memoBySettings(compileDeviation, DEVIATION_SETTINGS);

export default defineRule({
  id: 'vague-deviation',
  defaultSeverity: 'info',
  description: 'A deviate-when entry names a condition a rep can observe, not "when appropriate".',
  appliesTo: ['playbook'],
  readsSentences: true,
  settings: {
    'vague-phrases': {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description:
        'Extra phrases that leave the decision to the reader (your own jargon, e.g. "if the pod agrees"). Whole words or lemmas, case-insensitive. Added to the built-in list.',
    },
    'judgement-words': {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description:
        'Extra words that are a judgement call wherever they appear, even where a factual reading exists (e.g. "priority" if your team has no priority flag). Added to the built-in list.',
    },
    'max-words-for-judgement': {
      type: 'integer',
      minimum: 0,
      description: `The longest entry, in words, that a subjective predicate alone ("is strategic", "goes well", "where it helps") makes vague; longer entries are flagged only for a verb of opinion or a vague phrase. Default: ${DEFAULT_MAX_WORDS}.`,
    },
    'observable-words': {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description:
        'Extra words or phrases that name something a coach can check (e.g. "Gong", "SOW"); an entry containing one is never flagged. Added to the built-in list.',
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
    reportProse(file, 'deviate-when', report, (text, context) => analyzeDeviation(text, lists, context), deviationMessage);
  },
});
