/**
 * The editor's view of the projects: one project per workspace folder (and per
 * folder below it holding its own `.playbook-lint.yaml`, as in the CLI), each
 * with its config and a ProjectIndex of every file's exports (its id table
 * follows each change instead of being rebuilt from every file).
 *
 * Memory: closed files cost their exports and see-also facts only, in the
 * lean form of lean-exports.ts; full analyses are kept for open documents. A
 * closed file is re-read from disk when it must be re-linted or a request
 * needs its text.
 *
 * The first pass over a folder parses each closed playbook once: an Indexer
 * (worker threads for big projects, else this thread) returns its exports and
 * its diagnostics, which the first lint of the file uses when nothing they
 * depend on has changed since (see `prelinted`).
 *
 * Incremental: a change to file F re-analyses F, compares its exports with the
 * previous ones and marks dirty exactly the files whose diagnostics can change
 * (see `dependents`). The caller (the language server) drains `dirty`.
 */
import * as nodePath from 'node:path';
import { analyzeText } from '../core/analyze';
import { configFromAnalysis, defaultConfig, type LintConfig } from '../core/config';
import { CONFIG_FILE_NAME, fileKindOf } from '../core/file-kind';
import { lintFile } from '../core/lint';
import type { FileAnalysis } from '../core/model/model';
import { exportsOf, type FileExports } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import type { Diagnostic, FileKind } from '../core/types';
import { factsOf, textHash, type FileFacts } from './facts';
import type { FinishedFile, SessionProject } from './index-session';
import { InlineIndexer, type AnalyzeResult, type Indexer } from './index-workers';
import { extraShape, idPlaces, idShape, sameIds, samePlaybookShape, termPlaces, termShape } from './export-shapes';
import { leanExports, leanFacts, unpackExports, unpackFacts } from './lean-exports';
import { pushAll } from '../core/arrays';

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
  /** Worker threads for the first pass over this many bytes of playbooks; undefined: index in this thread. */
  createIndexer?(bytes: number): Indexer | undefined;
}

export interface OpenDocument {
  path: string;
  kind: FileKind;
  text: string;
  version: number;
  /** Undefined while edits are pending (analysed on the next flush or request). */
  analysis?: FileAnalysis;
  lintCache?: { analysis: FileAnalysis; generation: number; diagnostics: Diagnostic[] };
}

