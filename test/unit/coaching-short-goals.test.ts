/** Goals of a single word ("The", "Our") once made the phrase matcher read past the last word and throw. */
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';
import { defaultConfig } from '../../server/src/core/config';
import { lintFile } from '../../server/src/core/lint';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';

describe('coaching checks on very short prose', () => {
  for (const goal of ['The', 'Our', 'We', 'the buyer', 'Walk']) {
    it(`a goal of "${goal}" is checked without throwing`, () => {
      const text = `playbook: P\nstages:\n  - id: s\n    name: S\n    goal: ${goal}\n    tactics:\n      - id: t\n        tactic: ${goal}\n        why: ${goal}\n        deviate-when: [${goal}]\n`;
      const file = analyzeText('/p.playbook.yaml', 'playbook', text);
      const index = new ProjectIndex();
      index.set(exportsOf(file));
      assert.ok(Array.isArray(lintFile(file, index, defaultConfig('/'))));
    });
  }
});
