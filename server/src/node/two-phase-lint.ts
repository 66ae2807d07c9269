import type { LintConfig } from '../core/config';
import { byPosition, lintFile } from '../core/lint';
import type { FileAnalysis, PlaybookModel, ScalarValue } from '../core/model/model';
import { exportsOf, type FileExports } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import { RULES } from '../core/rules';
import type { Diagnostic } from '../core/types';

/** Rules that need only the file and the vocabularies, and those that need every playbook. */
export const FILE_RULES = RULES.filter((r) => r.scope !== 'project');
export const PROJECT_RULES = RULES.filter((r) => r.scope === 'project');

/** What a worker keeps of a file between the phases: enough for project rules, not the text. */
export interface PendingFile {
  slim: FileAnalysis;
  diagnostics: Diagnostic[];
}

/** Phase 1 for one file: file rules now, while the full analysis is at hand. */
export function lintFilePhase(analysis: FileAnalysis, vocabularyIndex: ProjectIndex, config: LintConfig): PendingFile {
  return { slim: slim(analysis), diagnostics: lintFile(analysis, vocabularyIndex, config, FILE_RULES) };
}

/** Phase 2: the project rules on the slim copy, merged with phase 1's results in position order. */
export function finishFile(pending: PendingFile, index: ProjectIndex, config: LintConfig): Diagnostic[] {
  return [...pending.diagnostics, ...lintFile(pending.slim, index, config, PROJECT_RULES)].sort(byPosition);
}

/** Exports with each term used once: unused-term asks only whether a term is used. */
export function leanExports(analysis: FileAnalysis): FileExports {
  const e = exportsOf(analysis);
  const seen = new Set<string>();
  e.termUses = e.termUses.filter((u) => !seen.has(u.key) && (seen.add(u.key), true));
  return e;
}

/** A copy of a string that does not keep the whole file's text alive (V8 slices share their parent). */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

function slimValue(v: ScalarValue | undefined): ScalarValue | undefined {
  return v && { value: detach(v.value), span: v.span };
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
            tactics: s.tactics.map((t) => ({ path: t.path, span: t.span, firstLine: t.firstLine, id: slimValue(t.id), seeAlso: t.seeAlso.map((v) => slimValue(v)!) })),
          })),
        }
      : a.model;
  return {
    ...a,
    text: '',
    model,
    termRefs: [],
    data: undefined,
    comments: a.comments.filter((c) => c.text.includes('playbook-lint-')).map((c) => ({ span: c.span, text: detach(c.text) })),
  };
}

/**
 * The two phases for one share of playbooks, used the same way by a worker
 * thread and, for small projects, by the main thread.
 */
export class PhasedLinter {
  private readonly pending = new Map<string, PendingFile>();
  private vocabularies: FileExports[] = [];
  private scope: ((p: string) => boolean) | undefined;
  private config!: LintConfig;

  constructor(private readonly read: (path: string) => FileAnalysis) {}

  analyze(config: LintConfig, vocabularyInScope: string[] | null, vocabularies: FileExports[], files: string[]): FileExports[] {
    this.config = config;
    this.vocabularies = vocabularies;
    const inScope = vocabularyInScope ? new Set(vocabularyInScope) : undefined;
    this.scope = inScope ? (p) => inScope.has(p) : undefined;
    const index = this.vocabularyIndex();
    return files.map((f) => this.analyzeOne(f, index));
  }

  finish(exports: FileExports[], files: string[]): { path: string; diagnostics: Diagnostic[] }[] {
    const index = new ProjectIndex(this.scope);
    for (const e of exports) index.set(e);
    for (const v of this.vocabularies) index.set(v);
    return files.map((path) => {
      if (!this.pending.has(path)) this.analyzeOne(path, this.vocabularyIndex());
      const diagnostics = finishFile(this.pending.get(path)!, index, this.config);
      this.pending.delete(path);
      return { path, diagnostics };
    });
  }

  private analyzeOne(path: string, vocabularyIndex: ProjectIndex): FileExports {
    const analysis = this.read(path);
    this.pending.set(path, lintFilePhase(analysis, vocabularyIndex, this.config));
    return leanExports(analysis);
  }

  private vocabularyIndex(): ProjectIndex {
    const index = new ProjectIndex(this.scope, true);
    for (const v of this.vocabularies) index.set(v);
    return index;
  }
}
