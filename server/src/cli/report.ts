import * as path from 'node:path';
import type { Diagnostic, Severity } from '../core/types';
import { toPosix } from '../node/discover';
import { byPath } from '../core/arrays';
import { plainlyUnder } from '../core/paths';

/** What every output format renders: results per file, with paths as the user should read them. */
export interface LintReport {
  /** The working folder: display paths (and SARIF's %SRCROOT%) are relative to it. */
  cwd: string;
  /** Every file checked, clean ones included, sorted by display path. */
  files: { path: string; absolutePath: string; diagnostics: Diagnostic[] }[];
  /** Counts of the diagnostics in `files` (after --quiet). */
  counts: Record<Severity, number>;
}

export function buildReport(cwd: string, results: readonly { path: string; diagnostics: Diagnostic[] }[]): LintReport {
  const files = results.map((r) => ({ path: displayPath(cwd, r.path), absolutePath: r.path, diagnostics: r.diagnostics })).sort(byPath);
  return { cwd, files, counts: countBySeverity(files) };
}

export function countBySeverity(results: readonly { diagnostics: readonly Diagnostic[] }[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const r of results) for (const d of r.diagnostics) counts[d.severity]++;
  return counts;
}

/** Relative to the working directory when inside it, so paths are clickable and stable across machines. */
export function displayPath(cwd: string, absolute: string): string {
  // A plain path under the working folder is its tail (path.relative resolves both paths again, once per file of the report).
  if (path.sep === '/' && plainlyUnder(cwd, absolute)) return absolute.slice(cwd.length + 1);
  const rel = toPosix(path.relative(cwd, absolute));
  return rel && rel !== '..' && !rel.startsWith('../') && !path.isAbsolute(rel) ? rel : toPosix(absolute);
}

/** "1 error", "2 warnings". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The one-line summary the text formats end with: `✖ 3 problems (2 errors, 1 warning, 0 info) in 4 files`. */
export function summaryLine(report: LintReport): string {
  const { error, warning, info } = report.counts;
  const total = error + warning + info;
  const checked = plural(report.files.length, 'file');
  if (total === 0) return `✔ no problems (${checked} checked)`;
  return `✖ ${plural(total, 'problem')} (${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info) in ${checked}`;
}
