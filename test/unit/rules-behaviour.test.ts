/**
 * Rule behaviour the fixtures cannot show: related locations, fixes, one diagnostic per problem, plain messages.
 * New cases go next to the rule's fixture, in test/rules/fixtures/<rule>/cases.test.ts (test/support/rule-tester.ts).
 */
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';
import { parseYaml } from '../../server/src/core/parse';
import { covered, lintFiles, only, playbookWith, VOCAB, where } from './helpers';

describe('rule behaviour', () => {
  describe('duplicate-id', () => {
    it('points at the later copy and relates the first, in the same file and across files', () => {
      const a = playbookWith('    tactics:\n      - id: ask\n        tactic: Ask.\n      - id: ask\n        tactic: Ask again.\n');
      const b = playbookWith('    tactics:\n      - id: ask\n        tactic: Ask once more.\n');
      const { diagnostics } = lintFiles({ 'a.playbook.yaml': a, 'b.playbook.yaml': b });
      const dups = only(diagnostics, 'duplicate-id');
      // first-call (stage) is repeated in b, ask twice more.
      assert.deepEqual(
        dups.map((d) => [d.path.replace('/project/', ''), where(d), d.related?.map((r) => `${r.location.path.replace('/project/', '')}@${where(r.location)}`)]),
        [
          ['a.playbook.yaml', '9:13-9:16', ['a.playbook.yaml@7:13-7:16']],
          ['b.playbook.yaml', '3:9-3:19', ['a.playbook.yaml@3:9-3:19']],
          ['b.playbook.yaml', '7:13-7:16', ['a.playbook.yaml@7:13-7:16']],
        ],
      );
      assert.match(dups[0].message, /^Id "ask" is already used by the tactic at line 7; /);
      assert.match(dups[2].message, /^Id "ask" is already used by the tactic at a\.playbook\.yaml line 7; /);
    });
  });

  describe('duplicate-term', () => {
    it('relates the first definition, ignoring case and spacing', () => {
      const { diagnostics } = lintFiles({
        'a.vocabulary.yaml': VOCAB,
        'b.vocabulary.yaml': 'vocabulary: W\nterms:\n  - term: "CHAMPIONS "\n    definition: x\n',
      });
      const [d] = only(diagnostics, 'duplicate-term');
      assert.equal(d.path, '/project/b.vocabulary.yaml');
      assert.equal(where(d), '3:11-3:23');
      assert.equal(d.related?.[0].location.path, '/project/a.vocabulary.yaml');
      assert.equal(where(d.related![0].location), '5:15-5:24');
      assert.match(d.message, /already defined as an alias of "Champion" at a\.vocabulary\.yaml line 5/);
    });
  });

  describe('undefined-term', () => {
    it('offers the suggestion as the preferred quick fix, and adding the term to a vocabulary', () => {
      const text = playbookWith('    tactics:\n      - id: t\n        tactic: Use [[reframeing]].\n');
      const { diagnostics } = lintFiles({ 'p.playbook.yaml': text, 'v.vocabulary.yaml': VOCAB });
      const [d] = only(diagnostics, 'undefined-term');
      assert.equal(d.message, '"reframeing" is not defined in any vocabulary in scope; did you mean "Reframing"?');
      assert.deepEqual(
        d.fixes?.map((f) => [f.title, f.preferred ?? false]),
        [
          ['Change to [[Reframing]]', true],
          ['Add "reframeing" to v.vocabulary.yaml', false],
        ],
      );
      assert.equal(d.fixes![0].edits[0].newText, '[[Reframing]]');
    });

    it('resolves aliases and ignores case and spacing; one suggestion per term even when an alias is also close', () => {
      const text = playbookWith('    tactics:\n      - id: t\n        tactic: Ask the [[ CHAMPIONS ]] and the [[champ]].\n');
      const { diagnostics } = lintFiles({ 'p.playbook.yaml': text, 'v.vocabulary.yaml': VOCAB });
      assert.deepEqual(
        only(diagnostics, 'undefined-term').map((d) => d.message),
        ['"champ" is not defined in any vocabulary in scope; did you mean "Champion"?'],
      );
    });

    it('uses only the vocabularies in scope', () => {
      const text = playbookWith('    tactics:\n      - id: t\n        tactic: Ask the [[champion]].\n');
      const files = { 'p.playbook.yaml': text, 'drafts/v.vocabulary.yaml': VOCAB };
      assert.deepEqual(only(lintFiles(files).diagnostics, 'undefined-term'), []);
      const outOfScope = lintFiles(files, {}, (p) => !p.includes('/drafts/')).diagnostics;
      assert.deepEqual(
        only(outOfScope, 'undefined-term').map((d) => d.path),
        ['/project/p.playbook.yaml'],
      );
      // The vocabulary out of scope is not judged by the cross-file rules.
      assert.deepEqual(
        outOfScope.filter((d) => d.path.includes('/drafts/')),
        [],
      );
    });
  });

  describe('schema', () => {
    it("says the path in the spec's form, at the offending key", () => {
      const text = playbookWith(
        '    tactics:\n      - id: a\n        tactic: A.\n      - id: b\n        tactic: B.\n      - tactic: C.\n        rationale: Because.\n',
      );
      const { diagnostics, analyses } = lintFiles({ 'p.playbook.yaml': text });
      const schema = only(diagnostics, 'schema');
      const a = analyses.get('p.playbook.yaml')!;
      assert.deepEqual(
        schema.map((d) => [d.message.replace(/; allowed keys are .*/, ''), covered(a, d.range)]),
        [
          ['stages[0].tactics[2]: missing required key "id"', 'tactic: C.'],
          ['stages[0].tactics[2]: unknown key "rationale"', 'rationale'],
        ],
      );
    });

    it('a missing why or deviate-when is not a schema problem: one problem, one diagnostic', () => {
      const text = playbookWith('    tactics:\n      - id: a\n        tactic: A.\n      - id: b\n        tactic: B.\n        why:\n        deviate-when: []\n');
      const { diagnostics } = lintFiles({ 'p.playbook.yaml': text });
      assert.deepEqual(only(diagnostics, 'schema'), []);
      assert.equal(only(diagnostics, 'tactic-missing-why').length, 2);
      assert.equal(only(diagnostics, 'tactic-missing-deviation').length, 2);
    });

    it("a why of the wrong type is the schema's finding only", () => {
      const text = playbookWith('    tactics:\n      - id: a\n        tactic: A.\n        why: 42\n        deviate-when: {when: never}\n');
      const { diagnostics } = lintFiles({ 'p.playbook.yaml': text });
      assert.deepEqual(
        diagnostics.map((d) => `${d.ruleId} ${d.message}`),
        ['schema stages[0].tactics[0].why: must be text, not the number 42', 'schema stages[0].tactics[0].deviate-when: must be text or a list, not a mapping'],
      );
    });

    it('a misspelt key is one diagnostic: the unknown key, with "did you mean", not also the missing one', () => {
      const { diagnostics } = lintFiles({ 'v.vocabulary.yaml': 'vocabulary: V\nterms:\n  - term: T\n    defintion: D\n' });
      assert.deepEqual(
        only(diagnostics, 'schema').map((d) => d.message),
        ['terms[0]: unknown key "defintion"; allowed keys are term, definition, aliases, example, see-also (did you mean "definition"?)'],
      );
    });

    it('an empty file, a list and the wrong kind of file each get one diagnostic', () => {
      const { diagnostics } = lintFiles({
        'empty.playbook.yaml': '',
        'comments.playbook.yaml': '# nothing here yet\n',
        'list.vocabulary.yaml': '- term: A\n  definition: B\n',
        'kind.playbook.yaml': VOCAB,
      });
      assert.deepEqual(
        diagnostics.map((d) => `${d.path.replace('/project/', '')} ${where(d)} ${d.message}`),
        [
          'empty.playbook.yaml 1:1-1:1 the file is empty; the playbook must be a mapping of keys starting with "playbook: <title>"',
          'comments.playbook.yaml 1:1-1:1 the file is empty; the playbook must be a mapping of keys starting with "playbook: <title>"',
          'list.vocabulary.yaml 1:1-1:10 the file holds a list; the vocabulary must be a mapping of keys starting with "vocabulary: <title>"',
          'kind.playbook.yaml 1:1-1:11 this file holds a vocabulary (it starts with "vocabulary:") but its name says it is a playbook; rename it to end in .vocabulary.yaml',
        ],
      );
    });
  });

  describe('yaml-syntax', () => {
    it('an unclosed quote: at the end of the file, saying where the quote opened (from the token, not a text search)', () => {
      // Quotes in a comment and inside single quotes come before the one that is never closed.
      const text = '# say "hi"\nplaybook: \'it\'\'s "fine"\'\nsummary: "never closed\nowner: x\n';
      const { diagnostics } = lintFiles({ 'p.playbook.yaml': text });
      const [d] = only(diagnostics, 'yaml-syntax');
      assert.equal(where(d), '5:1-5:1');
      assert.equal(d.message, 'YAML syntax: the double quote (") opened at line 3, column 10 is never closed; add the closing " where the text should end');
      assert.equal(diagnostics.length, 1, 'no other rule runs on a broken file');
    });

    it('an unclosed single quote and an unclosed bracket say where they opened', () => {
      assert.match(parseYaml("a: 'x\nb: c\n").problems[0].message, /single quote \(\'\) opened at line 1, column 4 is never closed/);
      assert.match(parseYaml('a: [x, y\nb: c\n').problems[0].message, /the list "\[" opened at line 1, column 4 is not closed; add "\]"/);
      assert.match(parseYaml('a: {x: 1\n').problems[0].message, /the mapping "\{" opened at line 1, column 4 is not closed/);
    });

    it('a duplicate key covers the whole key and names it', () => {
      const p = parseYaml('playbook: a\nplaybook: b\n');
      assert.deepEqual(
        p.problems.map((x) => [x.span, x.message]),
        [[{ start: 12, end: 20 }, 'the key "playbook" appears twice in the same mapping; keep one of the two (merge their values if both matter)']],
      );
    });

    it('one mistake, one diagnostic: cascades on the same line are dropped', () => {
      assert.equal(parseYaml('a:\n  - x\n - y\n').problems.length, 1);
    });

    it('messages are plain words: no parser jargon', () => {
      const broken = [
        'a: "x',
        "a: 'x",
        'a: [x',
        'a: {x',
        '\ta: 1',
        'a: 1\na: 2',
        'a: b: c',
        'a: 1\nb\n',
        'a: x#c\nb: "y"#c\n',
        'a: "\\q"\n',
        'a:\n  - x\n - y\n',
        'a: 1\n]\n',
        '%YAML 1.2\na: 1\n',
        'a: @x\n',
        'a: *\n',
        'a: &\n',
        'a: 1\n---\nb: 2\n',
        'a: |\n  x\n y: 1\n',
        'a:\n- b\n  c: d\n',
      ];
      for (const text of broken) {
        const problems = parseYaml(text).problems;
        assert.ok(problems.length > 0, JSON.stringify(text));
        for (const p of problems) {
          assert.doesNotMatch(
            p.message,
            /Implicit|implicit key|flow-seq|flow-map|token|indicator|compact mapping|scalar|CST|at line \d+, column \d+$/,
            `${JSON.stringify(text)}: ${p.message}`,
          );
        }
      }
    });

    it('an alias with no anchor, and an alias bomb, are reported at the alias', () => {
      const unresolved = analyzeText('/p/x.playbook.yaml', 'playbook', 'playbook: T\nsummary: *nope\nstages: []\n');
      assert.deepEqual(
        unresolved.syntaxProblems.map((p) => p.message),
        ['the alias "*nope" refers to no anchor "&nope" before it; define the anchor earlier in the file, or write the value out'],
      );
      let bomb = 'a: &a0 [x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 8; i++)
        bomb += `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]\n`;
      const b = analyzeText('/p/x.playbook.yaml', 'playbook', bomb);
      assert.equal(b.syntaxProblems.length, 1);
      assert.match(b.syntaxProblems[0].message, /aliases in this file \(\*name\) expand to too many values to check safely/);
      assert.equal(where({ range: b.lines.range(b.syntaxProblems[0].span) }), '2:10-2:13'); // the first alias
    });
  });

  describe('tactic-missing-why / tactic-missing-deviation', () => {
    it('point at the id, or at the first "key: value" of a tactic without one (no trailing comment, no \\r)', () => {
      const text = playbookWith('    tactics:\n      - tactic: Ask.   # a comment\n        why: \n').replace(/\n/g, '\r\n');
      const { diagnostics, analyses } = lintFiles({ 'p.playbook.yaml': text });
      const a = analyses.get('p.playbook.yaml')!;
      for (const rule of ['tactic-missing-why', 'tactic-missing-deviation']) {
        const [d] = only(diagnostics, rule);
        assert.equal(covered(a, d.range), 'tactic: Ask.', rule);
      }
    });
  });
});
