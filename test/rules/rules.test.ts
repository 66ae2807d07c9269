/**
 * Every registered rule has a docs page and a fixture project; the fixture's
 * expected.yaml pins each diagnostic of that rule: file, severity, 1-based
 * start/end line and column, and message. Other rules' diagnostics are ignored.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { RULES } from '../../server/src/core/rules';
import { fixtureRows } from '../support/lint-folder';
import { REPO_ROOT } from '../support/paths';

interface Expected {
  file: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

describe('rule fixtures and docs', () => {
  for (const rule of RULES) {
    describe(rule.id, () => {
      const docs = path.join(REPO_ROOT, 'docs/rules', `${rule.id}.md`);
      const fixture = path.join(REPO_ROOT, 'test/rules/fixtures', rule.id);

      it('has a docs page that the rule links to', () => {
        assert.ok(existsSync(docs), `missing docs/rules/${rule.id}.md`);
        assert.ok(rule.docsUrl.endsWith(`/docs/rules/${rule.id}.md`));
        const text = readFileSync(docs, 'utf8');
        for (const heading of ['## What it flags', '## Why it matters', '## Bad', '## Good', '## How to fix', '## How to disable']) {
          assert.ok(text.includes(heading), `docs/rules/${rule.id}.md lacks "${heading}"`);
        }
      });

      it('reports exactly the expected diagnostics on its fixture', async () => {
        const expectedFile = path.join(fixture, 'expected.yaml');
        assert.ok(existsSync(expectedFile), `missing test/rules/fixtures/${rule.id}/expected.yaml`);
        const expected = parse(readFileSync(expectedFile, 'utf8')) as Expected[];
        assert.ok(Array.isArray(expected) && expected.length > 0, 'a fixture must expect at least one diagnostic');
        assert.deepEqual(await fixtureRows(fixture, rule.id), expected);
      });
    });
  }
});
