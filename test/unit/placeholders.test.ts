/** Placeholder text in why / deviate-when counts as missing, with its own message; real text is left alone. */
import assert from 'node:assert/strict';
import { placeholderReason } from '../../server/src/core/model/placeholder';
import { fixToFixedPoint } from '../../server/src/core/apply-fixes';
import { lintFiles, playbookWith } from './helpers';

function lintTactic(why: string, deviation: string) {
  const text = playbookWith(
    `    tactics:\n      - id: t\n        tactic: Send a recap.\n        why: ${why}\n        deviate-when:\n          - ${deviation}\n`,
  );
  return lintFiles({ 'p.playbook.yaml': text }).diagnostics;
}

describe('placeholder text', () => {
  it('the stubs, TODO/TBD/FIXME, gaps and lorem ipsum are placeholders; sentences are not', () => {
    const cases: [string, string | undefined][] = [
      ['TODO: the principle behind this tactic', 'it is the stub playbook-lint inserts'],
      ['TODO: an observable condition under which to do otherwise', 'it is the stub playbook-lint inserts'],
      ['todo', 'it starts with TODO'],
      ['TBD - ask Dana', 'it starts with TBD'],
      ['FIXME(sam): write it', 'it starts with FIXME'],
      ['…', 'it holds no words'],
      ['???', 'it holds no words'],
      ['...', 'it holds no words'],
      ['n/a', 'it holds no words'],
      ['Lorem ipsum dolor sit amet.', 'it is lorem ipsum filler'],
      ['Todoist reminders make reps follow up on time.', undefined],
      ['Buyers forget what they agreed within a day; the recap is the record. TODO: add data.', undefined],
      ['Why? Because buyers forget.', undefined],
    ];
    for (const [text, reason] of cases) assert.equal(placeholderReason(text), reason, text);
  });

  it('a placeholder why or deviate-when is one diagnostic of the missing rule, at the placeholder, with its own message', () => {
    const ds = lintTactic('"TODO: the principle behind this tactic"', '"…"');
    const why = ds.filter((d) => d.ruleId === 'tactic-missing-why');
    const dev = ds.filter((d) => d.ruleId === 'tactic-missing-deviation');
    assert.deepEqual(
      why.map((d) => d.message),
      [
        'Tactic "t" has a placeholder why (it is the stub playbook-lint inserts): replace it with the principle behind the tactic, so reps know when it applies',
      ],
    );
    assert.deepEqual(
      dev.map((d) => d.message),
      ['Tactic "t" has only a placeholder deviate-when (it holds no words): replace it with an observable condition under which a rep should do otherwise'],
    );
    assert.equal(why[0].range.start.line, 8);
    assert.equal(why[0].fixes, undefined);
  });

  it('a real condition next to a placeholder one is enough', () => {
    const text = playbookWith(
      '    tactics:\n      - id: t\n        tactic: Send a recap.\n        why: Buyers forget what they agreed within a day.\n        deviate-when:\n          - TBD\n          - The buyer asks for the recap by email instead.\n',
    );
    assert.deepEqual(
      lintFiles({ 'p.playbook.yaml': text }).diagnostics.filter((d) => d.ruleId.startsWith('tactic-missing')),
      [],
    );
  });

  it('inserting the why stub does not make a playbook pass', () => {
    const path = '/project/p.playbook.yaml';
    const text = playbookWith('    tactics:\n      - id: t\n        tactic: Send a recap.\n        deviate-when: The buyer asks for the recap by email.\n');
    const before = lintFiles({ 'p.playbook.yaml': text }).diagnostics.find((d) => d.ruleId === 'tactic-missing-why')!;
    const stub = before.fixes!.find((f) => f.title === 'Insert a why: stub')!;
    const withStub = fixToFixedPoint(path, text, () => [{ ...before, fixes: [{ ...stub, safe: true }] }], 1).text;
    assert.match(withStub, /why: "TODO: the principle behind this tactic"/);
    const after = lintFiles({ 'p.playbook.yaml': withStub }).diagnostics.filter((d) => d.ruleId === 'tactic-missing-why');
    assert.equal(after.length, 1);
    assert.match(after[0].message, /placeholder why/);
  });
});
