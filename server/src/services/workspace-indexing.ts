/**
 * The first pass over a workspace folder: its projects (one per `.playbook-lint.yaml`, the
 * folder's own), their configs and files. Vocabularies and open documents are analysed here;
 * closed playbooks go through an Indexer (worker threads for big projects, else this thread),
 * which returns each file's exports and diagnostics: the first lint of the file uses them when
 * nothing they depend on has changed since (see Workspace `prelinted`).
 */
import { dirName } from '../core/paths';
import { fileKindOf } from '../core/file-kind';
import { FILE_RULES, mayControl, phase1Final } from '../core/two-phase-lint';
import { lintFile, MAX_DIAGNOSTICS_PER_FILE } from '../core/lint';
import { checkedInBackground } from './background-document';
import type { Diagnostic } from '../core/types';
import { unpackDiagnostics, type IndexedFile, type SessionProject } from './index-session';
import { unpackExports } from '../core/project/lean-exports';
import { InlineIndexer, type AnalyzeResult, type Indexer } from './inline-indexer';
import { unpackFacts } from './lean-facts';
import type { Workspace } from './workspace';
import { loadConfig } from './workspace-config';
import { type Prelinted, Project, type ProgressCallback } from './workspace-project';
import { withoutSuppressed } from './workspace-suppressions';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Indexes a workspace folder: its project and every nested project with its own config.
 * Closed playbooks go through an Indexer (see index-session.ts): their first lint then
 * needs no second read, as long as what it depends on has not changed meanwhile.
 */
