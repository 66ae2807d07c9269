import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WorkerPool, batchesOf, shareOut } from '../../server/src/node/worker-pool';

// The pool starts real worker threads: a plain script answering in the pool's envelope
// ({ seq, request } in, { seq, ok, value } out) reports the V8 limits it was started with.
describe('worker pool', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pool-'));
    writeFileSync(
      path.join(dir, 'limits.js'),
      "const { parentPort, resourceLimits } = require('node:worker_threads');\n" +
        "parentPort.on('message', ({ seq }) => parentPort.postMessage({ seq, ok: true, value: resourceLimits }));\n",
    );
    // Answers a batch of names with the names upper-cased; `exit` in a batch ends the worker.
    writeFileSync(
      path.join(dir, 'upper.js'),
      "const { parentPort } = require('node:worker_threads');\n" +
        "parentPort.on('message', ({ seq, request }) => request.includes('exit') ? process.exit(3) : parentPort.postMessage({ seq, ok: true, value: request.map((s) => s.toUpperCase()) }));\n",
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('starts its workers with the resource limits it is given (the index workers use a smaller young generation)', async () => {
    const script = path.join(dir, 'limits.js');
    const limited = new WorkerPool<string, { maxYoungGenerationSizeMb: number }>(script, 1, {
      name: 'test worker',
      resourceLimits: { maxYoungGenerationSizeMb: 24 },
    });
    const plain = new WorkerPool<string, { maxYoungGenerationSizeMb: number }>(script, 1, { name: 'test worker' });
    try {
      assert.equal((await limited.request(0, 'limits')).maxYoungGenerationSizeMb, 24);
      assert.notEqual((await plain.request(0, 'limits')).maxYoungGenerationSizeMb, 24);
    } finally {
      await limited.close();
      await plain.close();
    }
  });

  const files = (n: number, size = 100_000) => Array.from({ length: n }, (_, i) => ({ path: `f${i}`, size }));

  it('cuts files into batches, largest files first, that shrink towards the end', () => {
    const list = files(200);
    const batches = batchesOf(list, 3);
    assert.deepEqual(
      batches.flat(),
      list.map((f) => f.path),
      'files of one size keep their order',
    );
    assert.equal(batchesOf([...list, { path: 'big', size: 900_000 }], 3)[0][0], 'big');
    assert.ok(batches.length > 12, `${batches.length} batches`);
    assert.ok(batches[0].length > batches[batches.length - 2].length, 'the first batch is bigger than the last ones');
    assert.deepEqual(batchesOf(list, 1), [list.map((f) => f.path)], 'one thread: one batch');
  });

  it('shares batches out between this thread and the workers, each file done once', async () => {
    const pool = new WorkerPool<string[], string[]>(path.join(dir, 'upper.js'), 2, { name: 'test worker' });
    const done = new Map<string, number>();
    try {
      await shareOut(files(300), 2, {
        local: (batch) => batch.map((s) => s.toUpperCase()),
        remote: (lane, batch) => pool.request(lane, batch),
        done: (answer, holder) => {
          for (const name of answer) {
            assert.ok(!done.has(name), `${name} done twice`);
            done.set(name, holder);
          }
        },
      });
    } finally {
      await pool.close();
    }
    assert.equal(done.size, 300);
    assert.ok(done.has('F0') && done.has('F299'));
    assert.deepEqual(new Set(done.values()), new Set([0, 1, 2]), 'this thread and both workers took batches');
  });

  it('does the batches of a worker that dies in this thread', async () => {
    const pool = new WorkerPool<string[], string[]>(path.join(dir, 'upper.js'), 1, { name: 'test worker' });
    const list = [{ path: 'exit', size: 100_000 }, ...files(50)];
    const done: string[] = [];
    try {
      await shareOut(list, 1, {
        local: (batch) => batch.map((s) => `local:${s}`),
        remote: (lane, batch) => pool.request(lane, batch),
        done: (answer) => {
          for (const name of answer) done.push(name);
        },
      });
    } finally {
      await pool.close();
    }
    assert.deepEqual(done.sort(), list.map((f) => `local:${f.path}`).sort(), 'every file done here, once');
  });
});
