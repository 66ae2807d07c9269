/**
 * When an edited document is re-analysed.
 *
 * By default, as soon as the messages already received have been handled:
 * the run waits two turns of the event loop, and the JSON-RPC connection
 * handles one queued message per turn, so a burst of changes that arrived
 * together (a macro, a paste sent as many edits) is analysed once, after its
 * last change, while a keystroke typed alone waits for nothing. (A fixed
 * quiet time, 3 ms before, only added to every keystroke's latency.)
 *
 * With a quiet time set by the client, the classic debounce: each change
 * waits that long, and a change during the wait starts it again.
 */
export class ChangeScheduler {
  /** Cancels each document's pending run. */
  private readonly pending = new Map<string, () => void>();

  constructor(
    /** Read on every change (the client's setting arrives with initialize); undefined: no quiet time. */
    private readonly quietMs: () => number | undefined,
    private readonly run: (path: string) => void,
  ) {}

  changed(path: string): void {
    this.pending.get(path)?.();
    const go = () => {
      this.pending.delete(path);
      this.run(path);
    };
    const quiet = this.quietMs();
    if (quiet !== undefined) {
      const timer = setTimeout(go, quiet);
      this.pending.set(path, () => clearTimeout(timer));
      return;
    }
    let cancelled = false;
    this.pending.set(path, () => (cancelled = true));
    setImmediate(() => setImmediate(() => cancelled || go()));
  }

  /** The document closed: nothing more to run for it. */
  forget(path: string): void {
    this.pending.get(path)?.();
    this.pending.delete(path);
  }

  stop(): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
  }
}
