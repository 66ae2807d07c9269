/**
 * The one worker-thread stack of the CLI's lint engine and the language server's indexer: a
 * fixed set of workers ("lanes"), each answering numbered requests in order. A worker that
 * fails or exits rejects what it was asked and is left out from then on; the caller does
 * that work itself. `serveRequests` is the worker's side.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker, type MessagePort } from 'node:worker_threads';

interface Envelope<Req> {
  seq: number;
  request: Req;
}

type Reply = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; message: string };

interface Lane {
  worker: Worker;
  busy: number;
  dead?: Error;
  waiting: Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>;
}

export interface PoolOptions {
  /** Names the worker in errors ("lint worker", "index worker"). */
  name: string;
  workerData?: unknown;
  /**
   * Keep the workers' stdout off this process's stdout (it may be the LSP channel) and
   * let idle workers not keep the process alive: the language server's index workers.
   */
  background?: boolean;
  /** V8 limits for each worker (see Worker resourceLimits). */
  resourceLimits?: { maxYoungGenerationSizeMb?: number };
}

export class WorkerPool<Req, Res> {
  private readonly lanes: Lane[];
  private seq = 0;

  constructor(
    private readonly script: string,
    size: number,
    private readonly options: PoolOptions,
  ) {
    this.lanes = Array.from({ length: size }, () => this.startLane());
  }

  /** Starts more workers, up to `size` in all (a pool started early with fewer than the run needs). */
  growTo(size: number): void {
    while (this.lanes.length < size) this.lanes.push(this.startLane());
  }

  private startLane(): Lane {
    const background = !!this.options.background;
    const worker = new Worker(this.script, {
      workerData: this.options.workerData,
      stdout: background,
      stderr: background,
      resourceLimits: this.options.resourceLimits,
    });
    if (background) {
      worker.stdout.pipe(process.stderr);
      worker.stderr.pipe(process.stderr);
    }
    const lane: Lane = { worker, busy: 0, waiting: new Map() };
    worker.on('message', (reply: Reply) => {
      const w = lane.waiting.get(reply.seq);
      if (!w) return;
      lane.waiting.delete(reply.seq);
      lane.busy--;
      if (reply.ok) w.resolve(reply.value);
      else w.reject(new Error(`${this.options.name} failed: ${reply.message}`));
    });
    const fail = (error: Error) => {
      lane.dead ??= error;
      for (const w of lane.waiting.values()) w.reject(error);
      lane.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`${this.options.name} exited (${code})`)));
    if (background) worker.unref();
    return lane;
  }

  get size(): number {
    return this.lanes.length;
  }

  /**
   * Whether the workers keep the process alive while idle. A pool started before a run knows it needs
   * one (startWorkersEarly) does not, until the run takes it: a run that ends before (a config error)
   * never waits for workers nobody asks anything.
   */
  holdProcess(hold: boolean): void {
    for (const lane of this.lanes) {
      if (hold) lane.worker.ref();
      else lane.worker.unref();
    }
  }

  /** The least busy worker still alive, or undefined when every one has died. */
  leastBusy(): number | undefined {
    let best: number | undefined;
    this.lanes.forEach((lane, i) => {
      if (!lane.dead && (best === undefined || lane.busy < this.lanes[best].busy)) best = i;
    });
    return best;
  }

  request<R extends Res>(lane: number, request: Req): Promise<R> {
    const l = this.lanes[lane];
    if (l.dead) return Promise.reject(l.dead);
    const seq = ++this.seq;
    l.busy++;
    return new Promise((resolve, reject) => {
      l.waiting.set(seq, { resolve: resolve as (v: unknown) => void, reject });
      l.worker.postMessage({ seq, request } satisfies Envelope<Req>);
    });
  }

  /** The same request to every worker; a dead one answers `fallback`. */
  broadcast<R extends Res>(request: Req, fallback: R): Promise<R[]> {
    return Promise.all(this.lanes.map((_, i) => this.request<R>(i, request).catch(() => fallback)));
  }

  private closing?: Promise<void>;

  /** Ends every worker; the same promise on every call (a caller may start closing before its cleanup awaits it). */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.lanes.map((l) => l.worker.terminate().catch(() => undefined))).then(() => undefined);
    return this.closing;
  }
}

/**
 * The worker's side: starts each request in order (a handler may answer with a promise); a
 * thrown or rejected error becomes a failed reply.
 */
