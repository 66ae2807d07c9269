/**
 * LintConfig.suggestIn: 'broken' (what a published site asks for) finds the same problems in the same places, and
 * looks for "did you mean" names only in files that do not parse. Run over the rule fixtures of the two rules that
 * suggest names, with the real engine.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Diagnostic } from '../../server/src/core/types';
import { lintProject, loadConfig } from '../../server/src/node/project-run';
import { REPO_ROOT } from '../support/paths';

const SUGGESTING_RULES = ['unknown-reference', 'undefined-term'];

function place(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${d.ruleId} ${d.severity} ${start.line}:${start.character}-${end.line}:${end.character}`;
}

async function findings(folder: string, suggestIn?: 'broken'): Promise<Map<string, Diagnostic[]>> {
  const config = loadConfig(path.join(folder, '.playbook-lint.yaml'), folder);
  const results = await lintProject({ ...config, suggestIn });
  return new Map(results.map((r) => [path.relative(folder, r.path), r.diagnostics]));
}

describe('suggestIn: broken (a site that shows no problems)', () => {
  for (const rule of SUGGESTING_RULES) {
    it(`${rule}: the same problems in the same places, none with a "did you mean"`, async () => {
      const folder = path.join(REPO_ROOT, 'test/rules/fixtures', rule);
      const everywhere = await findings(folder);
      const brokenOnly = await findings(folder, 'broken');
      assert.deepEqual([...brokenOnly.keys()].sort(), [...everywhere.keys()].sort());
      let suggested = 0;
      for (const [file, list] of everywhere) {
        const other = brokenOnly.get(file)!;
        assert.deepEqual(other.map(place), list.map(place), file);
        suggested += list.filter((d) => d.ruleId === rule && d.message.includes('did you mean')).length;
        for (const d of other.filter((o) => o.ruleId === rule)) {
          assert.ok(!d.message.includes('did you mean'), `${file}: ${d.message}`);
          assert.ok(!(d.fixes ?? []).some((f) => f.title.startsWith('Change to')), `${file}: a fix offers a near name`);
        }
      }
      // The fixture has near names to suggest, so the check above compared something.
      assert.ok(suggested > 0, `${rule}'s fixture suggests no name`);
    });
  }
});
