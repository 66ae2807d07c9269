/**
 * The coaching checks piece by piece: source mapping in every scalar style,
 * word and phrase matching, each rule's patterns and guards, settings that
 * extend the word lists, and unlinked-term's matcher, first-mention rule and
 * quick fix (applied and re-parsed in every scalar style).
 */
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';
import { analyzeDeviation, compileDeviationLists, DEFAULT_DEVIATION_LISTS } from '../../server/src/core/coaching/deviation';
import { analyzeGoal, compileGoalLists, DEFAULT_GOAL_LISTS } from '../../server/src/core/coaching/goal';
import { sourceText, spanOf } from '../../server/src/core/coaching/source-text';
import { linkRanges, termMatcher } from '../../server/src/core/coaching/term-matcher';
import { analyzeWhy, compileWhyLists, DEFAULT_WHY_LISTS } from '../../server/src/core/coaching/why';
import { compilePhrases, findPhrases, stem, verbForms, words } from '../../server/src/core/coaching/words';
import type { PlaybookModel } from '../../server/src/core/model/model';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import { ruleById } from '../../server/src/core/rules';
import type { Diagnostic, TextEdit } from '../../server/src/core/types';
import { lintMemory, playbookWith } from '../coaching-eval/harness';

const COACHING = ['goal-is-activity', 'vague-deviation', 'why-restates-tactic', 'unlinked-term'];

function only(diagnostics: Diagnostic[], ruleId: string): Diagnostic[] {
  return diagnostics.filter((d) => d.ruleId === ruleId);
}

function textAt(text: string, d: { range: Diagnostic['range'] }): string {
  const a = analyzeText('/x.playbook.yaml', 'playbook', text);
  return text.slice(a.lines.offset(d.range.start), a.lines.offset(d.range.end));
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const a = analyzeText('/x.playbook.yaml', 'playbook', text);
  const spans = edits.map((e) => ({ start: a.lines.offset(e.range.start), end: a.lines.offset(e.range.end), text: e.newText })).sort((x, y) => y.start - x.start);
  for (const s of spans) text = text.slice(0, s.start) + s.text + text.slice(s.end);
  return text;
}

