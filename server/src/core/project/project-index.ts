import { SuggestionNames, suggester, type Suggester } from '../suggest';
import type { FileExports, IdEntry, TermEntry, TermUse } from './exports';
import type { ProjectRead } from './project-reads';
import { byPath, pushAll } from '../arrays';

/** Paths compare as plain strings so "first" and "later" mean the same in the CLI and the server. */
function byPlace(a: { location: { path: string; range: { start: { line: number; character: number } } } }, b: typeof a): number {
  if (a.location.path !== b.location.path) return a.location.path < b.location.path ? -1 : 1;
  const pa = a.location.range.start;
  const pb = b.location.range.start;
  return pa.line - pb.line || pa.character - pb.character;
}

/**
 * Cross-file knowledge of one project: terms in scope, ids, uses. Built from
 * file exports only. Derived tables are built lazily; once built, the id table
 * and the vocabulary list follow each change of one file (the language server
 * sets an open document's exports on every keystroke: rebuilding 60,000 ids, and
 * the "did you mean" list over them, each time cost tens of milliseconds), the ids'
 * "did you mean" list and the use table follow each file new to the index (the
 * CLI's batches, see follow), and the others are rebuilt after a change.
 *
 * Answers do not depend on that history: each id's list is in place order and
 * readers look ids up or sort them; only the order of the ids between
 * themselves (the Map's iteration order) may differ from a fresh index.
 */
export class ProjectIndex {
  private readonly files = new Map<string, FileExports>();
  private termTable?: Map<string, TermEntry[]>;
  private idTable?: Map<string, IdEntry[]>;
  private useTable?: Map<string, TermUse[]>;
  /** The same, playbooks' uses only (a file's uses are in the file: no location is looked at). */
  private playbookUseTable?: Map<string, TermUse[]>;
  private idNames?: SuggestionNames;
  private termNames?: Suggester;
  private vocabularyList?: FileExports[];

  /**
   * @param vocabularyInScope decides which vocabulary files define terms for playbooks.
   * @param vocabularyOnly the index holds the vocabularies but not every playbook yet
   *   (the CLI's first parallel phase): asking it about ids or uses is a bug in a rule
   *   that should say `scope: 'project'`, so it throws instead of answering wrongly.
   */
  constructor(
    readonly vocabularyInScope: (path: string) => boolean = () => true,
    private readonly vocabularyOnly = false,
  ) {}

  private requireWholeProject(what: string): void {
    if (this.vocabularyOnly) throw new Error(`a rule read ${what} before the whole project was indexed; declare it scope: 'project'`);
  }

  set(exports: FileExports): void {
    const old = this.files.get(exports.path);
    this.files.set(exports.path, exports);
    this.changed(old, exports);
  }

  delete(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    this.files.delete(path);
    this.changed(old, undefined);
  }

