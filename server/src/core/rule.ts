import type { FileAnalysis } from './model/model';
import type { FileExports } from './project/exports';
import type { ProjectView } from './project/project-reads';
import type { ProjectRead } from './project/project-reads';
import type { FileKind, Fix, Location, Range, RelatedInfo, SeverityLevel, TextSpan } from './types';

export const DOCS_BASE_URL = 'https://github.com/playbook-lint/playbook-lint/blob/main/docs/rules';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}/${ruleId}.md`;
}

let docsLinkOf: ((ruleId: string) => string | undefined) | undefined;

/**
 * Where the reader of this output finds a rule's page. The adapters set it once at
 * startup (the CLI: the page in the installed package; the language server: the page
 * bundled with the editor extension, or a command that opens it); without it, or when
 * it has no answer, the page's public URL.
 */
export function setRuleDocsLink(linkOf: ((ruleId: string) => string | undefined) | undefined): void {
  docsLinkOf = linkOf;
}

export function ruleDocsLink(ruleId: string): string {
  return docsLinkOf?.(ruleId) ?? docsUrl(ruleId);
}

/** What a rule reports; the engine adds rule id, severity, path and docs link. */
export interface Report {
  span: TextSpan;
  message: string;
  related?: RelatedInfo[];
  fixes?: Fix[];
}

export interface RuleContext {
  readonly file: FileAnalysis;
  /** What the rule may read of other files: only what its `reads` declare (see project-reads.ts). */
  readonly project: ProjectView;
  /** The rule's own settings from config (`rules.<id>: { severity, …settings }`). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Whether to look for near names to suggest in messages and fixes: false when nobody reads them (LintConfig.suggestIn). */
  readonly suggest: boolean;
  report(report: Report): void;
  range(span: TextSpan): Range;
  location(span: TextSpan): Location;
}

/**
 * One rule, one module: id, default severity, a one-line description, its docs
 * page and the check. Registering it in rules/index.ts is the only wiring.
 */
export interface Rule {
  id: string;
  defaultSeverity: SeverityLevel;
  description: string;
  docsUrl: string;
  appliesTo: readonly FileKind[];
  /**
   * 'project' when the result depends on other playbooks (their ids or uses), not
   * only on the file and the vocabularies in scope. The CLI's parallel engine lints
   * 'file' rules while each file is fresh, and 'project' rules once every file is known.
   */
  scope?: 'file' | 'project';
  /**
   * What the rule reads of OTHER files through `context.project` (its own file is free):
   * the language server re-checks a file when what its rules read changes, and derives that
   * from these declarations alone (services/workspace-invalidation.ts). A rule that reads
   * something it did not declare fails test/unit/rule-reads.test.ts. See project-reads.ts.
   */
  reads?: readonly ProjectRead[];
  /**
   * For 'project' rules: could `check` report anything on the file whose own exports these are,
   * against this project? A cheap look (reading only what `reads` declares) that lets the
   * two-phase lint skip phase 2 for a file none of its project rules could report on
   * (core/two-phase-lint.ts): it must never answer false where `check` would report
   * (test/unit/rule-reads.test.ts checks both). Absent: always true.
   */
  couldReport?(own: FileExports, project: ProjectView): boolean;
  /** Runs even when the file has syntax errors (most rules would only add noise then). */
  runsOnBrokenFiles?: boolean;
  /**
   * JSON Schema of the rule's own settings (`rules.<id>: { severity, …settings }`),
   * each with a description; merged into schemas/config.schema.json by `npm run generate`.
   */
  settings?: Record<string, object>;
  /**
   * For judgement rules (the coaching checks): the principle in a sentence and a
   * bad/good pair, shown when hovering the flagged text in the editor.
   */
  explanation?: { principle: string; bad: string; good: string };
  /**
   * Reads prose with the sentence reader (core/coaching/nlp.ts), whose language model each thread loads once: a
   * thread that lints a share of playbooks loads it before the first of them when a rule that is on says so
   * (loadWhatRulesNeed, core/two-phase-lint.ts).
   */
  readsSentences?: boolean;
  check(context: RuleContext): void;
}

export function defineRule(rule: Omit<Rule, 'docsUrl'>): Rule {
  // Every rule gets the same fields in the same order (absent ones as undefined): one object shape, so the
  // loops that read each rule's fields for every file (lintFile, phase2Needed) stay optimised in every thread
  // instead of being thrown away as each new rule's shape turns up. (Every field of Rule must be listed here.)
  const shaped: { [K in keyof Required<Rule>]: Rule[K] } = {
    id: rule.id,
    defaultSeverity: rule.defaultSeverity,
    description: rule.description,
    docsUrl: docsUrl(rule.id),
    appliesTo: rule.appliesTo,
    scope: rule.scope,
    reads: rule.reads,
    couldReport: rule.couldReport,
    runsOnBrokenFiles: rule.runsOnBrokenFiles,
    settings: rule.settings,
    explanation: rule.explanation,
    readsSentences: rule.readsSentences,
    check: rule.check,
  };
  return shaped;
}
