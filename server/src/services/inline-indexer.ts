/**
 * The Indexer of the workspace's first pass, and the one that runs the IndexSession in
 * this thread (small projects, and the browser, which has no worker threads). The worker
 * thread indexer is in index-workers.ts (Node only).
 */
import type { FileAnalysis } from '../core/model/model';
import type { FileKind } from '../core/types';
import { IndexSession, type IndexedFile, type SessionProject } from './index-session';

export type AnalyzeResult = IndexedFile | { path: string; failed: string };

/** Runs phase 1 of the first pass for the workspace (see index-session.ts; phase 2 waits for the first lint). */
export interface Indexer {
  /** Worker threads in use (0: this thread). */
  readonly threads: number;
  /** Bytes of files per analyze() call: small in this thread (it blocks), bigger for workers. */
  readonly batchBytes: number;
  /** Files per analyze() call at most (64 when absent): a host whose files arrive while it indexes takes them a few at a time. */
  readonly batchFiles?: number;
  setup(project: SessionProject): void;
  analyze(projectId: number, files: { path: string; kind: FileKind }[]): Promise<AnalyzeResult[]>;
  drop(projectId: number): void;
  close(): Promise<void>;
}

export class InlineIndexer implements Indexer {
  readonly threads = 0;
  readonly batchBytes = 64_000;
  private readonly session: IndexSession;

  constructor(read: (path: string, kind: FileKind) => FileAnalysis) {
    this.session = new IndexSession(read);
  }

  setup(project: SessionProject): void {
    this.session.setup(project);
  }

  async analyze(projectId: number, files: { path: string; kind: FileKind }[]): Promise<AnalyzeResult[]> {
    return this.session.analyze(projectId, files);
  }

  drop(projectId: number): void {
    this.session.drop(projectId);
  }

  async close(): Promise<void> {}
}
