/**
 * The fast YAML path's differential fuzz (see fast-yaml-differential.ts for the oracle and
 * fast-yaml-cases.ts for the inputs): every sample, rule fixture and bench corpus file, then
 * FAST_YAML_RUNS (default 3000) random variants of them. Whenever the fast path accepts a
 * text, its tree, data, comments, FileAnalysis and diagnostics must equal the full path's;
 * and on every input the Lexer port (lexer.ts) must give yaml's Lexer's tokens.
 * Prints the acceptance rates. Not in the default mocha spec; run it with
 *
 *   npx mocha --no-config -r tsx/cjs --extension ts --timeout 0 test/fuzz/fast-yaml.fuzz.test.ts
 *
 * FAST_YAML_SEED repeats a run; a failure prints the case (JSON) and its seed.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lastDeclineReason } from '../../server/src/core/fast-yaml/parse-fast';
import { fastCaseArbitrary, loadSources, materializeFast, smallDocument, type Source } from './fast-yaml-cases';
import { differential } from './fast-yaml-differential';
import { diffTokens, yamlishText } from './fast-yaml-tokens';
import { quietWarnings } from '../support/quiet-warnings';

const RUNS = Number(process.env.FAST_YAML_RUNS ?? 3000);
const SEED = process.env.FAST_YAML_SEED !== undefined ? Number(process.env.FAST_YAML_SEED) : Math.floor(Math.random() * 2 ** 31);

function top(reasons: Map<string, number>, n = 8): string {
  return [...reasons]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([r, k]) => `${r} ${k}`)
    .join(', ');
}

describe('fuzz: fast YAML path against the full parse', function () {
  this.timeout(0);
  let restore: () => void;
  let sources: Source[];
  before(() => {
    restore = quietWarnings();
    sources = loadSources();
  });
  after(() => restore());

  it('every sample, fixture and bench corpus file: same result whenever accepted; acceptance per folder', () => {
    const groups = new Map<string, { files: number; accepted: number; reasons: Map<string, number> }>();
    for (const s of sources) {
      const group = s.rel.startsWith('bench/')
        ? `bench corpus (${s.kind === 'config' ? 'config' : 'playbooks + vocabulary'})`
        : s.rel.split('/')[0] === 'samples'
          ? 'samples'
          : 'rule fixtures';
      const g = groups.get(group) ?? { files: 0, accepted: 0, reasons: new Map() };
      groups.set(group, g);
      const d = differential(s.kind, s.text);
      assert.deepEqual(d.problems, [], s.rel);
      assert.equal(diffTokens(s.text), '', `${s.rel}: the Lexer port differs from yaml's Lexer`);
      g.files++;
      if (d.accepted) g.accepted++;
      else g.reasons.set(lastDeclineReason(), (g.reasons.get(lastDeclineReason()) ?? 0) + 1);
    }
    for (const [name, g] of groups) {
      console.log(
        `      ${name}: ${g.accepted}/${g.files} accepted (${((100 * g.accepted) / g.files).toFixed(1)} %)${g.reasons.size ? `; declined: ${top(g.reasons)}` : ''}`,
      );
    }
  });

  it(`${RUNS} random variants: same result whenever accepted`, () => {
    console.log(`      seed ${SEED} (repeat with FAST_YAML_SEED=${SEED} FAST_YAML_RUNS=${RUNS})`);
    const byRel = new Map(sources.map((s) => [s.rel, s]));
    const vocabulary = byRel.get('samples/acme/vocabulary/sales.vocabulary.yaml')?.text;
    let cases = 0;
    let accepted = 0;
    const reasons = new Map<string, number>();
    fc.assert(
      fc.property(fastCaseArbitrary(sources), (c) => {
        const { kind, text } = materializeFast(c, byRel);
        const d = differential(kind, text, vocabulary);
        cases++;
        if (d.accepted) accepted++;
        else reasons.set(lastDeclineReason(), (reasons.get(lastDeclineReason()) ?? 0) + 1);
        if (d.problems.length) throw new Error(`fast and full paths differ on ${JSON.stringify(text).slice(0, 4000)}:\n  ${d.problems.join('\n  ')}`);
        const t = diffTokens(text);
        if (t) throw new Error(`the Lexer port differs from yaml's Lexer on ${JSON.stringify(text).slice(0, 4000)}: ${t}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`      ${cases} variants, ${accepted} accepted and compared; declined: ${top(reasons)}`);
  });

  it(`${RUNS * 2} small random documents: same result whenever accepted, same tokens always`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(smallDocument, (text) => {
        const t = diffTokens(text);
        if (t) throw new Error(`the Lexer port differs from yaml's Lexer on ${JSON.stringify(text)}: ${t}`);
        const d = differential('playbook', text);
        if (d.accepted) accepted++;
        if (d.problems.length) throw new Error(`fast and full paths differ on ${JSON.stringify(text)}:\n  ${d.problems.join('\n  ')}`);
      }),
      { numRuns: RUNS * 2, seed: SEED + 2 },
    );
    console.log(`      ${accepted} of the documents accepted and compared`);
  });

  it(`${RUNS * 10} random strings of YAML indicators: the Lexer port gives yaml's tokens, and any accepted one parses the same`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(yamlishText, (text) => {
        const t = diffTokens(text);
        if (t) throw new Error(t);
        const d = differential('playbook', text);
        if (d.accepted) accepted++;
        if (d.problems.length) throw new Error(`fast and full paths differ:\n  ${d.problems.join('\n  ')}`);
      }),
      { numRuns: RUNS * 10, seed: SEED + 1 },
    );
    console.log(`      ${accepted} of the strings accepted and compared`);
  });
});