export function serveRequests<Req>(port: MessagePort, handle: (request: Req) => unknown): void {
  const failed = (seq: number, error: unknown): Reply => ({ seq, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  port.on('message', ({ seq, request }: Envelope<Req>) => {
    let value: unknown;
    try {
      value = handle(request);
    } catch (error) {
      port.postMessage(failed(seq, error));
      return;
    }
    if (value instanceof Promise)
      value.then(
        (v) => port.postMessage({ seq, ok: true, value: v } satisfies Reply),
        (e) => port.postMessage(failed(seq, e)),
      );
    else port.postMessage({ seq, ok: true, value } satisfies Reply);
  });
}

/** The bundled lint worker script beside the CLI bundle; absent when running from source (then: one thread). */
export function workerScript(): string | undefined {
  const script = path.join(__dirname, 'lint-worker.js');
  return existsSync(script) ? script : undefined;
}

/** Batches in flight per worker: the next is there when one is done, with no wait for this thread to hand it over. */
const BATCHES_IN_FLIGHT = 2;

/**
 * Shares files out in batches as threads come free, this thread one of them: a thread that
 * started late (a worker loading its bundle) or has other work takes fewer, and every thread
 * finishes at about the same time whatever the load on the machine. Batches shrink towards
 * the end (each about 1/(4·threads) of the bytes left) so the last ones are short. `local`
 * analyses a batch here (between two, this thread answers the workers); `remote` asks worker
 * `lane`; `done` takes each answer (holder 0 this thread, h > 0 worker h - 1) as it comes. A
 * batch a worker fails is done here.
 */
export async function shareOut<A>(
  files: readonly { path: string; size: number }[],
  workers: number,
  work: { local(batch: string[]): A; remote(lane: number, batch: string[]): Promise<A>; done(answer: A, holder: number): void },
): Promise<void> {
  const batches = batchesOf(files, workers + 1);
  let next = 0;
  const failed: string[][] = [];
  const take = (): string[] | undefined => (next < batches.length ? batches[next++] : failed.pop());
  const feed = async (lane: number): Promise<void> => {
    for (let batch = take(); batch; batch = take()) {
      let answer: A;
      try {
        answer = await work.remote(lane, batch);
      } catch {
        failed.push(batch); // the lane is dead from now on: this thread does its batch
        return;
      }
      work.done(answer, lane + 1);
    }
  };
  const feeding = Array.from({ length: workers * BATCHES_IN_FLIGHT }, (_, k) => feed(k % workers));
  for (let batch = take(); batch; batch = take()) {
    work.done(work.local(batch), 0);
    if (workers > 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(feeding);
  for (let batch = failed.pop(); batch; batch = failed.pop()) work.done(work.local(batch), 0);
}

/**
 * Files in batches of shrinking size for `threads` threads taking them in turn (see shareOut),
 * largest files first (as balance shares them: the big ones are not left for the end).
 */
export function batchesOf(files: readonly { path: string; size: number }[], threads: number): string[][] {
  const MIN_BYTES = 64 * 1024;
  let left = files.reduce((t, f) => t + f.size, 0);
  const out: string[][] = [];
  let batch: string[] = [];
  let bytes = 0;
  let target = 0;
  for (const f of [...files].sort((a, b) => b.size - a.size)) {
    if (batch.length === 0) target = threads > 1 ? Math.max(MIN_BYTES, left / (4 * threads)) : Infinity;
    batch.push(f.path);
    bytes += f.size;
    if (bytes >= target) {
      out.push(batch);
      left -= bytes;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length) out.push(batch);
  return out;
}

/** Splits files into `n` shards of about equal bytes (largest first, each to the lightest shard). */
export function balance(files: { path: string; size: number }[], n: number, firstShardHeadStart = 0): string[][] {
  const shards = Array.from({ length: n }, () => ({ bytes: 0, files: [] as string[] }));
  // A head start: the first shard's holder (the main thread) has other work after its share.
  if (firstShardHeadStart > 0 && n > 1) shards[0].bytes = (firstShardHeadStart * files.reduce((t, f) => t + f.size, 0)) / n;
  for (const f of [...files].sort((a, b) => b.size - a.size)) {
    const lightest = shards.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.files.push(f.path);
    lightest.bytes += f.size;
  }
  return shards.map((s) => s.files);
}
