import { memoBySettings } from '../coaching/compiled';
import { type ProseText, proseSpan, quote } from '../coaching/prose';
import { sourceText } from '../coaching/source-text';
import { analyzeWhy, compileWhyLists, DEFAULT_WHY_LISTS, whyMessage } from '../coaching/why';
import { numberSetting, stringListSetting } from '../coaching/words';
import { defineRule } from '../rule';

const compiled = memoBySettings(
  (s) =>
    compileWhyLists({
      authorityPhrases: [...DEFAULT_WHY_LISTS.authorityPhrases, ...stringListSetting(s, 'authority-phrases')],
      rulePhrases: [...DEFAULT_WHY_LISTS.rulePhrases, ...stringListSetting(s, 'rule-phrases')],
      minOverlap: numberSetting(s, 'min-overlap', DEFAULT_WHY_LISTS.minOverlap),
      maxNewWords: numberSetting(s, 'max-new-words', DEFAULT_WHY_LISTS.maxNewWords),
    }),
  ['authority-phrases', 'rule-phrases', 'min-overlap', 'max-new-words'],
);

const phraseList = (what: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description: what });

export default defineRule({
  id: 'why-restates-tactic',
  defaultSeverity: 'info',
  description: 'A why gives the principle behind its tactic, not the tactic again or an appeal to habit or authority.',
  appliesTo: ['playbook'],
  settings: {
    'authority-phrases': phraseList(
      'Extra phrases that appeal to habit or authority instead of a reason (e.g. "the Sandler way", "per the CRO"). Whole words, case-insensitive; "*" stands for any one word. Added to the built-in list.',
    ),
    'rule-phrases': phraseList('Extra phrases that re-assert the rule instead of explaining it (e.g. "is non-negotiable"). Added to the built-in list.'),
    'min-overlap': {
      type: 'number',
      minimum: 0,
      maximum: 1,
      description: `Share of the why's content words that are the tactic's own words (stop words removed, endings stripped) at or above which the why only repeats the tactic. Default: ${DEFAULT_WHY_LISTS.minOverlap}.`,
    },
    'max-new-words': {
      type: 'integer',
      minimum: 0,
      description: `A why that adds more content words of its own than this gives a reason and is never flagged, whatever phrases it uses. Default: ${DEFAULT_WHY_LISTS.maxNewWords}.`,
    },
  },
  explanation: {
    principle:
      'A why is the principle a rep can reason from: what the tactic changes for the buyer, or what goes wrong without it. Repeating the tactic or citing habit or authority gives the rep nothing to judge a new situation by.',
    bad: 'why: Because it is best practice.',
    good: 'why: A demo before discovery anchors the buyer on features instead of the problem, and we lose the chance to quantify impact.',
  },
  check({ file, settings, report }) {
    if (file.model.kind !== 'playbook') return;
    const lists = compiled(settings);
    for (const stage of file.model.stages) {
      for (const tactic of stage.tactics) {
        const why = tactic.why?.value;
        if (!why || !/\S/.test(why.value)) continue;
        // Every tactic is read, few are reported: the prose record is built only for a report.
        const source = sourceText(file.text, why.span);
        const tacticText = tactic.tactic ? sourceText(file.text, tactic.tactic.span).text : undefined;
        const found = analyzeWhy(source.text, tacticText, lists);
        if (!found) continue;
        const p: ProseText = { prose: { ...why, field: 'why', path: `${tactic.path}.why` }, source };
        report({ span: proseSpan(p, found.start, found.end), message: whyMessage(found, quote(p)) });
      }
    }
  },
});
