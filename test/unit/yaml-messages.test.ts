/** YAML syntax messages speak of what the author wrote, never of the parser's internal tokens. */
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';

describe('yaml-syntax messages', () => {
  it('an unclosed [ list names the brackets, not the parser tokens', () => {
    const text = 'playbook: P\nstages:\n  - id: s\n    name: S\n    goal: G\n    tactics: [\n        tactic: Ask the [[economic buyer]]\n';
    const messages = analyzeText('/x.playbook.yaml', 'playbook', text).syntaxProblems.map((p) => p.message);
    assert.ok(messages.length > 0);
    for (const m of messages) {
      assert.doesNotMatch(m, /\\u00|[\u0000-\u001f]|flow-seq|flow-map|node end/, m);
      assert.match(m, /"\]"|"\["/, m);
    }
  });
});
