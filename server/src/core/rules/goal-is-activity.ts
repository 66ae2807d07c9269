import { memoBySettings } from '../coaching/compiled';
import { analyzeGoal, compileGoalLists, DEFAULT_GOAL_LISTS, goalMessage } from '../coaching/goal';
import { reportProse } from '../coaching/prose';
import { stringListSetting } from '../coaching/words';
import { defineRule } from '../rule';

const compiled = memoBySettings(
  (s) =>
    compileGoalLists({
      activityVerbs: [...DEFAULT_GOAL_LISTS.activityVerbs, ...stringListSetting(s, 'activity-verbs')],
      outcomeVerbs: [...DEFAULT_GOAL_LISTS.outcomeVerbs, ...stringListSetting(s, 'outcome-verbs')],
      activityNouns: [...DEFAULT_GOAL_LISTS.activityNouns, ...stringListSetting(s, 'activity-nouns')],
      sellerSubjects: [...DEFAULT_GOAL_LISTS.sellerSubjects, ...stringListSetting(s, 'seller-subjects')],
    }),
  ['activity-verbs', 'outcome-verbs', 'activity-nouns', 'seller-subjects'],
);

const wordList = (what: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description: what });

export default defineRule({
  id: 'goal-is-activity',
  defaultSeverity: 'info',
  description: 'A stage goal states an outcome reached with the buyer, not an activity of ours.',
  appliesTo: ['playbook'],
  settings: {
    'activity-verbs': wordList(
      'Extra verbs (or phrasal verbs such as "deep dive") that name our own activity; a goal starting with one is flagged. Added to the built-in list.',
    ),
    'outcome-verbs': wordList(
      'Extra verbs of agreement or commitment; a goal starting with one is an outcome and never flagged (they also override the same word in the activity list). Added to the built-in list.',
    ),
    'activity-nouns': wordList('Extra nouns naming an activity of ours ("roadshow"); a goal that is only such a noun phrase is flagged. Added to the built-in list.'),
    'seller-subjects': wordList('Extra names for people on our side ("pod lead"), so that "The pod lead presents …" reads as our activity. Added to the built-in list.'),
  },
  explanation: {
    principle:
      'A stage goal is the outcome reached with the buyer, so the stage is done when the buyer has agreed, committed or decided something, not when we have done our part.',
    bad: 'goal: Walk through pricing with the buyer.',
    good: 'goal: The economic buyer agrees the price fits the budget.',
  },
  check({ file, settings, report }) {
    const lists = compiled(settings);
    reportProse(file, 'goal', report, (text) => analyzeGoal(text, lists), goalMessage);
  },
});
