/**
 * The check queue (lsp/check-queue.ts) over a real workspace on real files: an edited document is
 * analysed and checked within two turns of the event loop when typed alone, once after the last
 * change of a burst already received, and after the client's quiet time when it sets one. Order
 * only, no timing: the JSON-RPC connection hands over one queued message per turn of the event
 * loop, as simulated here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CheckQueue } from '../../server/src/lsp/check-queue';
import { nodeHost } from '../../server/src/node/node-host';
import { Workspace } from '../../server/src/services/workspace';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const PLAYBOOK = 'id: pb\nname: A playbook\nstages: []\n';

describe('check queue: when an edited document is analysed and checked', () => {
  let dir: string;
  let workspace: Workspace;
  /** The analyses each check saw, in order. */
  let checks: { path: string; version: number }[];

  const setup = (quietMs?: number) => {
    workspace = new Workspace(nodeHost);
    checks = [];
    const queue = new CheckQueue(
      workspace,
      (p) => {
        workspace.dirty.delete(p);
        workspace.lint(p);
        checks.push({ path: p, version: workspace.docs.get(p)?.version ?? -1 });
      },
      { quietMs: () => quietMs, backgroundDelayMs: 0 },
    );
    queue.start();
    return queue;
  };
  const file = (name: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, PLAYBOOK);
    workspace.open(p, PLAYBOOK, 1);
    workspace.dirty.clear();
    return p;
  };
  /** Delivers `count` changes of one document the way the connection does: one per turn. */
  const deliver = (queue: CheckQueue, p: string, count: number) =>
    new Promise<void>((resolve) => {
      let version = 1;
      const next = () =>
        setImmediate(() => {
          workspace.change(p, `${PLAYBOOK}# edit ${++version}\n`, version);
          queue.edited(p);
          if (version - 1 < count) next();
          else resolve();
        });
      next();
    });

  beforeEach(() => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'pbl-queue-')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a change alone: analysed and checked within two turns, without waiting for a timer', async () => {
    const queue = setup();
    const a = file('a.playbook.yaml');
    workspace.change(a, `${PLAYBOOK}# edit\n`, 2);
    queue.edited(a);
    await turn();
    assert.equal(workspace.docs.get(a)!.analysis, undefined, 'not analysed yet');
    await turn();
    assert.ok(workspace.docs.get(a)!.analysis, 'analysed');
    assert.deepEqual(checks, [{ path: a, version: 2 }]);
    queue.stop();
  });

  it('a burst of changes received together: analysed and checked once, after the last one', async () => {
    const queue = setup();
    const a = file('a.playbook.yaml');
    await deliver(queue, a, 6);
    for (let i = 0; i < 4; i++) await turn();
    assert.deepEqual(checks, [{ path: a, version: 7 }]);
    queue.stop();
  });

  it('each document on its own; a closed document not at all', async () => {
    const queue = setup();
    const [a, b, c] = ['a', 'b', 'c'].map((n) => file(`${n}.playbook.yaml`));
    for (const p of [a, b, c]) {
      workspace.change(p, `${PLAYBOOK}# edit\n`, 2);
      queue.edited(p);
    }
    queue.forget(c);
    for (let i = 0; i < 3; i++) await turn();
    assert.deepEqual(checks.map((r) => r.path).sort(), [a, b]);
    assert.equal(workspace.docs.get(c)!.analysis, undefined, 'the forgotten document is not analysed by the queue');
    queue.stop();
  });

  it('with a quiet time from the client: after it, once for changes within it', async () => {
    const queue = setup(1000);
    const a = file('a.playbook.yaml');
    workspace.change(a, `${PLAYBOOK}# edit\n`, 2);
    queue.edited(a);
    for (let i = 0; i < 3; i++) await turn();
    workspace.change(a, `${PLAYBOOK}# edit again\n`, 3);
    queue.edited(a);
    for (let i = 0; i < 3; i++) await turn();
    assert.deepEqual(checks, [], 'waits for the quiet time');
    // A timer due later than the queue's: it fires after it.
    await new Promise((r) => setTimeout(r, 1010));
    assert.deepEqual(checks, [{ path: a, version: 3 }]);
    queue.stop();
  });
});
