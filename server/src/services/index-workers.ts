/**
 * Indexers for the workspace's first pass: the IndexSession run in this thread
 * (small projects), or in worker threads (big ones). Worker threads parse in
 * parallel and keep the main thread's heap small: only packed exports, facts
 * and diagnostics cross over, and the workers' memory goes back to the system
 * when they end after the pass.
 *
 * The worker is the server bundle itself (dist/server.js started as a worker:
 * see lsp/bin.ts), so there is no extra file to ship.
 */
import { availableParallelism } from 'node:os';
import { Worker, type MessagePort } from 'node:worker_threads';
import type { ProjectIndex } from '../core/project/project-index';
import type { FileAnalysis } from '../core/model/model';
import type { FileKind } from '../core/types';
import { IndexSession, type FinishedFile, type IndexedFile, type SessionProject } from './index-session';
import { packIds, type PackedIds } from './lean-exports';
import { pushAll } from '../core/arrays';

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

// ------------------------------------------------------------------ worker threads

/** Marks a worker started by this module (workerData). */
export const INDEX_WORKER_MARK = 'playbook-lint-index-worker';

type Request =
  | { type: 'setup'; project: SessionProject }
  | { type: 'analyze'; projectId: number; files: { path: string; kind: FileKind }[] }
  | { type: 'finish'; projectId: number; playbooks: PackedIds[] }
  | { type: 'drop'; projectId: number };

interface Envelope {
  seq: number;
  request: Request;
}

type Reply = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; message: string };

/** The worker side: one IndexSession answering requests in order. */
export function serveIndexWorker(port: MessagePort, read: (path: string, kind: FileKind) => FileAnalysis): void {
  const session = new IndexSession(read);
  port.on('message', ({ seq, request }: Envelope) => {
    let reply: Reply;
    try {
      let value: unknown;
      if (request.type === 'setup') session.setup(request.project);
      else if (request.type === 'analyze') value = session.analyze(request.projectId, request.files);
      else if (request.type === 'finish') value = session.finishPacked(request.projectId, request.playbooks);
      else session.drop(request.projectId);
      reply = { seq, ok: true, value };
    } catch (error) {
      reply = { seq, ok: false, message: String((error as Error)?.stack ?? error) };
    }
    port.postMessage(reply);
  });
}

interface Lane {
  worker: Worker;
  busy: number;
  dead?: Error;
  waiting: Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>;
}

/**
 * Files (in bytes) the main thread analyses itself alongside the workers: without them its
 * parser and rules would still be cold (unoptimised) when the user starts typing.
 */
const MAIN_THREAD_SHARE_BYTES = 1_000_000;

export class WorkerIndexer implements Indexer {
  readonly batchBytes = 256_000;
  private readonly lanes: Lane[];
  private seq = 0;
  private readonly local: IndexSession;
  private localBytes = 0;
  private readonly localBusy = new Set<number>();

  constructor(
    script: string,
    threads: number,
    read: (path: string, kind: FileKind) => FileAnalysis,
    private readonly size: (path: string) => number,
  ) {
    this.local = new IndexSession(read);
    this.lanes = Array.from({ length: threads }, () => {
      // stdout: true keeps the worker's output off this process's stdout, which may be the LSP channel.
      const worker = new Worker(script, { workerData: { [INDEX_WORKER_MARK]: true }, stdout: true, stderr: true });
      worker.stdout.pipe(process.stderr);
      worker.stderr.pipe(process.stderr);
      const lane: Lane = { worker, busy: 0, waiting: new Map() };
      worker.on('message', (reply: Reply) => {
        const w = lane.waiting.get(reply.seq);
        if (!w) return;
        lane.waiting.delete(reply.seq);
        lane.busy--;
        if (reply.ok) w.resolve(reply.value);
        else w.reject(new Error(`index worker: ${reply.message}`));
      });
      const fail = (error: Error) => {
        lane.dead ??= error;
        for (const w of lane.waiting.values()) w.reject(error);
        lane.waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`index worker exited (${code})`)));
      // An idle worker must not keep the server alive.
      worker.unref();
      return lane;
    });
  }

  get threads(): number {
    return this.lanes.length;
  }

  private send(lane: Lane, request: Request): Promise<unknown> {
    if (lane.dead) return Promise.reject(lane.dead);
    const seq = ++this.seq;
    lane.busy++;
    return new Promise((resolve, reject) => {
      lane.waiting.set(seq, { resolve, reject });
      lane.worker.postMessage({ seq, request } satisfies Envelope);
    });
  }

  setup(project: SessionProject): void {
    this.local.setup(project);
    for (const lane of this.lanes) this.send(lane, { type: 'setup', project }).catch(() => undefined);
  }

  /**
   * To the least busy live worker (batches spread by how fast each worker gets through them);
   * a share of small batches first to this thread, one at a time (see MAIN_THREAD_SHARE_BYTES).
   */
  async analyze(projectId: number, files: { path: string; kind: FileKind }[]): Promise<AnalyzeResult[]> {
    const live = this.lanes.filter((l) => !l.dead);
    if ((this.localBytes < MAIN_THREAD_SHARE_BYTES && !this.localBusy.has(projectId)) || !live.length) {
      this.localBusy.add(projectId);
      try {
        // In slices of a couple of files, yielding between them: this thread also answers the editor.
        const results: AnalyzeResult[] = [];
        for (let i = 0; i < files.length; i += 2) {
          const slice = files.slice(i, i + 2);
          for (const f of slice) this.localBytes += this.size(f.path);
          pushAll(results, this.local.analyze(projectId, slice));
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        return results;
      } finally {
        this.localBusy.delete(projectId);
      }
    }
    const lane = live.reduce((a, b) => (b.busy < a.busy ? b : a));
    return (await this.send(lane, { type: 'analyze', projectId, files })) as AnalyzeResult[];
  }

  /** Each worker finishes the files it analysed; a worker that died leaves its files to the main thread. */
  async finish(projectId: number, index: ProjectIndex): Promise<FinishedFile[]> {
    const playbooks: PackedIds[] = [];
    for (const e of index.allExports()) if (e.kind === 'playbook') playbooks.push(packIds(e));
    const local = this.local.finish(projectId, index);
    const results = await Promise.all(
      this.lanes.map((lane) => (this.send(lane, { type: 'finish', projectId, playbooks }) as Promise<FinishedFile[]>).catch(() => [] as FinishedFile[])),
    );
    return [...local, ...results.flat()];
  }

  drop(projectId: number): void {
    this.local.drop(projectId);
    for (const lane of this.lanes) this.send(lane, { type: 'drop', projectId }).catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.worker.terminate().catch(() => undefined)));
  }
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
 * PLAYBOOK_LINT_INDEX_THREADS=N forces N workers whatever the size (0: never).
 */
export function createWorkerIndexer(bytes: number, read: (path: string, kind: FileKind) => FileAnalysis, size: (path: string) => number): WorkerIndexer | undefined {
  if (!workerScript) return undefined;
  const forced = process.env.PLAYBOOK_LINT_INDEX_THREADS;
  let threads: number;
  if (forced !== undefined && forced !== '' && Number.isInteger(Number(forced))) threads = Math.min(16, Math.max(0, Number(forced)));
  // Even one worker (a one-core machine) keeps the parse garbage of a big project out of this thread's heap.
  else threads = bytes >= WORKER_MIN_BYTES ? Math.max(1, Math.min(4, availableParallelism())) : 0;
  if (threads < 1) return undefined;
  try {
    return new WorkerIndexer(workerScript, threads, read, size);
  } catch {
    return undefined;
  }
}
