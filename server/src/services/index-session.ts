/**
 * The first indexing pass over a project's closed playbooks, in two phases
 * (as the CLI's engine does it), so that each file is parsed once:
 *
 * 1. analyse: read and analyse each file, give back its exports and facts (packed),
 *    and lint it with the rules that need only the file and the vocabularies
 *    (all of them but the 'project' rules). When no project rule is on for
 *    playbooks, those diagnostics are final. Otherwise the file comes back
 *    waiting: a slim copy of its analysis and phase 1's diagnostics, packed.
 * 2. finish (finishWaiting): when the file is first linted, with every playbook's
 *    ids in the workspace's own project index, the project rules finish it.
 *
 * The same session runs in the main thread (small projects, or when worker
 * threads are not available) and in index worker threads. It keeps nothing
 * between calls but the project's vocabularies: a worker holds no file once
 * its batch is answered, and ends with phase 1 (the workers' peak memory was
 * their waiting files and, for phase 2, a copy of every playbook's ids each).
 */
import type { LintConfig } from '../core/config';
import { lintFile, type PhaseCarry } from '../core/lint';
import { LineIndex } from '../core/line-index';
import type { FileAnalysis } from '../core/model/model';
import { exportsOf, type FileExports } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import type { Diagnostic, FileKind } from '../core/types';
import { packExports, type PackedExports } from '../core/project/lean-exports';
import { FILE_RULES, finishFile, hasControlComments, lintFilePhase, phase1Final, phase2Needed, projectRulesOn } from '../core/two-phase-lint';
import { factsOf } from './facts';
import { packFacts, type PackedFacts } from './lean-facts';
import type { Prelinted, Project } from './workspace-project';

/** What a session needs to know about a project before analysing its playbooks. */
export interface SessionProject {
  id: number;
  config: LintConfig;
  /** Vocabulary paths in scope (null: every vocabulary). */
  scope: string[] | null;
  /** The exports of the project's vocabularies (a snapshot). */
  vocabularies: FileExports[];
}

export interface IndexedFile {
  path: string;
  kind: FileKind;
  exports: PackedExports;
  facts: PackedFacts;
  /** Final diagnostics (packDiagnostics), when the file needs nothing from phase 2. */
  diagnostics?: PackedDiagnostics;
  /** Phase 1's state when a project rule follows: finishWaiting gives the diagnostics. */
  waiting?: WaitingFile;
}

/**
 * A file's diagnostics packed: JSON without the file's own path in each, in ASCII (asciiJson).
 * With every rule on, a playbook of the bench gets about 90 (coaching hints mostly): as objects
 * about 100 KB of heap, packed about a fifth of that, and one string to clone between threads
 * instead of thousands of objects. Thousands of files' diagnostics wait like this in the
 * workspace for the first lint.
 */
export type PackedDiagnostics = string;

/**
 * JSON with every non-ASCII character as its \u escape (JSON.parse restores it): V8 then keeps
 * the string at one byte a character (typographic quotes in a message would make it two), and
 * in its heap. This was UTF-8 bytes before: each Uint8Array's memory is malloc'd outside the
 * heap, and the index workers' thousands of them left 14 MB per worker of malloc arenas behind
 * in the server after the workers ended (and the waiting ones fragmented this thread's).
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function packDiagnostics(diagnostics: Diagnostic[], path: string): PackedDiagnostics {
  return asciiJson(diagnostics.map((d) => (d.path === path ? { ...d, path: undefined } : d)));
}

export function unpackDiagnostics(packed: PackedDiagnostics, path: string): Diagnostic[] {
  const diagnostics = JSON.parse(packed) as Diagnostic[];
  for (const d of diagnostics) d.path ??= path;
  return diagnostics;
}

/**
 * A file waiting for phase 2, packed to cross from a worker and to wait in the workspace: the
 * slim analysis without its line index (model ids and see-also with their spans, inline-control
 * comments, problems: plain data) as ASCII JSON (asciiJson), about a third of its size as objects
 * (bench playbook: 8 KB instead of 27 KB); the line index as plain data (its line starts, and
 * the text only where LineIndex.withoutText keeps it); phase 1's diagnostics packed. JSON keeps every value a
 * project rule reads: strings (lone surrogates escaped and restored), integers, booleans; only
 * properties set to undefined come back absent.
 */
export interface WaitingFile {
  /** asciiJson. */
  slim: string;
  /** LineIndex.toPlain, its line starts in 4 bytes each. */
  lines: { starts: Int32Array; length: number; text?: string };
  /** The slim copy has inline-control comments: phase 2 must judge them again. */
  controlComments: boolean;
  diagnostics: PackedDiagnostics;
  carry: PhaseCarry;
}

