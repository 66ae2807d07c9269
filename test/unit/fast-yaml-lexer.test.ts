/**
 * The fast path's Lexer (server/src/core/fast-yaml/lexer.ts) is a port of yaml's own: on
 * every input, accepted by the fast path or not, it must give exactly yaml's tokens (the
 * same strings in the same order, control tokens included). Real files, seeded random
 * variants (the core fuzzer's damage and the fast path's edits), and random strings of
 * YAML's indicator characters; test/fuzz/fast-yaml.fuzz.test.ts checks thousands more.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fastCaseArbitrary, loadSources, materializeFast } from '../fuzz/fast-yaml-cases';
import { diffTokens, yamlishText } from '../fuzz/fast-yaml-tokens';
import { applyMutations, fuzzCaseArbitrary, loadSamples } from '../fuzz/mutations';

describe("fast YAML path: the Lexer port gives yaml's tokens", function () {
  this.timeout(120_000);

  it('on every sample, rule fixture and (generated) bench corpus file', () => {
    for (const s of loadSources(['samples', 'test/rules/fixtures', 'bench/corpus/200'], 40)) assert.equal(diffTokens(s.text), '', s.rel);
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
