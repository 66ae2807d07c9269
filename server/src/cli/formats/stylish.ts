import type { Colors } from 'picocolors/types';
import type { LintReport } from '../report';
import { plural } from '../report';

/** Grouped by file; each line `path:line:col severity message rule`, so terminals make it clickable. */
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
    const whereWidth = Math.max(...rows.map((r) => r.where.length));
    for (const r of rows) {
      const sev = r.severity === 'error' ? c.red('error  ') : r.severity === 'warning' ? c.yellow('warning') : c.blue('info   ');
      out.push(`  ${r.where.padEnd(whereWidth)}  ${sev}  ${r.message}  ${c.dim(r.rule)}`);
    }
    out.push('');
  }
  const { error, warning, info } = report.counts;
  const total = error + warning + info;
  const checked = plural(report.files.length, 'file');
  if (total === 0) out.push(c.green(`✔ no problems (${checked} checked)`));
  else {
    const line = `✖ ${plural(total, 'problem')} (${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info) in ${checked}`;
    out.push(error ? c.red(c.bold(line)) : c.yellow(c.bold(line)));
  }
  return out.join('\n') + '\n';
}
