import assert from 'node:assert/strict';
import { parseDirectives, Suppressions, unknownDirectives } from '../../server/src/core/inline-control';
import type { Comment } from '../../server/src/core/parse';
import { lintFiles, only, playbookWith, where } from './helpers';

/** Three tactics with neither why nor deviate-when, each on the given lines. */
function tactic(id: string): string {
  return `      - id: ${id}\n        tactic: Do the thing called ${id}.\n`;
}

function reported(text: string): string[] {
  const { diagnostics, analyses } = lintFiles({ 'x.playbook.yaml': text });
  const a = analyses.get('x.playbook.yaml')!;
  return diagnostics
    .filter((d) => d.ruleId === 'tactic-missing-why' || d.ruleId === 'tactic-missing-deviation')
    .map((d) => `${a.text.slice(a.lines.offset(d.range.start), a.lines.offset(d.range.end))}:${d.ruleId === 'tactic-missing-why' ? 'why' : 'dev'}`)
    .sort();
}

describe('inline control comments', () => {
  it('without comments, every tactic is reported for both rules', () => {
    assert.deepEqual(reported(playbookWith(`    tactics:\n${tactic('a')}${tactic('b')}`)), ['a:why', 'a:dev', 'b:why', 'b:dev'].sort());
  });

  it('disable-next-line silences the named rules on the next line only', () => {
    const text = playbookWith(`    tactics:\n      # playbook-lint-disable-next-line tactic-missing-why\n${tactic('a')}${tactic('b')}`);
    assert.deepEqual(reported(text), ['a:dev', 'b:why', 'b:dev'].sort());
  });

  it('disable-next-line with several rules, commas and a reason', () => {
    const text = playbookWith(
      `    tactics:\n      # playbook-lint-disable-next-line tactic-missing-why,tactic-missing-deviation -- owned by legal\n${tactic('a')}${tactic('b')}`,
    );
    assert.deepEqual(reported(text), ['b:why', 'b:dev'].sort());
  });

  it('a bare disable-next-line silences every rule on the next line', () => {
    const text = playbookWith(`    tactics:\n      # playbook-lint-disable-next-line\n${tactic('a')}${tactic('b')}`);
    assert.deepEqual(reported(text), ['b:why', 'b:dev'].sort());
  });

  it('disable … enable makes a region; without enable it runs to the end of the file', () => {
    const region = playbookWith(
      `    tactics:\n      # playbook-lint-disable tactic-missing-deviation\n${tactic('a')}${tactic('b')}      # playbook-lint-enable tactic-missing-deviation\n${tactic('c')}`,
    );
    assert.deepEqual(reported(region), ['a:why', 'b:why', 'c:why', 'c:dev'].sort());
    const open = playbookWith(`    tactics:\n${tactic('a')}      # playbook-lint-disable tactic-missing-why\n${tactic('b')}${tactic('c')}`);
    assert.deepEqual(reported(open), ['a:why', 'a:dev', 'b:dev', 'c:dev'].sort());
  });

  it('a bare disable silences all rules until a bare enable', () => {
    const text = playbookWith(`    tactics:\n      # playbook-lint-disable\n${tactic('a')}      # playbook-lint-enable\n${tactic('b')}`);
    assert.deepEqual(reported(text), ['b:why', 'b:dev'].sort());
  });

  it('enable RULE inside a bare disable turns that rule back on (as in ESLint)', () => {
    const text = playbookWith(`    tactics:\n      # playbook-lint-disable\n${tactic('a')}      # playbook-lint-enable tactic-missing-why\n${tactic('b')}`);
    assert.deepEqual(reported(text), ['b:why'].sort());
  });

  it('a disable at the top of the file covers the whole file, schema and syntax checks included', () => {
    const text = `# playbook-lint-disable\n${playbookWith(`    tactics:\n${tactic('a')}      - tactic: no id\n        extra: key\n`)}`;
    const { diagnostics } = lintFiles({ 'x.playbook.yaml': text });
    assert.deepEqual(diagnostics, []);
  });

  it('an unknown rule id is reported at the id itself, with the closest rule', () => {
    const text = playbookWith(`    tactics:\n      # playbook-lint-disable-next-line tactic-missing-why, tactic-mising-deviation\n${tactic('a')}`);
    const { diagnostics, analyses } = lintFiles({ 'x.playbook.yaml': text });
    const [d] = only(diagnostics, 'inline-control');
    const a = analyses.get('x.playbook.yaml')!;
    assert.equal(a.text.slice(a.lines.offset(d.range.start), a.lines.offset(d.range.end)), 'tactic-mising-deviation');
    assert.match(d.message, /did you mean "tactic-missing-deviation"/);
    // The valid id in the same comment still works.
    assert.deepEqual(reported(text), ['a:dev'].sort());
  });

  it('an unknown rule id with no close rule lists the rule ids', () => {
    const text = playbookWith(`    tactics:\n      # playbook-lint-disable-next-line the-whole-thing\n${tactic('a')}`);
    const [d] = only(lintFiles({ 'x.playbook.yaml': text }).diagnostics, 'inline-control');
    assert.equal(where(d), '7:41-7:56');
    assert.match(d.message, /"the-whole-thing" is not a playbook-lint rule.*use one of .*tactic-missing-why/);
  });

  it('an unknown directive is reported, with the closest one', () => {
    const text = playbookWith(`    tactics:\n      # playbook-lint-disable-line tactic-missing-why\n${tactic('a')}`);
    const [d] = only(lintFiles({ 'x.playbook.yaml': text }).diagnostics, 'inline-control');
    assert.equal(where(d), '7:9-7:35');
    assert.match(d.message, /did you mean "playbook-lint-disable-next-line"/);
  });

  it('ordinary comments mentioning playbook-lint are not directives', () => {
    const comments: Comment[] = [
      { span: { start: 0, end: 30 }, text: '# see the playbook-lint docs' },
      { span: { start: 40, end: 60 }, text: '# playbook-lint rocks' },
    ];
    assert.deepEqual(parseDirectives(comments), []);
    assert.deepEqual(unknownDirectives(comments), []);
  });

  it('parseDirectives gives each rule id its own span', () => {
    const text = '# playbook-lint-disable a, b -- because';
    const [d] = parseDirectives([{ span: { start: 100, end: 100 + text.length }, text }]);
    assert.equal(d.kind, 'disable');
    assert.deepEqual(
      d.rules.map((r) => [r.id, text.slice(r.span.start - 100, r.span.end - 100)]),
      [
        ['a', 'a'],
        ['b', 'b'],
      ],
    );
  });

  it('Suppressions answers by line', () => {
    const lines = [0, 10, 20, 30, 40];
    const lineOf = (o: number) => lines.filter((s) => s <= o).length - 1;
    const directives = parseDirectives([
      { span: { start: 0, end: 5 }, text: '# playbook-lint-disable-next-line r1' },
      { span: { start: 20, end: 25 }, text: '# playbook-lint-disable r2' },
      { span: { start: 30, end: 35 }, text: '# playbook-lint-enable r2' },
    ]);
    const s = new Suppressions(directives, lineOf);
    assert.equal(s.isSuppressed('r1', 12), true);
    assert.equal(s.isSuppressed('r1', 22), false);
    assert.equal(s.isSuppressed('r2', 12), false);
    assert.equal(s.isSuppressed('r2', 26), true);
    assert.equal(s.isSuppressed('r2', 36), false);
  });
});
