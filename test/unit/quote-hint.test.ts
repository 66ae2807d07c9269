/** A value YAML cannot read as text because of its first character gets the cause and the quoted form. */
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';

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

  it('says nothing extra for a real list, an unclosed list or a bare alias', () => {
    assert.deepEqual(goal('[a, b]'), ['stages[0].goal: must be text, not a list']);
    assert.doesNotMatch(goal('[a, b').join('\n'), /in quotes/);
    assert.doesNotMatch(goal('*nope').join('\n'), /in quotes/);
  });
});
