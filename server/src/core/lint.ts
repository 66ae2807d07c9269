import type { LintConfig } from './config';
import { Suppressions, parseDirectives } from './inline-control';
import type { FileAnalysis } from './model/model';
import type { ProjectView } from './project/project-reads';
import type { Report, Rule, RuleContext } from './rule';
import { RULES } from './rules';
import type { Diagnostic, Severity, SeverityLevel } from './types';

export function severityOf(rule: Rule, config: LintConfig): SeverityLevel {
  return config.rules[rule.id]?.severity ?? rule.defaultSeverity;
}

/** Runs every enabled rule on one analysed file against the project; applies inline control. */
export function lintFile(file: FileAnalysis, project: ProjectView, config: LintConfig, rules: readonly Rule[] = RULES): Diagnostic[] {
  const out: Diagnostic[] = [];
  const broken = file.syntaxProblems.length > 0;
  const suppressions = new Suppressions(parseDirectives(file.comments), (o) => file.lines.position(o).line);
  for (const rule of rules) {
    if (!rule.appliesTo.includes(file.kind)) continue;
    if (broken && !rule.runsOnBrokenFiles) continue;
    const severity = severityOf(rule, config);
    if (severity === 'off') continue;
    const context: RuleContext = {
      file,
      project,
      settings: config.rules[rule.id]?.settings ?? {},
      range: (span) => file.lines.range(span),
      location: (span) => ({ path: file.path, range: file.lines.range(span) }),
      report: (report: Report) => {
        if (suppressions.isSuppressed(rule.id, report.span.start)) return;
        out.push(toDiagnostic(rule, severity, file, report));
      },
    };
    rule.check(context);
  }
  return out.sort(byPosition);
}

function toDiagnostic(rule: Rule, severity: Severity, file: FileAnalysis, report: Report): Diagnostic {
  const d: Diagnostic = {
    ruleId: rule.id,
    severity,
    message: report.message,
    path: file.path,
    range: file.lines.range(report.span),
    docsUrl: rule.docsUrl,
  };
  if (report.related?.length) d.related = report.related;
  if (report.fixes?.length) d.fixes = report.fixes;
  return d;
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
