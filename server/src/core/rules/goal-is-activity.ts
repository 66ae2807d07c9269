import { memoBySettings } from '../coaching/compiled';
import { analyzeGoal, compileGoal, GOAL_SETTINGS, goalMessage } from '../coaching/goal';
import { reportProse } from '../coaching/prose';
import { defineRule } from '../rule';

const compiled = memoBySettings(compileGoal, GOAL_SETTINGS);

const wordList = (what: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description: what });

export default defineRule({
  id: 'goal-is-activity',
  defaultSeverity: 'info',
  description: 'A stage goal states an outcome reached with the buyer, not an activity of ours.',
  appliesTo: ['playbook'],
  readsSentences: true,
  settings: {
    'activity-verbs': wordList(
      'Extra verbs that always name our own activity, even where the tagger reads them as something else or they look like an outcome; a goal commanding one, or with our side doing one, is flagged.',
    ),
    'outcome-verbs': wordList(
      'Extra verbs (lemmas) of agreement or commitment; a goal commanding one, or with our side doing one, states an outcome (they win over the same word in activity-verbs). Added to the built-in list.',
    ),
    'activity-nouns': wordList(
      'Extra nouns naming an activity of ours ("roadshow"); a goal that is only a noun phrase headed by one is flagged. Added to the built-in list.',
    ),
    'seller-subjects': wordList(
      'Extra names for people or teams on our side ("pod lead"), so that "The pod lead presents …" or "… is presented by the pod lead" reads as our activity. Added to the built-in list.',
    ),
  },
  explanation: {
    principle:
      'A stage goal is the outcome reached with the buyer, so the stage is done when the buyer has agreed, committed or decided something, not when we have done our part.',
    bad: 'goal: Walk through pricing with the buyer.',
    good: 'goal: The economic buyer agrees the price fits the budget.',
  },
  check({ file, settings, report }) {
    const lists = compiled(settings);
    reportProse(file, 'goal', report, (text, context) => analyzeGoal(text, lists, context), goalMessage);
  },
});
