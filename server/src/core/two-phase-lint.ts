import type { LintConfig } from './config';
import { LineIndex, type PlainLineIndex } from './line-index';
import { loadSentenceReader } from './coaching/nlp';
import { byPosition, lintFile, severityOf, type PhaseCarry } from './lint';
import { ownCopy } from './strings';
import type { FileAnalysis, PlaybookModel, ScalarValue } from './model/model';
import { exportsOfFirstUses, type FileExports } from './project/exports';
import { packExports, type PackedExports } from './project/lean-exports';
import { ProjectIndex } from './project/project-index';
import type { ProjectRead } from './project/project-reads';
import { RULES } from './rules';
import type { Diagnostic, FileKind, FileResult } from './types';

/** Rules that need only the file and the vocabularies, and those that need every playbook. */
export const FILE_RULES = RULES.filter((r) => r.scope !== 'project');
export const PROJECT_RULES = RULES.filter((r) => r.scope === 'project');

/** Does any project rule that is on check files of this kind? If not, phase 1's results are final. */
export function projectRulesOn(kind: FileKind, config: LintConfig): boolean {
  return PROJECT_RULES.some((r) => r.appliesTo.includes(kind) && severityOf(r, config) !== 'off');
}

/** What the project rules that are on read of other files (the index can build those tables as files come in). */
export function projectReadsOn(config: LintConfig): Set<ProjectRead> {
  return new Set(PROJECT_RULES.filter((r) => severityOf(r, config) !== 'off').flatMap((r) => r.reads ?? []));
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
  return phase1Final([...pending.diagnostics, ...projectFindings(pending, index, config)]);
}

/** Phase 2's own findings on a file: none, without running a rule, where phase2Needed says no. */
export function projectFindings(pending: PendingFile, index: ProjectIndex, config: LintConfig): Diagnostic[] {
  if (!phase2Needed(hasControlComments(pending.slim), index.get(pending.slim.path), index, config)) return [];
  return lintFile(pending.slim, index, config, PROJECT_RULES, pending.carry);
}

/**
 * Does the file need phase 2? Yes when it has inline-control comments (`controlled`: they are
 * judged again once every rule has run, see hasControlComments), else when a project rule that
 * is on could report on the file with these exports, in this project. Each rule answers for
 * itself (Rule.couldReport, from the file's exports: no slim copy needed).
 */
export function phase2Needed(controlled: boolean, own: FileExports | undefined, project: ProjectIndex, config: LintConfig): boolean {
  if (controlled || !own) return true;
  return PROJECT_RULES.some((r) => r.appliesTo.includes(own.kind) && severityOf(r, config) !== 'off' && (r.couldReport?.(own, project) ?? true));
}

/** Does the file have comments phase 2 must judge again (inline control: only those are kept in a slim copy)? */
export function hasControlComments(slim: FileAnalysis): boolean {
  return slim.comments.length > 0;
}

/** A comment that may be inline control (`# playbook-lint-disable…`): what a slim copy keeps of the comments. */
export function mayControl(comment: { text: string }): boolean {
  return comment.text.includes('playbook-lint-');
}

/** Phase 1's results as phase 2 would give them when its rules add nothing: in position order. */
export function phase1Final(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(byPosition);
}

/**
 * Loads, before a thread's first playbook, what the rules that are on read with (the sentence reader's language
 * model), rather than in the middle of that playbook's lint. Loading it there kept the playbook's whole analysis
 * alive through the young-generation collections the load set off, while the young generation was still small:
 * V8 judged from that one file that the analysis's objects live long, and made every later file's in the old
 * generation (allocation-site pretenuring), where each dead one kept its file's text alive until a full
 * collection. Measured in a render's worker: 164-196 -> 96-100 MB promoted, collections 820-840 -> 570-660 ms.
 */
export function loadWhatRulesNeed(config: LintConfig): void {
  if (RULES.some((r) => r.readsSentences && r.appliesTo.includes('playbook') && severityOf(r, config) !== 'off')) loadSentenceReader();
}

/**
 * Exports as the CLI's engine needs them: each term used once (unused-term asks only whether a
 * term is used), and ids without labels (the tactic text or stage name, for hover and
 * completion in the editor: no rule reads them, and carrying 70,000 tactic texts between
 * threads and into the index cost time and memory for nothing). Packed as soon as they are
 * made, in every thread: a batch's exports wait until the batch is done, and the packed form
 * (its strings copied off the text, places in one typed array) is a fraction of the objects
 * exportsOf makes, which die with the file instead.
 */
export function packedExportsOf(analysis: FileAnalysis): PackedExports {
  const e = exportsOfFirstUses(analysis);
  for (const id of e.ids) id.label = undefined;
  return packExports(e);
}

function slimValue(v: ScalarValue | undefined): ScalarValue | undefined {
  return v && { value: ownCopy(v.value), span: v.span };
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
    comments: a.comments.filter(mayControl).map((c) => ({ span: c.span, text: ownCopy(c.text) })),
  };
}

/** A slim copy waiting for phase 2, as plain data (PhasedLinter.handOver → adopt). */
export interface HandedFile {
  path: string;
  slim: Omit<FileAnalysis, 'lines'> & { lines: PlainLineIndex };
  carry: PhaseCarry;
}

