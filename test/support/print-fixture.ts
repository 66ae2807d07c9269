/**
 * Prints what a rule reports on a fixture folder, in expected.yaml form.
 * A drafting aid only: check every line by hand before saving it as the expectation.
 * Usage: npx tsx test/support/print-fixture.ts RULE_ID [FOLDER]
 */
import * as path from 'node:path';
import { stringify } from 'yaml';
import { fixtureRows } from './lint-folder';
import { REPO_ROOT } from './paths';

const [ruleId, folder] = process.argv.slice(2);
const dir = folder ?? path.join(REPO_ROOT, 'test/rules/fixtures', ruleId);
void fixtureRows(dir, ruleId).then((rows) => process.stdout.write(stringify(rows, { lineWidth: 0 })));
