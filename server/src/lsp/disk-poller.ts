/**
 * The fallback for clients that cannot register file watchers (no dynamic
 * registration of workspace/didChangeWatchedFiles): the server looks at the
 * disk itself, in small slices. Known files are stat'ed for changes and
 * deletions; each project is listed again now and then for new files.
 * Once the client sends file events of its own, polling stops.
 */
import { lstatSync } from 'node:fs';
import { CONFIG_FILE_NAME } from '../core/file-kind';
import type { Workspace } from '../services/workspace';

type Event = { path: string; type: 'created' | 'changed' | 'deleted' };

export class DiskPoller {
  private readonly seen = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private rounds = 0;

  constructor(
    private readonly workspace: Workspace,
    private readonly intervalMs: number,
    private readonly onEvents: (events: Event[]) => void,
    /** When indexing started (ms since epoch): files modified since may have changed after they were read. */
    private readonly since: number,
  ) {}

  start(): void {
    const recent = this.snapshot();
    if (recent.length) this.onEvents(recent.map((path) => ({ path, type: 'changed' })));
    this.timer = setTimeout(() => this.tick(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private stamp(path: string): string | undefined {
    return this.stat(path)?.key;
  }

  private stat(path: string): { key: string; mtimeMs: number } | undefined {
    try {
      const s = lstatSync(path); // never follows a link (it may point outside the project)
      return s.isFile() ? { key: `${s.mtimeMs}:${s.size}`, mtimeMs: s.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }

  private watched(): Set<string> {
    const out = new Set<string>();
    for (const p of this.workspace.projects.values()) {
      for (const f of p.files) out.add(f);
      out.add(p.configPath);
      out.add(p.suppressionsPath);
    }
    return out;
  }

  /** Records what is on disk now; returns the files written since indexing began (to be compared once). */
  private snapshot(): string[] {
    const recent: string[] = [];
    for (const path of this.watched()) {
      const s = this.stat(path);
      if (!s) continue;
      this.seen.set(path, s.key);
      // Timestamps can be coarse: anything from a second before indexing on is looked at again.
      if (s.mtimeMs >= this.since - 1000) recent.push(path);
    }
    return recent;
  }

  private tick(): void {
    if (this.stopped) return;
    this.rounds++;
    const events: Event[] = [];
    const watched = this.watched();
    for (const path of watched) {
      const s = this.stamp(path);
      const before = this.seen.get(path);
      if (s === before) continue;
      if (s === undefined) {
        this.seen.delete(path);
        events.push({ path, type: 'deleted' });
      } else {
        this.seen.set(path, s);
        events.push({ path, type: before === undefined ? 'created' : 'changed' });
      }
    }
    // New files (and new nested configs) need a listing; every third round is enough.
    if (this.rounds % 3 === 0) {
      for (const folder of this.workspace.folders) {
        for (const p of this.workspace.projects.values()) {
          if (p.folder !== folder) continue;
          for (const f of this.listNew(p.root, p.config.ignore, watched)) {
            if (!f.endsWith(`/${CONFIG_FILE_NAME}`) && this.workspace.projectOf(f) !== p) continue;
            const s = this.stamp(f);
            if (s) this.seen.set(f, s);
            events.push({ path: f, type: 'created' });
          }
        }
      }
    }
    for (const path of [...this.seen.keys()]) if (!watched.has(path) && !events.some((e) => e.path === path)) this.seen.delete(path);
    if (events.length) this.onEvents(events);
    if (!this.stopped) {
      this.timer = setTimeout(() => this.tick(), this.intervalMs);
      this.timer.unref?.();
    }
  }

  private listNew(root: string, ignore: readonly string[], watched: Set<string>): string[] {
    const host = this.workspace.host;
    const out: string[] = [];
    for (const f of host.listProjectFiles(root, ignore)) if (!watched.has(f) && !this.workspace.docs.has(f)) out.push(f);
    for (const c of host.listConfigFiles(root)) if (!watched.has(c) && c.endsWith(`/${CONFIG_FILE_NAME}`)) out.push(c);
    return out;
  }
}
