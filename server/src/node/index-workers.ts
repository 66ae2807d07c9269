/**
 * The language server's first pass in worker threads (big projects): the services'
 * IndexSession run in each worker of a WorkerPool (worker-pool.ts, the CLI's stack too).
 * Workers parse in parallel and keep the main thread's heap small: only packed exports,
 * facts and diagnostics cross over, and the workers' memory goes back to the system when
 * they end after the pass.
 *
 * The worker is the server bundle itself (dist/server.js started as a worker:
 * see lsp/bin.ts), so there is no extra file to ship.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import type { FileAnalysis } from '../core/model/model';
import type { FileKind } from '../core/types';
import { BACKGROUND_DOCUMENT_CHARS, lintDocumentAlone, type DocumentLintRequest, type DocumentLintResult } from '../services/background-document';
import { IndexSession, type SessionProject } from '../services/index-session';
import type { AnalyzeResult, Indexer } from '../services/inline-indexer';
import type { MessagePort } from 'node:worker_threads';
import { serveRequests, WorkerPool } from './worker-pool';

/** Marks a worker started by this module (workerData). */
export const INDEX_WORKER_MARK = 'playbook-lint-index-worker';

type Request =
  | { type: 'setup'; project: SessionProject }
  | { type: 'analyze'; projectId: number; files: { path: string; kind: FileKind }[] }
  | { type: 'drop'; projectId: number }
  | { type: 'lint-document'; request: DocumentLintRequest };

/** The worker side: one IndexSession answering requests in order. */
export function serveIndexWorker(port: MessagePort, read: (path: string, kind: FileKind) => FileAnalysis): void {
  const session = new IndexSession(read);
  serveRequests<Request>(port, (request) => {
    if (request.type === 'setup') return session.setup(request.project);
    if (request.type === 'analyze') return session.analyze(request.projectId, request.files);
    if (request.type === 'lint-document') return lintDocumentAlone(request.request);
    return session.drop(request.projectId);
  });
}

/**
 * Each index worker's young generation, in MB (V8's default: 48). The first pass's peak is the
 * workers' heaps together with the main thread's: with 16 or 24 MB the 2,000-file benchmark
 * peaked at 341-346 MB instead of 373-379 MB (32 MB: no gain), with no slower indexing
 * (docs/performance.md, 2026-12-07 04:40). Smaller was worse: at 8-12 MB short-lived objects
 * were promoted to the old generation and the peak rose to 412-422 MB.
 */
const INDEX_WORKER_YOUNG_GENERATION_MB = 24;

/**
 * The first pass in worker threads only. This thread analyses none of the files: it stores
 * the results and answers the editor, and the parser, the rules and the NLP model of the
 * coaching checks (about 20 MB of heap, and more of malloc'd memory that stays with the
 * process) are loaded here only when an edit first needs them. The workers' heaps go back to
 * the system when they end.
 */
export class WorkerIndexer implements Indexer {
  /**
   * About three bench playbooks a batch. Each batch's results (packed diagnostics, slim copies,
   * exports) cross as one message and wait in this thread while two batches per worker are in
   * flight: with 256 KB batches the server peaked at 339-342 MB and its RSS after indexing swung
   * between 141 and 163 MB (the workers' malloc arenas kept what the larger messages had used);
   * with 64 KB, 281 MB and 131-148 MB, at the same CPU (2,000 files, every rule on, quiet).
   */
  readonly batchBytes = 64_000;
  private readonly pool: WorkerPool<Request, unknown>;

  constructor(script: string, threads: number) {
    this.pool = new WorkerPool(script, threads, {
      name: 'index worker',
      workerData: { [INDEX_WORKER_MARK]: true },
      background: true,
      resourceLimits: { maxYoungGenerationSizeMb: INDEX_WORKER_YOUNG_GENERATION_MB },
    });
  }

  get threads(): number {
    return this.pool.size;
  }

  setup(project: SessionProject): void {
    // Every worker has started once it answers: see keepYoungGenerationSmall.
    void this.pool.broadcast({ type: 'setup', project }, undefined).then(keepYoungGenerationSmall);
  }

