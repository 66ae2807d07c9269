import type { Severity } from '../../core/types';
import { summaryLine, type LintReport } from '../report';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping of a workflow command's message, as @actions/core does it. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property value: the message escapes plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands: one annotation per diagnostic,
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message`
 * (info → `::notice`, warning → `::warning`), 1-based positions, paths relative
 * to the working folder (the checkout, in a workflow). Then the plain summary line.
 */
export function formatGithub(report: LintReport): string {
  const out: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const props = [
        ['file', file.path],
        ['line', String(d.range.start.line + 1)],
        ['col', String(d.range.start.character + 1)],
        ['endLine', String(d.range.end.line + 1)],
        ['endColumn', String(d.range.end.character + 1)],
        ['title', d.ruleId],
      ]
        .map(([key, value]) => `${key}=${escapeProperty(value)}`)
        .join(',');
      out.push(`::${COMMAND[d.severity]} ${props}::${escapeData(d.message)}`);
    }
  }
  out.push(summaryLine(report));
  return out.join('\n') + '\n';
}
