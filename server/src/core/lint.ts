import type { LintConfig } from './config';
import { Suppressions, parseDirectives } from './inline-control';
import type { FileAnalysis } from './model/model';
import type { ProjectView } from './project/project-reads';
import type { Report, Rule, RuleContext } from './rule';
import { RULES } from './rules';
import type { Diagnostic, Fix, Severity, SeverityLevel, TextSpan } from './types';
import { replaceSpan } from './fixes';
import { ownCopy } from './strings';

export function severityOf(rule: Rule, config: LintConfig): SeverityLevel {
  return config.rules[rule.id]?.severity ?? rule.defaultSeverity;
}

/** Most diagnostics one file reports; past it, one summary diagnostic says how many more there are. */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

/**
 * What an earlier phase of one file's lint leaves for the next (two-phase-lint.ts): the
 * rules it ran and the disable comments naming no rule that it used. lintFile updates it.
 */
export interface PhaseCarry {
  ranRuleIds: string[];
  usedBare: number[];
}

/**
 * Runs every enabled rule on one analysed file against the project; applies
 * inline control. At most MAX_DIAGNOSTICS_PER_FILE are kept (the first by
 * position) plus one summary: CLI and server alike, since both call this.
 * `carry`: this run is one phase of several (see PhaseCarry).
 */
export function lintFile(file: FileAnalysis, project: ProjectView, config: LintConfig, rules: readonly Rule[] = RULES, carry?: PhaseCarry): Diagnostic[] {
  const out = new FirstDiagnostics(MAX_DIAGNOSTICS_PER_FILE);
  const broken = file.syntaxProblems.length > 0;
  const suggest = config.suggestIn !== 'broken' || broken;
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
      suggest,
      range: (span) => file.lines.range(span),
      location: (span) => ({ path: file.path, range: file.lines.range(span) }),
      report: (report: Report) => {
        if (suppressions.isSuppressed(rule.id, report.span.start)) return;
        out.push(toDiagnostic(rule, severity, file, report));
      },
    };
    rule.check(context);
  }
  const ran = carry ? [...carry.ranRuleIds, ...rules.map((r) => r.id)] : rules.map((r) => r.id);
  reportUnusedDirectives(file, config, rules, suppressions, out, { ran, usedBare: carry?.usedBare ?? [] });
  if (carry) {
    carry.ranRuleIds = ran;
    carry.usedBare = [...new Set([...carry.usedBare, ...suppressions.usedBare()])];
  }
  return out.result();
}

/**
 * With `rules: inline-control: { report-unused: true }` (like ESLint's
 * reportUnusedDisableDirectives), each rule named in a disable comment that
 * silenced nothing in this run is reported by inline-control, with a fix that
 * removes a comment naming only that rule. A comment naming no rule is judged
 * once every rule that is on for the file has run (in this phase or before).
 */
function reportUnusedDirectives(
  file: FileAnalysis,
  config: LintConfig,
  rules: readonly Rule[],
  suppressions: Suppressions,
  out: { push(d: Diagnostic): void },
  phases: { ran: readonly string[]; usedBare: readonly number[] },
): void {
  const control = rules.find((r) => r.id === 'inline-control') ?? RULES.find((r) => r.id === 'inline-control')!;
  const severity = severityOf(control, config);
  if (severity === 'off' || config.rules['inline-control']?.settings?.['report-unused'] !== true) return;
  const broken = file.syntaxProblems.length > 0;
  const runs = (r: Rule) => r.appliesTo.includes(file.kind) && (!broken || r.runsOnBrokenFiles);
  const judged = new Set(rules.filter(runs).map((r) => r.id));
  const ran = new Set(phases.ran);
  const judgeBare = RULES.every((r) => !runs(r) || severityOf(r, config) === 'off' || ran.has(r.id));
  for (const { directive, rule } of suppressions.unused(judged, judgeBare, new Set(phases.usedBare))) {
    const where = directive.kind === 'disable-next-line' ? 'on the next line' : 'in this region';
    if (!rule) {
      out.push(
        toDiagnostic(control, severity, file, {
          span: directive.span,
          message: `This "# playbook-lint-${directive.kind}" comment silences nothing: no problem is reported ${where}; remove it`,
          fixes: removeCommentLine(file, directive.span),
        }),
      );
      continue;
    }
    const fixes = directive.rules.length === 1 ? removeCommentLine(file, directive.span) : undefined;
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

/**
 * The first `limit` diagnostics by position, in bounded memory however many are
 * pushed (150,000 duplicate ids in one file once took gigabytes): trimmed
 * back to `limit` whenever it holds twice that, and counting what it drops.
 */
class FirstDiagnostics {
  private kept: Diagnostic[] = [];
  private readonly dropped = new Map<string, { count: number; severity: Severity; first: Diagnostic }>();

  constructor(private readonly limit: number) {}

  push(d: Diagnostic): void {
    this.kept.push(d);
    if (this.kept.length >= 2 * this.limit) this.trim();
  }

  result(): Diagnostic[] {
    this.trim();
    if (this.dropped.size === 0) return this.kept;
    return [...this.kept, this.summary()];
  }

  private trim(): void {
    this.kept.sort(byPosition);
    if (this.kept.length <= this.limit) return;
    for (let i = this.limit; i < this.kept.length; i++) {
      const d = this.kept[i];
      const seen = this.dropped.get(d.ruleId);
      if (!seen) this.dropped.set(d.ruleId, { count: 1, severity: d.severity, first: d });
      else {
        seen.count++;
        if (SEVERITY_RANK[d.severity] > SEVERITY_RANK[seen.severity]) seen.severity = d.severity;
        if (byPosition(d, seen.first) < 0) seen.first = d;
      }
    }
    this.kept.length = this.limit;
  }

  /** One diagnostic for all that were dropped, under the rule that lost the most, at the first of them. */
  private summary(): Diagnostic {
    const groups = [...this.dropped.entries()].sort((a, b) => b[1].count - a[1].count);
    const total = groups.reduce((n, [, g]) => n + g.count, 0);
    const [ruleId, main] = groups[0];
    const byRule = groups.map(([id, g]) => `${g.count.toLocaleString('en-US')} ${id}`).join(', ');
    return {
      ruleId,
      severity: groups.reduce((s, [, g]) => (SEVERITY_RANK[g.severity] > SEVERITY_RANK[s] ? g.severity : s), main.severity),
      message: `${total.toLocaleString('en-US')} more problems in this file are not listed (${byRule}): at most ${MAX_DIAGNOSTICS_PER_FILE.toLocaleString('en-US')} are shown per file; fix those and check again`,
      path: main.first.path,
      range: main.first.range,
      docsUrl: main.first.docsUrl,
    };
  }
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function toDiagnostic(rule: Rule, severity: Severity, file: FileAnalysis, report: Report): Diagnostic {
  const d: Diagnostic = {
    ruleId: rule.id,
    severity,
    message: ownCopy(report.message),
    path: file.path,
    range: file.lines.range(report.span),
    docsUrl: rule.docsUrl,
  };
  if (report.related?.length) d.related = report.related;
  if (report.fixes?.length) d.fixes = report.fixes.map(ownFix);
  return d;
}

/** A fix whose title and new texts share nothing with the file's text (see ownCopy): a kept finding must not keep its file. */
function ownFix(fix: Fix): Fix {
  fix.title = ownCopy(fix.title);
  for (const e of fix.edits) e.newText = ownCopy(e.newText);
  return fix;
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}
