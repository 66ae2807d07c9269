import type { Colors } from 'picocolors/types';
import { summaryLine, type LintReport } from '../report';
import { maxOf } from '../../core/arrays';

/**
 * For people at a terminal. Grouped by file (a header line per file with
 * problems), each problem on one line as `path:line:col  severity  message  rule`
 * with 1-based line and column, so terminals and editors make it clickable; then
 * the count. Clean files are only counted.
 */
export function formatStylish(report: LintReport, c: Colors): string {
  const out: string[] = [];
  for (const file of report.files) {
    if (file.diagnostics.length === 0) continue;
    out.push(c.underline(file.path));
    const rows = file.diagnostics.map((d) => ({
      where: `${file.path}:${d.range.start.line + 1}:${d.range.start.character + 1}`,
      severity: d.severity,
      message: d.message,
      rule: d.ruleId,
    }));
    const whereWidth = maxOf(
      rows.map((r) => r.where.length),
      0,
    );
    for (const r of rows) {
      const sev = r.severity === 'error' ? c.red('error  ') : r.severity === 'warning' ? c.yellow('warning') : c.blue('info   ');
      // A message never breaks the one-problem-per-line layout.
      const message = r.message.replace(/\r\n?|\n/g, ' ');
      out.push(`  ${r.where.padEnd(whereWidth)}  ${sev}  ${message}  ${c.dim(r.rule)}`);
    }
    out.push('');
  }
  const line = summaryLine(report);
  if (report.counts.error) out.push(c.red(c.bold(line)));
  else if (report.counts.warning) out.push(c.yellow(c.bold(line)));
  else if (report.counts.info) out.push(c.blue(c.bold(line)));
  else out.push(c.green(line));
  return out.join('\n') + '\n';
}
