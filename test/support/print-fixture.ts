/**
 * Prints what a rule reports on a fixture folder, in expected.yaml form.
 * A drafting aid only: check every line by hand before saving it as the expectation.
 * Usage: npx tsx test/support/print-fixture.ts RULE_ID [FOLDER]
 */
import * as path from 'node:path';
import { stringify } from 'yaml';
import { lintFolder } from './lint-folder';
import { REPO_ROOT } from './paths';

const [ruleId, folder] = process.argv.slice(2);
const dir = folder ?? path.join(REPO_ROOT, 'test/rules/fixtures', ruleId);
void (async () => {
const rows = (await lintFolder(dir))
  .filter(({ diagnostic }) => diagnostic.ruleId === ruleId)
  .map(({ file, diagnostic: d }) => ({
    file,
    severity: d.severity,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    message: d.message,
  }));
process.stdout.write(stringify(rows, { lineWidth: 0 }));
})();
