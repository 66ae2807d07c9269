/**
 * The rule pages shipped with the package (docs/rules/<id>.md beside dist/, or in the
 * checkout when running from source), as file: URLs: links that work offline and from
 * wherever the CLI or the language server is installed.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let folder: string | null | undefined;

/** docs/rules of this installation: next to dist/ (bundled), or three levels up (server/src/node, from source). */
function rulePagesFolder(): string | null {
  if (folder === undefined) {
    folder = [path.resolve(__dirname, '../docs/rules'), path.resolve(__dirname, '../../../docs/rules')].find((d) => existsSync(d)) ?? null;
  }
  return folder;
}

const links = new Map<string, string | undefined>();

/** file: URL of the installed page of `ruleId`, or undefined when this installation has none. */
export function installedRuleDocs(ruleId: string): string | undefined {
  if (!links.has(ruleId)) {
    const dir = rulePagesFolder();
    const page = dir && path.join(dir, `${ruleId}.md`);
    links.set(ruleId, page && existsSync(page) ? pathToFileURL(page).href : undefined);
  }
  return links.get(ruleId);
}
