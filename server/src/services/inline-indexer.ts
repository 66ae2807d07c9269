/**
 * The Indexer of the workspace's first pass, and the one that runs the IndexSession in
 * this thread (small projects, and the browser, which has no worker threads). The worker
 * thread indexer is in index-workers.ts (Node only).
 */
import type { ProjectIndex } from '../core/project/project-index';
import type { FileAnalysis } from '../core/model/model';
import type { FileKind } from '../core/types';
import { IndexSession, type FinishedFile, type IndexedFile, type SessionProject } from './index-session';

export type AnalyzeResult = IndexedFile | { path: string; failed: string };

/** Runs the two phases of the first pass for the workspace (see index-session.ts). */
export interface Indexer {
  /** Worker threads in use (0: this thread). */
  readonly threads: number;
  /** Bytes of files per analyze() call: small in this thread (it blocks), bigger for workers. */
  readonly batchBytes: number;
  setup(project: SessionProject): void;
  analyze(projectId: number, files: { path: string; kind: FileKind }[]): Promise<AnalyzeResult[]>;
  finish(projectId: number, index: ProjectIndex): Promise<FinishedFile[]>;
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

  async finish(projectId: number, index: ProjectIndex): Promise<FinishedFile[]> {
    return this.session.finish(projectId, index);
  }

  drop(projectId: number): void {
    this.session.drop(projectId);
  }

  async close(): Promise<void> {}
}
