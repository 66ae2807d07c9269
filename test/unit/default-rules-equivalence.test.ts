/**
 * The fast paths behind the default rules give exactly what the plain way
 * gives: each is checked against a reference (the plain algorithm, kept here)
 * on generated text full of the cases that matter (capitals, apostrophes,
 * hyphens, non-ASCII letters and digits, surrogate pairs, links).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText } from '../../server/src/core/analyze';
import { termMatcher } from '../../server/src/core/coaching/term-matcher';
import { analyzeGoal, compileGoal } from '../../server/src/core/coaching/goal';
import { analyzeWhy, compileWhy } from '../../server/src/core/coaching/why';
import { OwnWordCounter } from '../../server/src/core/coaching/own-words';
import { normalizeWord, someWord, someWordValue, WordMemo, words } from '../../server/src/core/coaching/words';
import { plainWords, plainWordsByPattern } from '../../server/src/core/coaching/lexicon';
import { plainProse } from '../../server/src/core/coaching/nlp';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import { editDistance, suggest } from '../../server/src/core/suggest';
import { isBlank } from '../../server/src/core/model/nodes';

const RUNS = { numRuns: 400, seed: 20251127 };

/** Text from pieces that sit on every boundary the scanners care about. */
function textOf(pieces: readonly string[], max = 40): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...pieces), { maxLength: max }).map((p) => p.join(''));
}

const WORDISH = [
  'a',
  'B',
  'z',
  'Q',
  '7',
  '_',
  "'",
  '’',
  ' ',
  '  ',
  '-',
  '.',
  ',',
  '\n',
  'é',
  'É',
  'İ',
  'ß',
  '٣',
  '𝒜',
  '\u0301',
  '—',
  '"',
  'don',
  "don't",
  'buyer’s',
];

