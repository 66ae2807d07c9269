import * as path from 'node:path';
import type { Diagnostic, Severity } from '../core/types';
import { toPosix } from '../node/discover';

/** What every output format renders: results per file, with paths as the user should read them. */
export interface LintReport {
  cwd: string;
  files: { path: string; absolutePath: string; diagnostics: Diagnostic[] }[];
  counts: Record<Severity, number>;
}

export function buildReport(cwd: string, results: { path: string; diagnostics: Diagnostic[] }[]): LintReport {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const files = results
    .map((r) => ({ path: displayPath(cwd, r.path), absolutePath: r.path, diagnostics: r.diagnostics }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const f of files) for (const d of f.diagnostics) counts[d.severity]++;
  return { cwd, files, counts };
}

/** Relative to the working directory when inside it, so paths are clickable and stable across machines. */
export function displayPath(cwd: string, absolute: string): string {
  const rel = toPosix(path.relative(cwd, absolute));
  return rel && !rel.startsWith('../') && !path.isAbsolute(rel) ? rel : toPosix(absolute);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
