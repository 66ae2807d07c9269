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
 * This class holds the state and the operations on it; the larger pieces live beside it:
 *   workspace-project.ts       Project, OpenDocument, the host interface
 *   workspace-indexing.ts      the first pass over a folder (addFolder)
 *   workspace-config.ts        loading a config, vocabulary scope, config edits
 *   workspace-disk.ts          file events from disk
 *   workspace-invalidation.ts  which files a change of exports affects
 *   workspace-lint.ts          linting one file (with the first pass's results)
 *   workspace-suppressions.ts  the committed baseline (.playbook-lint-suppressions.json)
 *
 * Incremental: a change to file F re-analyses F (`flush`), compares its exports with the
 * previous ones and marks dirty exactly the files whose diagnostics can change. The caller
 * (the language server's check queue) drains `dirty`.
 */
import { dirName } from '../core/paths';
import { analyzeText } from '../core/analyze';
import { fileKindOf } from '../core/file-kind';
import { isSuppressionsFile } from '../core/suppressions';
import type { FileAnalysis } from '../core/model/model';
import { exportsOf, type FileExports } from '../core/project/exports';
import type { Diagnostic } from '../core/types';
import { samePlaybookShape } from './export-shapes';
import { factsOf, textHash, type FileFacts } from './facts';
import { leanExports } from '../core/project/lean-exports';
import { leanFacts } from './lean-facts';
import { loadConfig, reconfigure, vocabularyScope } from './workspace-config';
import { applyDiskEvents, type DiskEvent } from './workspace-disk';
import { indexFolder } from './workspace-indexing';
import { dependents } from './workspace-invalidation';
import { earlyProblemsStand, lintInWorkspace } from './workspace-lint';
import type { EarlyProblems } from './workspace-indexing';
import { Project, type OpenDocument, type Prelinted, type ProgressCallback, type WorkspaceHost, type WorkspaceOptions } from './workspace-project';
import { pushAll } from '../core/arrays';
import { backgroundDiagnostics, checkedInBackground } from './background-document';

export { Project, type OpenDocument, type ProgressCallback, type WorkspaceHost, type WorkspaceOptions } from './workspace-project';

export class Workspace {
  readonly folders = new Set<string>();
  readonly projects = new Map<string, Project>();
  readonly docs = new Map<string, OpenDocument>();
  /** Files whose diagnostics may have changed (including files that left every project: clear them). */
  readonly dirty = new Set<string>();
  private dirtyListener?: () => void;
  // The members below without `private` are shared with the workspace-*.ts modules, not API.
  /** Diagnostics from the first indexing pass, used once by lint() to avoid reading twice. */
  readonly prelinted = new Map<string, Prelinted>();
  /**
   * Told, during the first pass, of each closed file's problems that no other playbook can change
   * (see workspace-indexing.ts reportEarly): the browser's server shows them while files still arrive.
   */
  onEarlyProblems?: (files: EarlyProblems[]) => void;
  nextSessionId = 1;
  /** Worker threads the last first pass used (0: this thread), for `playbook-lint/stats`. */
  lastIndexThreads: number | undefined;
  /** Checks of large open documents started in the background (background-document.ts), for `playbook-lint/stats`. */
  backgroundRuns = 0;
  /** A few closed-file analyses for requests that need text (hover on a see-also target). */
  readonly recent = new Map<string, FileAnalysis>();
  indexing = 0;

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

  markDirty(paths: Iterable<string>): void {
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
   * Indexes a workspace folder: its project and every nested project with its own config
   * (see workspace-indexing.ts).
   */
  addFolder(folder: string, onProgress?: ProgressCallback): Promise<void> {
    return indexFolder(this, folder, onProgress);
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

  dropProject(project: Project): void {
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

  listFiles(project: Project): string[] {
    const found = project.shallow ? this.host.listFolderFiles(project.root) : this.host.listProjectFiles(project.root, project.config.ignore);
    return found.filter((f) => this.projectOf(f) === project);
  }

  /** Is an open path one of the project's files (not ignored)? Files not on disk yet are judged by their path. */
  isMember(project: Project, path: string): boolean {
    if (project.files.has(path)) return true;
    if (project.loading) return false; // decided when the first pass ends
    if (!this.host.exists(path)) return this.wouldBeListed(project, path);
    // On disk but not listed: either ignored, or created after the listing. Ask the disk again.
    const listed = this.listFiles(project);
    for (const f of listed) if (!project.files.has(f) && f !== path) this.addFile(project, f);
    return listed.includes(path);
  }

  /** Would the project's listing include this path if it were on disk (globs and ignore rules only)? */
  wouldBeListed(project: Project, path: string): boolean {
    if (project.shallow) return dirName(path) === project.root;
    return this.host.matchPaths(project.root, 'lintable', project.config.ignore, [path]).has(path);
  }

  /** Open documents of this project that are not among its files yet and belong there (after a listing). */
  adoptOpenDocuments(project: Project): void {
    for (const [path, doc] of this.docs) {
      if (doc.kind !== 'config' && this.projectOf(path) === project && !project.files.has(path) && this.isMember(project, path)) {
        project.files.add(path);
        this.storeFile(project, path);
      }
    }
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
    if (doc && checkedInBackground(this, doc)) return this.flushInBackground(path);
    if (!doc || doc.analysis) return;
    doc.analysis = this.sameTextRead(path, doc.text) ?? analyzeText(path, doc.kind, doc.text);
    if (doc.kind === 'config') {
      const project = this.projects.get(dirName(path));
      if (project) reconfigure(this, project);
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

  /** A large document joins its project now; its analysis and check run in the background (background-document.ts) when the engine asks. */
  private flushInBackground(path: string): void {
    const doc = this.docs.get(path)!;
    const project = this.projectOf(path);
    if (project && this.isMember(project, path)) project.files.add(path);
    if (doc.background?.result?.version !== doc.version) this.markDirty([path]);
  }

  flushAll(): void {
    for (const path of this.docs.keys()) this.flush(path);
  }

  close(path: string): void {
    const doc = this.docs.get(path);
    if (!doc) return;
    this.docs.delete(path);
    if (doc.kind === 'config') {
      const project = this.projects.get(dirName(path));
      if (project) reconfigure(this, project);
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
  docAnalysis(path: string): FileAnalysis | undefined {
    const doc = this.docs.get(path);
    if (!doc) return undefined;
    // A large document is analysed here only for a request on it (hover, completion there); its check runs in the background.
    if (!doc.analysis && checkedInBackground(this, doc)) doc.analysis = analyzeText(path, doc.kind, doc.text);
    else if (!doc.analysis) this.flush(path);
    return doc.analysis;
  }

  // ------------------------------------------------------------------ disk

  /** File changes on disk (from the client's watcher or the server's own). */
  diskChanged(events: readonly DiskEvent[]): void {
    applyDiskEvents(this, events);
  }

  addFile(project: Project, path: string): void {
    project.files.add(path);
    this.storeFile(project, path);
    if (project.config.vocabulary && fileKindOf(path) === 'vocabulary') this.refreshScope(project);
  }

  removeFile(project: Project, path: string): void {
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
    if (old) this.markDirty(dependents(project, old, undefined));
    if (project.config.vocabulary && old?.kind === 'vocabulary') this.refreshScope(project);
  }

  refreshScope(project: Project): void {
    if (!project.config.vocabulary) return;
    project.setScope(vocabularyScope(this, project, project.config.vocabulary));
    this.markDirty(project.files);
  }

  /** A closed file changed on disk (or was found to differ when read): index its new exports. */
  refreshClosed(project: Project, path: string): void {
    // Unchanged content (a touch, a save of the same text, a poller double-check) costs a read, not an analysis.
    const facts = project.facts.get(path);
    const text = this.host.readText(path);
    if (text !== undefined && facts && facts.length === text.length && facts.hash === textHash(text)) return;
    this.store(project, this.readClosed(path));
  }

  readClosed(path: string): FileAnalysis {
    const kind = fileKindOf(path) ?? 'playbook';
    return this.host.readAnalysis(path, kind);
  }

  /** Puts a file's exports into the index and marks everything that depends on the difference. */
  store(project: Project, analysis: FileAnalysis): void {
    const open = this.docs.get(analysis.path)?.analysis === analysis;
    // A document opened as it is on disk (or edited back to the text indexed): the same exports, so nothing that
    // depends on them changes; the document itself is checked again. (A closed file's read always replaces the exports: they must be lean.)
    const facts = project.facts.get(analysis.path);
    if (open && facts && project.index.get(analysis.path) && facts.length === analysis.text.length && facts.hash === textHash(analysis.text)) {
      this.markDirty([analysis.path]);
      return;
    }
    // An open document keeps its analysis (and text) anyway: its exports need no lean copy, and it is
    // stored again on every keystroke. It is stored lean when it closes.
    if (open) this.put(project, exportsOf(analysis), factsOf(analysis, false));
    else this.put(project, leanExports(exportsOf(analysis)), leanFacts(factsOf(analysis), analysis.path));
  }

  /** A project file's exports into the index: an open document's (a large one's from the background), else the disk's. */
  storeFile(project: Project, path: string): void {
    const doc = this.docs.get(path);
    if (doc && checkedInBackground(this, doc)) this.flushInBackground(path);
    else if (doc) this.store(project, this.docAnalysis(path)!);
    else {
      const analysis = this.readClosed(path);
      this.store(project, analysis);
      // Kept for a moment: the editor often opens a vocabulary just read (sameTextRead), and a big one takes seconds to analyse.
      if (analysis.kind === 'vocabulary') this.remember(analysis);
    }
  }

  /** The analysis of a closed read of exactly this text (a file opened as it is on disk): the same analysis, not made twice. */
  private sameTextRead(path: string, text: string): FileAnalysis | undefined {
    const read = this.recent.get(path);
    return read && read.text === text && !read.syntaxProblems.some((p) => p.unreadable) ? read : undefined;
  }

  put(project: Project, exports: FileExports, facts: FileFacts): void {
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
    this.markDirty(dependents(project, old, exports));
  }

  /** Files whose diagnostics can change when one file's exports go from `old` to `next` (see workspace-invalidation.ts). */
  dependents(project: Project, old: FileExports | undefined, next: FileExports | undefined): Set<string> {
    return dependents(project, old, next);
  }

  // ------------------------------------------------------------------ loose files

  createLooseProject(path: string): Project {
    const config = this.host.findConfigUp(dirName(path));
    const root = config ? dirName(config) : dirName(path);
    const project = new Project(root, undefined, !config);
    this.projects.set(root, project);
    loadConfig(this, project);
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

  remember(analysis: FileAnalysis): void {
    this.recent.delete(analysis.path);
    this.recent.set(analysis.path, analysis);
    while (this.recent.size > 8) this.recent.delete(this.recent.keys().next().value!);
  }

  /** A closed file read again differs from what was indexed (a missed watcher event): index it now. */
  checkFresh(analysis: FileAnalysis): void {
    const project = this.projectOf(analysis.path);
    const facts = project?.facts.get(analysis.path);
    if (!project || !facts || this.docs.has(analysis.path)) return;
    if (facts.length !== analysis.text.length || facts.hash !== textHash(analysis.text)) this.store(project, analysis);
  }

  /** The file's project is still being indexed: its result would be premature (it is marked dirty again when indexing ends). */
  isPending(path: string): boolean {
    const project = this.projectOf(path);
    if (project?.loading) return true;
    if (project) {
      // A large document whose check in the background is out (or must start): its last result stands meanwhile.
      const doc = this.docs.get(path);
      return !!doc && project.files.has(path) && checkedInBackground(this, doc) && backgroundDiagnostics(this, doc, project) === undefined;
    }
    // Under a folder the client announced whose indexing has not begun: its project is coming.
    return [...this.folders].some((f) => path.startsWith(`${f}/`) && !this.projects.has(f));
  }

  /** Is this path one the workspace reports on (a project file, an existing config or suppressions file)? */
  isReported(path: string): boolean {
    if (isSuppressionsFile(path)) return !!this.projects.get(dirName(path))?.suppressions.exists;
    const kind = fileKindOf(path);
    if (kind === 'config') {
      const project = this.projects.get(dirName(path));
      return !!project && (this.docs.has(path) || !!project.configAnalysis);
    }
    return !!this.projectOf(path)?.files.has(path);
  }

  /**
   * Diagnostics for one file, or undefined when the file is not reported
   * (outside every project, ignored, deleted): the caller clears it then.
   */
  lint(path: string): Diagnostic[] | undefined {
    return lintInWorkspace(this, path);
  }

  /** Are a closed file's early problems (onEarlyProblems) its final ones? Then its first pass's result is used up. */
  earlyProblemsStand(path: string): boolean {
    return earlyProblemsStand(this, path);
  }

  /** Every path the workspace reports on: project files and existing config and suppressions files. */
  reportedPaths(): string[] {
    const out: string[] = [];
    for (const p of this.projects.values()) {
      pushAll(out, p.files);
      if (p.configAnalysis) out.push(p.configPath);
      if (p.suppressions.exists) out.push(p.suppressionsPath);
    }
    return out;
  }

  log(message: string): void {
    this.options.log?.(message);
  }

  /**
   * After the first lint pass: drops what the first indexing pass kept and no lint used, and the
   * term-use tables that pass built (unused-term; see ProjectIndex.releaseUses).
   */
  releasePrelinted(): void {
    this.prelinted.clear();
    for (const project of this.projects.values()) project.index.releaseUses();
  }
}
