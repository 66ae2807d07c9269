/**
 * When an edited document is re-analysed (lsp/change-scheduler.ts): a change typed alone at once,
 * a burst of changes already received once, after its last change. Order only, no timing: the
 * JSON-RPC connection hands over one queued message per turn of the event loop, as simulated here.
 */
import assert from 'node:assert/strict';
import { ChangeScheduler } from '../../server/src/lsp/change-scheduler';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Delivers `count` changes of one document the way the connection does: one per turn. */
function deliver(scheduler: ChangeScheduler, path: string, count: number): Promise<void> {
  return new Promise((resolve) => {
    let left = count;
    const next = () =>
      setImmediate(() => {
        scheduler.changed(path);
        if (--left > 0) next();
        else resolve();
      });
    next();
  });
}

describe('latency: when a changed document is re-analysed', () => {
  it('a change alone: within two turns of the event loop, without waiting for a timer', async () => {
    const runs: string[] = [];
    const scheduler = new ChangeScheduler(() => undefined, (p) => runs.push(p));
    scheduler.changed('/w/a.playbook.yaml');
    await turn();
    assert.deepEqual(runs, []);
    await turn();
    assert.deepEqual(runs, ['/w/a.playbook.yaml']);
  });

  it('a burst of changes received together: once, after the last one', async () => {
    const runs: number[] = [];
    let changes = 0;
    const scheduler = new ChangeScheduler(() => undefined, () => runs.push(changes));
    const counting = { changed: (p: string) => (changes++, scheduler.changed(p)) } as ChangeScheduler;
    await deliver(counting, '/w/a.playbook.yaml', 6);
    for (let i = 0; i < 4; i++) await turn();
    assert.deepEqual(runs, [6]);
  });

  it('each document on its own; a closed document not at all', async () => {
    const runs: string[] = [];
    const scheduler = new ChangeScheduler(() => undefined, (p) => runs.push(p));
    scheduler.changed('/w/a.playbook.yaml');
    scheduler.changed('/w/b.playbook.yaml');
    scheduler.changed('/w/c.playbook.yaml');
    scheduler.forget('/w/c.playbook.yaml');
    for (let i = 0; i < 3; i++) await turn();
    assert.deepEqual(runs.sort(), ['/w/a.playbook.yaml', '/w/b.playbook.yaml']);
  });

  it('with a quiet time from the client: after it, once for changes within it', async () => {
    const runs: string[] = [];
    const scheduler = new ChangeScheduler(() => 1000, (p) => runs.push(p));
    scheduler.changed('/w/a.playbook.yaml');
    for (let i = 0; i < 3; i++) await turn();
    scheduler.changed('/w/a.playbook.yaml');
    for (let i = 0; i < 3; i++) await turn();
    assert.deepEqual(runs, [], 'waits for the quiet time');
    // A timer due later than the scheduler's: it fires after it.
    await new Promise((r) => setTimeout(r, 1010));
    assert.deepEqual(runs, ['/w/a.playbook.yaml']);
    scheduler.stop();
  });
});
