/**
 * setImmediate for the web worker, which has none: the server yields to pending messages
 * with it (lsp/change-scheduler.ts, the indexing loop). A MessageChannel message runs after
 * the tasks already queued, like Node's check phase; setTimeout(0) would be clamped to
 * 4 ms once nested, which a keystroke's re-check cannot afford.
 */
type Callback = (...args: unknown[]) => void;

export function installImmediate(scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  if (typeof scope.setImmediate === 'function') return;
  const pending = new Map<number, () => void>();
  let nextId = 1;
  const channel = new MessageChannel();
  // addEventListener + start(): the same in a browser and in Node (whose types this project checks against).
  channel.port1.addEventListener('message', (event) => {
    const id = (event as unknown as { data: number }).data;
    const run = pending.get(id);
    if (!run) return;
    pending.delete(id);
    run();
  });
  channel.port1.start();
  scope.setImmediate = (fn: Callback, ...args: unknown[]) => {
    const id = nextId++;
    pending.set(id, () => fn.apply(undefined, args));
    channel.port2.postMessage(id);
    return id;
  };
  scope.clearImmediate = (id: number) => void pending.delete(id);
}
