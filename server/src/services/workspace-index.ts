/**
 * The core's ProjectIndex as the workspace keeps it: updated one file at a
 * time, on every keystroke of an open document. The core rebuilds its id
 * table from every file after any change (60,000 ids in a 2,000-file project:
 * tens of milliseconds, per keystroke once duplicate-id or unknown-reference
 * asks) and lists the vocabularies by scanning every file (asked by every
 * undefined [[term]]'s quick fix). Here both follow the change of one file.
 * Everything else is the core's own.
 *
 * Answers are the core's: the same entries, each id's list in the same order
 * (sorted by place). Only the order of the ids *between* themselves (the
 * Map's iteration order) may differ from a fresh index; every reader either
 * looks ids up or sorts what it lists.
 */
import type { FileExports, IdEntry } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';

/** The core's order within an id's list: by path (as plain strings), then position. */
function byPlace(a: IdEntry, b: IdEntry): number {
  const la = a.location;
  const lb = b.location;
  if (la.path !== lb.path) return la.path < lb.path ? -1 : 1;
  return la.range.start.line - lb.range.start.line || la.range.start.character - lb.range.start.character;
}

export class WorkspaceIndex extends ProjectIndex {
  private idList?: Map<string, IdEntry[]>;
  private vocabularyList?: FileExports[];

  override set(exports: FileExports): void {
    const old = this.get(exports.path);
    super.set(exports);
    this.follow(old, exports);
  }

  override delete(path: string): void {
    const old = this.get(path);
    super.delete(path);
    if (old) this.follow(old, undefined);
  }

  override ids(): Map<string, IdEntry[]> {
    // The core's first build (and its check that the whole project is indexed); kept up to date from then on.
    return (this.idList ??= super.ids());
  }

  override vocabularies(): FileExports[] {
    // A copy: the core hands out a fresh array each time.
    return [...(this.vocabularyList ??= super.vocabularies())];
  }

  /** One file's exports went from `old` to `next` (either may be undefined). */
  private follow(old: FileExports | undefined, next: FileExports | undefined): void {
    if (old?.kind === 'vocabulary' || next?.kind === 'vocabulary') this.vocabularyList = undefined;
    const table = this.idList;
    if (!table || (!old?.ids.length && !next?.ids.length)) return;
    const path = (next ?? old)!.path;
    const added = new Map<string, IdEntry[]>();
    for (const e of next?.ids ?? []) {
      const list = added.get(e.id);
      if (list) list.push(e);
      else added.set(e.id, [e]);
    }
    const touched = new Set<string>([...(old?.ids ?? []).map((e) => e.id), ...added.keys()]);
    for (const id of touched) {
      // A new array: lists handed out earlier stay as they were.
      const list = (table.get(id) ?? []).filter((e) => e.location.path !== path);
      const mine = added.get(id);
      if (mine) {
        list.push(...mine);
        list.sort(byPlace);
      }
      if (list.length) table.set(id, list);
      else table.delete(id);
    }
  }
}
