import type { FileExports, IdEntry, TermEntry } from '../project/exports';
import type { ProjectIndex } from '../project/project-index';
import type { Diagnostic, Location, Position } from '../types';
import type { DeferredSlots } from './deferred';
import { UniqueNames, slug } from './html';

/**
 * Where the pages of one rendering are. The site links pages by file name;
 * the preview shows one page and reveals sources instead (see sourceLinks).
 */
export interface PageNames {
  index: string;
  glossary: string;
  health: string;
  /** The page of a playbook, or undefined when it has none (a broken file, or the preview). */
  playbook(path: string): string | undefined;
  /** The page listing every use of a term (by its glossary anchor), when there are such pages. */
  usedIn?(termAnchor: string): string;
  /** The site's stylesheet, one file every page links to; undefined: each page has it inline. */
  stylesheet?: string;
}

/** What every page renderer reads: the project, the page names and the options. */
export interface RenderContext {
  index: ProjectIndex;
  pages: PageNames;
  /** Problems shown inline, by file (undefined: none, as in a published site). */
  problems?: (path: string) => readonly Diagnostic[];
  /** Mark elements with their source (data-path, data-line) so the preview can reveal them on click. */
  sourceLinks?: boolean;
  /** Paths are shown relative to this folder (the project root). */
  root?: string;
  /**
   * A site's first pass: see-also links and (with problems shown) problem lists become
   * slots, filled once every playbook's ids and the project rules' findings are known.
   */
  deferred?: DeferredSlots;
}

export const locationKey = (l: Location) => `${l.path}\0${l.range.start.line}\0${l.range.start.character}`;

/**
 * Anchors of a file's stage and tactic ids, in the file's own order: the
 * first "discovery" is #id-discovery, a duplicate #id-discovery-2. The
 * playbook page and every link into it compute the same names from the same
 * exports. The lookups by place are made only when asked: a site's "used in"
 * pages need only the entries (every playbook's), a page only its own starts,
 * and lean exports make a new Location at every read.
 */
class IdAnchors {
  readonly byEntry = new Map<IdEntry, string>();
  /** In the order of the file's ids. */
  readonly inOrder: string[] = [];
  private place: Map<string, string> | undefined;
  /** By start position alone (the ids of one file): see startKey. */
  private start: Map<number, string> | undefined;

  constructor(private readonly exports: FileExports) {
    const names = new UniqueNames();
    for (const e of exports.ids) {
      const anchor = names.take(`id-${slug(e.id)}`);
      this.byEntry.set(e, anchor);
      this.inOrder.push(anchor);
    }
  }

  byPlace(location: Location): string | undefined {
    if (!this.place) {
      this.place = new Map();
      for (const e of this.exports.ids) this.place.set(locationKey(e.location), this.byEntry.get(e)!);
    }
    return this.place.get(locationKey(location));
  }

  byStart(start: Position): string | undefined {
    if (!this.start) {
      this.start = new Map();
      for (const e of this.exports.ids) this.start.set(startKey(e.location.range.start), this.byEntry.get(e)!);
    }
    return this.start.get(startKey(start));
  }
}
const idAnchorCache = new WeakMap<FileExports, IdAnchors>();
function anchorsOf(exports: FileExports): IdAnchors {
  let cached = idAnchorCache.get(exports);
  if (!cached) {
    cached = new IdAnchors(exports);
    idAnchorCache.set(exports, cached);
  }
  return cached;
}

/** A position as one exact number: a file has at most 32 MB, so lines and characters stay below 2^26. */
function startKey(p: Position): number {
  return p.line * 2 ** 26 + p.character;
}

/**
 * The anchors of a playbook page's own ids, by where each starts: made for the one page, not kept in the cache
 * beside its exports. The exports a page is drafted from die with their file, but a weak map's entry is cleared
 * only by a full collection: until then the entry kept the exports and the text they are cut from alive, and the
 * young-generation collections moved them to the old generation (a render's first phase in one thread, 1,000
 * playbooks: 131 → 64 MB promoted).
 */
export function pageIdAnchors(exports: FileExports): (start: Position) => string | undefined {
  const anchors = new IdAnchors(exports);
  return (start) => anchors.byStart(start);
}

/** The anchor of the file's i-th id (exports.ids[i]). */
export function idAnchorOf(exports: FileExports, i: number): string {
  return anchorsOf(exports).inOrder[i];
}

/** The anchor of an id entry of the index (the same object as in its file's exports; else found by place). */
export function idAnchor(exports: FileExports | undefined, entry: IdEntry): string | undefined {
  if (!exports) return undefined;
  const anchors = anchorsOf(exports);
  return anchors.byEntry.get(entry) ?? anchors.byPlace(entry.location);
}

/** The terms a glossary shows (no aliases), in glossary order: by name, then project order. */
export function glossaryTerms(vocabularies: readonly FileExports[]): TermEntry[] {
  const terms: TermEntry[] = [];
  for (const v of vocabularies) for (const t of v.terms) if (!t.isAlias) terms.push(t);
  return terms.sort((a, b) => (a.termKey < b.termKey ? -1 : a.termKey > b.termKey ? 1 : 0));
}

/** Glossary anchors by term entry location (#term-economic-buyer; a second definition gets -2). */
const termAnchorCache = new WeakMap<ProjectIndex, { vocabularies: FileExports[]; map: Map<string, string>; byEntry: Map<TermEntry, string> }>();
export function termAnchor(index: ProjectIndex, entry: TermEntry): string {
  const vocabularies = index.vocabularies();
  let cached = termAnchorCache.get(index);
  if (!cached || !sameList(cached.vocabularies, vocabularies)) {
    const map = new Map<string, string>();
    const names = new UniqueNames();
    for (const t of glossaryTerms(vocabularies)) map.set(locationKey(t.entryLocation), names.take(`term-${slug(t.term)}`));
    cached = { vocabularies, map, byEntry: new Map() };
    termAnchorCache.set(index, cached);
  }
  let anchor = cached.byEntry.get(entry);
  if (anchor === undefined) {
    anchor = cached.map.get(locationKey(entry.entryLocation)) ?? `term-${slug(entry.term)}`;
    cached.byEntry.set(entry, anchor);
  }
  return anchor;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A file's path as the reader sees it: relative to the project root when inside it. */
export function shownPath(projectRoot: string | undefined, path: string): string {
  const root = projectRoot?.replace(/\/+$/, '');
  return root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

/** ` data-path=… data-line=…` for click-to-reveal in the preview; nothing in the site. */
export function sourceAttrs(ctx: RenderContext, location: Location | undefined): Record<string, string | number | undefined> {
  if (!ctx.sourceLinks || !location) return {};
  return { 'data-path': location.path, 'data-line': location.range.start.line };
}