export async function indexFolder(ws: Workspace, folder: string, onProgress?: ProgressCallback): Promise<void> {
  ws.folders.add(folder);
  // Loose projects the new folder now covers give way to it.
  for (const p of [...ws.projects.values()]) {
    if (!p.folder && (p.root === folder || p.root.startsWith(`${folder}/`))) ws.dropProject(p);
  }
  ws.indexing++;
  const created: Project[] = [];
  let indexer: Indexer | undefined;
  try {
    const roots = new Set([folder]);
    for (const config of ws.host.listConfigFiles(folder)) roots.add(dirName(config));
    for (const root of [...roots].sort()) {
      if (ws.projects.has(root)) continue;
      const project = new Project(root, folder, false);
      project.loading = true;
      ws.projects.set(root, project);
      created.push(project);
    }
    const lists = created.map((p) => {
      loadConfig(ws, p);
      return ws.listFiles(p);
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
    const isClosedPlaybook = (f: string) => fileKindOf(f) === 'playbook' && !ws.docs.has(f);
    const sizes = new Map<string, number>();
    let closedBytes = 0;
    let largestClosed = 0;
    for (const list of lists) {
      for (const f of list) {
        if (!isClosedPlaybook(f)) continue;
        const size = ws.host.fileSize?.(f) ?? 0;
        sizes.set(f, size);
        closedBytes += size;
        largestClosed = Math.max(largestClosed, size);
      }
    }
    for (let i = 0; i < created.length; i++) {
      const project = created[i];
      if (ws.projects.get(project.root) !== project) continue; // removed meanwhile
      // Vocabularies first: playbooks depend on them, vocabularies rarely on playbooks. They and
      // open documents are analysed here; closed playbooks go to the indexer.
      const files = [...lists[i]].sort((a, b) => Number(fileKindOf(a) !== 'vocabulary') - Number(fileKindOf(b) !== 'vocabulary') || (a < b ? -1 : 1));
      const closed: string[] = [];
      for (const file of files) {
        if (ws.projects.get(project.root) !== project) break;
        if (isClosedPlaybook(file)) {
          closed.push(file);
          continue;
        }
        project.files.add(file);
        ws.storeFile(project, file);
        await advance(1);
      }
      if (ws.onEarlyProblems && ws.projects.get(project.root) === project) reportOpenEarly(ws, project, files);
      if (closed.length && ws.projects.get(project.root) === project) {
        indexer ??= ws.host.createIndexer?.(closedBytes, largestClosed) ?? new InlineIndexer((p, k) => ws.host.readAnalysis(p, k));
        ws.lastIndexThreads = indexer.threads;
        await indexClosed(ws, project, ws.host.arrivalOrder?.(closed) ?? closed, indexer, sizes, advance);
      }
      if (ws.projects.get(project.root) !== project) continue;
      project.loading = false;
      for (const path of project.changedWhileLoading) if (project.files.has(path) && !ws.docs.has(path)) ws.refreshClosed(project, path);
      project.changedWhileLoading.clear();
      if (project.rescanAfterLoad) {
        project.rescanAfterLoad = false;
        for (const f of ws.listFiles(project)) if (!project.files.has(f)) ws.addFile(project, f);
      }
      ws.adoptOpenDocuments(project);
      project.generation++;
    }
    onProgress?.(total, total);
    for (const project of created) {
      if (ws.projects.get(project.root) !== project) continue;
      ws.markDirty(project.files);
      ws.markDirty([project.configPath, project.suppressionsPath]);
    }
    // Open documents that now belong to a project (or moved between projects).
    ws.markDirty(ws.docs.keys());
  } finally {
    for (const p of created) p.loading = false;
    ws.indexing--;
    // Worker threads end here: their memory goes back to the system.
    await indexer?.close();
  }
}

/** The first pass over a project's closed playbooks (see index-session.ts for the two phases). */
async function indexClosed(
  ws: Workspace,
  project: Project,
  files: string[],
  indexer: Indexer,
  sizes: Map<string, number>,
  advance: (n: number) => Promise<void>,
): Promise<void> {
  const id = ws.nextSessionId++;
  const config = project.config;
  const vocabVersion = project.vocabVersion;
  const vocabularies = [...project.index.allExports()].filter((e) => e.kind === 'vocabulary').map((e) => ({ ...e, ids: [], termUses: [] }));
  const setup: SessionProject = { id, config, scope: project.scopeList(), vocabularies };
  indexer.setup(setup);
  const batches: string[][] = [];
  let batch: string[] = [];
  let bytes = 0;
  for (const f of files) {
    batch.push(f);
    bytes += sizes.get(f) ?? 0;
    if (bytes >= indexer.batchBytes || batch.length >= (indexer.batchFiles ?? 64)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length) batches.push(batch);
  const current = () => ws.projects.get(project.root) === project;
  let next = 0;
  const lane = async () => {
    while (next < batches.length && current()) {
      const paths = batches[next++];
      let results: AnalyzeResult[];
      try {
        results = await indexer.analyze(
          id,
          paths.map((path) => ({ path, kind: 'playbook' as const })),
        );
      } catch {
        results = paths.map((path) => ({ path, failed: 'indexer' }));
      }
      if (!current()) return;
      const early: EarlyProblems[] = [];
      for (const r of results) {
        project.files.add(r.path);
        const openedAs = 'failed' in r ? undefined : openedMeanwhile(ws, r.path);
        if ('failed' in r || openedAs === 'other text') {
          // The indexer could not do it, or the editor's text differs from the disk's: read it here.
          ws.storeFile(project, r.path);
          continue;
        }
        const facts = unpackFacts(r.facts, r.path);
        ws.put(project, unpackExports(r.exports), facts);
        // Phase 2 of a waiting file runs when it is first linted, against this project's index (workspace-lint.ts).
        if (!r.diagnostics && !r.waiting) continue;
        const pre: Prelinted = { diagnostics: r.diagnostics, waiting: r.waiting, project, facts, config, vocabVersion, documentVersion: openedAs };
        ws.prelinted.set(r.path, pre);
        if (openedAs !== undefined) continue; // an open document's problems are not shown early (they are a closed file's)
        const problems = ws.onEarlyProblems && earlyProblems(project, r);
        if (problems) {
          early.push(problems);
          pre.shownEarlyWith = project.suppressions;
        }
      }
      if (early.length) ws.onEarlyProblems?.(early);
      await advance(results.length);
    }
  };
  // Two batches in flight per worker, so none waits while this thread stores results.
  await Promise.all(Array.from({ length: Math.max(1, indexer.threads * 2) }, lane));
  indexer.drop(id);
}

/**
 * Was this file opened while the first pass read it from the disk? Undefined: no. A large document
 * with the text the indexer read (the disk's, still): its version, and the first pass's result
 * stands for it (takeFirstPass in background-document.ts) instead of a second analysis of
 * the same megabytes in the document worker. Else 'other text': the editor's text is read.
 */
function openedMeanwhile(ws: Workspace, path: string): number | 'other text' | undefined {
  const doc = ws.docs.get(path);
  if (!doc) return undefined;
  return checkedInBackground(ws, doc) && ws.host.readText(path) === doc.text ? doc.version : 'other text';
}

/** A closed file's problems that no other playbook can change (see earlyProblems). */
export interface EarlyProblems {
  path: string;
  diagnostics: Diagnostic[];
}

/**
 * A closed playbook's problems as soon as its first pass is done, for a host that reads the
 * folder's files while indexing it (the browser): every rule but the project rules has run,
 * against every vocabulary of the project (stored before any closed playbook), so these
 * problems stay as they are; the file's check after the pass adds the project rules' findings
 * (finishWaiting: phase 1's problems plus phase 2's, never fewer). Not for a file with
 * inline-control comments, which phase 2 judges again (a comment may hide one of these).
 */
function earlyProblems(project: Project, r: IndexedFile): EarlyProblems | undefined {
  let diagnostics: Diagnostic[];
  if (r.diagnostics) diagnostics = unpackDiagnostics(r.diagnostics, r.path);
  else if (r.waiting && !r.waiting.controlComments) diagnostics = phase1Final(unpackDiagnostics(r.waiting.diagnostics, r.path));
  else return undefined;
  return { path: r.path, diagnostics: withoutSuppressed(project, r.path, diagnostics) };
}

/**
 * Open playbooks' problems that no other playbook can change, as soon as the project's
 * vocabularies are stored: the files in the editor come first, before any closed one (see
 * earlyProblems). Not for a document with inline-control comments, nor for one with so many
 * problems that the project rules' findings could push some of these past the per-file limit.
 */
function reportOpenEarly(ws: Workspace, project: Project, files: readonly string[]): void {
  const early: EarlyProblems[] = [];
  for (const path of files) {
    const doc = ws.docs.get(path);
    if (!doc || doc.kind !== 'playbook' || checkedInBackground(ws, doc)) continue;
    const analysis = ws.docAnalysis(path);
    if (!analysis || analysis.comments.some(mayControl)) continue;
    const diagnostics = phase1Final(lintFile(analysis, project.index, project.config, FILE_RULES));
    if (diagnostics.length < MAX_DIAGNOSTICS_PER_FILE / 2) early.push({ path, diagnostics: withoutSuppressed(project, path, diagnostics) });
  }
  if (early.length) ws.onEarlyProblems?.(early);
}