describe('default rules: fast paths equal the plain way', () => {
  describe('coaching words', () => {
    /** The tokenizer before the ASCII path: one Unicode pattern, each word normalised on its own. */
    const referenceWords = (text: string) =>
      [...text.matchAll(/[\p{L}\p{N}_]+(?:['’][\p{L}\p{N}_]+)*/gu)].map((m) => ({
        text: m[0],
        lower: normalizeWord(m[0]),
        start: m.index!,
        end: m.index! + m[0].length,
      }));

    it('words() finds the words of the Unicode pattern, ASCII or not', () => {
      fc.assert(
        fc.property(textOf(WORDISH), (text) => assert.deepEqual(words(text), referenceWords(text))),
        RUNS,
      );
    });

    it("someWordValue() gives each word's value from the memo, worked out from its lower case", () => {
      // A tiny memo, emptied often, and a value that depends on the whole word: collisions and refills show.
      const memo = new WordMemo(7, (lower) => `<${lower}>`);
      fc.assert(
        fc.property(textOf(WORDISH), (text) => {
          const seen: string[] = [];
          someWordValue(text, memo, (v) => {
            seen.push(v);
            return false;
          });
          assert.deepEqual(
            seen,
            referenceWords(text).map((w) => `<${w.lower}>`),
          );
        }),
        RUNS,
      );
    });

    it('someWord() visits the same words in order and stops at the first match', () => {
      fc.assert(
        fc.property(textOf(WORDISH), fc.nat(12), (text, stopAt) => {
          const seen: string[] = [];
          const found = someWord(text, (w) => seen.push(w) > stopAt);
          const all = referenceWords(text).map((w) => w.lower);
          assert.deepEqual(seen, all.slice(0, stopAt + 1));
          assert.equal(found, all.length > stopAt);
        }),
        RUNS,
      );
    });
  });

  describe('coaching plain words', () => {
    /** The Unicode pattern on the lower-cased text, which plainWords uses for any text not all ASCII. */
    const referencePlainWords = plainWordsByPattern;
    const PIECES = ['a', 'B', 'z', '7', '_', "'", "'s", 's', '-', '--', ' ', '.', ',', '\n', 'Sign', 'off', "buyer's", 'é', '’', 'Q3'];

    it('plainWords() finds the same words whether or not links and white space were made spaces first (plainProse)', () => {
      const pieces = [...PIECES, '[[', ']]', '[', ']', '\t', '\u00a0', '\u2028', '\u3000', '\r\n', 'İ', 'Σ', 'σ', '\u0301'];
      fc.assert(
        fc.property(textOf(pieces), (text) => assert.deepEqual(plainWords(text), plainWords(plainProse(text)))),
        RUNS,
      );
    });

    it('plainWords() gives the words of the Unicode pattern, ASCII or not', () => {
      fc.assert(
        fc.property(textOf(PIECES), (text) => assert.deepEqual(plainWords(text), referencePlainWords(text))),
        RUNS,
      );
      const ascii = PIECES.filter((p) => /^[\x00-\x7f]*$/.test(p));
      fc.assert(
        fc.property(textOf(ascii), (text) => assert.deepEqual(plainWords(text), referencePlainWords(text))),
        RUNS,
      );
    });
  });

  describe('why-restates-tactic', () => {
    const lists = compileWhy();
    /** The same lists with the early exit off: every why is tagged and analysed in full. */
    const full = { ...lists, earlyExit: false };
    const POOL = [
      'best',
      'practice',
      'should',
      'must',
      'always',
      'leadership',
      'wants',
      'our',
      'CRO',
      'insists',
      'process',
      'it',
      'is',
      'important',
      'buyer',
      'budget',
      'demo',
      'discovery',
      'call',
      'calls',
      'calling',
      'price',
      'the',
      'a',
      'we',
      'because',
      'risk',
      'value',
      'Send',
      'recap',
      'email',
      'each',
      'meeting',
      '4',
      'x',
      'don’t',
      'é',
      'deal',
      'stalls',
      'quarter',
      'forecast',
      'slips',
      'ran',
      'run',
      'running',
      'MEDDICC',
      'requires',
      'VP',
      'wants',
      'summary',
      'without',
      'something',
      'otherwise',
      'champion',
      'loses',
      'trust',
      'not',
      'Challenger',
      'book',
      'insists',
      'way',
    ];
    const sentence = fc.array(fc.constantFrom(...POOL), { maxLength: 16 }).chain((ws) => fc.constantFrom(' ', ', ', '. ').map((sep) => ws.join(sep)));

    it('gives the same finding with the early exit as without it', () => {
      fc.assert(
        fc.property(sentence, fc.option(sentence, { nil: undefined }), (why, tactic) =>
          assert.deepEqual(analyzeWhy(why, tactic, lists), analyzeWhy(why, tactic, full)),
        ),
        { ...RUNS, numRuns: 1500 },
      );
    });

    it('counts own words the same once its stem ids have started afresh (past 50,000 stems)', () => {
      const counts = (w: string) => w.length >= 3 && w !== 'the';
      const counter = new OwnWordCounter(counts);
      const tactic = 'Send the recap email after each discovery call';
      const cases: [string, string | undefined, number][] = [
        [`${tactic} because budget risk`, tactic, 3], // three words of its own: not more than 3
        [`${tactic} because budget risk`, tactic, 2],
        ...fc.sample(fc.tuple(sentence, fc.option(sentence, { nil: undefined }), fc.nat(8)), { numRuns: 60, seed: RUNS.seed }),
      ];
      const answers = cases.map(([why, tactic, limit]) => new OwnWordCounter(counts).exceeds(why, tactic, limit));
      assert.deepEqual(
        cases.map(([why, tactic, limit]) => counter.exceeds(why, tactic, limit)),
        answers,
      );
      // 60,000 made-up words, each its own stem: the ids (and the words' memos) fill up and start afresh.
      for (let k = 0; k < 60_000; k += 500) assert.equal(counter.exceeds(Array.from({ length: 500 }, (_, i) => `q${k + i}z`).join(' '), undefined, 1e9), false);
      // In the other order, so that the stems get other ids than the first time.
      assert.deepEqual(
        [...cases].reverse().map(([why, tactic, limit]) => counter.exceeds(why, tactic, limit)),
        [...answers].reverse(),
      );
      assert.ok(answers.includes(true) && answers.includes(false), 'the sample has both answers');
    });
  });

  describe('goal-is-activity', () => {
    const lists = compileGoal();
    /** The same lists with the pre-check off: every goal is tagged and read in full. */
    const full = { ...lists, earlyExit: false, judged: new Map() };
    const POOL = [
      'The',
      'the',
      'a',
      'Both',
      'their',
      'our',
      'we',
      'SE',
      'reps',
      'AE',
      'buyer',
      'champion',
      'CFO',
      'presents',
      'agrees',
      'signs',
      'demo',
      'walkthrough',
      'walkthroughs',
      'meeting',
      'pricing',
      'with',
      'to',
      'of',
      'and',
      'Sales',
      'marketing',
      'is',
      'briefed',
      'by',
      'team',
      'deck',
      'plan',
      'call',
      'sign-off',
      'kickoff',
      'account',
      'manager',
      'partner',
      'onboarding',
      'sends',
      'VP',
      'head',
      'customer',
      'success',
      'solving',
      'worth',
      'will',
    ];
    const goal = fc.array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 10 }).map((ws) => `${ws.join(' ')}.`);

    it('gives the same finding with the pre-check as without it', () => {
      fc.assert(
        fc.property(goal, (g) => assert.deepEqual(analyzeGoal(g, lists), analyzeGoal(g, full))),
        { ...RUNS, numRuns: 1500 },
      );
    });
  });

  it('isBlank is what trim() empties, for every UTF-16 unit alone, doubled and beside a letter', () => {
    const span = { start: 0, end: 0 };
    for (let c = 0; c <= 0xffff; c++) {
      for (const value of [String.fromCharCode(c), String.fromCharCode(c, c), `${String.fromCharCode(c)}a`]) {
        assert.equal(isBlank({ value, span }), value.trim() === '', `U+${c.toString(16)} in ${JSON.stringify(value)}`);
      }
    }
    assert.equal(isBlank(undefined), true);
    assert.equal(isBlank({ value: '', span }), true);
  });

  describe('unlinked-term matcher', () => {
    const vocabulary = [
      'vocabulary: V',
      'terms:',
      '  - term: Economic buyer',
      '    definition: d',
      '    aliases: [EB, economic buyers]',
      '  - term: Discovery call',
      '    definition: d',
      '  - term: Discovery',
      '    definition: d',
      '  - term: Café',
      '    definition: d',
      "  - term: Buyer's journey",
      '    definition: d',
      '  - term: MAP',
      '    definition: d',
      '  - term: Q&A',
      '    definition: d',
    ].join('\n');
    const index = new ProjectIndex();
    index.set(exportsOf(analyzeText('/v.vocabulary.yaml', 'vocabulary', vocabulary)));
    const matcher = termMatcher(index.terms());
    const PIECES = [
      'economic',
      'Economic',
      'ECONOMIC',
      'buyer',
      'buyers',
      'EB',
      'eb',
      'discovery',
      'Discovery',
      'call',
      'café',
      'CAFÉ',
      'buyer’s',
      "buyer's",
      'journey',
      'MAP',
      'map',
      'q',
      'Q',
      '&',
      'A',
      ' ',
      '  ',
      '\n',
      '-',
      '_',
      '.',
      '/',
      'pre',
      'x',
      'é',
      '𝒜',
      '[[',
      ']]',
      ',',
    ];

    /** The same names without "Café": every first word is ASCII, so the search ignores case on the text as written. */
    const asciiIndex = new ProjectIndex();
    asciiIndex.set(
      exportsOf(
        analyzeText(
          '/a.vocabulary.yaml',
          'vocabulary',
          vocabulary.replace('  - term: Café\n    definition: d\n', '  - term: Key account\n    definition: d\n'),
        ),
      ),
    );
    const asciiMatcher = termMatcher(asciiIndex.terms());

    for (const [name, m] of [
      ['a first word with other than ASCII', matcher],
      ['ASCII first words only', asciiMatcher],
    ] as const) {
      it(`finds the same mentions as visiting every word (${name})`, () => {
        fc.assert(
          fc.property(textOf([...PIECES, '\u212a', 'K', 'key', 'ey', 'account'], 30), (text) => {
            // The Kelvin sign lower-cases to "k": a text with it is searched in lower case, not ignoring case.
            // "İ" lower-cases to two characters: with both, the text takes the word-by-word path, the reference.
            const reference = m.find(`${text} İ \u212a`).filter((x) => x.start < text.length);
            assert.deepEqual(
              m.find(`${text} \u212a`).filter((x) => x.start < text.length),
              reference,
            );
            assert.deepEqual(m.find(text), reference);
          }),
          { ...RUNS, numRuns: 500 },
        );
      });
    }

    it('reads the Kelvin sign as "k" whichever way the text is searched', () => {
      assert.deepEqual(
        asciiMatcher.find('A \u212aey account, a KEY ACCOUNT').map((x) => x.text),
        ['\u212aey account', 'KEY ACCOUNT'],
      );
      assert.deepEqual(asciiMatcher.find('Café, café').length, 0, 'the ASCII-only names leave out Café');
      assert.deepEqual(matcher.find('Café, \u212aey').length, 1, 'the other names keep it');
    });
  });

  describe('"did you mean"', () => {
    /** The suggester before names were read in place: each name split into a list of words. */
    function referenceSuggest(written: string, candidates: readonly string[], max = 3): string[] {
      const normal = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
      const split = (s: string) => s.split(/[\s_-]+/).filter(Boolean);
      const allowedEdits = (n: number) => (n <= 3 ? 0 : n <= 5 ? 1 : n <= 9 ? 2 : 3);
      const inOrder = (ws: string[], name: string[]) => {
        let j = 0;
        for (const part of ws) {
          while (j < name.length && !name[j].startsWith(part)) j++;
          if (j === name.length) return false;
          j++;
        }
        return true;
      };
      const w = normal(written);
      if (!w) return [];
      const ww = split(w);
      const scored: { name: string; score: number }[] = [];
      for (const name of new Set(candidates)) {
        const c = normal(name);
        if (!c || name === written) continue;
        const cw = split(c);
        let score: number | undefined;
        const allowed = allowedEdits(w.length);
        const d = allowed > 0 && Math.abs(w.length - c.length) <= allowed ? editDistance(w, c, allowed) : Infinity;
        if (w === c) score = 0;
        else if (d <= allowed && (w.length > 5 || w[0] === c[0])) score = d;
        else if (w.length >= 3 && c.startsWith(w)) score = 1 + (c.length - w.length) / c.length;
        else if (ww.length === 1 && cw.length >= 2 && w.length === cw.length && /^[a-z]+$/.test(w) && cw.every((x, i) => x[0] === w[i])) score = 1.5;
        else if (ww.length >= 2 && ww.every((x) => x.length >= 2) && inOrder(ww, cw)) score = ww.length === cw.length ? 2 : 2.2;
        else if (w.length >= 5 && c.length > w.length && cw.length > 1 && editDistance(w, c.slice(0, w.length), 1) <= 1) score = 2.5;
        else if (ww.length === 1 && w.length >= 4 && cw.length >= 2 && cw.includes(w)) score = 2.8;
        if (score !== undefined) scored.push({ name, score });
      }
      scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
      return scored.slice(0, max).map((x) => x.name);
    }

    const name = textOf(['pro', 'posal', 'deal', 'retire', 'the', 'eb', 'map', '-', '_', ' ', '  ', 'A', 'É', '7', 'x', 'q', 'ch', 'ampion'], 8);

    it('suggests what splitting every name into words suggests', () => {
      fc.assert(
        fc.property(name, fc.array(name, { maxLength: 30 }), fc.integer({ min: 1, max: 10 }), (written, candidates, max) =>
          assert.deepEqual(suggest(written, candidates, max), referenceSuggest(written, candidates, max)),
        ),
        { ...RUNS, numRuns: 3000 },
      );
    });

    it('answers a repeated question the same, and a changed project afresh', () => {
      const index = new ProjectIndex();
      const playbook = (path: string, ids: string[]) =>
        exportsOf(analyzeText(path, 'playbook', `playbook: P\nstages:\n${ids.map((id) => `  - id: ${id}\n    name: S\n    goal: G\n`).join('')}`));
      index.set(playbook('/a.playbook.yaml', ['proposal-2-3', 'proposal-5-3']));
      const first = index.idSuggester();
      assert.deepEqual(first('proposal-7-3'), ['proposal-2-3', 'proposal-5-3']);
      assert.equal(index.idSuggester(), first, 'one suggester per id table');
      const answer = first('proposal-7-3');
      answer.push('changed by a caller');
      assert.deepEqual(first('proposal-7-3'), ['proposal-2-3', 'proposal-5-3'], 'a remembered answer is not shared with callers');
      // A file new to the project adds its ids to the same list (the CLI's engine sets its files so), and the
      // remembered answers go: the question is answered afresh, by the suggester held and by the index alike.
      index.set(playbook('/b.playbook.yaml', ['proposal-7-4']));
      assert.deepEqual(index.idSuggester()('proposal-7-3'), ['proposal-2-3', 'proposal-5-3', 'proposal-7-4']);
      assert.deepEqual(first('proposal-7-3'), ['proposal-2-3', 'proposal-5-3', 'proposal-7-4']);
      // A file set again (its ids changed) makes a new list.
      index.set(playbook('/b.playbook.yaml', ['proposal-7-5']));
      assert.notEqual(index.idSuggester(), first);
      assert.deepEqual(index.idSuggester()('proposal-7-3'), ['proposal-2-3', 'proposal-5-3', 'proposal-7-5']);
    });
  });
});
