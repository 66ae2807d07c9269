import { LineIndex } from './line-index';
import type { Diagnostic } from './types';

/**
 * Baseline suppressions, for adopting playbook-lint on a large existing
 * library (modelled on ESLint 9's bulk suppressions): a committed file counts,
 * per file and rule, the problems that were there when the baseline was taken.
 * Counts, not lines, so moving text does not break the baseline. While a
 * file has at most that many problems of a rule they are not reported; one
 * more (a new problem) and all of that rule's problems in the file are
 * reported again, so it cannot hide among the old ones. Pure functions: the
 * CLI and the language server read the file themselves and call these.
 */

export const SUPPRESSIONS_FILE_NAME = '.playbook-lint-suppressions.json';
export const SUPPRESSIONS_VERSION = 1;

/** Project-relative posix path → rule id → how many problems are tolerated. */
export type SuppressionCounts = Record<string, Record<string, { count: number }>>;

export interface SuppressionsFile {
  version: number;
  suppressions: SuppressionCounts;
}

/** Only problems that fail a run are baselined; infos never fail it. */
export function suppressible(d: Diagnostic): boolean {
  return d.severity === 'error' || d.severity === 'warning';
}

/** Is this the suppressions file at its usual place (the name only)? */
export function isSuppressionsFile(path: string): boolean {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1) === SUPPRESSIONS_FILE_NAME;
}

/** What is wrong with a suppressions file: the sentence (with the fix) and where in the text. */
export interface SuppressionsProblem {
  problem: string;
  offset: number;
}

/** Where JSON.parse stopped: its message gives a position (V8), else the end of the text. */
function jsonErrorOffset(message: string, text: string): number {
  const m = /position (\d+)/.exec(message);
  return m ? Math.min(Number(m[1]), text.length) : text.length;
}

/** The offset of a key in the text at or after `from` (the first `"key"` followed by a colon), else `from`. */
function keyOffset(text: string, key: string, from = 0): number {
  // A plain search, not a regular expression built from the file's keys (SECURITY.md).
  const quoted = JSON.stringify(key);
  for (let at = text.indexOf(quoted, from); at !== -1; at = text.indexOf(quoted, at + 1)) {
    let next = at + quoted.length;
    while (next < text.length && /\s/.test(text[next])) next++;
    if (text[next] === ':') return at;
  }
  return from;
}

/** Reads the file's text; what is wrong (the fix included, and where) when it is not one this version reads. */
export function parseSuppressions(text: string): { counts: SuppressionCounts } | SuppressionsProblem {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    return {
      problem: `is not valid JSON (${message}); restore it from version control, or delete it and run playbook-lint --suppress-all`,
      offset: jsonErrorOffset(message, text),
    };
  }
  const file = data as Partial<SuppressionsFile> | null;
  if (!file || typeof file !== 'object' || Array.isArray(file))
    return { problem: 'is not a playbook-lint suppressions file (expected an object with "version" and "suppressions")', offset: 0 };
  if (file.version !== SUPPRESSIONS_VERSION) {
    return {
      problem: `has version ${JSON.stringify(file.version)}, but this playbook-lint reads version ${SUPPRESSIONS_VERSION}; update playbook-lint, or delete the file and run playbook-lint --suppress-all`,
      offset: keyOffset(text, 'version'),
    };
  }
  const counts = file.suppressions;
  if (!counts || typeof counts !== 'object' || Array.isArray(counts))
    return { problem: '"suppressions" must be an object of file paths', offset: keyOffset(text, 'suppressions') };
  for (const [path, rules] of Object.entries(counts)) {
    if (!rules || typeof rules !== 'object' || Array.isArray(rules))
      return { problem: `"suppressions"."${path}" must be an object of rule ids`, offset: keyOffset(text, path) };
    for (const [rule, entry] of Object.entries(rules)) {
      const count = (entry as { count?: unknown } | null)?.count;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        return {
          problem: `"suppressions"."${path}"."${rule}" must be { "count": N } with a whole number N`,
          offset: keyOffset(text, rule, keyOffset(text, path)),
        };
      }
    }
  }
  return { counts };
}

