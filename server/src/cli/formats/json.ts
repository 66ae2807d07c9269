import { ruleDocsLink } from '../../core/rule';
import { displayPath, type LintReport } from '../report';

/**
 * The stable, documented JSON shape (docs/json-format.md). Lines and columns are
 * 1-based; `endColumn` is exclusive. Add fields only; never rename or remove.
 */
export function formatJson(report: LintReport, version: string): string {
  const doc = {
    formatVersion: 1,
    tool: { name: 'playbook-lint', version },
    summary: {
      files: report.files.length,
      errors: report.counts.error,
      warnings: report.counts.warning,
      infos: report.counts.info,
    },
    files: report.files.map((f) => ({
      path: f.path,
      errors: f.diagnostics.filter((d) => d.severity === 'error').length,
      warnings: f.diagnostics.filter((d) => d.severity === 'warning').length,
      infos: f.diagnostics.filter((d) => d.severity === 'info').length,
      diagnostics: f.diagnostics.map((d) => ({
        rule: d.ruleId,
        severity: d.severity,
        message: d.message,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        docs: ruleDocsLink(d.ruleId),
        related: (d.related ?? []).map((r) => ({
          path: displayPath(report.cwd, r.location.path),
          line: r.location.range.start.line + 1,
          column: r.location.range.start.character + 1,
          endLine: r.location.range.end.line + 1,
          endColumn: r.location.range.end.character + 1,
          message: r.message,
        })),
        fixes: (d.fixes ?? []).map((x) => x.title),
      })),
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
