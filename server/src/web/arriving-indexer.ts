/**
 * The browser's first pass over a folder's closed playbooks: the files are still arriving from
 * the client (ClientFiles.startFolder), so each batch waits for its files' bytes, then runs
 * phase 1 in this thread like the InlineIndexer. Batches are small: each one's problems are
 * shown (Workspace.onEarlyProblems) while the next files are still on their way.
 */
import type { FileKind } from '../core/types';
import type { SessionProject } from '../services/index-session';
import { InlineIndexer, type AnalyzeResult, type Indexer } from '../services/inline-indexer';
import type { ClientFiles } from './client-files';

export class ArrivingIndexer implements Indexer {
  readonly threads = 0;
  readonly batchBytes = 64_000;
  readonly batchFiles = 8;
  private readonly inline: InlineIndexer;

  constructor(private readonly files: ClientFiles) {
    this.inline = new InlineIndexer((path, kind) => files.readAnalysis(path, kind));
  }

  setup(project: SessionProject): void {
    this.inline.setup(project);
  }

  async analyze(projectId: number, files: { path: string; kind: FileKind }[]): Promise<AnalyzeResult[]> {
    await this.files.whenRead(files.map((f) => f.path));
    return this.inline.analyze(projectId, files);
  }

  drop(projectId: number): void {
    this.inline.drop(projectId);
  }

  async close(): Promise<void> {}
}
