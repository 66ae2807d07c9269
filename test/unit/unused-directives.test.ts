/** inline-control's report-unused setting: disable comments that silence nothing are reported, and safely removable. */
import assert from 'node:assert/strict';
import { applySafeFixes } from '../../server/src/core/apply-fixes';
import { defaultConfig } from '../../server/src/core/config';
import { analyzeText } from '../../server/src/core/analyze';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import { exportsOf } from '../../server/src/core/project/exports';
import { finishFile, lintFilePhase } from '../../server/src/core/two-phase-lint';
import { lintFiles, only, playbookWith, ROOT } from './helpers';

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

  describe('a comment naming no rule', () => {
    const bare = (
      comment: string,
      tactic = '      - id: clean\n        tactic: Send a recap.\n        why: Buyers forget within a day.\n        deviate-when: The buyer asks for no email.\n',
    ) => playbookWith(`    tactics:\n${comment}\n${tactic}`);
    const missingDeviation = '      - id: loose\n        tactic: Send a recap.\n        why: Buyers forget within a day.\n';

    it('a bare disable region that silences nothing is reported on the comment, with a safe fix that removes it', () => {
      const text = bare('      # playbook-lint-disable');
      const { diagnostics } = lintFiles({ 'p.playbook.yaml': text }, ON);
      const unused = only(diagnostics, 'inline-control');
      assert.deepEqual(
        unused.map((d) => [d.range.start.line + 1, d.message]),
        [[7, 'This "# playbook-lint-disable" comment silences nothing: no problem is reported in this region; remove it']],
      );
      assert.equal(applySafeFixes('/project/p.playbook.yaml', text, unused).text, text.replace('      # playbook-lint-disable\n', ''));
    });

    it('a bare disable-next-line that silences nothing is reported; one that silences a problem is not', () => {
      const unusedText = bare('      # playbook-lint-disable-next-line -- old');
      assert.deepEqual(
        only(lintFiles({ 'p.playbook.yaml': unusedText }, ON).diagnostics, 'inline-control').map((d) => d.message),
        ['This "# playbook-lint-disable-next-line" comment silences nothing: no problem is reported on the next line; remove it'],
      );
      const usedText = bare('      # playbook-lint-disable-next-line', missingDeviation);
      assert.deepEqual(only(lintFiles({ 'p.playbook.yaml': usedText }, ON).diagnostics, 'inline-control'), []);
      assert.deepEqual(only(lintFiles({ 'p.playbook.yaml': usedText }, ON).diagnostics, 'tactic-missing-deviation'), [], 'and it does silence');
    });

    it('is not reported without report-unused', () => {
      assert.deepEqual(only(lintFiles({ 'p.playbook.yaml': bare('      # playbook-lint-disable') }).diagnostics, 'inline-control'), []);
    });

    it("in two phases (the CLI and the server's first pass), a comment used by either phase is not reported, one used by neither is", () => {
      const config = { ...defaultConfig(ROOT), ...ON };
      const lintTwoPhase = (text: string) => {
        const analysis = analyzeText(`${ROOT}/p.playbook.yaml`, 'playbook', text);
        const index = new ProjectIndex();
        index.set(exportsOf(analysis));
        return only(finishFile(lintFilePhase(analysis, index, config), index, config), 'inline-control').map((d) => d.range.start.line + 1);
      };
      // duplicate-id is a project rule (phase 2): a bare comment over the second "clean" is used there only.
      const duplicate =
        '      - id: clean\n        tactic: Call back.\n        why: Buyers forget within a day.\n        deviate-when: The buyer asks for no call.\n';
      assert.deepEqual(lintTwoPhase(bare('      # playbook-lint-disable')), [7], 'used by neither phase');
      assert.deepEqual(lintTwoPhase(bare('      # playbook-lint-disable', missingDeviation)), [], 'used in phase 1 (a file rule)');
      const text = playbookWith(
        `    tactics:\n      - id: clean\n        tactic: Send a recap.\n        why: Buyers forget within a day.\n        deviate-when: The buyer asks.\n      # playbook-lint-disable-next-line\n${duplicate}`,
      );
      assert.deepEqual(lintTwoPhase(text), [], 'used in phase 2 (a project rule)');
      assert.deepEqual(only(lintFiles({ 'p.playbook.yaml': text }, ON).diagnostics, 'duplicate-id'), [], 'the one-pass lint agrees');
    });
  });
});
