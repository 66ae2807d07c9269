/** A value YAML cannot read as text because of its first character gets the cause and the quoted form. */
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';
import { applySafeFixes } from '../../server/src/core/apply-fixes';
import { lintFiles, only } from './helpers';

const goal = (v: string) => {
  const a = analyzeText('/p/x.playbook.yaml', 'playbook', `playbook: P\nstages:\n  - id: s\n    name: S\n    goal: ${v}\n`);
  return [...a.syntaxProblems, ...a.schemaProblems].map((p) => p.message);
};

describe('quote hints', () => {
  it('names the indicator and shows the quoted line', () => {
    assert.match(
      goal('[[Champion]] agrees the price fits.')[0],
      /a value that starts with "\[\[" is not read as text unless it is in quotes: write goal: "\[\[Champion\]\] agrees the price fits\."$/,
    );
    assert.match(goal('*Always* ask first.')[0], /starts with "\*" .*write goal: "\*Always\* ask first\."$/);
    assert.match(goal('[Optional] ask about the budget.')[0], /starts with "\[" .*write goal: "\[Optional\] ask about the budget\."$/);
    assert.match(goal('{draft} ask')[0], /starts with "\{"/);
    for (const c of ['@', '`', '%']) assert.match(goal(`${c}sam owns this`)[0], new RegExp(`put the value in quotes, like this: goal: "\\${c}sam owns this"$`));
  });

  it('names the indicator when the key before the value holds a quote (fuzz seed 852882394 threw here)', () => {
    const text = 'é"<<: *a and more\nrules:\n';
    const a = analyzeText('/p/.playbook-lint.yaml', 'config', text);
    const messages = [...a.syntaxProblems, ...a.schemaProblems].map((p) => p.message).join('\n');
    assert.match(messages, /a value that starts with "\*" is not read as text unless it is in quotes: write é"<<: "\*a and more"/);
  });

  it('says nothing extra for a real list, an unclosed list or a bare alias', () => {
    assert.deepEqual(goal('[a, b]'), ['stages[0].goal: must be text, not a list']);
    assert.doesNotMatch(goal('[a, b').join('\n'), /in quotes/);
    assert.doesNotMatch(goal('*nope').join('\n'), /in quotes/);
  });

  describe('a value with an anchor or tag, which YAML reads without complaint', () => {
    const PLAYBOOK = (goal: string, tactic = 'Ask open questions.') =>
      `playbook: P\nstages:\n  - id: s\n    name: S\n    goal: ${goal}\n    tactics:\n      - id: t\n        tactic: ${tactic}\n        why: Buyers talk more.\n        deviate-when: The buyer is in a rush.\n`;

    it('an anchor is reported as a schema error with the quoted form, and quoting it is a safe fix that keeps every other byte', () => {
      const text = PLAYBOOK('&Champion agrees the price fits  # said on the call');
      const { diagnostics } = lintFiles({ 'p.playbook.yaml': text });
      const schema = only(diagnostics, 'schema');
      assert.deepEqual(
        schema.map((d) => [d.range.start.line + 1, d.range.start.character + 1, d.message]),
        [
          [
            5,
            11,
            'YAML reads "&Champion" as an anchor, not as text, so the value is only "agrees the price fits"; playbooks and vocabularies use no anchors or tags: put the whole value in quotes: "&Champion agrees the price fits"',
          ],
        ],
      );
      const fixed = applySafeFixes('/project/p.playbook.yaml', text, schema).text;
      assert.equal(fixed, text.replace('&Champion agrees the price fits', '"&Champion agrees the price fits"'));
      assert.equal(
        (analyzeText('/p/x.playbook.yaml', 'playbook', fixed).data as { stages: { goal: string }[] }).stages[0].goal,
        '&Champion agrees the price fits',
      );
      assert.deepEqual(only(lintFiles({ 'p.playbook.yaml': fixed }).diagnostics, 'schema'), []);
    });

    it('a tag of its own is reported; a standard tag (!!str) is not', () => {
      const { diagnostics } = lintFiles({ 'p.playbook.yaml': PLAYBOOK('!important The buyer agrees.', '!!str Ask open questions.') });
      assert.deepEqual(
        only(diagnostics, 'schema').map((d) => d.message),
        [
          'YAML reads "!important" as a tag, not as text, so the value is only "The buyer agrees."; playbooks and vocabularies use no anchors or tags: put the whole value in quotes: "!important The buyer agrees."',
        ],
      );
    });

    it('in a vocabulary too; an anchor an alias uses is YAML used on purpose and stays quiet', () => {
      const vocabulary =
        'vocabulary: V\nterms:\n  - term: Champion\n    definition: &def A buyer who sells for us.\n  - term: Coach\n    definition: *def\n  - term: Mentor\n    definition: &other Someone who guides.\n';
      const messages = only(lintFiles({ 'v.vocabulary.yaml': vocabulary }).diagnostics, 'schema').map((d) => d.message);
      assert.deepEqual(messages.length, 1, messages.join('\n'));
      assert.match(messages[0], /"&other" as an anchor.*"&other Someone who guides\."$/);
    });

    it('a value on the line after its anchor gets the message, without a fix', () => {
      const text = PLAYBOOK('&Champion\n      agrees the price fits');
      const schema = only(lintFiles({ 'p.playbook.yaml': text }).diagnostics, 'schema');
      assert.equal(schema.length, 1);
      assert.equal(schema[0].fixes, undefined);
    });
  });
});
