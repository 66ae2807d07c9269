import { pushAll } from '../core/arrays';
import type { LintConfig } from '../core/config';
import type { FileResult } from '../core/types';
import { planFixes, writeFixes, type FixOutcome } from './fix';
import type { CliIo } from './main';
import { plural } from './report';

/**
 * --fix / --fix-dry-run over every project of the run: applies (or lists) the
 * safe fixes, and says on standard error what was fixed, what was not written
 * and why, so standard output keeps only the report in the chosen format.
 * Returns the merged outcome, or undefined when no safe fix applied.
 */
export function fixAll(
  projects: readonly { config: LintConfig; files: ReadonlySet<string> }[],
  results: readonly FileResult[],
  dryRun: boolean,
  shown: (p: string) => string,
  io: CliIo,
): FixOutcome | undefined {
  const merged: FixOutcome = { applied: [], skipped: [], after: [], bounded: false };
  for (const { config, files } of projects) {
    const outcome = planFixes(
      config,
      results.filter((r) => files.has(r.path)),
    );
    if (!dryRun) writeFixes(outcome);
    pushAll(merged.applied, outcome.applied);
    pushAll(merged.skipped, outcome.skipped);
    pushAll(merged.after, outcome.after);
    merged.bounded ||= outcome.bounded;
  }
  const notWritten = new Set(merged.skipped.map((s) => s.path));
  const done = merged.applied.filter((a) => !notWritten.has(a.path));
  const fileCount = new Set(done.map((a) => a.path)).size;
  if (!done.length && !merged.skipped.length) {
    io.stderr('playbook-lint: no safe fixes to apply\n');
    return undefined;
  }
  if (done.length) {
    const head = dryRun
      ? `--fix-dry-run: would fix ${plural(done.length, 'problem')} in ${plural(fileCount, 'file')} (nothing written)`
      : `fixed ${plural(done.length, 'problem')} in ${plural(fileCount, 'file')}`;
    const lines = done.map((a) => `  ${shown(a.path)}:${a.line + 1}:${a.character + 1}  ${a.title}`);
    io.stderr(`playbook-lint: ${head}:\n${lines.join('\n')}\n`);
  }
  for (const s of merged.skipped) io.stderr(`playbook-lint: ${shown(s.path)}: ${s.reason}\n`);
  if (merged.bounded) io.stderr('playbook-lint: stopped fixing after 10 passes because the fixes kept changing the text; please report this as a bug\n');
  return done.length ? merged : undefined;
}

/** The run's results with the files of `outcome.after` replaced by their state after fixing (for --fix-dry-run). */
export function withResults(results: FileResult[], outcome: FixOutcome | undefined): FileResult[] {
  if (!outcome) return results;
  const after = new Map(outcome.after.map((r) => [r.path, r]));
  return results.map((r) => after.get(r.path) ?? r);
}
