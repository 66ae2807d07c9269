import type { FileExports } from '../core/project/exports';
import { type PackedExports, unpackIds } from '../core/project/lean-exports';
import type { PackedUsedIn } from '../core/render';
import type { FileResult } from '../core/types';
import type { AnalyzeShare, HandedFile } from '../core/two-phase-lint';
import type { DraftedShare, RenderAnalyzeShare, RenderPagesShare, UsedInShare } from './site-renderer';

/**
 * Messages between the CLI's main thread and its lint workers (structured-cloned, carried by
 * worker-pool.ts).
 * Phase 1 (analyze): each worker parses its share, lints it with the rules that
 * need only the file and the vocabularies, keeps a slim copy, returns exports and results.
 * Phase 2 (hand-over): the main thread, with every file's exports in its index, asks for the
 * slim copies of the files a project rule could report on and finishes them itself.
 */

export interface AnalyzeRequest extends AnalyzeShare {
  type: 'analyze';
}

/**
 * Exports cross threads packed (positions in typed arrays, each file's path once): cloned as
 * objects, 166,000 locations each carried their own copy of the path.
 */
export interface AnalyzeResponse {
  type: 'analyzed';
  exports: PackedExports[];
  /** Final results when no project rule follows. */
  results: FileResult[];
  /** Phase 1's results when project rules follow, final for a file none of them could report on (AnalyzedShare). */
  provisional: FileResult[];
  controlled: string[];
}

/** Phase 2: the slim copies of these files (those the project rules could change), to finish in the main thread. */
export interface HandOverRequest {
  type: 'hand-over';
  files: string[];
}

export interface HandOverResponse {
  type: 'handed-over';
  files: HandedFile[];
}

/** `playbook-lint render`: phase 1, each worker analyses its share of playbooks and keeps them. */
export interface RenderAnalyzeRequest extends RenderAnalyzeShare {
  type: 'render-analyze';
}

export interface RenderAnalyzedResponse extends DraftedShare {
  type: 'render-analyzed';
}

/** Phase 2, first: the slim copies of the worker's playbooks that the project rules must see (the main thread runs them). */
export interface RenderHandOverRequest {
  type: 'render-hand-over';
  files: string[];
}

export interface RenderHandedOverResponse {
  type: 'render-handed-over';
  files: HandedFile[];
}

/** Phase 2, before any "used in" page: every playbook's ids (idTableOf) and the pages' names. */
export interface RenderPrepareRequest extends Omit<UsedInShare, 'playbookIds'> {
  type: 'render-prepare';
  playbookIds: PlaybookIdTable;
}

/**
 * Every playbook's ids as a worker's "used in" pages read them, in one piece: the paths in order, how many ids
 * each has, and the ids in file order (no labels or places). Sent as 2,000 small exports, each with its typed
 * arrays, the copy between the threads cost the main thread about 40 ms while the worker waited.
 */
export interface PlaybookIdTable {
  paths: string[];
  counts: number[];
  ids: string[];
}

export function idTableOf(playbooks: readonly FileExports[]): PlaybookIdTable {
  const table: PlaybookIdTable = { paths: [], counts: [], ids: [] };
  for (const e of playbooks) {
    table.paths.push(e.path);
    table.counts.push(e.ids.length);
    for (const id of e.ids) table.ids.push(id.id);
  }
  return table;
}

/** The playbooks' exports again (ids only), as idTableOf had them. */
export function playbooksOfIdTable(table: PlaybookIdTable): FileExports[] {
  let at = 0;
  return table.paths.map((path, n) => {
    const ids = table.ids.slice(at, (at += table.counts[n]));
    return unpackIds({ path, kind: 'playbook', ids, idKinds: new Uint8Array(ids.length), idLabels: [], idPos: new Int32Array(ids.length * 4), seeAlso: [] });
  });
}

export interface RenderPreparedResponse {
  type: 'render-prepared';
}

/** Phase 2: the share's pages completed and written. */
export interface RenderPagesRequest extends RenderPagesShare {
  type: 'render-pages';
}

export interface RenderedResponse {
  type: 'rendered';
  pages: string[];
}

/** After render-pages: the "used in" pages of some terms, from the main thread's table of uses. */
export interface RenderUsedInRequest {
  type: 'render-used-in';
  rows: PackedUsedIn[];
}

export interface RenderedUsedInResponse {
  type: 'rendered-used-in';
  pages: string[];
}

export type WorkerRequest =
  | AnalyzeRequest
  | HandOverRequest
  | RenderAnalyzeRequest
  | RenderHandOverRequest
  | RenderPrepareRequest
  | RenderPagesRequest
  | RenderUsedInRequest;
export type WorkerResponse =
  | AnalyzeResponse
  | HandOverResponse
  | RenderAnalyzedResponse
  | RenderHandedOverResponse
  | RenderPreparedResponse
  | RenderedResponse
  | RenderedUsedInResponse;
