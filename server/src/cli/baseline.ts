import * as path from 'node:path';
import type { LintConfig } from '../core/config';
import { updateSuppressions } from '../core/suppressions';
import type { Diagnostic, FileResult } from '../core/types';
import { fileExists, readSuppressions, relativeTo, suppressionsPath, withSuppressions, writeSuppressions } from '../node/suppressions-file';
import type { CliIo } from './main';
import type { CliOptions } from './options';
import { plural } from './report';

export interface BaselineOutcome {
  results: FileResult[];
  /** The baseline tolerates more problems than there are (fixed ones): the run fails until it is pruned. */
  outdated: boolean;
}

/**
 * Applies each project's committed baseline (`.playbook-lint-suppressions.json`)
 * to the run's results; with --suppress-all / --suppress-rule / --prune-suppressions
 * updates the file first, from this run's problems (files outside the run keep
 * their entries). Throws SuppressionsError for an unusable file.
 */
export function applyBaselines(
  projects: readonly { config: LintConfig; files: ReadonlySet<string> }[],
  results: FileResult[],
  options: CliOptions,
  io: CliIo,
  shown: (p: string) => string,
): BaselineOutcome {
  const suppress = options.suppressAll ? ('all' as const) : options.suppressRule?.length ? new Set(options.suppressRule) : undefined;
  const updating = Boolean(suppress || options.pruneSuppressions);
  const byPath = new Map(results.map((r) => [r.path, r]));
  let outdated = false;
  for (const { config, files } of projects) {
    const file = suppressionsPath(config.root, options.suppressionsLocation && path.resolve(io.cwd, options.suppressionsLocation));
    let counts = readSuppressions(file);
    const mine = results.filter((r) => files.has(r.path));
    if (updating) {
      const diagnostics = new Map<string, readonly Diagnostic[]>(mine.map((r) => [relativeTo(config.root, r.path), r.diagnostics]));
      counts = updateSuppressions(counts, diagnostics, { suppress, prune: options.pruneSuppressions }, (rel) => fileExists(config.root, rel));
      writeSuppressions(file, counts);
    }
    const applied = withSuppressions(config.root, mine, counts);
    for (const r of applied.results) byPath.set(r.path, r);
    if (updating) io.stderr(`playbook-lint: wrote ${shown(file)}${applied.suppressed ? `: ${plural(applied.suppressed, 'problem')} suppressed` : ''}\n`);
    else if (applied.suppressed) io.stderr(`playbook-lint: ${plural(applied.suppressed, 'problem')} not shown: suppressed by ${shown(file)}\n`);
    if (applied.unused.length) {
      outdated = true;
      const fixed = applied.unused.reduce((n, u) => n + u.count - u.actual, 0);
      const where = applied.unused
        .slice(0, 5)
        .map((u) => `  ${shown(u.path)}: ${u.ruleId} (${u.count} suppressed, ${u.actual} left)`)
        .join('\n');
      io.stderr(
        `playbook-lint: ${shown(file)} suppresses ${plural(fixed, 'problem')} that ${fixed === 1 ? 'is' : 'are'} gone, which would let new ones in unnoticed; run playbook-lint --prune-suppressions and commit the file:\n${where}${applied.unused.length > 5 ? `\n  and ${applied.unused.length - 5} more` : ''}\n`,
      );
    }
  }
  return { results: results.map((r) => byPath.get(r.path) ?? r), outdated };
}
