/** inline-control's report-unused setting: disable comments that silence nothing are reported, and safely removable. */
import assert from 'node:assert/strict';
import { applySafeFixes } from '../../server/src/core/apply-fixes';
import { lintFiles, only, playbookWith } from './helpers';

const ON = { rules: { 'inline-control': { settings: { 'report-unused': true } } } };
const TEXT = playbookWith(
  [
    '    tactics:',
    '      # playbook-lint-disable-next-line tactic-missing-deviation -- legal: never deviate',
    '      - id: used',
    '        tactic: Record consent.',
    '        why: The law requires it before any recording.',
    '      # playbook-lint-disable-next-line tactic-missing-why',
    '      - id: unused',
    '        tactic: Send a recap.',
    '        why: Buyers forget what they agreed within a day.',
    '        deviate-when: The buyer asks for no email.',
    '      # playbook-lint-disable-next-line tactic-missing-deviation, duplicate-term',
    '      - id: mixed',
    '        tactic: Ask about budget.',
    '        why: A budget named early shapes the whole deal.',
    '',
  ].join('\n'),
);

describe('unused disable comments', () => {
  it('are not reported by default', () => {
    assert.deepEqual(only(lintFiles({ 'p.playbook.yaml': TEXT }).diagnostics, 'inline-control'), []);
  });

  it('with report-unused, each named rule that silenced nothing is reported at its name', () => {
    const { diagnostics, analyses } = lintFiles({ 'p.playbook.yaml': TEXT }, ON);
    const unused = only(diagnostics, 'inline-control');
    const text = analyses.get('p.playbook.yaml')!.text;
    assert.deepEqual(
      unused.map((d) => [d.range.start.line + 1, d.message]),
      [[11, '"tactic-missing-why" in this comment silences nothing: no tactic-missing-why problem is reported on the next line; remove it from the comment']],
      'the used comment, and duplicate-term (a rule that does not check playbooks), are not reported',
    );
    const fixed = applySafeFixes('/project/p.playbook.yaml', text, unused);
    assert.equal(fixed.text, text.replace('      # playbook-lint-disable-next-line tactic-missing-why\n', ''));
  });

  it('a rule switched off in the config makes its comment unused', () => {
    const { diagnostics } = lintFiles({ 'p.playbook.yaml': TEXT }, { rules: { ...ON.rules, 'tactic-missing-deviation': { severity: 'off', settings: {} } } });
    assert.deepEqual(
      only(diagnostics, 'inline-control')
        .map((d) => d.range.start.line + 1)
        .sort(),
      [11, 7, 16].sort(),
    );
  });
});
