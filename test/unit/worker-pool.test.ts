import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WorkerPool } from '../../server/src/node/worker-pool';

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
});