/**
 * The one sentence the CLI (on stderr, exit 2) and the editor (a diagnostic on the file) give
 * for an unusable suppressions file, and where: the line and column of the offending place.
 */
export function suppressionsProblemAt(text: string, found: SuppressionsProblem): { message: string; range: Diagnostic['range'] } {
  const lines = new LineIndex(text);
  const start = lines.position(found.offset);
  const lineEnd = text.indexOf('\n', found.offset);
  const end = lines.position(lineEnd === -1 ? text.length : Math.max(found.offset, lineEnd));
  return { message: `This suppressions file ${found.problem}`, range: { start, end } };
}

/** The file's text: keys sorted, so a baseline diff shows only real changes. */
export function serializeSuppressions(counts: SuppressionCounts): string {
  const sorted: SuppressionCounts = {};
  for (const path of Object.keys(counts).sort()) {
    const rules = counts[path];
    const ids = Object.keys(rules)
      .filter((id) => rules[id].count > 0)
      .sort();
    if (!ids.length) continue;
    sorted[path] = Object.fromEntries(ids.map((id) => [id, { count: rules[id].count }]));
  }
  return `${JSON.stringify({ version: SUPPRESSIONS_VERSION, suppressions: sorted }, null, 2)}\n`;
}

function countByRule(diagnostics: readonly Diagnostic[], only?: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of diagnostics) if (suppressible(d) && (!only || only.has(d.ruleId))) out.set(d.ruleId, (out.get(d.ruleId) ?? 0) + 1);
  return out;
}

export interface SuppressedFile {
  /** What is still reported: everything of a rule whose count grew, and what is not suppressible. */
  reported: Diagnostic[];
  suppressed: number;
  /** Rules whose tolerated count is above today's problems (fixed ones): --prune-suppressions lowers them. */
  unused: { ruleId: string; count: number; actual: number }[];
}

/** Applies the baseline of one file (`relPath`, project-relative posix) to its diagnostics. */
export function applySuppressions(relPath: string, diagnostics: readonly Diagnostic[], counts: SuppressionCounts): SuppressedFile {
  const entry = counts[relPath];
  if (!entry) return { reported: [...diagnostics], suppressed: 0, unused: [] };
  const actual = countByRule(diagnostics);
  const hidden = new Set<string>();
  const unused: SuppressedFile['unused'] = [];
  for (const [ruleId, { count }] of Object.entries(entry)) {
    const n = actual.get(ruleId) ?? 0;
    if (n <= count) hidden.add(ruleId);
    if (n < count) unused.push({ ruleId, count, actual: n });
  }
  const reported = diagnostics.filter((d) => !(suppressible(d) && hidden.has(d.ruleId)));
  return { reported, suppressed: diagnostics.length - reported.length, unused };
}

/**
 * The baseline after a run over `files` (relPath → diagnostics, unsuppressed):
 * `suppress` records today's counts (of every rule, or of `rules`), `prune`
 * lowers counts to today's and drops what is gone. Files outside the run
 * keep their entries unless `exists` says the file is gone.
 */
export function updateSuppressions(
  counts: SuppressionCounts,
  files: ReadonlyMap<string, readonly Diagnostic[]>,
  action: { suppress?: 'all' | ReadonlySet<string>; prune?: boolean },
  exists: (relPath: string) => boolean,
): SuppressionCounts {
  const out: SuppressionCounts = {};
  for (const [path, rules] of Object.entries(counts)) {
    if (!files.has(path) && action.prune && !exists(path)) continue;
    out[path] = Object.fromEntries(Object.entries(rules).map(([id, e]) => [id, { count: e.count }]));
  }
  for (const [path, diagnostics] of files) {
    const actual = countByRule(diagnostics);
    const entry = (out[path] ??= {});
    if (action.prune) {
      for (const id of Object.keys(entry)) entry[id] = { count: Math.min(entry[id].count, actual.get(id) ?? 0) };
    }
    if (action.suppress) {
      const only = action.suppress === 'all' ? undefined : action.suppress;
      for (const id of Object.keys(entry)) if ((!only || only.has(id)) && !actual.has(id)) entry[id] = { count: 0 };
      for (const [id, n] of actual) if (!only || only.has(id)) entry[id] = { count: n };
    }
  }
  return out;
}
