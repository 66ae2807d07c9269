import { createHash } from 'node:crypto';
import type { Severity } from '../../core/types';
import type { LintReport } from '../report';

/** GitLab's code quality severities (info, minor, major, critical, blocker). */
const SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info' };

/**
 * A GitLab code quality report (the Code Climate subset GitLab reads): one
 * issue per diagnostic, shown in the merge request's code quality widget and
 * diff. The fingerprint hashes the file, rule, message and the how-many-th such
 * issue it is, not the line, so an issue keeps its identity when text moves.
 */
export function formatGitlab(report: LintReport): string {
  const issues: object[] = [];
  for (const file of report.files) {
    const seen = new Map<string, number>();
    for (const d of file.diagnostics) {
      const key = `${file.path}\0${d.ruleId}\0${d.message}`;
      const nth = (seen.get(key) ?? 0) + 1;
      seen.set(key, nth);
      issues.push({
        type: 'issue',
        check_name: d.ruleId,
        description: d.message,
        categories: ['Style'],
        severity: SEVERITY[d.severity],
        fingerprint: createHash('sha256').update(`${key}\0${nth}`).digest('hex').slice(0, 32),
        location: { path: file.path, lines: { begin: d.range.start.line + 1, end: d.range.end.line + 1 } },
      });
    }
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
}
