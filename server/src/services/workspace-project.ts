/**
 * What the workspace is made of: the host it reads files through, open documents, and
 * projects (a config, the files, a ProjectIndex of their exports, see-also facts).
 */
import { defaultConfig, type LintConfig } from '../core/config';
import { CONFIG_FILE_NAME } from '../core/file-kind';
import { SUPPRESSIONS_FILE_NAME, type SuppressionCounts } from '../core/suppressions';
import type { FileAnalysis } from '../core/model/model';
import { ProjectIndex } from '../core/project/project-index';
import type { Diagnostic, FileKind } from '../core/types';
import type { FileFacts } from './facts';
import type { BackgroundState, DocumentLintRequest, DocumentLintResult } from './background-document';
import type { PackedDiagnostics, WaitingFile } from './index-session';
import type { Indexer } from './inline-indexer';

/** File system access the workspace needs; the server passes a Node implementation. */
export interface WorkspaceHost {
  /** Reads and analyses a file; unreadable files come back as an analysis with one problem. */
  readAnalysis(path: string, kind: FileKind): FileAnalysis;
  /** The file's text, or undefined when it cannot be read. */
  readText(path: string): string | undefined;
  exists(path: string): boolean;
  /** Every playbook and vocabulary file under root (recursive), minus node_modules, .git and ignore globs. */
  listProjectFiles(root: string, ignore: readonly string[]): string[];
  /** Playbook and vocabulary files directly in a folder (not below it). */
  listFolderFiles(dir: string): string[];
  /** Every `.playbook-lint.yaml` under root (node_modules and .git excluded). */
  listConfigFiles(root: string): string[];
  matchGlobs(root: string, globs: readonly string[], ignore: readonly string[]): Set<string>;
  /**
   * Which of `paths` the project walk would list if they were on disk (same globs and ignore
   * rules, disk untouched): unsaved documents join a project, or its vocabulary scope, by it.
   * `'lintable'`: every playbook and vocabulary file name.
   */
  matchPaths(root: string, patterns: readonly string[] | 'lintable', ignore: readonly string[], paths: readonly string[]): Set<string>;
  findConfigUp(dir: string): string | undefined;
  /** Size of a file in bytes (0 when unknown): decides between indexing here and in worker threads. */
  fileSize?(path: string): number;
  /** Analyses and lints a large open playbook off this thread (background-document.ts); absent: in this thread. */
  lintInBackground?(request: DocumentLintRequest): Promise<DocumentLintResult>;
  /**
   * Worker threads for the first pass over `bytes` of playbooks, the largest of them `largest`
   * bytes; undefined: index in this thread.
   */
  createIndexer?(bytes: number, largest: number): Indexer | undefined;
  /**
   * Closed playbooks in the order their bytes arrive, for a host that is still reading them while
   * the folder is indexed (the browser: web/client-files.ts); absent: sorted by path.
   */
  arrivalOrder?(paths: readonly string[]): string[];
}

/** A project's baseline as last read: the counts applied, or (unusable file) none and the problem shown on it. */
export interface Suppressions {
  exists: boolean;
  counts: SuppressionCounts;
  problem?: Diagnostic;
}

export interface OpenDocument {
  path: string;
  kind: FileKind;
  text: string;
  version: number;
  /** Undefined while edits are pending (analysed on the next flush or request). */
  analysis?: FileAnalysis;
  lintCache?: { analysis: FileAnalysis; generation: number; diagnostics: Diagnostic[] };
  /** Large documents: the background check's state (background-document.ts). */
  background?: BackgroundState;
}

export class Project {
  readonly configPath: string;
  config: LintConfig;
  /** The config file's own analysis (when it exists), for its diagnostics. */
  configAnalysis?: FileAnalysis;
  /** The committed baseline (workspace-suppressions.ts): `.playbook-lint-suppressions.json` beside the config. */
  readonly suppressionsPath: string;
  suppressions: Suppressions = { exists: false, counts: {} };
  index: ProjectIndex;
  readonly facts = new Map<string, FileFacts>();
  /** Playbook and vocabulary files of this project (config file excluded). */
  files = new Set<string>();
  /** Bumped whenever the index changes: cached lint results of open files check it. */
  generation = 0;
  /** True while the first indexing pass runs; open documents join the project when it ends. */
  loading = false;
  /** Files appeared on disk while loading: list the project again when it ends. */
  rescanAfterLoad = false;
  /** Files changed on disk while loading (perhaps after an indexer read them): read again when it ends. */
  readonly changedWhileLoading = new Set<string>();
  /** Bumped when what phase-1 diagnostics read changes: the vocabularies in scope (and their places). */
  vocabVersion = 0;
  /** Bumped when what the project rules of playbooks read changes: any playbook's ids or their places. */
  idsVersion = 0;
  private scope?: Set<string>;

  constructor(
    readonly root: string,
    /** The workspace folder this project lives in; undefined for files opened outside any folder. */
    readonly folder: string | undefined,
    /** Loose projects without a config only know the files of one folder (no recursive scan). */
    readonly shallow: boolean,
  ) {
    this.configPath = `${root}/${CONFIG_FILE_NAME}`;
    this.suppressionsPath = `${root}/${SUPPRESSIONS_FILE_NAME}`;
    this.config = defaultConfig(root);
    this.index = new ProjectIndex((p) => this.inScope(p));
  }

  inScope(path: string): boolean {
    return !this.scope || this.scope.has(path);
  }

  setScope(scope: Set<string> | undefined): void {
    this.scope = scope;
    this.rebuildIndex();
  }

  /** The vocabulary paths in scope, for an index built elsewhere (null: every vocabulary). */
  scopeList(): string[] | null {
    return this.scope ? [...this.scope] : null;
  }

  /** A fresh index from the exports already held (after a scope change). */
  rebuildIndex(): void {
    const old = this.index;
    this.index = new ProjectIndex((p) => this.inScope(p));
    for (const e of old.allExports()) this.index.set(e);
    this.generation++;
    this.vocabVersion++;
    this.idsVersion++;
  }

  contains(path: string): boolean {
    return path.startsWith(`${this.root}/`);
  }
}

export interface WorkspaceOptions {
  log?: (message: string) => void;
}

/** A closed file's first-pass result, and what it was computed against. */
export interface Prelinted {
  /** Final diagnostics (no project rule applies: the result does not depend on other playbooks). */
  diagnostics?: PackedDiagnostics;
  /** Else phase 1's state: the first lint finishes it against the project's index (finishWaiting). */
  waiting?: WaitingFile;
  project: Project;
  /** The facts stored with the exports they came with: the file has not been stored again since. */
  facts: FileFacts;
  config: LintConfig;
  vocabVersion: number;
  /** Its early problems were shown (Workspace.onEarlyProblems), filtered by these suppressions. */
  shownEarlyWith?: Suppressions;
  /**
   * A large document opened while the first pass read it from the disk, with the same text: the
   * result stands for the document at this version (background-document.ts, takeFirstPass).
   */
  documentVersion?: number;
}

export type ProgressCallback = (done: number, total: number) => void;
