import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  applySuppressions,
  parseSuppressions,
  serializeSuppressions,
  SUPPRESSIONS_FILE_NAME,
  suppressionsProblemAt,
  type SuppressionCounts,
} from '../core/suppressions';
import type { FileResult } from '../core/types';
import { toPosix } from './discover';

/** Where a project's baseline lives: next to its config (the project root), unless a location is given. */
export function suppressionsPath(root: string, location?: string): string {
  return toPosix(location ? path.resolve(location) : path.join(root, SUPPRESSIONS_FILE_NAME));
}

/** A suppressions file that cannot be used: the run stops (exit 2) rather than report as if there were no baseline. */
export class SuppressionsError extends Error {
  constructor(
    readonly file: string,
    /** What follows the file's name: `:line:col: sentence`, or `: cannot read …`. */
    readonly detail: string,
  ) {
    super(`${file}${detail}`);
  }

  /** The message with the file as the run shows paths (relative to the working folder). */
  shownWith(shown: (p: string) => string): string {
    return `${shown(this.file)}${this.detail}`;
  }
}

/** The baseline at `file`: empty when there is none; a SuppressionsError naming the file and the fix when it is unusable. */
export function readSuppressions(file: string): SuppressionCounts {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SuppressionsError(file, `: cannot read the suppressions file (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const parsed = parseSuppressions(text);
  if ('problem' in parsed) {
    // The same sentence and place the editor shows on the file (1-based here, like every CLI position).
    const { message, range } = suppressionsProblemAt(text, parsed);
    throw new SuppressionsError(file, `:${range.start.line + 1}:${range.start.character + 1}: ${message}`);
  }
  return parsed.counts;
}

export function writeSuppressions(file: string, counts: SuppressionCounts): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, serializeSuppressions(counts));
  renameSync(temporary, file);
}

/** Project-relative posix path of a file (the key in the suppressions file). */
export function relativeTo(root: string, file: string): string {
  return toPosix(path.relative(root, file));
}

/**
 * One project's results with its baseline applied: what to report, how many
 * problems the baseline hid, and the counts that are higher than today's
 * problems (fixed ones). The CLI and the language server both call this.
 */
export function withSuppressions(
  root: string,
  results: readonly FileResult[],
  counts: SuppressionCounts,
): { results: FileResult[]; suppressed: number; unused: { path: string; ruleId: string; count: number; actual: number }[] } {
  // No baseline (the usual case): every result as it is, without a path made relative or a list copied per file.
  if (Object.keys(counts).length === 0) return { results: [...results], suppressed: 0, unused: [] };
  let suppressed = 0;
  const unused: { path: string; ruleId: string; count: number; actual: number }[] = [];
  const out = results.map((r) => {
    const rel = relativeTo(root, r.path);
    const applied = applySuppressions(rel, r.diagnostics, counts);
    suppressed += applied.suppressed;
    for (const u of applied.unused) unused.push({ path: r.path, ...u });
    return applied.suppressed ? { path: r.path, diagnostics: applied.reported } : r;
  });
  return { results: out, suppressed, unused };
}

export function fileExists(root: string, rel: string): boolean {
  return existsSync(path.join(root, rel));
}
