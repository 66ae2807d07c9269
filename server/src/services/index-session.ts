/**
 * The first indexing pass over a project's closed playbooks, in two phases
 * (as the CLI's engine does it), so that each file is parsed once:
 *
 * 1. analyse: read and analyse each file, keep its exports and facts (packed),
 *    and lint it with the rules that need only the file and the vocabularies
 *    (all of them but the 'project' rules). When no project rule is on for
 *    playbooks, those diagnostics are final. Otherwise a slim copy of the
 *    analysis waits for phase 2.
 * 2. finish: with every playbook's ids known, the project rules finish the
 *    waiting files.
 *
 * The same session runs in the main thread (small projects, or when worker
 * threads are not available) and in index worker threads; it never keeps a
 * full analysis beyond the file at hand.
 */
import type { LintConfig } from '../core/config';
import { lintFile } from '../core/lint';
import type { FileAnalysis } from '../core/model/model';
import { exportsOf, type FileExports } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import type { Diagnostic, FileKind } from '../core/types';
import { packExports, unpackIds, type PackedExports, type PackedIds } from '../core/project/lean-exports';
import { FILE_RULES, finishFile, lintFilePhase, projectRulesOn, type PendingFile } from '../core/two-phase-lint';
import { factsOf } from './facts';
import { packFacts, type PackedFacts } from './lean-facts';

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
  /** The session keeps a slim copy: finish() gives the diagnostics. */
  pending?: boolean;
}

export interface FinishedFile {
  path: string;
  diagnostics: PackedDiagnostics;
}

/**
 * A file's diagnostics packed: JSON without the file's own path in each, as UTF-8 bytes. With
 * every rule on, a playbook of the bench gets about 90 (coaching hints mostly): as objects about
 * 100 KB of heap, packed about a fifth of that (messages with typographic quotes make a string
 * two bytes a character; bytes keep ASCII at one), and one buffer to clone between threads
 * instead of thousands of objects. Thousands of files' diagnostics wait like this, in the
 * workers for phase 2 and in the workspace for the first lint.
 */
export type PackedDiagnostics = Uint8Array;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function packDiagnostics(diagnostics: Diagnostic[], path: string): PackedDiagnostics {
  return utf8Encoder.encode(JSON.stringify(diagnostics.map((d) => (d.path === path ? { ...d, path: undefined } : d))));
}

export function unpackDiagnostics(packed: PackedDiagnostics, path: string): Diagnostic[] {
  const diagnostics = JSON.parse(utf8Decoder.decode(packed)) as Diagnostic[];
  for (const d of diagnostics) d.path ??= path;
  return diagnostics;
}

/**
 * A slim analysis packed: its line index as it is, the rest (model ids and see-also with their
 * spans, inline-control comments, problems: plain data) as JSON in UTF-8 bytes. Each of the
 * thousands of files waiting for phase 2 in a worker then costs about a third of its slim
 * objects (bench playbook: about 8 KB instead of 27 KB), which is most of a worker's peak.
 * JSON keeps every value a project rule reads: strings (lone surrogates escaped and restored),
 * integers, booleans; only properties set to undefined come back absent.
 */
interface PackedSlim {
  lines: FileAnalysis['lines'];
  json: Uint8Array;
}

function packSlim(slim: FileAnalysis): PackedSlim {
  const { lines, text: _text, ...rest } = slim;
  return { lines, json: utf8Encoder.encode(JSON.stringify(rest)) };
}

function unpackSlim(packed: PackedSlim): FileAnalysis {
  return { ...(JSON.parse(utf8Decoder.decode(packed.json)) as Omit<FileAnalysis, 'lines' | 'text'>), text: '', lines: packed.lines };
}

/** A file waiting for phase 2: the slim analysis and phase 1's diagnostics, packed. */
interface WaitingFile {
  slim: PackedSlim;
  diagnostics: PackedDiagnostics;
  carry: PendingFile['carry'];
}

interface ProjectState {
  setup: SessionProject;
  scope: ((path: string) => boolean) | undefined;
  vocabularyIndex: ProjectIndex;
  pending: Map<string, WaitingFile>;
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
    this.projects.set(project.id, { setup: project, scope, vocabularyIndex, pending: new Map() });
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
        if (projectRulesOn(kind, config)) {
          const phase1 = lintFilePhase(analysis, state.vocabularyIndex, config);
          state.pending.set(path, { slim: packSlim(phase1.slim), diagnostics: packDiagnostics(phase1.diagnostics, path), carry: phase1.carry });
          out.pending = true;
        } else {
          out.diagnostics = packDiagnostics(lintFile(analysis, state.vocabularyIndex, config, FILE_RULES), path);
        }
      } catch {
        // A rule that needs more than phase 1 gives (or a bug): the main thread lints this file the usual way.
      }
      return out;
    });
  }

  /** Phase 2: every waiting file of the project, against an index holding every playbook's ids. */
  finish(projectId: number, index: ProjectIndex): FinishedFile[] {
    const state = this.state(projectId);
    const out: FinishedFile[] = [];
    for (const [path, pending] of state.pending) {
      // Gone as soon as it is finished: the results grow while the waiting files shrink.
      state.pending.delete(path);
      try {
        const phase1 = { slim: unpackSlim(pending.slim), diagnostics: unpackDiagnostics(pending.diagnostics, path), carry: pending.carry };
        out.push({ path, diagnostics: packDiagnostics(finishFile(phase1, index, state.setup.config), path) });
      } catch {
        // Left out: the main thread lints it the usual way.
      }
    }
    state.pending.clear();
    return out;
  }

  /** Phase 2 where the project index is not at hand (a worker thread): built from the packed ids of every playbook. */
  finishPacked(projectId: number, playbooks: PackedIds[]): FinishedFile[] {
    const state = this.state(projectId);
    const index = new ProjectIndex(state.scope);
    for (const v of state.setup.vocabularies) index.set(v);
    for (const p of playbooks) index.set(unpackIds(p));
    return this.finish(projectId, index);
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
