import { memoBySettings } from '../coaching/compiled';
import { type ProseText, proseSpan, quote } from '../coaching/prose';
import { sourceText } from '../coaching/source-text';
import { analyzeWhy, compileWhy, DEFAULT_MAX_NEW_WORDS, DEFAULT_MIN_OVERLAP, WHY_SETTINGS, whyMessage } from '../coaching/why';
import { defineRule } from '../rule';

const compiled = memoBySettings(compileWhy, WHY_SETTINGS);

const phraseList = (what: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description: what });

export default defineRule({
  id: 'why-restates-tactic',
  defaultSeverity: 'info',
  description: 'A why gives the principle behind its tactic, not the tactic again or an appeal to habit or authority.',
  appliesTo: ['playbook'],
  readsSentences: true,
  settings: {
    'authority-phrases': phraseList(
      'Extra names of authorities, documents or methodologies whose say-so is not a reason (e.g. "the Sandler way", "the CRO"). Whole words or lemmas, case-insensitive. Added to the built-in list.',
    ),
    'rule-phrases': phraseList('Extra words or phrases that re-assert the rule instead of explaining it (e.g. "non-negotiable"). Added to the built-in list.'),
    'min-overlap': {
      type: 'number',
      minimum: 0,
      maximum: 1,
      description: `Share of the why's content words that are the tactic's own (same lemma, stem or synonym, same polarity) at or above which a short why only repeats the tactic. Default: ${DEFAULT_MIN_OVERLAP}.`,
    },
    'max-new-words': {
      type: 'integer',
      minimum: 0,
      description: `A why that adds more content words of its own than this gives a reason and is never flagged, whatever phrases it uses. Default: ${DEFAULT_MAX_NEW_WORDS}.`,
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
        report({ span: proseSpan(p, found.start, found.end), message: whyMessage(found) });
      }
    }
  },
});
