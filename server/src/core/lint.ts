import type { LintConfig } from './config';
import { Suppressions, parseDirectives } from './inline-control';
import type { FileAnalysis } from './model/model';
import type { ProjectIndex } from './project/project-index';
import type { Report, Rule, RuleContext } from './rule';
import { RULES } from './rules';
import type { Diagnostic, Severity, SeverityLevel, TextSpan } from './types';
import { replaceSpan } from './fixes';

export function severityOf(rule: Rule, config: LintConfig): SeverityLevel {
  return config.rules[rule.id]?.severity ?? rule.defaultSeverity;
}

/** Runs every enabled rule on one analysed file against the project; applies inline control. */
export function lintFile(file: FileAnalysis, project: ProjectIndex, config: LintConfig, rules: readonly Rule[] = RULES): Diagnostic[] {
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
  reportUnusedDirectives(file, config, rules, suppressions, out);
  return out.sort(byPosition);
}

/**
 * With `rules: inline-control: { report-unused: true }` (like ESLint's
 * reportUnusedDisableDirectives), each rule named in a disable comment that
 * silenced nothing in this run is reported by inline-control, with a fix that
 * removes a comment naming only that rule.
 */
function reportUnusedDirectives(file: FileAnalysis, config: LintConfig, rules: readonly Rule[], suppressions: Suppressions, out: Diagnostic[]): void {
  const control = rules.find((r) => r.id === 'inline-control') ?? RULES.find((r) => r.id === 'inline-control')!;
  const severity = severityOf(control, config);
  if (severity === 'off' || config.rules['inline-control']?.settings?.['report-unused'] !== true) return;
  const broken = file.syntaxProblems.length > 0;
  const judged = new Set(rules.filter((r) => r.appliesTo.includes(file.kind) && (!broken || r.runsOnBrokenFiles)).map((r) => r.id));
  for (const { directive, rule } of suppressions.unused(judged)) {
    const fixes = directive.rules.length === 1 ? removeCommentLine(file, directive.span) : undefined;
    const where = directive.kind === 'disable-next-line' ? 'on the next line' : 'in this region';
    out.push(
      toDiagnostic(control, severity, file, {
        span: rule.span,
        message: `"${rule.id}" in this comment silences nothing: no ${rule.id} problem is reported ${where}; remove it from the comment`,
        fixes,
      }),
    );
  }
}

/** Removing a comment that has its line to itself: the whole line goes (safe: nothing else on it). */
function removeCommentLine(file: FileAnalysis, span: TextSpan): Report['fixes'] {
  const start = file.lines.lineStart(file.lines.position(span.start).line);
  if (file.text.slice(start, span.start).trim() !== '') return undefined;
  const nl = file.text.indexOf('\n', span.end);
  const end = nl === -1 ? file.text.length : nl + 1;
  if (file.text.slice(span.end, nl === -1 ? end : nl).trim() !== '') return undefined;
  return [{ title: 'Remove this unused comment', edits: [replaceSpan(file, { start, end }, '')], safe: true }];
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
