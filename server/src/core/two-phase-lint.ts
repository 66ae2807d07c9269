import type { LintConfig } from './config';
import { byPosition, lintFile, severityOf, type PhaseCarry } from './lint';
import type { FileAnalysis, PlaybookModel, ScalarValue } from './model/model';
import { exportsOf, type FileExports } from './project/exports';
import { ProjectIndex } from './project/project-index';
import { RULES } from './rules';
import type { Diagnostic, FileKind, FileResult } from './types';

/** Rules that need only the file and the vocabularies, and those that need every playbook. */
export const FILE_RULES = RULES.filter((r) => r.scope !== 'project');
export const PROJECT_RULES = RULES.filter((r) => r.scope === 'project');

/** Does any project rule that is on check files of this kind? If not, phase 1's results are final. */
export function projectRulesOn(kind: FileKind, config: LintConfig): boolean {
  return PROJECT_RULES.some((r) => r.appliesTo.includes(kind) && severityOf(r, config) !== 'off');
}

/** What a worker keeps of a file between the phases: enough for project rules, not the text. */
export interface PendingFile {
  slim: FileAnalysis;
  diagnostics: Diagnostic[];
  /** What phase 2 must know of phase 1 to judge disable comments naming no rule. */
  carry: PhaseCarry;
}

/** Phase 1 for one file: file rules now, while the full analysis is at hand. */
export function lintFilePhase(analysis: FileAnalysis, vocabularyIndex: ProjectIndex, config: LintConfig): PendingFile {
  const carry: PhaseCarry = { ranRuleIds: [], usedBare: [] };
  return { slim: slim(analysis), diagnostics: lintFile(analysis, vocabularyIndex, config, FILE_RULES, carry), carry };
}

/** Phase 2: the project rules on the slim copy, merged with phase 1's results in position order. */
export function finishFile(pending: PendingFile, index: ProjectIndex, config: LintConfig): Diagnostic[] {
  return [...pending.diagnostics, ...lintFile(pending.slim, index, config, PROJECT_RULES, pending.carry)].sort(byPosition);
}

/** Exports with each term used once: unused-term asks only whether a term is used. */
export function exportsUsingEachTermOnce(analysis: FileAnalysis): FileExports {
  const e = exportsOf(analysis);
  const seen = new Set<string>();
  e.termUses = e.termUses.filter((u) => !seen.has(u.key) && (seen.add(u.key), true));
  return e;
}

/** A copy of a string that does not keep the whole file's text alive (V8 slices share their parent). */
function copyOutOfText(s: string): string {
  return (' ' + s).slice(1);
}

function slimValue(v: ScalarValue | undefined): ScalarValue | undefined {
  return v && { value: copyOutOfText(v.value), span: v.span };
}

/**
 * Drops the text, prose and values a project rule never reads; keeps ids,
 * see-also, spans, line starts and inline-control comments.
 */
function slim(a: FileAnalysis): FileAnalysis {
  const model: PlaybookModel | FileAnalysis['model'] =
    a.model.kind === 'playbook'
      ? {
          kind: 'playbook',
          prose: [],
          stages: a.model.stages.map((s) => ({
            path: s.path,
            span: s.span,
            id: slimValue(s.id),
            seeAlso: s.seeAlso.map((v) => slimValue(v)!),
            tactics: s.tactics.map((t) => ({
              path: t.path,
              span: t.span,
              firstLine: t.firstLine,
              id: slimValue(t.id),
              seeAlso: t.seeAlso.map((v) => slimValue(v)!),
            })),
          })),
        }
      : a.model;
  return {
    ...a,
    text: '',
    lines: a.lines.withoutText(),
    model,
    termRefs: [],
    data: undefined,
    comments: a.comments.filter((c) => c.text.includes('playbook-lint-')).map((c) => ({ span: c.span, text: copyOutOfText(c.text) })),
  };
}

/** Phase 1 for one share of playbooks: what to analyse and what to send back. */
export interface AnalyzeShare {
  config: LintConfig;
  /** In-scope vocabulary paths (null: every vocabulary). */
  vocabularyInScope: string[] | null;
  vocabularies: FileExports[];
  files: string[];
  /** Project rules follow (phase 2): keep slim copies; else the results are final now. */
  keep: boolean;
  /** Return each file's exports (the project index, the cache or a vocabulary rule needs them). */
  exports: boolean;
}

/**
 * The two phases for one share of playbooks, used the same way by a worker
 * thread and by the main thread (its own share, or the whole of a small project).
 */
export class PhasedLinter {
  private readonly pending = new Map<string, PendingFile>();
  private vocabularies: FileExports[] = [];
  private scope: ((p: string) => boolean) | undefined;
  private config!: LintConfig;

  constructor(private readonly read: (path: string) => FileAnalysis) {}

  analyze(share: AnalyzeShare): { exports: FileExports[]; results: FileResult[] } {
    this.config = share.config;
    this.vocabularies = share.vocabularies;
    const inScope = share.vocabularyInScope ? new Set(share.vocabularyInScope) : undefined;
    this.scope = inScope ? (p) => inScope.has(p) : undefined;
    const index = this.vocabularyIndex();
    const exports: FileExports[] = [];
    const results: FileResult[] = [];
    for (const path of share.files) {
      const analysis = this.read(path);
      if (share.keep) this.pending.set(path, lintFilePhase(analysis, index, this.config));
      else results.push({ path, diagnostics: lintFile(analysis, index, this.config, FILE_RULES) });
      if (share.exports) exports.push(exportsUsingEachTermOnce(analysis));
    }
    return { exports, results };
  }

  finish(exports: FileExports[], files: string[]): FileResult[] {
    const index = new ProjectIndex(this.scope);
    for (const e of exports) index.set(e);
    for (const v of this.vocabularies) index.set(v);
    let vocabularyIndex: ProjectIndex | undefined; // for files phase 1 did not see (stale cache entries), built once
    return files.map((path) => {
      if (!this.pending.has(path)) this.pending.set(path, lintFilePhase(this.read(path), (vocabularyIndex ??= this.vocabularyIndex()), this.config));
      const diagnostics = finishFile(this.pending.get(path)!, index, this.config);
      this.pending.delete(path);
      return { path, diagnostics };
    });
  }

  private vocabularyIndex(): ProjectIndex {
    const index = new ProjectIndex(this.scope, true);
    for (const v of this.vocabularies) index.set(v);
    return index;
  }
}