  /** To the least busy live worker (batches spread by how fast each worker gets through them). */
  analyze(projectId: number, files: { path: string; kind: FileKind }[]): Promise<AnalyzeResult[]> {
    const lane = this.pool.leastBusy();
    if (lane === undefined) return Promise.reject(new Error('every index worker has stopped'));
    return this.pool.request<AnalyzeResult[]>(lane, { type: 'analyze', projectId, files });
  }

  drop(projectId: number): void {
    void this.pool.broadcast({ type: 'drop', projectId }, undefined);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

// ------------------------------------------------------------------ the server's young generation

/**
 * The language server's young generation stays at V8's initial size (semi-spaces of 1 MB)
 * instead of growing to 16 MB: a grown one is never given back, and V8 grows it in a first
 * pass (33.6 MB of the 215 MB the server held after indexing 2,000 files with every rule on).
 * Starting a worker thread resets the flag in this process (Node 20), so it is set again once
 * the workers have started.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

// ------------------------------------------------------------------ choosing

let workerScript: string | undefined;

/** The server bundle that can run as an index worker (set by lsp/bin.ts when it runs from a .js bundle). */
export function setIndexWorkerScript(script: string | undefined): void {
  workerScript = script;
}

/** Below this many bytes of playbooks, starting workers costs more than it saves. */
const WORKER_MIN_BYTES = 2_000_000;

/**
 * Worker threads for a first pass over `bytes` of files, or undefined (index in this thread).
 * One playbook as large as an open document checked in the background (largest, in bytes) is
 * reason enough for one worker: analysed in this thread, a megabyte of playbook held the message
 * loop for 1.5-2.3 s. PLAYBOOK_LINT_INDEX_THREADS=N forces N workers whatever the size (0: never).
 */
export function createWorkerIndexer(bytes: number, largest = 0): WorkerIndexer | undefined {
  if (!workerScript) return undefined;
  const forced = process.env.PLAYBOOK_LINT_INDEX_THREADS;
  let threads: number;
  if (forced !== undefined && forced !== '' && Number.isInteger(Number(forced))) threads = Math.min(16, Math.max(0, Number(forced)));
  // Even one worker (a one-core machine) keeps the parse garbage of a big project out of this thread's heap.
  else if (bytes >= WORKER_MIN_BYTES) threads = Math.max(1, Math.min(4, availableParallelism()));
  else threads = largest >= BACKGROUND_DOCUMENT_CHARS ? 1 : 0;
  if (threads < 1) return undefined;
  try {
    return new WorkerIndexer(workerScript, threads);
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ large open documents

/** An idle document worker ends after this long: its memory (parser, rules, the NLP model) goes back to the system. */
const DOCUMENT_WORKER_IDLE_MS = 30_000;

let documentWorker: { pool: WorkerPool<Request, unknown>; busy: number; idle?: NodeJS.Timeout } | undefined;

/**
 * Checks a large open document in a worker thread (services/background-document.ts): one worker,
 * started on the first large document and ended when idle. Without a bundle to start (running
 * from sources) it rejects, and the workspace checks the document in this thread.
 */
export function lintDocumentInWorker(request: DocumentLintRequest): Promise<DocumentLintResult> {
  if (!workerScript) return Promise.reject(new Error('no worker script (running from sources)'));
  const worker = (documentWorker ??= {
    pool: new WorkerPool(workerScript, 1, { name: 'document worker', workerData: { [INDEX_WORKER_MARK]: true }, background: true }),
    busy: 0,
  });
  clearTimeout(worker.idle);
  worker.busy++;
  const settle = () => {
    if (--worker.busy > 0) return;
    worker.idle = setTimeout(() => {
      if (documentWorker !== worker || worker.busy > 0) return;
      documentWorker = undefined;
      void worker.pool.close();
    }, DOCUMENT_WORKER_IDLE_MS);
    worker.idle.unref();
  };
  const reply = worker.pool.request<DocumentLintResult>(0, { type: 'lint-document', request });
  reply.then(keepYoungGenerationSmall, () => undefined);
  reply.then(settle, () => {
    // A dead worker is replaced by the next request.
    if (documentWorker === worker) documentWorker = undefined;
    settle();
  });
  return reply;
}
