/**
 * The fast YAML path (server/src/core/fast-yaml) against the full parse: whenever it accepts
 * a text, the node tree (values, types, every range offset), the plain JS value, the
 * comments, the whole FileAnalysis and the diagnostics must equal the full path's
 * (test/fuzz/fast-yaml-differential.ts). Real files, hand-written edge cases, and a seeded
 * batch of random variants; test/fuzz/fast-yaml.fuzz.test.ts runs thousands more.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CST, Scalar } from 'yaml';
import { analyzeText } from '../../server/src/core/analyze';
import { lastDeclineReason, parseFast } from '../../server/src/core/fast-yaml/parse-fast';
import { simpleBlockScalar } from '../../server/src/core/fast-yaml/scalars';
import { fastCaseArbitrary, loadSources, materializeFast, smallDocument } from '../fuzz/fast-yaml-cases';
import { differential } from '../fuzz/fast-yaml-differential';
import { quietWarnings } from '../support/quiet-warnings';

function expectSame(text: string, kind: 'playbook' | 'vocabulary' | 'config' = 'playbook'): void {
  const d = differential(kind, text);
  assert.ok(d.accepted, `expected the fast path to accept ${JSON.stringify(text)} (declined: ${lastDeclineReason()})`);
  assert.deepEqual(d.problems, [], `fast and full paths differ on ${JSON.stringify(text)}`);
}

function expectDeclined(text: string): void {
  assert.equal(parseFast(text), undefined, `expected the fast path to decline ${JSON.stringify(text)}`);
}

describe('fast YAML path', function () {
  this.timeout(120_000);
  let restore: () => void;
  before(() => (restore = quietWarnings()));
  after(() => restore());

  it('matches the full path on every sample, rule fixture and (generated) bench corpus file it accepts', () => {
    const sources = loadSources(['samples', 'test/rules/fixtures', 'bench/corpus/200'], 25);
    let accepted = 0;
    for (const s of sources) {
      const d = differential(s.kind, s.text);
      assert.deepEqual(d.problems, [], s.rel);
      if (d.accepted) accepted++;
      // Generated playbooks and vocabularies are the shape the fast path exists for.
      if (s.rel.startsWith('bench/corpus/') && s.kind !== 'config') assert.ok(d.accepted, `${s.rel} declined: ${lastDeclineReason()}`);
    }
    assert.ok(accepted > 0);
  });

  it('accepts the acme sample playbooks and vocabulary', () => {
    for (const s of loadSources(['samples/acme'])) {
      if (s.kind === 'config') continue;
      assert.ok(parseFast(s.text), `${s.rel} declined: ${lastDeclineReason()}`);
    }
  });

  it('builds the same tree as yaml for scalars of every style', () => {
    const text = [
      'plain: Some text with [[term]], a:colon and a # sign',
      "single: 'it''s quoted'",
      'double: "tab\\there \\u00e9 \\"q\\""',
      'folded: >',
      '  one',
      '  two',
      '',
      '  para',
      'literal: |-',
      '  kept',
      '    indented',
      'multi: first line',
      '  continued line',
      'quoted: "first',
      '  second"',
      'list: [a, "b", \'c\', 1, true, null]',
      'empty:',
      'nums: [0x1F, 0o17, 1e3, -.5, .inf, .NaN, +12, ~]',
      '',
    ].join('\n');
    expectSame(text);
    const fast = parseFast(text)!;
    const items = (fast.doc.contents as unknown as { items: unknown[] }).items as { key: { value: string }; value: { type?: string; value?: unknown } }[];
    const byKey = Object.fromEntries(items.map((p) => [p.key.value, p.value]));
    assert.equal(byKey.folded.type, Scalar.BLOCK_FOLDED);
    assert.equal(byKey.literal.type, Scalar.BLOCK_LITERAL);
    assert.equal(byKey.single.type, Scalar.QUOTE_SINGLE);
    assert.equal(byKey.double.type, Scalar.QUOTE_DOUBLE);
    assert.equal(byKey.multi.value, 'first line continued line');
    assert.equal(byKey.empty.value, null);
    assert.deepEqual((fast.data as { nums: unknown[] }).nums, [31, 15, 1000, -0.5, Infinity, NaN, 12, null]);
  });

  it('puts comment lines where yaml does (they move node ranges)', () => {
    const cases = [
      // A comment at a list's column after a nested item stays in that list: the stage's range runs to the next "-".
      'stages:\n  - id: a\n    tactics:\n      - id: t\n        why: x\n      # c6\n  - id: b\n',
      // Indented past the mapping after a plain value: joins the value's end, blank lines included.
      'a:\n  b: x\n\n     # c5\n  c: |\n    lit\n   # c3\n  d: y\n',
      'a:\n  b: x\n     # c5\n\n     # c5b\n  # c2\n     # c5c\nz: 1\n',
      'a:\n  - x\n    # c4\n  - y\n      # c6\n# c0\n',
      'a:\n  - x\n  # c2\n',
      'a:\n  b:\n    c: [x, y]   # c\n       # deeper\n    # c4\n  # c2\n',
      '  a: 1\n  b: 2\n  # c2\n',
      '  a: 1\n  b: 2\n    # c4\n',
      'a:\n- x\n- y\n  # c2\nb: 1\n',
      'a:\n- x\n# c0\n- y\nb:\n- z\n # c1\n',
      'a:\n  b: |+\n    keep\n\n\n  # c\nc: x\n',
      'a:\n  b:\n    - c: x\n        # c8\n      # c6\n',
      'k: [a, b]\n   # c\n\n   # c2\nj: 1\n',
      'k:\n  - [a, b]\n    # c\n  - "q"\n      # c\n',
      'k:\n  - |\n    lit\n    # not a comment\n  # c\n',
      '--- # c\n\n# d\na: 1\n',
      '# playbook-lint-disable\na: 1 # playbook-lint-enable\nb: >- # header\n  x\n',
    ];
    for (const text of cases) expectSame(text);
  });

  it('gives an empty value followed by comment lines the end yaml gives it (up to the next key, or the end of the mapping)', () => {
    const cases = [
      'a:\n  b:\n# c\n  c: x\n',
      'a:\n  b: # c\n  c: x\n',
      'a:\n  b:\n\n  # c\n\n  c: x\n',
      'a:\n  b:\n    # c4\n\n\n  c: x\n',
      'a:\n  b:\n    # c4\n  # c2\n\n  c: x\n',
      'a:\n  b: # c\n\n\n  c: x\n',
      'a:\n  b:\n      # c\n\nz: 1\n',
      't:\n  - id: x\n    why:\n\n      # c\n  - id: y\n',
      'a:\n  b:   # c\n    # d\n\n    # e\n  c: 1\n',
      'k: # c',
      'k:\n  # c\n  ',
    ];
    for (const text of cases) expectSame(text);
  });

  it("handles empty values, sequences at their key's column and a last line without a break", () => {
    for (const text of [
      'a:\n  value   ',
      'a:\n- "q"  ',
      'a:\n  - x  ',
      'a:\n  "v"  ',
      'a: [x]  ',
      'a:   ',
      'a:\n  b:\n  c: x\n',
      'a:\n  b:\n\n  c: x\n',
      'a:\n  b:\n',
      'a:\n  b:   \nc:',
      'a: |\nb: c',
      'tactics:\n- id: a\n  why: b\n- id: c\nname: x',
      'k: v',
    ]) {
      expectSame(text);
    }
  });

  it('declines nesting deeper than yaml composes without running out of stack, accepts ordinary depth', () => {
    const nested = (depth: number) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' leaf\n';
    expectSame(nested(60));
    expectDeclined(nested(150));
  });

  it('declines what it does not model (the full path reports or handles it)', () => {
    const declined = [
      '',
      '# only a comment\n',
      'a:\tb\n',
      'a: b\r\nc: d\r\n',
      '\ufeffa: b\n',
      '%YAML 1.2\n---\na: b\n',
      'a: 1\n---\nb: 2\n',
      'a: 1\n...\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: {b: 1}\n',
      'a: [b, [c]]\n',
      'a: [b,\n  c]\n',
      '? a\n: b\n',
      '"a": b\n',
      'a b\n  c: d\n',
      '1: a\n',
      'a: 1\na: 2\n',
      '<<: {}\n',
      '__proto__: x\n',
      'a: "unterminated\n',
      'a: "x"#c\n',
      'a: |2\n   x\n',
      'a: "x"\n  b: y\n',
      '- a\n- b\n',
      'scalar\n',
      'a:\n  -\n  - b\n',
      'a: - b\n',
      'a: b: c\n',
      'a :b\n',
      'a : b\n',
      'a: @x\n',
    ];
    for (const text of declined) expectDeclined(text);
  });

  it('gives analyzeText the same analysis as the full path on 250 random variants of the real files (seeded)', () => {
    const sources = loadSources(['samples', 'test/rules/fixtures', 'bench/corpus/200'], 15);
    const byRel = new Map(sources.map((s) => [s.rel, s]));
    const vocabulary = byRel.get('samples/acme/vocabulary/sales.vocabulary.yaml')?.text;
    let accepted = 0;
    fc.assert(
      fc.property(fastCaseArbitrary(sources), (c) => {
        const { kind, text } = materializeFast(c, byRel);
        const d = differential(kind, text, vocabulary);
        if (d.accepted) accepted++;
        if (d.problems.length) throw new Error(`fast and full paths differ:\n  ${d.problems.join('\n  ')}`);
      }),
      { numRuns: 250, seed: 20261127 },
    );
    assert.ok(accepted >= 50, `only ${accepted} of 250 variants were accepted; the comparison needs accepted cases`);
  });

  it('gives the same tree, data, analysis and diagnostics on 600 small random documents (seeded)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(smallDocument, (text) => {
        const d = differential('playbook', text);
        if (d.accepted) accepted++;
        if (d.problems.length) throw new Error(`fast and full paths differ on ${JSON.stringify(text)}:\n  ${d.problems.join('\n  ')}`);
      }),
      { numRuns: 600, seed: 1130 },
    );
    assert.ok(accepted >= 100, `only ${accepted} of 600 documents were accepted`);
  });

  it("reads the common block scalars by hand exactly as yaml's resolver does (seeded)", () => {
    const line = fc
      .tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom('', 'a', 'b c', 'word  ', '\t x', 'x\r', '#', '- y', 'é'))
      .map(([spaces, content]) => ' '.repeat(spaces) + content);
    const props = fc.constantFrom<CST.SourceToken[][]>(
      [],
      [{ type: 'newline', offset: 0, indent: 0, source: '\n' }],
      [
        { type: 'space', offset: 0, indent: 0, source: '  ' },
        { type: 'newline', offset: 0, indent: 0, source: '\n' },
      ],
      [
        { type: 'space', offset: 0, indent: 0, source: ' ' },
        { type: 'comment', offset: 0, indent: 0, source: '# c' },
        { type: 'newline', offset: 0, indent: 0, source: '\n' },
      ],
    );
    let handled = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('>', '|', '>-', '|-', '>+', '|+'),
        props,
        fc.integer({ min: 0, max: 3 }),
        fc.oneof(
          fc.array(line, { maxLength: 6 }),
          // The shape read by hand: lines at one depth, then blank lines (some deeper).
          fc
            .tuple(
              fc.integer({ min: 1, max: 4 }),
              fc.array(fc.constantFrom('a', 'b c', 'word  ', 'x:y', '- z', 'é'), { minLength: 1, maxLength: 5 }),
              fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
            )
            .map(([depth, contents, blanks]) => [...contents.map((c) => ' '.repeat(depth) + c), ...blanks.map((b) => ' '.repeat(b))]),
        ),
        fc.boolean(),
        (mode, after, indent, lines, lastBreak) => {
          const source = lines.join('\n') + (lastBreak && lines.length ? '\n' : '');
          const header: CST.SourceToken = { type: 'block-scalar-header', offset: 7, indent: 0, source: mode };
          const fast = simpleBlockScalar(header, after, indent, source);
          if (!fast) return;
          handled++;
          let error = false;
          const token: CST.BlockScalar = { type: 'block-scalar', offset: 7, indent, props: [header, ...after], source };
          const res = CST.resolveAsScalar(token, true, () => (error = true));
          assert.equal(error, false, `yaml reports an error on ${JSON.stringify({ mode, indent, source })}`);
          assert.deepEqual([fast.value, fast.type, fast.range], [res!.value, res!.type, res!.range], JSON.stringify({ mode, indent, source }));
        },
      ),
      { numRuns: 3000, seed: 20261207 },
    );
    assert.ok(handled >= 300, `only ${handled} of 3000 block scalars were read by hand`);
  });

  it('is what analyzeText uses: same analysis with and without the fast path', () => {
    const text = loadSources(['samples/acme/playbooks'])[0].text;
    const withFast = analyzeText('/p/x.playbook.yaml', 'playbook', text);
    const without = (analyzeText as (p: string, k: 'playbook', t: string, fast?: boolean) => ReturnType<typeof analyzeText>)(
      '/p/x.playbook.yaml',
      'playbook',
      text,
      false,
    );
    assert.deepEqual({ ...withFast, lines: undefined }, { ...without, lines: undefined });
  });
});
