import assert from 'node:assert/strict';
import { editDistance, suggest } from '../../server/src/core/suggest';

const TERMS = [
  'Champion',
  'champions',
  'Reframing',
  'reframe',
  'Economic buyer',
  'economic buyers',
  'Mutual action plan',
  'Executive sponsor',
  'Socratic question',
  'Discovery',
  'Pain',
  'Decision criteria',
  'Compelling event',
  'ROI',
];
const RULES = ['tactic-missing-why', 'tactic-missing-deviation', 'undefined-term', 'duplicate-id', 'duplicate-term', 'unused-term', 'schema', 'yaml-syntax'];

describe('suggest ("did you mean")', () => {
  it('typos: reframeing → Reframing, discovry → Discovery, a swapped pair (pian → Pain)', () => {
    assert.equal(suggest('reframeing', TERMS)[0], 'Reframing');
    assert.equal(suggest('discovry', TERMS)[0], 'Discovery');
    assert.equal(suggest('pian', TERMS)[0], 'Pain');
    assert.equal(suggest('Socratic qestion', TERMS)[0], 'Socratic question');
    assert.equal(suggest('executiv esponsor', TERMS)[0], 'Executive sponsor');
  });

  it('shortened forms: champ → Champion, econ buyer → Economic buyer, MAP → Mutual action plan, sponsor → Executive sponsor', () => {
    assert.equal(suggest('champ', TERMS)[0], 'Champion');
    assert.equal(suggest('econ buyer', TERMS)[0], 'Economic buyer');
    assert.equal(suggest('MAP', TERMS)[0], 'Mutual action plan');
    assert.equal(suggest('mutual plan', TERMS)[0], 'Mutual action plan');
    assert.equal(suggest('sponsor', TERMS)[0], 'Executive sponsor');
  });

  it('nothing for far-off words, and no one-letter guesses for short ones', () => {
    for (const far of ['compelling argument', 'price war', 'zebra', 'budget owner', 'main', 'chain', 'ro', 'x']) {
      assert.deepEqual(suggest(far, TERMS), [], far);
    }
  });

  it('puts the nearest first and returns at most max', () => {
    assert.deepEqual(suggest('champ', TERMS, 1), ['Champion']);
    assert.ok(suggest('champ', TERMS).length <= 3);
    assert.deepEqual(suggest('duplicate', RULES), ['duplicate-id', 'duplicate-term']);
  });

  it('offers the same name in other letter case (ids are case-sensitive), but never the exact name written', () => {
    assert.deepEqual(suggest('Tactic-Missing-Why', RULES, 1), ['tactic-missing-why']);
    assert.deepEqual(suggest('tactic-missing-why', ['tactic-missing-why']), []);
  });

  it('treats hyphens as word breaks for kebab-case ids', () => {
    assert.equal(suggest('missing-why', RULES)[0], 'tactic-missing-why');
    assert.equal(suggest('tactic-mising-deviation', RULES)[0], 'tactic-missing-deviation');
  });

  it('ignores empty input and duplicate candidates', () => {
    assert.deepEqual(suggest('   ', TERMS), []);
    assert.deepEqual(suggest('champ', ['Champion', 'Champion']), ['Champion']);
  });

  it('editDistance counts a swap of neighbours as one edit', () => {
    assert.equal(editDistance('pian', 'pain'), 1);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });
});