describe('coaching checks', () => {
  describe('rule modules', () => {
    for (const id of COACHING) {
      it(`${id} is registered at info, with an explanation for hovers and a settings schema`, () => {
        const rule = ruleById(id);
        assert.ok(rule, `${id} is registered`);
        assert.equal(rule.defaultSeverity, 'info');
        assert.ok(rule.explanation?.principle && rule.explanation.bad && rule.explanation.good);
        assert.ok(rule.settings && Object.keys(rule.settings).length > 0);
        for (const [key, schema] of Object.entries(rule.settings)) assert.ok((schema as { description?: string }).description, `${id}.${key} has a description`);
      });
    }
  });

  describe('source text', () => {
    const cases: [string, string][] = [
      ['plain', 'k: Walk the\n  economic buyer\n'],
      ['single', "k: 'the buyer''s economic buyer'\n"],
      ['double', 'k: "say \\"economic\\x20buyer\\" \\\n   now"\n'],
      ['folded', 'k: >  # comment\n  economic\n  buyer\n'],
      ['literal', 'k: |\n  economic\n  buyer\n'],
    ];
    for (const [style, src] of cases) {
      it(`maps every character of a ${style} scalar back to its source`, () => {
        const span = { start: 3, end: src.trimEnd().length };
        const st = sourceText(src, span);
        assert.equal(st.style, style);
        const i = st.text.indexOf('economic');
        assert.ok(i >= 0, st.text);
        const s = spanOf(st, i, i + 'economic'.length);
        assert.equal(src.slice(s.start, s.end), 'economic');
      });
    }

    it('undoes escapes and joins escaped line breaks in double quotes', () => {
      const src = 'k: "a\\tb \\u00e9 c\\\n    d"';
      assert.equal(sourceText(src, { start: 3, end: src.length }).text, 'a\tb é cd');
    });
  });

  describe('words and phrases', () => {
    it('keeps inner apostrophes and splits on hyphens', () => {
      assert.deepEqual(words("the manager's case-by-case call").map((w) => w.lower), ["the", "manager's", 'case', 'by', 'case', 'call']);
    });

    it('matches whole words, "*" as one word, never across punctuation', () => {
      const phrases = compilePhrases(['if needed', 'at the * discretion']);
      const find = (s: string) => findPhrases(s, words(s), phrases).map((m) => m.phrase.source);
      assert.deepEqual(find("At the manager's discretion."), ['at the * discretion']);
      assert.deepEqual(find('If needed.'), ['if needed']);
      assert.deepEqual(find('If, as needed, …'), []);
      assert.deepEqual(find('If neededness'), []);
    });

    it('stems and inflects lightly', () => {
      assert.equal(stem('updated'), stem('update'));
      assert.equal(stem('meetings'), stem('meeting'));
      assert.equal(stem('involving'), stem('involve'));
      assert.ok(verbForms('demo').includes('demos'));
      assert.ok(verbForms('discuss').includes('discusses'));
      assert.ok(verbForms('commit').includes('committed'));
    });
  });

  describe('goal-is-activity', () => {
    const c = compileGoalLists(DEFAULT_GOAL_LISTS);
    const flagged = (g: string) => analyzeGoal(g, c)?.trigger;

    it('flags a lead verb of our activity, phrasal verbs included', () => {
      assert.equal(flagged('Walk through pricing with the buyer.'), 'Walk through');
      assert.equal(flagged('Go over the [[mutual action plan]] with the champion.'), 'Go over');
      assert.equal(flagged('demo the mobile app to field managers.'), 'demo');
      assert.equal(flagged('To present the roadmap.'), 'present');
      assert.equal(flagged('Meet the head of procurement.'), 'Meet');
    });

    it('flags a seller subject doing an activity', () => {
      assert.equal(flagged('We present the ROI model to finance.'), 'We present');
      assert.equal(flagged('Our solutions engineer demos the API.'), 'Our solutions engineer demos');
      assert.equal(flagged('The rep will send the proposal.'), 'The rep will send');
    });

    it('flags a goal that is only an activity noun phrase', () => {
      assert.equal(flagged('Pricing walkthrough with the buyer.'), 'walkthrough');
      assert.equal(flagged('Introduction call with the new VP.'), 'Introduction call');
      assert.equal(flagged('Discussion of next steps.'), 'Discussion');
    });

    it('leaves outcomes alone: outcome verbs, buyer subjects, joint subjects, purpose clauses, acronyms', () => {
      for (const g of [
        'Agree with the [[economic buyer]] on the problem worth solving.',
        'Align on value with the economic buyer.',
        'Secure a dated next step.',
        'The champion presents our proposal to their leadership team.',
        'The buyer agrees the demo proved the integration works.',
        "The buyer's demo team signs off the pilot.",
        'We and the buyer agree which three workflows the demo must prove.',
        'Walk through pricing until the economic buyer agrees it fits the budget.',
        'MAP signed by both sides.',
        'Demo proves the integration works for their team.',
        'Review is complete and signed.',
        'A call with the CFO where she confirms the budget.',
        "Meet the pilot's success criteria.",
      ]) {
        assert.equal(analyzeGoal(g, c), undefined, g);
      }
    });

    it('reports the trigger words with a message that says what a better goal does', () => {
      const text = playbookWith({ goal: 'Walk through pricing with the buyer.' });
      const [d] = only(lintMemory(text).diagnostics, 'goal-is-activity');
      assert.equal(textAt(text, d), 'Walk through');
      assert.equal(d.severity, 'info');
      assert.match(d.message, /starts with "Walk through", an activity of ours; state the outcome reached with the buyer/);
    });

    it('takes extra activity verbs and outcome verbs from config', () => {
      const text = playbookWith({ goal: 'Whiteboard the architecture with IT.' });
      assert.equal(only(lintMemory(text).diagnostics, 'goal-is-activity').length, 0);
      const rules = { 'goal-is-activity': { settings: { 'activity-verbs': ['whiteboard'] } } };
      assert.equal(only(lintMemory(text, { rules }).diagnostics, 'goal-is-activity').length, 1);
      const review = playbookWith({ goal: 'Review the contract with legal.' });
      const asOutcome = { 'goal-is-activity': { settings: { 'outcome-verbs': ['review'] } } };
      assert.equal(only(lintMemory(review, { rules: asOutcome }).diagnostics, 'goal-is-activity').length, 0);
    });
  });

  describe('vague-deviation', () => {
    const c = compileDeviationLists(DEFAULT_DEVIATION_LISTS);

    it('flags vague phrases and short judgement calls', () => {
      assert.equal(analyzeDeviation('When appropriate.', c)?.trigger, 'When appropriate');
      assert.equal(analyzeDeviation("At the manager's discretion.", c)?.trigger, "At the manager's discretion");
      assert.equal(analyzeDeviation('If the relationship is strong.', c)?.trigger, 'strong');
      assert.equal(analyzeDeviation('When the champion seems motivated.', c)?.trigger, 'seems');
      assert.equal(analyzeDeviation('If the deal is big enough.', c)?.trigger, 'big enough');
    });

    it('counts a judgement adjective only when it ends a short condition', () => {
      assert.equal(analyzeDeviation("The buyer's data is ready for import.", c), undefined);
      assert.equal(analyzeDeviation('The buyer already has the right licences.', c), undefined);
      assert.equal(analyzeDeviation('If the champion who joined last month from our largest competitor is strong.', c), undefined);
    });

    it('leaves concrete uses alone: digits, observable words, long entries', () => {
      for (const d of [
        'The buyer says legal review is needed before any pilot.',
        'If needed to meet the 30-day deadline.',
        'When required by the buyer in writing.',
        'If the buyer is using a partner for implementation.',
        "The buyer's policy gives the department head discretion over small purchases, and this deal is one of them.",
      ]) {
        assert.equal(analyzeDeviation(d, c), undefined, d);
      }
    });

    it('points at the vague words in the source and takes extra phrases from config', () => {
      const text = playbookWith({ deviateWhen: 'If the pod lead agrees.' });
      assert.equal(only(lintMemory(text).diagnostics, 'vague-deviation').length, 0);
      const rules = { 'vague-deviation': { settings: { 'vague-phrases': ['pod lead agrees'] } } };
      const [d] = only(lintMemory(text, { rules }).diagnostics, 'vague-deviation');
      assert.equal(textAt(text, d), 'pod lead agrees');
      assert.match(d.message, /rests on "pod lead agrees", which a rep cannot observe; name the signal/);
    });
  });

  describe('why-restates-tactic', () => {
    const c = compileWhyLists(DEFAULT_WHY_LISTS);

    it('flags appeals to authority, re-asserted rules and echoes', () => {
      assert.equal(analyzeWhy('Because it is best practice.', 'Send the quote early.', c)?.pattern, 'authority');
      assert.equal(analyzeWhy('Our CRO insists on it.', 'Ask for the budget.', c)?.pattern, 'authority');
      assert.equal(analyzeWhy('Demos should be short.', 'Keep demos under 30 minutes.', c)?.pattern, 'rule');
      const echo = analyzeWhy('So that we have a value hypothesis ready before the first call.', 'Write a value hypothesis before the first call.', c);
      assert.equal(echo?.pattern, 'echo');
      assert.deepEqual(echo?.shared, ['value', 'hypothesis', 'first', 'call']);
    });

    it('leaves a why alone once it gives a mechanism, whatever words it uses', () => {
      const why = 'Our process puts security first because it is the step buyers most often underestimate: it takes four to six weeks.';
      assert.equal(analyzeWhy(why, 'Start the security review early.', c), undefined);
    });

    it('takes thresholds and phrases from config', () => {
      const text = playbookWith({ tactic: 'Use the Acme deck.', why: 'Per the Sandler way.' });
      assert.equal(only(lintMemory(text).diagnostics, 'why-restates-tactic').length, 0);
      const rules = { 'why-restates-tactic': { settings: { 'authority-phrases': ['the sandler way'] } } };
      const [d] = only(lintMemory(text, { rules }).diagnostics, 'why-restates-tactic');
      assert.equal(textAt(text, d), 'the Sandler way');
      const strict = { 'why-restates-tactic': { settings: { 'max-new-words': 0 } } };
      assert.equal(only(lintMemory(playbookWith({ tactic: 'Send a recap.', why: 'It is best practice.' }), { rules: strict }).diagnostics, 'why-restates-tactic').length, 1);
    });
  });

  describe('unlinked-term', () => {
    const vocabulary = [
      'vocabulary: V',
      'terms:',
      '  - term: Economic buyer',
      '    definition: d',
      '    aliases: [EB]',
      '  - term: Discovery',
      '    definition: d',
      '    aliases: [discovery call]',
      '  - term: Champion',
      '    definition: d',
      '  - term: Mutual action plan',
      '    definition: d',
      '    aliases: [MAP]',
    ].join('\n');
    const tacticLine = (yaml: string) =>
      `playbook: T\nstages:\n  - id: s\n    name: Discovery\n    goal: The buyer agrees.\n    tactics:\n      - id: t\n        ${yaml}\n        why: The reason.\n        deviate-when: [Never on Fridays.]\n`;
    const unlinked = (text: string, rules?: Record<string, { settings: Record<string, unknown> }>) => only(lintMemory(text, { vocabulary, rules }).diagnostics, 'unlinked-term');

    it('finds names longest first, case-insensitively, across line breaks, never inside links or hyphenated words', () => {
      const text = tacticLine('tactic: >\n          Book the Discovery\n          call with the economic buyer; the [[champion]] and a mutual-action-plan template too.');
      assert.deepEqual(unlinked(text).map((d) => textAt(text, d)), ['Discovery\n          call', 'economic buyer']);
    });

    it('matches names in capitals only in capitals', () => {
      const text = tacticLine('tactic: Map the committee, then draft the MAP with the EB.');
      assert.deepEqual(unlinked(text).map((d) => textAt(text, d)), ['MAP', 'EB']);
    });

    it('skips titles and stage names, and later mentions of a term already linked or reported in the same text', () => {
      const text = tacticLine('tactic: "The [[champion]] knows; the champion decides. Discovery first, discovery always."');
      assert.deepEqual(unlinked(text).map((d) => textAt(text, d)), ['Discovery']);
      assert.deepEqual(
        unlinked(text, { 'unlinked-term': { settings: { 'every-mention': true } } }).map((d) => textAt(text, d)),
        ['champion', 'Discovery', 'discovery'],
      );
      assert.deepEqual(unlinked(text, { 'unlinked-term': { settings: { 'ignore-terms': ['discovery'] } } }).length, 0);
      assert.deepEqual(unlinked(text, { 'unlinked-term': { settings: { fields: ['name'] } } }).length, 1);
    });

    it('says which words and what to write', () => {
      const text = tacticLine('tactic: Confirm the EB first.');
      assert.equal(unlinked(text)[0].message, 'Defined term "EB" (an alias of Economic buyer) is not linked; write [[EB]] so readers can look up its definition');
    });

    const fixCases: [string, string, string][] = [
      ['mid plain', 'tactic: Ask the economic buyer now.', 'Ask the [[economic buyer]] now.'],
      ['plain over a line break', 'tactic: Ask the economic\n          buyer now.', 'Ask the [[economic buyer]] now.'],
      ['plain, continuation line', 'tactic: Ask the\n          economic buyer now.', 'Ask the [[economic buyer]] now.'],
      ['start of a plain scalar (quoted by the fix)', 'tactic: economic buyer first.', '[[economic buyer]] first.'],
      ['start of a plain scalar holding a double quote', 'tactic: economic buyer says "yes".', '[[economic buyer]] says "yes".'],
      ['double quoted over a line break', 'tactic: "Ask the economic\n          buyer now."', 'Ask the [[economic buyer]] now.'],
      ['double quoted with escapes', 'tactic: "Ask the economic\\x20buyer \\"now\\"."', 'Ask the [[economic buyer]] "now".'],
      ['single quoted', "tactic: 'The buyer''s economic buyer.'", "The buyer's [[economic buyer]]."],
      ['folded', 'tactic: >\n          Ask the economic\n          buyer now.', 'Ask the [[economic buyer]] now.\n'],
      ['literal', 'tactic: |\n          Ask the economic\n          buyer now.', 'Ask the [[economic\nbuyer]] now.\n'],
    ];
    for (const [name, yaml, value] of fixCases) {
      it(`links with a quick fix that re-parses to the link: ${name}`, () => {
        const text = tacticLine(yaml);
        const ds = unlinked(text);
        assert.equal(ds.length, 1, JSON.stringify(ds));
        const fix = ds[0].fixes?.[0];
        assert.ok(fix, 'a fix');
        assert.match(fix.title, /^Link "economic buyer" as \[\[economic buyer\]\]$/);
        const fixed = applyEdits(text, fix.edits);
        const after = analyzeText('/x.playbook.yaml', 'playbook', fixed);
        assert.deepEqual(after.syntaxProblems, []);
        const prose = (after.model as PlaybookModel).prose.filter((p) => p.field === 'tactic').map((p) => p.value);
        assert.ok(prose.includes(value), `${JSON.stringify(prose)} holds ${JSON.stringify(value)}`);
        assert.ok(after.termRefs.some((r) => r.key === 'economic buyer'));
        assert.equal(unlinked(fixed).length, 0);
        // Only the linked words and, where needed, the quotes changed.
        assert.equal(fixed.replace(/\[\[|\]\]/g, '').replace(/["']/g, ''), text.replace(/["']/g, ''));
      });
    }

    it('quotes a plain scalar inside a flow collection, where brackets would end it', () => {
      const text = 'playbook: T\nstages:\n  - {id: s, name: S, goal: The buyer agrees., tactics: [{id: t, tactic: Ask the economic buyer now, why: w, deviate-when: [x]}]}\n';
      const [d] = unlinked(text);
      const fixed = applyEdits(text, d.fixes![0].edits);
      assert.equal(fixed, text.replace('Ask the economic buyer now', '"Ask the [[economic buyer]] now"'));
      assert.deepEqual(analyzeText('/x.playbook.yaml', 'playbook', fixed).syntaxProblems, []);
    });

    it('offers no fix where quoting would need escapes (a plain scalar holding both quote kinds)', () => {
      const text = tacticLine(`tactic: economic buyer's "yes" first.`);
      const [d] = unlinked(text);
      assert.ok(d);
      assert.equal(d.fixes, undefined);
    });

    it('builds the matcher once per term table', () => {
      const index = new ProjectIndex();
      index.set(exportsOf(analyzeText('/v.vocabulary.yaml', 'vocabulary', vocabulary)));
      const table = index.terms();
      assert.equal(termMatcher(table), termMatcher(index.terms()));
      index.set(exportsOf(analyzeText('/w.vocabulary.yaml', 'vocabulary', 'vocabulary: W\nterms:\n  - term: Pain\n    definition: d\n')));
      assert.notEqual(termMatcher(index.terms()), termMatcher(table));
      assert.equal(termMatcher(index.terms()).find('a pain').length, 1);
    });

    it('treats an unclosed [[ as a link being typed', () => {
      assert.deepEqual(linkRanges('a [[economic buyer'), [{ start: 2, end: 18, inner: 'economic buyer' }]);
    });

    it('scans a large project quickly', () => {
      const names = Array.from({ length: 300 }, (_, i) => `term number ${i}`);
      const vocab = `vocabulary: Big\nterms:\n${names.map((n) => `  - term: ${n}\n    definition: d\n`).join('')}`;
      const index = new ProjectIndex();
      index.set(exportsOf(analyzeText('/big.vocabulary.yaml', 'vocabulary', vocab)));
      const matcher = termMatcher(index.terms());
      const prose = 'Ask the buyer about term number 7 and the cost of doing nothing before the next call, then write it down. '.repeat(4);
      const started = process.hrtime.bigint();
      let found = 0;
      for (let i = 0; i < 20000; i++) found += matcher.find(prose).length;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.equal(found, 80000);
      assert.ok(ms < 3000, `20,000 texts took ${ms.toFixed(0)} ms`);
    });
  });
});