  get(path: string): FileExports | undefined {
    return this.files.get(path);
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  allExports(): IterableIterator<FileExports> {
    return this.files.values();
  }

  /** One file's exports went from `old` to `next` (either may be undefined). */
  private changed(old: FileExports | undefined, next: FileExports | undefined): void {
    if (old?.kind === 'vocabulary' || next?.kind === 'vocabulary') {
      this.termTable = undefined;
      this.termNames = undefined;
      this.vocabularyList = undefined;
    }
    // A playbook new to the index adds its uses at the end, as a fresh table would list them (files in order).
    if (this.useTable && !old && next?.kind === 'playbook') this.addUses(next);
    else this.releaseUses();
    if (this.idTable && (old?.ids.length || next?.ids.length)) this.followIds(this.idTable, (next ?? old)!.path, old?.ids ?? [], next?.ids ?? []);
  }

  /**
   * Builds now the tables behind these reads, so that they follow each file added from here on
   * instead of being built after the last: the CLI's engine calls this before its batches come in
   * (the project rules that are on read them once every file is in; only the ids are needed
   * before, by the cache). Ids: the id table and its "did you mean" list; termUses: the use table.
   */
  follow(reads: Iterable<ProjectRead>): void {
    for (const read of reads) {
      if (read === 'ids') this.idSuggester();
      else if (read === 'termUses') this.usesByTerm();
    }
  }

  /** Replaces one file's entries in the id table; the suggester goes only when the set of ids changed. */
  private followIds(table: Map<string, IdEntry[]>, path: string, before: readonly IdEntry[], after: readonly IdEntry[]): void {
    if (!before.length) {
      this.addIds(table, after);
      return;
    }
    const added = new Map<string, IdEntry[]>();
    for (const e of after) {
      const list = added.get(e.id);
      if (list) list.push(e);
      else added.set(e.id, [e]);
    }
    // A file new to the table (the CLI's engine adds every file so, as its batches come in) has no entries to take out.
    const ids = before.length ? new Set([...before.map((e) => e.id), ...added.keys()]) : added.keys();
    for (const id of ids) {
      // A new array: lists handed out earlier stay as they were.
      const old = table.get(id) ?? [];
      const list = before.length ? old.filter((e) => e.location.path !== path) : [...old];
      const mine = added.get(id);
      if (mine) {
        pushAll(list, mine);
        if (list.length > 1) list.sort(byPlace);
      }
      if (list.length === 0) {
        table.delete(id);
        this.idNames = undefined;
      } else {
        if (!table.has(id)) this.idNames = undefined;
        table.set(id, list);
      }
    }
  }

  /**
   * A file new to the table: its entries added, each id new to the project to the "did you mean" list too.
   * A list the table held already is copied once (lists handed out earlier stay as they were); the copy
   * takes this file's other entries of the id (a generated file may repeat one id 100,000 times) and is
   * sorted once at the end.
   */
  private addIds(table: Map<string, IdEntry[]>, entries: readonly IdEntry[]): void {
    let grown: Set<IdEntry[]> | undefined;
    for (const e of entries) {
      const old = table.get(e.id);
      if (!old) {
        table.set(e.id, [e]);
        this.idNames?.add(e.id);
      } else if (grown?.has(old)) old.push(e);
      else {
        const list = [...old, e];
        table.set(e.id, list);
        (grown ??= new Set()).add(list);
      }
    }
    if (grown) for (const list of grown) list.sort(byPlace);
  }

  /** Every defined name (terms and aliases) by key, each list in project order. */
  terms(): Map<string, TermEntry[]> {
    if (!this.termTable) {
      const table = new Map<string, TermEntry[]>();
      for (const f of this.files.values()) {
        if (f.kind !== 'vocabulary' || !this.vocabularyInScope(f.path)) continue;
        for (const t of f.terms) {
          const list = table.get(t.key);
          if (list) list.push(t);
          else table.set(t.key, [t]);
        }
      }
      for (const list of table.values()) list.sort(byPlace);
      this.termTable = table;
    }
    return this.termTable;
  }

  /**
   * Vocabulary files that define this term key but that the config's
   * `vocabulary` globs leave out of scope, sorted: why a term a team did
   * define reads as undefined. Few vocabularies, asked only about undefined
   * terms: a scan, nothing kept.
   */
  outOfScopeDefinitions(key: string): string[] {
    const out: string[] = [];
    for (const f of this.files.values()) {
      if (f.kind === 'vocabulary' && !this.vocabularyInScope(f.path) && f.terms.some((t) => t.key === key)) out.push(f.path);
    }
    return out.sort();
  }

  /** The definition a reference resolves to: the first one in project order. */
  lookupTerm(key: string): TermEntry | undefined {
    return this.terms().get(key)?.[0];
  }

  ids(): Map<string, IdEntry[]> {
    this.requireWholeProject('ids');
    if (!this.idTable) {
      const table = new Map<string, IdEntry[]>();
      for (const f of this.files.values()) {
        for (const entry of f.ids) {
          const list = table.get(entry.id);
          if (list) list.push(entry);
          else table.set(entry.id, [entry]);
        }
      }
      for (const list of table.values()) list.sort(byPlace);
      this.idTable = table;
    }
    return this.idTable;
  }

  lookupId(id: string): IdEntry | undefined {
    return this.ids().get(id)?.[0];
  }

  /**
   * "Did you mean" over every id, prepared once per id table: rules ask it
   * from every file with an unknown reference, and preparing means every id.
   */
  idSuggester(): Suggester {
    if (!this.idNames) {
      this.idNames = new SuggestionNames();
      for (const id of this.ids().keys()) this.idNames.add(id);
    }
    return this.idNames.suggest;
  }

  /** "Did you mean" over the names references resolve to (the first definition of each key), once per term table. */
  termSuggester(): Suggester {
    return (this.termNames ??= suggester([...this.terms().values()].map((list) => list[0].name)));
  }

  /** Term uses in playbooks and vocabularies, grouped by the canonical term they resolve to. */
  usesByTerm(): Map<string, TermUse[]> {
    this.requireWholeProject('term uses');
    if (!this.useTable) {
      const table = new Map<string, TermUse[]>();
      const playbookTable = new Map<string, TermUse[]>();
      this.useTable = table;
      this.playbookUseTable = playbookTable;
      for (const f of this.files.values()) this.addUses(f);
    }
    return this.useTable;
  }

  private addUses(f: FileExports): void {
    for (const use of f.termUses) {
      const canonical = this.lookupTerm(use.key)?.termKey ?? use.key;
      addTo(this.useTable!, canonical, use);
      if (f.kind === 'playbook') addTo(this.playbookUseTable!, canonical, use);
    }
  }

  /**
   * Forgets the use table until it is next asked for (any change forgets it anyway). It holds an
   * object for every `[[…]]` of the project: the language server keeps it only while a pass of
   * checks needs it, not for the hours in between.
   */
  releaseUses(): void {
    this.useTable = undefined;
    this.playbookUseTable = undefined;
  }

  /** Uses of a term from playbooks only: what `unused-term` counts (a fresh array). */
  playbookUses(termKey: string): TermUse[] {
    this.usesByTerm();
    return [...(this.playbookUseTable!.get(termKey) ?? [])];
  }

  /** The vocabularies in scope, by path (a fresh array each time). */
  vocabularies(): FileExports[] {
    this.vocabularyList ??= [...this.files.values()].filter((f) => f.kind === 'vocabulary' && this.vocabularyInScope(f.path)).sort(byPath);
    return [...this.vocabularyList];
  }
}

function addTo<T>(table: Map<string, T[]>, key: string, item: T): void {
  const list = table.get(key);
  if (list) list.push(item);
  else table.set(key, [item]);
}