export class Project {
  readonly configPath: string;
  config: LintConfig;
  /** The config file's own analysis (when it exists), for its diagnostics. */
  configAnalysis?: FileAnalysis;
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

/** Diagnostics of a closed file from the first pass, and what they were computed against. */
interface Prelinted {
  diagnostics: Diagnostic[];
  project: Project;
  /** The facts stored with the exports they came with: the file has not been stored again since. */
  facts: FileFacts;
  config: LintConfig;
  vocabVersion: number;
  /** Undefined when no project rule applies (the result does not depend on other playbooks). */
  idsVersion?: number;
}

export type ProgressCallback = (done: number, total: number) => void;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Workspace {
  readonly folders = new Set<string>();
  readonly projects = new Map<string, Project>();
  readonly docs = new Map<string, OpenDocument>();
  /** Files whose diagnostics may have changed (including files that left every project: clear them). */
  readonly dirty = new Set<string>();
  private dirtyListener?: () => void;
  /** Diagnostics from the first indexing pass, used once by lint() to avoid reading twice. */
  private prelinted = new Map<string, Prelinted>();
  private nextSessionId = 1;
  /** Worker threads the last first pass used (0: this thread), for `playbook-lint/stats`. */
  lastIndexThreads: number | undefined;
  /** A few closed-file analyses for requests that need text (hover on a see-also target). */
  private recent = new Map<string, FileAnalysis>();
  private indexing = 0;

  constructor(
    readonly host: WorkspaceHost,
    private readonly options: WorkspaceOptions = {},
  ) {}

  onDirty(listener: () => void): void {
    this.dirtyListener = listener;
  }

  /** A folder indexing now, or announced (in `folders`) and not indexed yet: no project of its own so far. */
  get isIndexing(): boolean {
    return this.indexing > 0 || [...this.folders].some((f) => !this.projects.has(f));
  }

  private markDirty(paths: Iterable<string>): void {
    let added = false;
    for (const p of paths) {
      if (!this.dirty.has(p)) {
        this.dirty.add(p);
        added = true;
      }
    }
    if (added) this.dirtyListener?.();
  }

  // ------------------------------------------------------------------ folders

  /**
   * Indexes a workspace folder: its project and every nested project with its own config.
   * Closed playbooks go through an Indexer (see index-session.ts): their first lint then
   * needs no second read, as long as what it depends on has not changed meanwhile.
   */
  async addFolder(folder: string, onProgress?: ProgressCallback): Promise<void> {
    this.folders.add(folder);
    // Loose projects the new folder now covers give way to it.
    for (const p of [...this.projects.values()]) {
      if (!p.folder && (p.root === folder || p.root.startsWith(`${folder}/`))) this.dropProject(p);
    }
    this.indexing++;
    const created: Project[] = [];
    let indexer: Indexer | undefined;
    try {
      const roots = new Set([folder]);
      for (const config of this.host.listConfigFiles(folder)) roots.add(nodePath.posix.dirname(config));
      for (const root of [...roots].sort()) {
        if (this.projects.has(root)) continue;
        const project = new Project(root, folder, false);
        project.loading = true;
        this.projects.set(root, project);
        created.push(project);
      }
      const lists = created.map((p) => {
        this.loadConfig(p);
        return this.listFiles(p);
      });
      const total = lists.reduce((n, l) => n + l.length, 0);
      let done = 0;
      let last = Date.now();
      const advance = async (n: number) => {
        done += n;
        if (Date.now() - last > 12) {
          onProgress?.(done, total);
          await yieldToEventLoop();
          last = Date.now();
        }
      };
      onProgress?.(0, total);
      const isClosedPlaybook = (f: string) => fileKindOf(f) === 'playbook' && !this.docs.has(f);
      const sizes = new Map<string, number>();
      let closedBytes = 0;
      for (const list of lists) {
        for (const f of list) {
          if (!isClosedPlaybook(f)) continue;
          const size = this.host.fileSize?.(f) ?? 0;
          sizes.set(f, size);
          closedBytes += size;
        }
      }
      for (let i = 0; i < created.length; i++) {
        const project = created[i];
        if (this.projects.get(project.root) !== project) continue; // removed meanwhile
        // Vocabularies first: playbooks depend on them, vocabularies rarely on playbooks. They and
        // open documents are analysed here; closed playbooks go to the indexer.
        const files = [...lists[i]].sort((a, b) => Number(fileKindOf(a) !== 'vocabulary') - Number(fileKindOf(b) !== 'vocabulary') || (a < b ? -1 : 1));
        const closed: string[] = [];
        for (const file of files) {
          if (this.projects.get(project.root) !== project) break;
          if (isClosedPlaybook(file)) {
            closed.push(file);
            continue;
          }
          project.files.add(file);
          this.store(project, this.docs.get(file) ? this.docAnalysis(file)! : this.readClosed(file));
          await advance(1);
        }
        if (closed.length && this.projects.get(project.root) === project) {
          indexer ??= this.host.createIndexer?.(closedBytes) ?? new InlineIndexer((p, k) => this.host.readAnalysis(p, k));
          this.lastIndexThreads = indexer.threads;
          await this.indexClosed(project, closed, indexer, sizes, advance);
        }
        if (this.projects.get(project.root) !== project) continue;
        project.loading = false;
        for (const path of project.changedWhileLoading) if (project.files.has(path) && !this.docs.has(path)) this.refreshClosed(project, path);
        project.changedWhileLoading.clear();
        if (project.rescanAfterLoad) {
          project.rescanAfterLoad = false;
          for (const f of this.listFiles(project)) if (!project.files.has(f)) this.addFile(project, f);
        }
        this.adoptOpenDocuments(project);
        project.generation++;
      }
      onProgress?.(total, total);
      for (const project of created) {
        if (this.projects.get(project.root) !== project) continue;
        this.markDirty(project.files);
        this.markDirty([project.configPath]);
      }
      // Open documents that now belong to a project (or moved between projects).
      this.markDirty(this.docs.keys());
    } finally {
      for (const p of created) p.loading = false;
      this.indexing--;
      // Worker threads end here: their memory goes back to the system.
      await indexer?.close();
    }
  }

  /** The first pass over a project's closed playbooks (see index-session.ts for the two phases). */
  private async indexClosed(project: Project, files: string[], indexer: Indexer, sizes: Map<string, number>, advance: (n: number) => Promise<void>): Promise<void> {
    const id = this.nextSessionId++;
    const config = project.config;
    const vocabVersion = project.vocabVersion;
    const vocabularies = [...project.index.allExports()]
      .filter((e) => e.kind === 'vocabulary')
      .map((e) => ({ ...e, ids: [], termUses: [] }));
    const setup: SessionProject = { id, config, scope: project.scopeList(), vocabularies };
    indexer.setup(setup);
    const batches: string[][] = [];
    let batch: string[] = [];
    let bytes = 0;
    for (const f of files) {
      batch.push(f);
      bytes += sizes.get(f) ?? 0;
      if (bytes >= indexer.batchBytes || batch.length >= 64) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length) batches.push(batch);
    const current = () => this.projects.get(project.root) === project;
    const pending = new Map<string, FileFacts>();
    let next = 0;
    const lane = async () => {
      while (next < batches.length && current()) {
        const paths = batches[next++];
        let results: AnalyzeResult[];
        try {
          results = await indexer.analyze(id, paths.map((path) => ({ path, kind: 'playbook' as const })));
        } catch {
          results = paths.map((path) => ({ path, failed: 'indexer' }));
        }
        if (!current()) return;
        for (const r of results) {
          project.files.add(r.path);
          if ('failed' in r || this.docs.has(r.path)) {
            // Opened meanwhile (the editor's text wins), or the indexer could not do it: read it here.
            this.store(project, this.docs.has(r.path) ? this.docAnalysis(r.path)! : this.readClosed(r.path));
            continue;
          }
          const facts = unpackFacts(r.facts, r.path);
          this.put(project, unpackExports(r.exports), facts);
          if (r.diagnostics) this.prelinted.set(r.path, { diagnostics: r.diagnostics, project, facts, config, vocabVersion });
          else if (r.pending) pending.set(r.path, facts);
        }
        await advance(results.length);
      }
    };
    // Two batches in flight per worker, so none waits while this thread stores results.
    await Promise.all(Array.from({ length: Math.max(1, indexer.threads * 2) }, lane));
    if (pending.size && current()) {
      const idsVersion = project.idsVersion;
      let finished: FinishedFile[] = [];
      try {
        finished = await indexer.finish(id, project.index);
      } catch {
        // Left to the usual lint.
      }
      if (current()) {
        for (const f of finished) {
          const facts = pending.get(f.path);
          if (facts && project.facts.get(f.path) === facts && !this.docs.has(f.path)) {
            this.prelinted.set(f.path, { diagnostics: f.diagnostics, project, facts, config, vocabVersion, idsVersion });
          }
        }
      }
    }
    indexer.drop(id);
  }

  removeFolder(folder: string): void {
    this.folders.delete(folder);
    for (const p of [...this.projects.values()]) if (p.folder === folder) this.dropProject(p);
    // A folder that contains the removed one now owns its files again.
    for (const other of this.folders) if (folder.startsWith(`${other}/`)) void this.reloadFolder(other);
    this.markDirty(this.docs.keys());
  }

  /** Re-discovers a folder's projects from scratch (a config file appeared or vanished). */
  async reloadFolder(folder: string, onProgress?: ProgressCallback): Promise<void> {
    for (const p of [...this.projects.values()]) if (p.folder === folder) this.dropProject(p);
    await this.addFolder(folder, onProgress);
  }

  private dropProject(project: Project): void {
    this.projects.delete(project.root);
    this.markDirty(project.files);
    this.markDirty([project.configPath]);
  }

  /** The project a path belongs to: the deepest project root above it. */
  projectOf(path: string): Project | undefined {
    let best: Project | undefined;
    for (const p of this.projects.values()) {
      if (p.contains(path) && (!best || p.root.length > best.root.length)) best = p;
    }
    return best;
  }

  private listFiles(project: Project): string[] {
    const found = project.shallow ? this.host.listFolderFiles(project.root) : this.host.listProjectFiles(project.root, project.config.ignore);
    return found.filter((f) => this.projectOf(f) === project);
  }

  /** Is an open path one of the project's files (not ignored)? Files not on disk yet are judged by their path. */
  private isMember(project: Project, path: string): boolean {
    if (project.files.has(path)) return true;
    if (project.loading) return false; // decided when the first pass ends
    if (!this.host.exists(path)) return this.wouldBeListed(project, path);
    // On disk but not listed: either ignored, or created after the listing. Ask the disk again.
    const listed = this.listFiles(project);
    for (const f of listed) if (!project.files.has(f) && f !== path) this.addFile(project, f);
    return listed.includes(path);
  }

  /** Would the project's listing include this path if it were on disk (globs and ignore rules only)? */
  private wouldBeListed(project: Project, path: string): boolean {
    if (project.shallow) return nodePath.posix.dirname(path) === project.root;
    return this.host.matchPaths(project.root, 'lintable', project.config.ignore, [path]).has(path);
  }

  /** Open documents of this project that are not among its files yet and belong there (after a listing). */
  private adoptOpenDocuments(project: Project): void {
    for (const [path, doc] of this.docs) {
      if (doc.kind !== 'config' && this.projectOf(path) === project && !project.files.has(path) && this.isMember(project, path)) {
        project.files.add(path);
        this.store(project, this.docAnalysis(path)!);
      }
    }
  }

  /**
   * The vocabulary files the config's `vocabulary` globs select: those on disk, and open
   * documents not saved yet whose paths match (a new vocabulary counts while it is typed).
   */
  private vocabularyScope(project: Project, globs: readonly string[]): Set<string> {
    const scope = this.host.matchGlobs(project.root, globs, project.config.ignore);
    const unsaved = [...this.docs.values()].filter((d) => d.kind === 'vocabulary' && project.contains(d.path) && !scope.has(d.path)).map((d) => d.path);
    for (const path of this.host.matchPaths(project.root, globs, project.config.ignore, unsaved)) scope.add(path);
    return scope;
  }

  // ------------------------------------------------------------------ config

  private configText(project: Project): string | undefined {
    const doc = this.docs.get(project.configPath);
    return doc ? doc.text : this.host.readText(project.configPath);
  }

  /** Loads (or reloads) a project's config; returns true when the settings changed. */
  private loadConfig(project: Project): boolean {
    const text = this.configText(project);
    const before = JSON.stringify(project.config);
    if (text === undefined) {
      project.configAnalysis = undefined;
      project.config = defaultConfig(project.root);
    } else {
      const analysis = this.docs.get(project.configPath)?.analysis ?? analyzeText(project.configPath, 'config', text);
      project.configAnalysis = analysis;
      const { config, problems } = configFromAnalysis(project.root, analysis);
      // An invalid config is reported on the config file; the project runs on defaults meanwhile.
      project.config = problems.length ? { ...defaultConfig(project.root), file: project.configPath } : config;
    }
    const changed = JSON.stringify(project.config) !== before;
    if (changed || !project.index) {
      project.setScope(project.config.vocabulary ? this.vocabularyScope(project, project.config.vocabulary) : undefined);
    }
    return changed;
  }

  /** A config edit: new settings may change the file set, the vocabulary scope and every result. */
  private reconfigure(project: Project): void {
    if (!this.loadConfig(project)) {
      this.markDirty([project.configPath]);
      return;
    }
    const listed = new Set(this.listFiles(project));
    for (const path of [...project.files]) {
      // An open document not on disk stays while the new globs would still list it.
      const keep = listed.has(path) || (this.docs.has(path) && !this.host.exists(path) && this.wouldBeListed(project, path));
      if (!keep) this.removeFile(project, path);
    }
    for (const path of listed) if (!project.files.has(path)) this.addFile(project, path);
    this.adoptOpenDocuments(project);
    project.rebuildIndex();
    this.markDirty(project.files);
    this.markDirty([project.configPath]);
    this.markDirty(this.docs.keys());
  }

  // ------------------------------------------------------------------ documents

  /** A document opened in the editor: its text overrides the disk from now on. */
  open(path: string, text: string, version: number): void {
    const kind = fileKindOf(path);
    if (!kind) return;
    this.docs.set(path, { path, kind, text, version });
    // Files under a workspace folder wait for its indexing; only files outside every folder get a project of their own.
    if (kind !== 'config' && !this.projectOf(path) && ![...this.folders].some((f) => path.startsWith(`${f}/`))) this.createLooseProject(path);
    this.flush(path);
  }

  /** Records an edit; analysis waits for flush() or the next request. */
  change(path: string, text: string, version: number): void {
    const doc = this.docs.get(path);
    if (!doc) return this.open(path, text, version);
    doc.text = text;
    doc.version = version;
    doc.analysis = undefined;
    doc.lintCache = undefined;
  }

  /** Analyses a changed document and marks what its change affects. */
  flush(path: string): void {
    const doc = this.docs.get(path);
    if (!doc || doc.analysis) return;
    doc.analysis = analyzeText(path, doc.kind, doc.text);
    if (doc.kind === 'config') {
      const project = this.projects.get(nodePath.posix.dirname(path));
      if (project) this.reconfigure(project);
      else this.markDirty([path]);
      return;
    }
    const project = this.projectOf(path);
    if (project && this.isMember(project, path)) {
      const joins = !project.files.has(path);
      project.files.add(path);
      this.store(project, doc.analysis);
      // A new vocabulary document may fall under the config's vocabulary globs.
      if (joins && doc.kind === 'vocabulary') this.refreshScope(project);
    } else this.markDirty([path]);
  }

  flushAll(): void {
    for (const path of this.docs.keys()) this.flush(path);
  }

  close(path: string): void {
    const doc = this.docs.get(path);
    if (!doc) return;
    this.docs.delete(path);
    if (doc.kind === 'config') {
      const project = this.projects.get(nodePath.posix.dirname(path));
      if (project) this.reconfigure(project);
      this.markDirty([path]);
      return;
    }
    const project = this.projectOf(path);
    if (project?.files.has(path)) {
      if (this.host.exists(path)) this.store(project, this.readClosed(path));
      else this.removeFile(project, path);
    }
    this.markDirty([path]);
  }

  /** The current analysis of an open document (analysed now if edits are pending). */
  private docAnalysis(path: string): FileAnalysis | undefined {
    const doc = this.docs.get(path);
    if (!doc) return undefined;
    if (!doc.analysis) this.flush(path);
    return doc.analysis;
  }

  // ------------------------------------------------------------------ disk

  /** File changes on disk (from the client's watcher or the server's own). */
  diskChanged(events: readonly { path: string; type: 'created' | 'changed' | 'deleted' }[]): void {
    const rescan = new Set<Project>();
    const reload = new Set<string>();
    for (const { path, type } of events) {
      this.recent.delete(path);
      this.prelinted.delete(path);
      const kind = fileKindOf(path);
      if (kind === 'config') {
        const root = nodePath.posix.dirname(path);
        const project = this.projects.get(root);
        if (type === 'changed' && project) {
          if (!this.docs.has(path)) this.reconfigure(project);
        } else {
          // A config appearing or vanishing moves the project boundaries of its folder.
          const folder = [...this.folders].filter((f) => path.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
          if (folder) reload.add(folder);
          else if (project) this.reconfigure(project);
        }
        continue;
      }
      if (!kind) {
        // A folder deleted or renamed: every known file below it is gone.
        if (type === 'deleted') {
          for (const project of this.projects.values()) {
            for (const file of [...project.files]) if (file.startsWith(`${path}/`) && !this.docs.has(file)) this.removeFile(project, file);
          }
        } else if (type === 'created') {
          for (const project of this.projects.values()) if (project.contains(path) || project.root.startsWith(`${path}/`)) rescan.add(project);
        }
        continue;
      }
      const project = this.projectOf(path);
      if (!project) continue;
      if (this.docs.has(path)) continue; // the editor's text wins while the document is open
      if (project.loading && type !== 'deleted') project.changedWhileLoading.add(path);
      if (type === 'deleted') {
        if (project.files.has(path)) this.removeFile(project, path);
      } else if (project.files.has(path)) {
        this.refreshClosed(project, path);
      } else {
        rescan.add(project);
      }
    }
    for (const project of rescan) {
      if (this.projects.get(project.root) !== project) continue;
      if (project.loading) {
        project.rescanAfterLoad = true;
        continue;
      }
      for (const f of this.listFiles(project)) if (!project.files.has(f)) this.addFile(project, f);
    }
    for (const folder of reload) void this.reloadFolder(folder);
  }

  private addFile(project: Project, path: string): void {
    project.files.add(path);
    this.store(project, this.docs.has(path) ? this.docAnalysis(path)! : this.readClosed(path));
    if (project.config.vocabulary && fileKindOf(path) === 'vocabulary') this.refreshScope(project);
  }

  private removeFile(project: Project, path: string): void {
    project.files.delete(path);
    this.recent.delete(path);
    this.prelinted.delete(path);
    const old = project.index.get(path);
    project.index.delete(path);
    project.facts.delete(path);
    project.generation++;
    if (old?.kind === 'vocabulary') project.vocabVersion++;
    if (old?.kind === 'playbook') project.idsVersion++;
    this.markDirty([path]);
    if (old) this.markDirty(this.dependents(project, old, undefined));
    if (project.config.vocabulary && old?.kind === 'vocabulary') this.refreshScope(project);
  }

  private refreshScope(project: Project): void {
    if (!project.config.vocabulary) return;
    project.setScope(this.vocabularyScope(project, project.config.vocabulary));
    this.markDirty(project.files);
  }

  /** A closed file changed on disk (or was found to differ when read): index its new exports. */
  private refreshClosed(project: Project, path: string): void {
    // Unchanged content (a touch, a save of the same text, a poller double-check) costs a read, not an analysis.
    const facts = project.facts.get(path);
    const text = this.host.readText(path);
    if (text !== undefined && facts && facts.length === text.length && facts.hash === textHash(text)) return;
    this.store(project, this.readClosed(path));
  }

  private readClosed(path: string): FileAnalysis {
    const kind = fileKindOf(path) ?? 'playbook';
    return this.host.readAnalysis(path, kind);
  }

  /** Puts a file's exports into the index and marks everything that depends on the difference. */
  private store(project: Project, analysis: FileAnalysis): void {
    // An open document keeps its analysis (and text) anyway: its exports need no lean copy, and it is
    // stored again on every keystroke. It is stored lean when it closes.
    if (this.docs.get(analysis.path)?.analysis === analysis) this.put(project, exportsOf(analysis), factsOf(analysis, false));
    else this.put(project, leanExports(exportsOf(analysis)), leanFacts(factsOf(analysis), analysis.path));
  }

  private put(project: Project, exports: FileExports, facts: FileFacts): void {
    const path = exports.path;
    const old = project.index.get(path);
    project.index.set(exports);
    project.facts.set(path, facts);
    project.generation++;
    this.prelinted.delete(path);
    if (exports.kind === 'vocabulary' || old?.kind === 'vocabulary') project.vocabVersion++;
    if ((exports.kind === 'playbook' || old?.kind === 'playbook') && !samePlaybookShape(old, exports)) project.idsVersion++;
    this.markDirty([path]);
    if (this.indexing && !old) return; // first pass: everything is linted afterwards anyway
    this.markDirty(this.dependents(project, old, exports));
  }

  /**
   * Files whose diagnostics can change when one file's exports go from `old` to
   * `next` (either may be undefined: a file added or removed). Conservative
   * where a rule's dependence is wide: a change to the set of terms re-checks
   * the whole project, because `undefined-term` suggestions and `unlinked-term`
   * read every term name.
   */
  dependents(project: Project, old: FileExports | undefined, next: FileExports | undefined): Set<string> {
    const out = new Set<string>();
    const any = next ?? old;
    if (!any) return out;
    const all = () => new Set([...project.files, project.configPath]);
    if (extraShape(old) !== extraShape(next)) return all();
    if (any.kind === 'vocabulary' && project.inScope(any.path)) {
      if (termShape(old) !== termShape(next)) return all();
      if (termPlaces(old) !== termPlaces(next)) {
        // Same names, moved: messages and related locations of duplicates elsewhere mention the place.
        for (const t of next?.terms ?? []) for (const e of project.index.terms().get(t.key) ?? []) out.add(e.location.path);
      }
    }
    if (any.kind === 'playbook' && !sameIds(old, next)) {
      if (idShape(old) !== idShape(next)) {
        // A see-also naming an id that appeared or vanished may resolve differently now, and one
        // naming no id gets its "did you mean" from every id; other see-also entries cannot change.
        // (Typing a new id changes the ids on every keystroke: most files must not be re-read.)
        const ids = project.index.ids();
        const before = new Set((old?.ids ?? []).map((e) => e.id));
        const after = new Set((next?.ids ?? []).map((e) => e.id));
        const changed = new Set([...before, ...after].filter((id) => before.has(id) !== after.has(id)));
        for (const f of project.index.allExports()) {
          if (f.seeAlso.some((s) => changed.has(s) || !ids.has(s))) out.add(f.path);
        }
        for (const id of new Set([...(old?.ids ?? []), ...(next?.ids ?? [])].map((e) => e.id))) {
          for (const e of project.index.ids().get(id) ?? []) out.add(e.location.path);
        }
      } else if (idPlaces(old) !== idPlaces(next)) {
        for (const e of next?.ids ?? []) for (const d of project.index.ids().get(e.id) ?? []) out.add(d.location.path);
      }
    }
    if (any.kind === 'playbook') {
      // unused-term: vocabularies defining a term whose playbook uses appeared or vanished.
      const before = new Set((old?.termUses ?? []).map((u) => u.key));
      const after = new Set((next?.termUses ?? []).map((u) => u.key));
      for (const key of new Set([...before, ...after])) {
        if (before.has(key) && after.has(key)) continue;
        const entry = project.index.lookupTerm(key);
        for (const k of [key, entry?.termKey]) {
          if (!k) continue;
          for (const e of project.index.terms().get(k) ?? []) out.add(e.location.path);
        }
      }
    }
    out.delete(any.path);
    return out;
  }

  // ------------------------------------------------------------------ loose files

  private createLooseProject(path: string): Project {
    const config = this.host.findConfigUp(nodePath.posix.dirname(path));
    const root = config ? nodePath.posix.dirname(config.split(nodePath.sep).join('/')) : nodePath.posix.dirname(path);
    const project = new Project(root, undefined, !config);
    this.projects.set(root, project);
    this.loadConfig(project);
    for (const file of this.listFiles(project)) {
      project.files.add(file);
      if (file !== path) this.store(project, this.readClosed(file));
    }
    this.markDirty(project.files);
    return project;
  }

  // ------------------------------------------------------------------ queries

  /** The analysis of any file: the open document's, else read from disk (a few are kept). */
  analysis(path: string): FileAnalysis | undefined {
    const open = this.docAnalysis(path);
    if (open) return open;
    const kind = fileKindOf(path);
    if (!kind) return undefined;
    const cached = this.recent.get(path);
    if (cached) return cached;
    if (!this.host.exists(path)) return undefined;
    const analysis = this.host.readAnalysis(path, kind);
    this.remember(analysis);
    this.checkFresh(analysis);
    return analysis;
  }

  private remember(analysis: FileAnalysis): void {
    this.recent.delete(analysis.path);
    this.recent.set(analysis.path, analysis);
    while (this.recent.size > 8) this.recent.delete(this.recent.keys().next().value!);
  }

  /** A closed file read again differs from what was indexed (a missed watcher event): index it now. */
  private checkFresh(analysis: FileAnalysis): void {
    const project = this.projectOf(analysis.path);
    const facts = project?.facts.get(analysis.path);
    if (!project || !facts || this.docs.has(analysis.path)) return;
    if (facts.length !== analysis.text.length || facts.hash !== textHash(analysis.text)) this.store(project, analysis);
  }

  /** The file's project is still being indexed: its result would be premature (it is marked dirty again when indexing ends). */
  isPending(path: string): boolean {
    const project = this.projectOf(path);
    if (project) return project.loading;
    // Under a folder the client announced whose indexing has not begun: its project is coming.
    return [...this.folders].some((f) => path.startsWith(`${f}/`) && !this.projects.has(f));
  }

  /** Is this path one the workspace reports on (a project file or an existing config file)? */
  isReported(path: string): boolean {
    const kind = fileKindOf(path);
    if (kind === 'config') {
      const project = this.projects.get(nodePath.posix.dirname(path));
      return !!project && (this.docs.has(path) || !!project.configAnalysis);
    }
    return !!this.projectOf(path)?.files.has(path);
  }

  /**
   * Diagnostics for one file, or undefined when the file is not reported
   * (outside every project, ignored, deleted): the caller clears it then.
   */
  lint(path: string): Diagnostic[] | undefined {
    const kind = fileKindOf(path);
    if (kind === 'config') {
      const project = this.projects.get(nodePath.posix.dirname(path));
      if (!project) return undefined;
      if (this.docs.has(path)) this.flush(path);
      const analysis = project.configAnalysis;
      if (!analysis) return undefined;
      // The config's own settings must not hide its own errors.
      return lintFile(analysis, project.index, defaultConfig(project.root));
    }
    const project = this.projectOf(path);
    if (!project?.files.has(path)) return undefined;
    const doc = this.docs.get(path);
    if (doc) {
      const analysis = this.docAnalysis(path)!;
      const cache = doc.lintCache;
      if (cache && cache.analysis === analysis && cache.generation === project.generation) return cache.diagnostics;
      const diagnostics = lintFile(analysis, project.index, project.config);
      doc.lintCache = { analysis, generation: project.generation, diagnostics };
      return diagnostics;
    }
    if (!this.host.exists(path)) {
      // Gone since it was listed (a file that vanished mid-run): nothing to report.
      this.removeFile(project, path);
      return undefined;
    }
    const pre = this.prelinted.get(path);
    if (pre) {
      this.prelinted.delete(path);
      const fresh =
        pre.project === project &&
        project.facts.get(path) === pre.facts &&
        pre.config === project.config &&
        pre.vocabVersion === project.vocabVersion &&
        (pre.idsVersion === undefined || pre.idsVersion === project.idsVersion);
      if (fresh) return pre.diagnostics;
    }
    const analysis = this.recent.get(path) ?? this.host.readAnalysis(path, kind ?? 'playbook');
    this.checkFresh(analysis);
    return lintFile(analysis, project.index, project.config);
  }

  /** Every path the workspace reports on: project files and existing config files. */
  reportedPaths(): string[] {
    const out: string[] = [];
    for (const p of this.projects.values()) {
      pushAll(out, p.files);
      if (p.configAnalysis) out.push(p.configPath);
    }
    return out;
  }

  /** Drops what the first indexing pass kept and no lint used (after the first lint pass). */
  releasePrelinted(): void {
    this.prelinted.clear();
  }
}