function waitingFile(analysis: FileAnalysis, vocabularyIndex: ProjectIndex, config: LintConfig): WaitingFile {
  const phase1 = lintFilePhase(analysis, vocabularyIndex, config);
  const { lines, text: _text, ...rest } = phase1.slim;
  const plain = lines.toPlain();
  return {
    slim: asciiJson(rest),
    lines: { starts: Int32Array.from(plain.starts), length: plain.length, text: plain.text },
    controlComments: hasControlComments(phase1.slim),
    diagnostics: packDiagnostics(phase1.diagnostics, analysis.path),
    carry: phase1.carry,
  };
}

/** Was this first pass's result computed against what the project holds now (its config, vocabularies, the file's facts)? */
export function prelintedFresh(pre: Prelinted, project: Project, path: string): boolean {
  return pre.project === project && project.facts.get(path) === pre.facts && pre.config === project.config && pre.vocabVersion === project.vocabVersion;
}

/**
 * A file's diagnostics from its first pass, finished against the project's index now; undefined
 * when that pass is stale (prelintedFresh) or phase 2 failed on the slim copy: the file is then read
 * and linted (a closed file) or checked in the background (a large open document).
 */
export function prelintedDiagnostics(pre: Prelinted, project: Project, path: string): Diagnostic[] | undefined {
  if (!prelintedFresh(pre, project, path)) return undefined;
  if (pre.diagnostics) return unpackDiagnostics(pre.diagnostics, path);
  if (!pre.waiting) return undefined;
  try {
    return finishWaiting(pre.waiting, path, project.index, project.config);
  } catch {
    return undefined; // a rule that failed on the slim copy
  }
}

/** Phase 2 of a waiting file against the whole project's index: its final diagnostics. */
export function finishWaiting(waiting: WaitingFile, path: string, index: ProjectIndex, config: LintConfig): Diagnostic[] {
  const diagnostics = unpackDiagnostics(waiting.diagnostics, path);
  // finishFile's shortcut, taken before the slim copy is unpacked: most files need no project rule.
  if (!phase2Needed(waiting.controlComments, index.get(path), index, config)) return phase1Final(diagnostics);
  const lines = LineIndex.fromPlain({ ...waiting.lines, starts: Array.from(waiting.lines.starts) });
  const slim: FileAnalysis = { ...(JSON.parse(waiting.slim) as Omit<FileAnalysis, 'lines' | 'text'>), text: '', lines };
  return finishFile({ slim, diagnostics, carry: waiting.carry }, index, config);
}

interface ProjectState {
  setup: SessionProject;
  vocabularyIndex: ProjectIndex;
}

export class IndexSession {
  private readonly projects = new Map<number, ProjectState>();

  constructor(private readonly read: (path: string, kind: FileKind) => FileAnalysis) {}

  setup(project: SessionProject): void {
    const inScope = project.scope ? new Set(project.scope) : undefined;
    const scope = inScope ? (p: string) => inScope.has(p) : undefined;
    // vocabularyOnly: a rule that reads ids or uses in phase 1 throws instead of answering wrongly.
    const vocabularyIndex = new ProjectIndex(scope, true);
    for (const v of project.vocabularies) vocabularyIndex.set(v);
    this.projects.set(project.id, { setup: project, vocabularyIndex });
  }

  /** Phase 1 for some playbooks (or other files) of a project. A file that fails comes back without results: the caller reads it itself. */
  analyze(projectId: number, files: { path: string; kind: FileKind }[]): (IndexedFile | { path: string; failed: string })[] {
    const state = this.state(projectId);
    const config = state.setup.config;
    return files.map(({ path, kind }) => {
      let analysis: FileAnalysis | undefined;
      let packed: { exports: PackedExports; facts: PackedFacts };
      try {
        analysis = this.read(path, kind);
        packed = { exports: packExports(exportsOf(analysis)), facts: packFacts(factsOf(analysis)) };
      } catch (error) {
        return { path, failed: String((error as Error)?.stack ?? error) };
      }
      const out: IndexedFile = { path, kind, ...packed };
      try {
        if (projectRulesOn(kind, config)) out.waiting = waitingFile(analysis, state.vocabularyIndex, config);
        else out.diagnostics = packDiagnostics(lintFile(analysis, state.vocabularyIndex, config, FILE_RULES), path);
      } catch {
        // A rule that needs more than phase 1 gives (or a bug): the main thread lints this file the usual way.
      }
      return out;
    });
  }

  drop(projectId: number): void {
    this.projects.delete(projectId);
  }

  private state(projectId: number): ProjectState {
    const state = this.projects.get(projectId);
    if (!state) throw new Error(`index session: unknown project ${projectId}`);
    return state;
  }
}
