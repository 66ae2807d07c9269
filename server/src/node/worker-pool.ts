import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './lint-protocol';

/** The bundled worker script beside the CLI bundle; absent when running from source (then: one thread). */
export function workerScript(): string | undefined {
  const script = path.join(__dirname, 'lint-worker.js');
  return existsSync(script) ? script : undefined;
}

/** A fixed set of lint workers, each answering one request at a time, in order. */
export class WorkerPool {
  private readonly workers: Worker[];

  constructor(script: string, size: number) {
    this.workers = Array.from({ length: size }, () => new Worker(script));
  }

  get size(): number {
    return this.workers.length;
  }

  request<T extends WorkerResponse>(worker: number, message: WorkerRequest): Promise<T> {
    const w = this.workers[worker];
    return new Promise((resolve, reject) => {
      const onMessage = (response: WorkerResponse) => {
        cleanup();
        if (response.type === 'failed') reject(new Error(`lint worker failed: ${response.message}`));
        else resolve(response as T);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const cleanup = () => {
        w.off('message', onMessage);
        w.off('error', onError);
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage(message);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Splits files into `n` shards of about equal bytes (largest first, each to the lightest shard). */
export function balance(files: { path: string; size: number }[], n: number): string[][] {
  const shards = Array.from({ length: n }, () => ({ bytes: 0, files: [] as string[] }));
  for (const f of [...files].sort((a, b) => b.size - a.size)) {
    const lightest = shards.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.files.push(f.path);
    lightest.bytes += f.size;
  }
  return shards.map((s) => s.files);
}
