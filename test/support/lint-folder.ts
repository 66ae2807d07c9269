import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../../server/src/core/config';
import type { Diagnostic } from '../../server/src/core/types';
import { toPosix } from '../../server/src/node/discover';
import { lintProject, loadConfig } from '../../server/src/node/project-run';

/** Lints a whole project folder in-process with the real core; diagnostics per path relative to the folder. */
export async function lintFolder(folder: string): Promise<{ file: string; diagnostic: Diagnostic }[]> {
  const configFile = path.join(folder, '.playbook-lint.yaml');
  const config = existsSync(configFile) ? loadConfig(configFile, folder) : defaultConfig(toPosix(folder));
  return (await lintProject(config)).flatMap((r) => r.diagnostics.map((diagnostic) => ({ file: toPosix(path.relative(folder, r.path)), diagnostic })));
}

/** One rule's diagnostics on a fixture folder, as rows of test/rules/fixtures/<rule>/expected.yaml. */
export async function fixtureRows(folder: string, ruleId: string) {
  return (await lintFolder(folder))
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
}
