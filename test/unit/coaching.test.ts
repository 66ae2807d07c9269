/**
 * The coaching checks piece by piece: source mapping in every scalar style,
 * word and phrase matching, each rule's patterns and guards, settings that
 * extend the word lists, and unlinked-term's matcher, first-mention rule and
 * quick fix (applied and re-parsed in every scalar style).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { analyzeText } from '../../server/src/core/analyze';
import { analyzeDeviation, compileDeviation, deviationMessage } from '../../server/src/core/coaching/deviation';
import { analyzeGoal, compileGoal, goalMessage } from '../../server/src/core/coaching/goal';
import { modelLoads, plainProse, sentencesRead, tokensOf } from '../../server/src/core/coaching/nlp';
import { sourceText, spanOf } from '../../server/src/core/coaching/source-text';
import { linkRanges, termMatcher } from '../../server/src/core/coaching/term-matcher';
import { analyzeWhy, compileWhy } from '../../server/src/core/coaching/why';
import { stem, words } from '../../server/src/core/coaching/words';
import type { PlaybookModel } from '../../server/src/core/model/model';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import { RULES, ruleById } from '../../server/src/core/rules';
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
  const spans = edits
    .map((e) => ({ start: a.lines.offset(e.range.start), end: a.lines.offset(e.range.end), text: e.newText }))
    .sort((x, y) => y.start - x.start);
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
        for (const [key, schema] of Object.entries(rule.settings))
          assert.ok((schema as { description?: string }).description, `${id}.${key} has a description`);
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
      assert.deepEqual(
        words("the manager's case-by-case call").map((w) => w.lower),
        ['the', "manager's", 'case', 'by', 'case', 'call'],
      );
    });

    it('stems lightly', () => {
      assert.equal(stem('updated'), stem('update'));
      assert.equal(stem('meetings'), stem('meeting'));
      assert.equal(stem('involving'), stem('involve'));
    });
  });

  describe('the sentence reader (wink-nlp)', () => {
    it('tags, lemmatises and maps every token back to its offsets, once per distinct text', () => {
      const text = 'The AE  sends the [[proposal]] to procurement.';
      const ts = tokensOf(plainProse(text));
      for (const t of ts) assert.equal(text.slice(t.start, t.end), t.text);
      assert.deepEqual(
        ts.filter((t) => t.pos === 'VERB').map((t) => t.lemma),
        ['send'],
      );
      const before = sentencesRead();
      assert.equal(tokensOf(plainProse(text)), ts);
      assert.equal(sentencesRead(), before);
      assert.equal(modelLoads(), 1);
    });

    it("is loaded before a share's first playbook when a rule that reads sentences is on, and never when none is", function () {
      this.timeout(60_000);
      // A fresh process each time: the model is loaded once per process (modelLoads counts it).
      const loadsWith = (rules: Record<string, { severity: string }>) =>
        execFileSync(
          process.execPath,
          [
            '-r',
            'tsx/cjs',
            '-e',
            `const { loadWhatRulesNeed } = require(${JSON.stringify(path.join(__dirname, '../../server/src/core/two-phase-lint.ts'))});
             const { modelLoads } = require(${JSON.stringify(path.join(__dirname, '../../server/src/core/coaching/nlp.ts'))});
             loadWhatRulesNeed({ root: '.', ignore: [], rules: ${JSON.stringify(rules)} });
             process.stdout.write(String(modelLoads()));`,
          ],
          { encoding: 'utf8' },
        );
      const readers = RULES.filter((r) => r.readsSentences).map((r) => r.id);
      assert.deepEqual(readers.sort(), ['goal-is-activity', 'vague-deviation', 'why-restates-tactic']);
      const off = Object.fromEntries(readers.map((id) => [id, { severity: 'off' }]));
      assert.equal(loadsWith({}), '1');
      assert.equal(loadsWith(off), '0');
      assert.equal(loadsWith({ ...off, 'vague-deviation': { severity: 'warning' } }), '1');
    });

    it('joins hyphenated words and keeps their last part', () => {
      const ts = tokensOf('buyer sign-off on the scope');
      assert.deepEqual(
        ts.map((t) => t.lower),
        ['buyer', 'sign-off', 'on', 'the', 'scope'],
      );
    });
  });

  describe('goal-is-activity', () => {
    const c = compileGoal();
    const flagged = (g: string) => analyzeGoal(g, c)?.trigger;

    it('flags commands of any verb the tagger reads as one, phrasal and prefixed verbs included', () => {
      assert.equal(flagged('Walk through pricing with the buyer.'), 'Walk through');
      assert.equal(flagged('Spotlight the integrations.'), 'Spotlight');
      assert.equal(flagged('Draft the business case.'), 'Draft');
      assert.equal(flagged('Re-pitch the value to the CFO.'), 'Re-pitch');
      assert.equal(flagged('Set up a call with procurement.'), 'Set up');
      assert.equal(flagged('To present the roadmap.'), 'present');
    });

    it('flags our side as the actor in any voice, roles and compound subjects included', () => {
      assert.equal(flagged('We present the ROI model to finance.'), 'We present');
      assert.equal(flagged('The SE configures the sandbox for the pilot.'), 'The SE configures');
      assert.equal(flagged('Account manager presents the QBR deck.'), 'Account manager presents');
      assert.equal(flagged('Sales and marketing co-host the webinar.'), 'Sales and marketing co-host');
      assert.equal(flagged('The reference list is compiled by our team.'), 'compiled by our team');
    });

    it('flags an activity noun phrase and an agreement among ourselves', () => {
      assert.equal(flagged('Pricing walkthrough with the buyer.'), 'walkthrough');
      assert.equal(flagged('Executive briefing for the COO.'), 'briefing');
      assert.equal(flagged('Align internally on the discount we can offer.'), 'Align');
    });

    it('leaves outcomes alone: outcome verbs, buyer actors, joint subjects, possession, purpose clauses, acronyms', () => {
      for (const g of [
        'Agree with the [[economic buyer]] on the problem worth solving.',
        "Come away with the CFO's sign-off.",
        "We have the buyer's written go-ahead.",
        'The champion presents our proposal to their leadership team.',
        'We and the buyer agree which three workflows the demo must prove.',
        'Decision criteria are documented and confirmed by the champion.',
        'Walk through pricing until the economic buyer agrees it fits the budget.',
        'MAP signed by both sides.',
        'Review is complete and signed.',
        'Mutual commitment to a pilot end date.',
        "Meet the pilot's success criteria.",
      ]) {
        assert.equal(analyzeGoal(g, c), undefined, g);
      }
    });

    it("says what triggered it, in at most 140 characters, with an example from the goal's own words", () => {
      const text = playbookWith({ goal: 'Send the proposal to the CFO.' });
      const [d] = only(lintMemory(text).diagnostics, 'goal-is-activity');
      assert.equal(textAt(text, d), 'Send');
      assert.equal(d.severity, 'info');
      assert.equal(d.message, '"Send" is our activity; state what the buyer agrees or does, e.g. "The CFO confirms the proposal covers …"');
      const sdr = analyzeGoal('Book a discovery call.', c);
      const partner = analyzeGoal('Brief the reseller reps on the new bundle.', c);
      assert.ok(sdr && partner);
      assert.notEqual(sdr.example, partner.example);
      for (const g of ['Our solutions engineer demos the API to their developers and architects in the sandbox.', 'Weekly check-in call with the champion.']) {
        const f = analyzeGoal(g, c);
        assert.ok(f && goalMessage(f).length <= 140, g);
      }
    });

    it('takes extra activity verbs and outcome verbs from config', () => {
      const text = playbookWith({ goal: 'Agree internally on pricing.' });
      assert.equal(only(lintMemory(text).diagnostics, 'goal-is-activity').length, 1);
      const review = playbookWith({ goal: 'Review the contract with legal.' });
      assert.equal(only(lintMemory(review).diagnostics, 'goal-is-activity').length, 1);
      const asOutcome = { 'goal-is-activity': { settings: { 'outcome-verbs': ['review'] } } };
      assert.equal(only(lintMemory(review, { rules: asOutcome }).diagnostics, 'goal-is-activity').length, 0);
      const pod = playbookWith({ goal: 'The pod lead presents the roadmap.' });
      assert.equal(only(lintMemory(pod).diagnostics, 'goal-is-activity').length, 0);
      const podRules = { 'goal-is-activity': { settings: { 'seller-subjects': ['pod lead'] } } };
      assert.equal(only(lintMemory(pod, { rules: podRules }).diagnostics, 'goal-is-activity').length, 1);
    });
  });

  describe('vague-deviation', () => {
    const c = compileDeviation();
    const trigger = (d: string) => analyzeDeviation(d, c)?.trigger;

    it('flags judgments: opinion verbs, subjective predicates, impersonal deciders, domain phrases', () => {
      assert.equal(trigger('When appropriate.'), 'When appropriate');
      assert.equal(trigger('When the stakeholder seems hesitant.'), 'seems');
      assert.equal(trigger('If the account is strategic.'), 'strategic');
      assert.equal(trigger('If the deal is big enough.'), 'big enough');
      assert.equal(trigger('Go with your gut.'), 'gut');
      assert.equal(trigger('Where it benefits the relationship.'), 'it benefits');
      assert.equal(trigger('If the conversation goes well.'), 'goes well');
    });

    it('leaves observable conditions alone: numbers, documents, a party saying or doing something', () => {
      for (const d of [
        'The buyer says legal review is needed before any pilot.',
        'If needed to meet the 30-day deadline.',
        'When required by the buyer in writing.',
        'If the buyer is using a partner for implementation.',
        'If the champion says they feel the CFO will push back.',
        'When the champion moves to a competitor.',
        'If their legal team is unavailable until after the holidays.',
        'If the deal is a renewal and the signer has not changed.',
      ]) {
        assert.equal(analyzeDeviation(d, c), undefined, d);
      }
    });

    it('points at the vague words, says so in at most 140 characters, and takes extra phrases from config', () => {
      const text = playbookWith({ deviateWhen: 'If the pod lead agrees.' });
      assert.equal(only(lintMemory(text).diagnostics, 'vague-deviation').length, 0);
      const rules = { 'vague-deviation': { settings: { 'vague-phrases': ['pod lead agrees'] } } };
      const [d] = only(lintMemory(text, { rules }).diagnostics, 'vague-deviation');
      assert.equal(textAt(text, d), 'pod lead agrees');
      assert.match(d.message, /^"pod lead agrees" is a judgment call; name what the rep sees or hears, e\.g\. "/);
      const sense = analyzeDeviation('Use common sense.', c);
      assert.equal(sense?.trigger, 'common sense');
      assert.ok(deviationMessage(sense!).length <= 140);
    });
  });

  describe('why-restates-tactic', () => {
    const c = compileWhy();

    it('flags appeals to authority, habit and methodology, and restatements by lemma and synonym', () => {
      assert.equal(analyzeWhy('Because it is best practice.', 'Send the quote early.', c)?.pattern, 'authority');
      assert.equal(analyzeWhy('The Challenger book insists on it.', 'Teach the buyer something new.', c)?.pattern, 'authority');
      assert.equal(analyzeWhy("We don't do it any other way.", 'Send a recap.', c)?.pattern, 'authority');
      const echo = analyzeWhy('A quick summary after each meeting is expected.', 'Send a recap after every call.', c);
      assert.equal(echo?.pattern, 'echo');
      assert.deepEqual(echo?.shared, ['summary', 'meeting']);
    });

    it('reads negation: the same words with the other polarity are not a restatement', () => {
      assert.equal(analyzeWhy('Pricing should not go out before discovery.', 'Do not send pricing before discovery.', c)?.pattern, 'echo');
      assert.equal(analyzeWhy('We send pricing before discovery.', 'Do not send pricing before discovery.', c), undefined);
    });

    it('leaves a why alone once it gives a consequence, whatever authority it names', () => {
      assert.equal(analyzeWhy('Our VP asks for this because buyers who see a demo first judge us on features.', 'Do not demo before discovery.', c), undefined);
      assert.equal(analyzeWhy('Otherwise the proposal stalls on an unknown signer.', 'Confirm who signs before sending the proposal.', c), undefined);
    });

    it('takes thresholds and phrases from config', () => {
      const text = playbookWith({ tactic: 'Use the Acme deck.', why: 'Gryphon says so.' });
      assert.equal(only(lintMemory(text).diagnostics, 'why-restates-tactic').length, 0);
      const rules = { 'why-restates-tactic': { settings: { 'authority-phrases': ['gryphon'] } } };
      const [d] = only(lintMemory(text, { rules }).diagnostics, 'why-restates-tactic');
      assert.equal(textAt(text, d), 'Gryphon says');
      assert.ok(d.message.length <= 140, d.message);
      const strict = { 'why-restates-tactic': { settings: { 'max-new-words': 0 } } };
      assert.equal(
        only(
          lintMemory(playbookWith({ tactic: 'Send a recap.', why: 'It is best practice to be prompt.' }), { rules: strict }).diagnostics,
          'why-restates-tactic',
        ).length,
        0,
      );
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
    const unlinked = (text: string, rules?: Record<string, { settings: Record<string, unknown> }>) =>
      only(lintMemory(text, { vocabulary, rules }).diagnostics, 'unlinked-term');

    it('finds names longest first, case-insensitively, across line breaks, never inside links or hyphenated words', () => {
      const text = tacticLine(
        'tactic: >\n          Book the Discovery\n          call with the economic buyer; the [[champion]] and a mutual-action-plan template too.',
      );
      assert.deepEqual(
        unlinked(text).map((d) => textAt(text, d)),
        ['Discovery\n          call', 'economic buyer'],
      );
    });

    it('matches names in capitals only in capitals', () => {
      const text = tacticLine('tactic: Map the committee, then draft the MAP with the EB.');
      assert.deepEqual(
        unlinked(text).map((d) => textAt(text, d)),
        ['MAP', 'EB'],
      );
    });

    it('skips titles and stage names, and later mentions of a term already linked or reported in the same text', () => {
      const text = tacticLine('tactic: "The [[champion]] knows; the champion decides. Discovery first, discovery always."');
      assert.deepEqual(
        unlinked(text).map((d) => textAt(text, d)),
        ['Discovery'],
      );
      assert.deepEqual(
        unlinked(text, { 'unlinked-term': { settings: { 'every-mention': true } } }).map((d) => textAt(text, d)),
        ['champion', 'Discovery', 'discovery'],
      );
      assert.deepEqual(unlinked(text, { 'unlinked-term': { settings: { 'ignore-terms': ['discovery'] } } }).length, 0);
      assert.deepEqual(unlinked(text, { 'unlinked-term': { settings: { fields: ['name'] } } }).length, 1);
    });

    it('says which words and what to write', () => {
      const text = tacticLine('tactic: Confirm the EB first.');
      assert.equal(
        unlinked(text)[0].message,
        'Defined term "EB" (an alias of Economic buyer) is not linked; write [[EB]] so readers can look up its definition',
      );
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
      const text =
        'playbook: T\nstages:\n  - {id: s, name: S, goal: The buyer agrees., tactics: [{id: t, tactic: Ask the economic buyer now, why: w, deviate-when: [x]}]}\n';
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