/** A slim copy waiting here as plain data for the thread that finishes it (handOver on the lint's and the render's side). */
export function handedFile(path: string, pending: PendingFile): HandedFile {
  return { path, slim: { ...pending.slim, lines: pending.slim.lines.toPlain() }, carry: pending.carry };
}

/** A handed-over slim copy back as a file to finish in this thread (adopt). */
export function adoptedFile(f: HandedFile): PendingFile {
  return { slim: { ...f.slim, lines: LineIndex.fromPlain(f.slim.lines) }, diagnostics: [], carry: f.carry };
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
  /**
   * Shares of one run (one config, one set of vocabularies) carry the same number: a linter keeps
   * what it built for the first (the vocabulary index and its "did you mean" answers) for the
   * next. Undefined: built afresh for this share.
   */
  context?: number;
}

/** What phase 1 of a share gives back. */
export interface AnalyzedShare {
  /** Made lean again (unpackExports) by the thread that holds the project's index, whichever thread packed them. */
  exports: PackedExports[];
  /** Final results (no project rule follows). */
  results: FileResult[];
  /**
   * With `keep`: phase 1's results of every file, in position order; final for a file that is not
   * `controlled` and that no project rule could report on (phase2Needed, asked with the whole
   * project's index). Phase 2 gives the others' project findings, to merge (mergePhases).
   */
  provisional: FileResult[];
  /** Files with inline-control comments: phase 2 judges them again whatever the rules say. */
  controlled: string[];
}

/** Phase 1's results (as `provisional`) and phase 2's findings of one file, in position order (as finishFile gives them). */
export function mergePhases(provisional: readonly Diagnostic[], phase2: readonly Diagnostic[]): Diagnostic[] {
  return phase2.length ? [...provisional, ...phase2].sort(byPosition) : [...provisional];
}

/**
 * The two phases for one share of playbooks, used the same way by a worker
 * thread and by the main thread (its own share, or the whole of a small project).
 */
export class PhasedLinter {
  private readonly pending = new Map<string, PendingFile>();
  private config!: LintConfig;
  private context: { id?: number; index?: ProjectIndex } = {};

  constructor(private readonly read: (path: string) => FileAnalysis) {}

  analyze(share: AnalyzeShare): AnalyzedShare {
    const index = this.prepare(share);
    loadWhatRulesNeed(share.config);
    const out: AnalyzedShare = { exports: [], results: [], provisional: [], controlled: [] };
    for (const path of share.files) {
      const analysis = this.read(path);
      if (share.keep) {
        const { slim, diagnostics, carry } = lintFilePhase(analysis, index, this.config);
        // Phase 1's results go back now; the slim copy waits without them (they keep the file's text alive).
        this.pending.set(path, { slim, diagnostics: [], carry });
        out.provisional.push({ path, diagnostics: phase1Final(diagnostics) });
        if (hasControlComments(slim)) out.controlled.push(path);
      } else out.results.push({ path, diagnostics: lintFile(analysis, index, this.config, FILE_RULES) });
      if (share.exports) out.exports.push(packedExportsOf(analysis));
    }
    return out;
  }

  /**
   * The slim copies of these files as plain data, for the thread that holds the project's index
   * to finish them (adopt); every slim copy here is dropped (the others' results were final).
   */
  handOver(files: string[]): HandedFile[] {
    const out: HandedFile[] = [];
    for (const path of files) {
      const pending = this.pending.get(path);
      if (pending) out.push(handedFile(path, pending));
    }
    this.pending.clear();
    return out;
  }

  /** Slim copies another thread's PhasedLinter handed over (same config and vocabularies), to finish here. */
  adopt(files: HandedFile[]): void {
    for (const f of files) this.pending.set(f.path, adoptedFile(f));
  }

  /**
   * Phase 2 for these files (analysed here or adopted) against an index of the whole project:
   * each file's project findings, to merge with its provisional results (mergePhases). Every
   * slim copy is dropped after it (a file not named here had its provisional results taken as final).
   */
  finishWith(index: ProjectIndex, files: string[]): FileResult[] {
    const results = files.map((path) => {
      const pending = this.pending.get(path);
      if (!pending) throw new Error(`phase 2: ${path} was not analysed in phase 1`);
      return { path, diagnostics: finishFile(pending, index, this.config) };
    });
    this.pending.clear();
    return results;
  }

  /**
   * Takes a run's config and vocabularies (analyze does for each share; a thread that finishes
   * files others analysed, and may analyse none itself, calls it first): the vocabulary index
   * for them, kept from an earlier share of the same context.
   */
  prepare(share: Omit<AnalyzeShare, 'files'>): ProjectIndex {
    if (share.context !== undefined && share.context === this.context.id && this.context.index) return this.context.index;
    this.config = share.config;
    const inScope = share.vocabularyInScope ? new Set(share.vocabularyInScope) : undefined;
    const index = new ProjectIndex(inScope ? (p) => inScope.has(p) : undefined, true);
    for (const v of share.vocabularies) index.set(v);
    this.context = { id: share.context, index };
    return index;
  }
}
