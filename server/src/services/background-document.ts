/**
 * Large open playbooks are analysed and linted off the server's message loop: parsing and
 * checking a document of several megabytes takes seconds, and hover, completion and the other
 * files' diagnostics must keep answering meanwhile. The platform runs `lintDocumentAlone` in a
 * worker thread (WorkspaceHost.lintInBackground; Node's index worker, node/index-workers.ts);
 * a platform without one (the browser's web worker server) analyses every document in its own
 * thread as before.
 *
 * What crosses the threads is what the closed files' first pass sends (lean-exports.ts): the
 * project's config and vocabularies and the other playbooks' ids one way; packed exports,
 * facts and the diagnostics the other way. The diagnostics are lintFile's over the same index
 * as the CLI's (vocabularies + every playbook's ids): the same text gives the same problems.
 *
 * While a run is out the document is "pending" (the diagnostics engine holds its last result);
 * a result for an older version, or computed against vocabularies or ids that changed since,
 * is not reported: the next run starts when the engine asks again.
 */
import { analyzeText } from '../core/analyze';
import type { LintConfig } from '../core/config';
import { lintFile } from '../core/lint';
import { exportsOf, type FileExports } from '../core/project/exports';
import { packExports, packIds, unpackExports, unpackIds, type PackedExports, type PackedIds } from '../core/project/lean-exports';
import { ProjectIndex } from '../core/project/project-index';
import type { Diagnostic } from '../core/types';
import { factsOf } from './facts';
import { prelintedDiagnostics } from './index-session';
import { packFacts, unpackFacts, type PackedFacts } from './lean-facts';
import type { Workspace } from './workspace';
import type { OpenDocument, Project } from './workspace-project';

/**
 * Open playbooks from this many characters on are checked in the background. A megabyte of
 * playbook takes about 100-150 ms to analyse and lint with every rule on (a quiet machine), so
 * 300,000 characters stays near the 50 ms the message loop may be held at a time, while the
 * everyday document (tens of kilobytes) keeps the same-turn check and its few milliseconds.
 */
export const BACKGROUND_DOCUMENT_CHARS = 300_000;

export interface DocumentLintRequest {
  path: string;
  text: string;
  config: LintConfig;
  /** Vocabulary paths in scope (null: every vocabulary). */
  scope: string[] | null;
  vocabularies: FileExports[];
  /** Every other playbook of the project: what its project rules read. */
  playbooks: PackedIds[];
}

export interface DocumentLintResult {
  exports: PackedExports;
  facts: PackedFacts;
  diagnostics: Diagnostic[];
}

/** The whole check of one playbook given as text, without the workspace (a worker thread runs it). */
export function lintDocumentAlone(request: DocumentLintRequest): DocumentLintResult {
  const analysis = analyzeText(request.path, 'playbook', request.text);
  const exports = exportsOf(analysis);
  const inScope = request.scope ? new Set(request.scope) : undefined;
  const index = new ProjectIndex(inScope ? (p) => inScope.has(p) : undefined);
  for (const v of request.vocabularies) index.set(v);
  for (const p of request.playbooks) index.set(unpackIds(p));
  index.set(exports);
  const diagnostics = lintFile(analysis, index, request.config);
  return { exports: packExports(exports), facts: packFacts(factsOf(analysis)), diagnostics };
}

/** A document's background runs: the one out (by version) and the last result. */
export interface BackgroundState {
  running?: number;
  result?: { version: number; config: LintConfig; vocabVersion: number; idsVersion: number; diagnostics: Diagnostic[] };
}

/** Is this open document one the workspace checks in the background? */
export function checkedInBackground(ws: Workspace, doc: OpenDocument): boolean {
  return doc.kind === 'playbook' && !!ws.host.lintInBackground && doc.text.length >= BACKGROUND_DOCUMENT_CHARS;
}

function isFresh(doc: OpenDocument, project: Project): boolean {
  const r = doc.background?.result;
  return !!r && r.version === doc.version && r.config === project.config && r.vocabVersion === project.vocabVersion && r.idsVersion === project.idsVersion;
}

/** The document's diagnostics when the last run is current; else starts a run (unless one is out) and answers undefined. */
export function backgroundDiagnostics(ws: Workspace, doc: OpenDocument, project: Project): Diagnostic[] | undefined {
  if (!isFresh(doc, project)) takeFirstPass(ws, doc, project);
  if (isFresh(doc, project)) return doc.background!.result!.diagnostics;
  startRun(ws, doc, project);
  return undefined;
}

/**
 * A document opened while the workspace's first pass read the same text from the disk
 * (workspace-indexing.ts, openedMeanwhile): that pass's result, finished against the project's
 * index, is the document's first result, so that the document worker is not asked to analyse
 * the same megabytes a second time.
 */
function takeFirstPass(ws: Workspace, doc: OpenDocument, project: Project): void {
  const pre = ws.prelinted.get(doc.path);
  if (pre?.documentVersion === undefined) return;
  ws.prelinted.delete(doc.path);
  const diagnostics = pre.documentVersion === doc.version ? prelintedDiagnostics(pre, project, doc.path) : undefined;
  if (!diagnostics) return; // edited since, or stale: the document worker checks it
  doc.background ??= {};
  doc.background.result = { version: doc.version, config: project.config, vocabVersion: project.vocabVersion, idsVersion: project.idsVersion, diagnostics };
}

/** Exports are never changed once stored: each playbook's ids are packed once, not on every run (every keystroke in the large document). */
const packedIds = new WeakMap<FileExports, PackedIds>();

function packedIdsOf(e: FileExports): PackedIds {
  let packed = packedIds.get(e);
  if (!packed) packedIds.set(e, (packed = packIds(e)));
  return packed;
}

function startRun(ws: Workspace, doc: OpenDocument, project: Project): void {
  doc.background ??= {};
  const state = doc.background;
  if (state.running !== undefined) return; // its end asks again
  const version = doc.version;
  const vocabularies: FileExports[] = [];
  const playbooks: PackedIds[] = [];
  for (const e of project.index.allExports()) {
    if (e.kind === 'vocabulary') vocabularies.push({ ...e, ids: [], termUses: [] });
    else if (e.kind === 'playbook' && e.path !== doc.path) playbooks.push(packedIdsOf(e));
  }
  const request: DocumentLintRequest = { path: doc.path, text: doc.text, config: project.config, scope: project.scopeList(), vocabularies, playbooks };
  state.running = version;
  ws.backgroundRuns++;
  const done = (result: DocumentLintResult | undefined) => {
    state.running = undefined;
    const current = ws.docs.get(doc.path) === doc && ws.projectOf(doc.path) === project;
    if (current && result && doc.version === version) {
      // The document's exports first: put() may bump idsVersion, and the result already counts its own ids.
      ws.put(project, unpackExports(result.exports), unpackFacts(result.facts, doc.path));
      state.result = { version, config: request.config, vocabVersion: project.vocabVersion, idsVersion: project.idsVersion, diagnostics: result.diagnostics };
    }
    if (current) ws.markDirty([doc.path]);
  };
  ws.host.lintInBackground!(request).then(done, (error) => {
    // The worker failed: this thread does the work (blocking, but the document gets its diagnostics).
    ws.log(`background check of ${doc.path} failed (${(error as Error)?.message ?? error}); checking it here`);
    try {
      done(lintDocumentAlone(request));
    } catch {
      done(undefined);
    }
  });
}
