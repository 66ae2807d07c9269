/**
 * The fast path reads yaml's own Lexer through an adapter (server/src/core/fast-yaml/tokens.ts)
 * that adds each token's kind and offsets: on every input, accepted by the fast path or not,
 * those must cut yaml's tokens out of the text exactly (the same strings in the same order,
 * control tokens included, covering the whole text). Real files, seeded random
 * variants (the core fuzzer's damage and the fast path's edits), and random strings of
 * YAML's indicator characters; test/fuzz/fast-yaml.fuzz.test.ts checks thousands more.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fastCaseArbitrary, loadSources, materializeFast } from '../fuzz/fast-yaml-cases';
import { diffTokens, yamlishText } from '../fuzz/fast-yaml-tokens';
import { lastDeclineReason, parseFast } from '../../server/src/core/fast-yaml/parse-fast';
import { applyMutations, fuzzCaseArbitrary, loadSamples } from '../fuzz/mutations';

describe("fast YAML path: the adapter places yaml's Lexer tokens exactly", function () {
  this.timeout(120_000);

  it('on every sample, rule fixture and (generated) bench corpus file', () => {
    for (const s of loadSources(['samples', 'test/rules/fixtures', 'bench/corpus/200'], 40)) assert.equal(diffTokens(s.text), '', s.rel);
  });

  it("refuses a text holding yaml's control characters (a token string cannot say whether it is one), and the fast path declines it", () => {
    // The Lexer yields the rest of a block scalar header's line as a token: here a lone "\x02" that is text, not a document start.
    for (const text of ['a: >+2 \x02\n', 'a: | \x1f\n  b\n', '\x02', 'a: b\x18\n']) {
      assert.equal(diffTokens(text), '', JSON.stringify(text));
      assert.equal(parseFast(text), undefined, JSON.stringify(text));
      assert.equal(lastDeclineReason(), 'control character');
    }
  });

  it('on 600 random variants of those files and 3,000 random strings (seeded)', () => {
    const sources = loadSources(['samples', 'test/rules/fixtures', 'bench/corpus/200'], 10);
    const byRel = new Map(sources.map((s) => [s.rel, s]));
    fc.assert(
      fc.property(fastCaseArbitrary(sources), (c) => assert.equal(diffTokens(materializeFast(c, byRel).text), '')),
      { numRuns: 300, seed: 1127 },
    );
    const samples = loadSamples();
    fc.assert(
      fc.property(fuzzCaseArbitrary(samples), (c) => assert.equal(diffTokens(applyMutations(samples.find((s) => s.rel === c.sample)!.text, c.mutations)), '')),
      { numRuns: 300, seed: 1128 },
    );
    fc.assert(
      fc.property(yamlishText, (text) => assert.equal(diffTokens(text), '', JSON.stringify(text))),
      { numRuns: 3000, seed: 1129 },
    );
  });
});
