/**
 * The one queue from a keystroke (or a disk event) to diagnostics. Read top to bottom:
 *
 * 1. `edited(path)`: didChange recorded the new text in the workspace; its analysis waits until
 *    the messages already received are handled: two turns of the event loop, and the JSON-RPC
 *    connection handles one queued message per turn, so a burst of changes that arrived together
 *    (a macro, a paste sent as many edits) is analysed once, after its last change, while a
 *    keystroke typed alone waits for nothing. With a quiet time set by the client
 *    (`changeDebounceMs`), the classic debounce instead.
 * 2. `analyse(path)`: `Workspace.flush` analyses the document (the one place an edit's analysis
 *    starts; a request that needs the file before then analyses it on the way, through the same
 *    flush) and marks dirty exactly the files whose diagnostics can change.
 * 3. `runForeground()`: every dirty open document is checked at once, in the same turn.
 * 4. `runBackground()`: dirty closed files after `backgroundDelayMs` of quiet, in short slices
 *    so requests stay responsive.
 *
 * Disk events and indexing enter at step 2 (the workspace marks files dirty and calls
 * `schedule`). Checking a file and delivering its result is the diagnostics engine's `check`.
 */
import type { Workspace } from '../services/workspace';

const SLICE_MS = 8;

export interface CheckQueueOptions {
  /** Read on every change (the client's setting arrives with initialize); undefined: no quiet time. */
  quietMs: () => number | undefined;
  /** How long closed files wait after the last change before their re-check (ms). */
  backgroundDelayMs: number;
}

export class CheckQueue {
  /** Edited documents waiting for step 2, each with the way to cancel its wait. */
  private readonly edits = new Map<string, () => void>();
  private ready = false;
  private stopped = false;
  private foregroundTimer?: NodeJS.Immediate;
  private backgroundTimer?: NodeJS.Timeout;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly workspace: Workspace,
    /** Re-checks one file and delivers its diagnostics. */
    private readonly check: (path: string) => void,
    private readonly options: CheckQueueOptions,
    /** After each run (the engine asks a pulling client to refresh then). */
    private readonly afterRun: () => void = () => undefined,
  ) {
    workspace.onDirty(() => this.schedule());
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Initial indexing is done: start checking (nothing before, or every term would look undefined). */
  start(): void {
    this.ready = true;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.edits.values()) cancel();
    this.edits.clear();
    if (this.foregroundTimer) clearImmediate(this.foregroundTimer);
    clearTimeout(this.backgroundTimer);
  }

  // ------------------------------------------------------------------ 1. edits

  /** A document's text changed (already recorded in the workspace). */
  edited(path: string): void {
    this.edits.get(path)?.();
    const due = () => {
      this.edits.delete(path);
      this.analyse(path);
    };
    const quiet = this.options.quietMs();
    if (quiet !== undefined) {
      const timer = setTimeout(due, quiet);
      this.edits.set(path, () => clearTimeout(timer));
      return;
    }
    let cancelled = false;
    this.edits.set(path, () => (cancelled = true));
    setImmediate(() => setImmediate(() => cancelled || due()));
  }

  /** The document closed: nothing more to analyse for it. */
  forget(path: string): void {
    this.edits.get(path)?.();
    this.edits.delete(path);
  }

  // ------------------------------------------------------------------ 2. analysis

  private analyse(path: string): void {
    if (this.stopped) return;
    this.workspace.flush(path);
    if (!this.ready) return;
    if (this.foregroundTimer) clearImmediate(this.foregroundTimer);
    this.foregroundTimer = undefined;
    this.runForeground();
  }

  // ------------------------------------------------------------------ 3, 4. checks

  /** Files became dirty: check them on the next turn. */
  schedule(): void {
    if (!this.ready || this.stopped) return;
    this.foregroundTimer ??= setImmediate(() => {
      this.foregroundTimer = undefined;
      this.runForeground();
    });
  }

  /** Open documents first, right away; closed files after a short quiet period. */
  private runForeground(): void {
    const open = [...this.workspace.dirty].filter((p) => this.workspace.docs.has(p));
    for (const path of open) this.check(path);
    if (this.workspace.dirty.size) {
      clearTimeout(this.backgroundTimer);
      this.backgroundTimer = setTimeout(() => this.runBackground(), this.options.backgroundDelayMs);
    } else this.idle();
    this.afterRun();
  }

  private runBackground(): void {
    this.backgroundTimer = undefined;
    if (this.stopped) return;
    const until = Date.now() + SLICE_MS;
    for (const path of this.workspace.dirty) {
      this.check(path);
      if (Date.now() > until) break;
    }
    this.afterRun();
    if (this.workspace.dirty.size) this.backgroundTimer = setTimeout(() => this.runBackground(), 0);
    else this.idle();
  }

  private idle(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when no file is waiting to be re-checked. */
  whenIdle(): Promise<void> {
    if (this.ready && this.workspace.dirty.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.schedule();
      if (this.ready && !this.backgroundTimer) this.backgroundTimer = setTimeout(() => this.runBackground(), 0);
    });
  }

  /** Checks every dirty file now (in slices, yielding between them). Used by the first indexing pass. */
  async drain(onProgress?: (done: number, total: number) => void, isCancelled?: () => boolean): Promise<void> {
    const total = this.workspace.dirty.size;
    let done = 0;
    const open = [...this.workspace.dirty].filter((p) => this.workspace.docs.has(p));
    for (const path of open) {
      this.check(path);
      done++;
    }
    let until = Date.now() + SLICE_MS * 2;
    while (this.workspace.dirty.size && !this.stopped && !isCancelled?.()) {
      const path = this.workspace.dirty.values().next().value!;
      this.check(path);
      done++;
      if (Date.now() > until) {
        onProgress?.(Math.min(done, total), Math.max(total, done));
        await new Promise<void>((r) => setImmediate(r));
        until = Date.now() + SLICE_MS * 2;
      }
    }
    this.afterRun();
    if (!this.workspace.dirty.size) this.idle();
  }

  /** Checks the dirty files now, yielding every few ms (workspace/diagnostic). */
  async checkAllNow(check: (path: string) => void, isCancelled: () => boolean): Promise<boolean> {
    let until = Date.now() + SLICE_MS * 2;
    for (const path of [...this.workspace.dirty]) {
      if (isCancelled()) return false;
      check(path);
      if (Date.now() > until) {
        await new Promise<void>((r) => setImmediate(r));
        until = Date.now() + SLICE_MS * 2;
      }
    }
    return true;
  }
}
