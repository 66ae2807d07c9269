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

/**
 * Phase 2: the project rules on the slim copy, merged with phase 1's results in position order.
 * A file phase 2 cannot change (see phase2Needed) gets phase 1's results without a second lint.
 */
export function finishFile(pending: PendingFile, index: ProjectIndex, config: LintConfig): Diagnostic[] {
  if (!hasControlComments(pending) && !phase2Needed(index.get(pending.slim.path), index, config)) return phase1Final(pending.diagnostics);
  return [...pending.diagnostics, ...lintFile(pending.slim, index, config, PROJECT_RULES, pending.carry)].sort(byPosition);
}

/**
 * Could a project rule that is on report on the file with these exports, in this project? Each
 * rule answers for itself (Rule.couldReport, from the file's exports: no slim copy needed). A
 * file with inline-control comments needs phase 2 whatever the answer: its comments are judged
 * again once every rule has run (hasControlComments).
 */
export function phase2Needed(own: FileExports | undefined, project: ProjectIndex, config: LintConfig): boolean {
  if (!own) return true;
  return PROJECT_RULES.some((r) => r.appliesTo.includes(own.kind) && severityOf(r, config) !== 'off' && (r.couldReport?.(own, project) ?? true));
}

/** Does the file have comments phase 2 must judge again (inline control: only those are kept in the slim copy)? */
export function hasControlComments(pending: PendingFile): boolean {
  return pending.slim.comments.length > 0;
}

/** Phase 1's results as phase 2 would give them when its rules add nothing: in position order. */
export function phase1Final(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(byPosition);
}

/** Exports with each term used once: unused-term asks only whether a term is used. */
export function exportsUsingEachTermOnce(analysis: FileAnalysis): FileExports {
  const seen = new Set<string>();
  // The first reference of each term, before exportsOf gives each a location (most are repeats).
  return exportsOf({ ...analysis, termRefs: analysis.termRefs.filter((r) => !seen.has(r.key) && (seen.add(r.key), true)) });
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

/** What phase 1 of a share gives back. */
export interface AnalyzedShare {
  exports: FileExports[];
  /** Final results (no project rule follows). */
  results: FileResult[];
  /**
   * With `keep`: phase 1's results of the files without inline-control comments, final unless
   * a project rule could report on them (phase2Needed, asked with the whole project's index).
   */
  provisional: FileResult[];
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

  analyze(share: AnalyzeShare): AnalyzedShare {
    this.config = share.config;
    this.vocabularies = share.vocabularies;
    const inScope = share.vocabularyInScope ? new Set(share.vocabularyInScope) : undefined;
    this.scope = inScope ? (p) => inScope.has(p) : undefined;
    const index = this.vocabularyIndex();
    const out: AnalyzedShare = { exports: [], results: [], provisional: [] };
    for (const path of share.files) {
      const analysis = this.read(path);
      if (share.keep) {
        const pending = lintFilePhase(analysis, index, this.config);
        this.pending.set(path, pending);
        if (!hasControlComments(pending)) out.provisional.push({ path, diagnostics: phase1Final(pending.diagnostics) });
      } else out.results.push({ path, diagnostics: lintFile(analysis, index, this.config, FILE_RULES) });
      if (share.exports) out.exports.push(exportsUsingEachTermOnce(analysis));
    }
    return out;
  }

  /** Phase 2 with an index built here from every playbook's exports (a worker thread's case). */
  finish(exports: FileExports[], files: string[]): FileResult[] {
    const index = new ProjectIndex(this.scope);
    for (const e of exports) index.set(e);
    for (const v of this.vocabularies) index.set(v);
    return this.finishWith(index, files);
  }

  /**
   * Phase 2 for these files against an index of the whole project; every slim copy is
   * dropped after it (a file not named here had its provisional results taken as final).
   */
  finishWith(index: ProjectIndex, files: string[]): FileResult[] {
    let vocabularyIndex: ProjectIndex | undefined; // for files phase 1 did not see (stale cache entries), built once
    const results = files.map((path) => {
      const pending = this.pending.get(path) ?? lintFilePhase(this.read(path), (vocabularyIndex ??= this.vocabularyIndex()), this.config);
      return { path, diagnostics: finishFile(pending, index, this.config) };
    });
    this.pending.clear();
    return results;
  }

  private vocabularyIndex(): ProjectIndex {
    const index = new ProjectIndex(this.scope, true);
    for (const v of this.vocabularies) index.set(v);
    return index;
  }
}
