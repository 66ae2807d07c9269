import { termKey } from '../model/terms';
import type { FileExports, IdEntry, TermEntry } from '../project/exports';
import type { ProjectIndex } from '../project/project-index';
import { ownCopy } from '../strings';
import type { Diagnostic, Location, Position } from '../types';
import { type RenderContext, glossaryTerms, idAnchorOf, locationKey, shownPath, sourceAttrs, termAnchor } from './context';
import { attrs, esc, type Html } from './html';
import type { PageBody, PageStream } from './playbook-page';
import { problemsHtml } from './problems';
import { PageState, proseHtml, termDefinitions } from './prose';
import { byPath } from '../arrays';

/**
 * The glossary: every term of the given vocabularies with its aliases,
 * definition, example, see-also and "used in" links back to each stage or
 * tactic that references it.
 */
export function renderGlossary(ctx: RenderContext, vocabularies: readonly FileExports[], title = 'Glossary', uses = usedInTable(ctx)): PageBody {
  const page = new PageState();
  const terms = glossaryTerms(vocabularies);
  const problems = vocabularies.flatMap((v) => [...(ctx.problems?.(v.path) ?? [])]);
  const placed = new Map<TermEntry, Diagnostic[]>();
  const unplaced: Diagnostic[] = [];
  for (const d of problems) {
    const owner = terms.find((t) => t.entryLocation.path === d.path && within(t.entryLocation, d.range.start.line));
    if (owner) placed.set(owner, [...(placed.get(owner) ?? []), d]);
    else unplaced.push(d);
  }
  const sources = vocabularies.map((v) => esc(shownPath(ctx.root, v.path))).join(', ');
  let body =
    `<header class="page-head"><h1>${esc(title)}</h1>` +
    `<p class="summary">${terms.length === 1 ? '1 term' : `${terms.length} terms`}${sources ? ` from ${sources}` : ''}.</p></header>` +
    problemsHtml(ctx, unplaced);
  if (terms.length === 0) body += '<p class="missing">No vocabulary terms in scope yet.</p>';
  else body += `<dl class="glossary">${terms.map((t) => termHtml(ctx, page, t, placed.get(t) ?? [], uses)).join('')}</dl>`;
  const { styles, descriptions } = termDefinitions(page);
  return { title, body: body + descriptions, styles };
}

function termHtml(ctx: RenderContext, page: PageState, t: TermEntry, problems: readonly Diagnostic[], uses: UsedInTable): Html {
  const aliases = t.aliases.filter((a) => a.trim());
  const definition = t.definition?.trim()
    ? `<p class="definition">${proseHtml(ctx, page, t.definition)}</p>`
    : '<p class="definition missing">No definition yet.</p>';
  const example = t.example?.trim() ? `<p class="example"><span class="label">Example</span> ${proseHtml(ctx, page, t.example)}</p>` : '';
  const seeAlso = t.seeAlso
    .filter((s) => s.trim())
    .map((name) => {
      const target = ctx.index.lookupTerm(termKey(name));
      return target
        ? `<a${attrs({ href: `#${termAnchor(ctx.index, target)}`, ...sourceAttrs(ctx, target.entryLocation) })}>${esc(target.term)}</a>`
        : `<span class="unresolved">${esc(name)}</span>`;
    });
  const usedIn = usedInLinks(ctx, t, uses, MAX_USED_IN_FILES);
  return (
    `<div${attrs({ class: 'entry', id: termAnchor(ctx.index, t), ...sourceAttrs(ctx, t.entryLocation) })}>` +
    `<dt><dfn>${esc(t.term)}</dfn></dt><dd>` +
    (aliases.length ? `<p class="aliases"><span class="label">Also</span> ${aliases.map(esc).join(', ')}</p>` : '') +
    definition +
    example +
    (seeAlso.length ? `<p class="see-also"><span class="label">See also</span> ${seeAlso.join(', ')}</p>` : '') +
    `<p class="used-in"><span class="label">Used in</span> ${usedIn.length ? usedIn.join('; ') : '<span class="missing">no playbook yet</span>'}</p>` +
    problemsHtml(ctx, problems) +
    '</dd></div>'
  );
}

function within(location: Location, line: number): boolean {
  return location.range.start.line <= line && line <= location.range.end.line;
}

/**
 * A term used everywhere would make the glossary unreadably long (and tens of megabytes):
 * its entry lists the first playbooks and links to the term's own page, which lists them all.
 */
export const MAX_USED_IN_FILES = 50;

/**
 * Per term (canonical key), per playbook that uses it (by path), the stages and tactics that do, each
 * once, in file order: as places in that file's ids (a site lists half a million of them).
 */
export type UsedInTable = Map<string, Map<string, number[]>>;

/**
 * Every term's uses in playbooks (uses of an alias count for its term), from each playbook's part
 * (usedInRowsOf; `rowsOf`: parts made earlier, as a site's playbooks come in).
 */
export function usedInTable(ctx: RenderContext, rowsOf = (e: FileExports) => usedInRowsOf(ctx.index, e)): UsedInTable {
  const table: UsedInTable = new Map();
  const playbooks = [...ctx.index.allExports()].filter((e) => e.kind === 'playbook').sort(byPath);
  for (const e of playbooks) {
    for (const [key, owners] of rowsOf(e)) {
      let byFile = table.get(key);
      if (!byFile) table.set(key, (byFile = new Map()));
      byFile.set(e.path, owners);
    }
  }
  return table;
}

/**
 * One playbook's part of the table: per term (canonical key) it uses, the stages and tactics that do, each once, in
 * file order, from one walk over its uses and ids. A use belongs to the last id at or before it: ids come first in
 * their entries.
 */
export function usedInRowsOf(index: ProjectIndex, e: FileExports): Map<string, number[]> {
  // Each use's place read once: lean exports make a new Location at every read.
  return usedInRowsOfUses(
    index,
    e.ids,
    e.termUses.map((use) => ({ key: use.key, u: use.location.range.start })),
  );
}

/** A term use as the "used in" table needs it: the name's key and where the use starts. */
export interface PlacedUse {
  key: string;
  u: Position;
}

/** usedInRowsOf from a file's ids and its uses, in any order (a render's first phase has them before its exports). */
export function usedInRowsOfUses(index: ProjectIndex, ids: readonly IdEntry[], uses: PlacedUse[]): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  let i = 0;
  let current = -1;
  for (const use of uses.sort(byPlace)) {
    const u = use.u;
    for (; i < ids.length; i++) {
      const s = ids[i].location.range.start;
      if (s.line > u.line || (s.line === u.line && s.character > u.character)) break;
      current = i;
    }
    // A name no vocabulary defines has no glossary entry to list its uses: no row (and its key, a slice of the
    // file's text, would keep the whole text alive as long as the table).
    const key = index.lookupTerm(use.key)?.termKey;
    if (key === undefined) continue;
    let owners = rows.get(key);
    if (!owners) rows.set(key, (owners = []));
    if (current >= 0 && owners[owners.length - 1] !== current) owners.push(current);
  }
  return rows;
}

/**
 * Some terms' rows of the table, for another thread: each file as its place in
 * `playbooks`, each stage or tactic as its place in that file's ids.
 */
export interface PackedUsedIn {
  key: string;
  files: Int32Array;
  /** Per file, how many of `owners` are its. */
  counts: Int32Array;
  owners: Int32Array;
}

export function packUsedIn(uses: UsedInTable, keys: readonly string[], playbooks: readonly FileExports[]): PackedUsedIn[] {
  const place = placesOf(playbooks);
  const out: PackedUsedIn[] = [];
  for (const key of keys) out.push(packRow(key, uses.get(key), place));
  return out;
}

/** Each playbook's place in the list, made once per list: a site packs its terms' rows in tens of batches. */
const placeMaps = new WeakMap<readonly FileExports[], Map<string, number>>();
function placesOf(playbooks: readonly FileExports[]): Map<string, number> {
  let place = placeMaps.get(playbooks);
  if (!place) placeMaps.set(playbooks, (place = new Map(playbooks.map((e, i) => [e.path, i]))));
  return place;
}

function packRow(key: string, byFile: Map<string, number[]> | undefined, place: Map<string, number>): PackedUsedIn {
  const files: number[] = [];
  const counts: number[] = [];
  const owners: number[] = [];
  if (byFile) {
    for (const [path, list] of byFile) {
      files.push(place.get(path)!);
      counts.push(list.length);
      for (const o of list) owners.push(o);
    }
  }
  return { key, files: Int32Array.from(files), counts: Int32Array.from(counts), owners: Int32Array.from(owners) };
}

/** The rows back, over this thread's copies of the same playbooks' ids (in the same order). */
export function unpackUsedIn(packed: readonly PackedUsedIn[], playbooks: readonly FileExports[]): UsedInTable {
  const table: UsedInTable = new Map();
  for (const row of packed) {
    const byFile = new Map<string, number[]>();
    let next = 0;
    for (let f = 0; f < row.files.length; f++) {
      const owners: number[] = new Array(row.counts[f]);
      for (let k = 0; k < owners.length; k++) owners[k] = row.owners[next + k];
      byFile.set(playbooks[row.files[f]].path, owners);
      next += owners.length;
    }
    table.set(row.key, byFile);
  }
  return table;
}

/** How much work a term's "used in" page is: its files and their stages and tactics. */
export function usedInWeight(uses: UsedInTable, key: string): number {
  let n = 0;
  for (const owners of uses.get(key)?.values() ?? []) n += 1 + owners.length;
  return n;
}

/** The term's row of the table (none for a duplicate definition: uses resolve to the first one). */
function usesOf(ctx: RenderContext, t: TermEntry, uses: UsedInTable): Map<string, number[]> {
  const first = ctx.index.lookupTerm(t.termKey);
  if (first && locationKey(first.entryLocation) !== locationKey(t.entryLocation)) return new Map();
  return uses.get(t.termKey) ?? new Map();
}

/**
 * "Used in": per playbook that references the term, its page, then each stage
 * or tactic (by id) that references it. In the glossary, at most
 * MAX_USED_IN_FILES playbooks, then a link to the term's own page
 * (renderUsedIn) with every one; `limit` undefined: all of them.
 */
function usedInLinks(ctx: RenderContext, t: TermEntry, uses: UsedInTable, limit: number | undefined): Html[] {
  const byFile = usesOf(ctx, t, uses);
  const links = usedInLinkCache(ctx);
  const out: Html[] = [];
  let n = 0;
  for (const [file, owners] of byFile) {
    if (limit !== undefined && n++ >= limit) break;
    const f = links(file);
    let places = '';
    for (const o of owners) places += places ? `, ${placeLink(ctx, f, o)}` : placeLink(ctx, f, o);
    out.push(places ? `${f.file} (${places})` : f.file);
  }
  if (limit === undefined || byFile.size <= limit) return out;
  const all = ctx.pages.usedIn?.(termAnchor(ctx.index, t));
  out.push(all ? `<a href="${esc(all)}">all ${byFile.size} playbooks that use ${esc(t.term)}</a>` : `and ${byFile.size - limit} more playbooks`);
  return out;
}

/** The terms whose glossary entry lists only the first playbooks: each gets its own "used in" page. */
export function termsWithUsedInPages(ctx: RenderContext, vocabularies: readonly FileExports[], uses: UsedInTable): TermEntry[] {
  return glossaryTerms(vocabularies).filter((t) => usesOf(ctx, t, uses).size > MAX_USED_IN_FILES);
}

/**
 * The page of one term's uses: every playbook that references it, with each
 * stage and tactic that does. `ctx.pages` are as seen from that page.
 */
export function renderUsedIn(ctx: RenderContext, t: TermEntry, uses: UsedInTable): PageStream {
  const byFile = usesOf(ctx, t, uses);
  return { title: `${t.term}: used in`, pieces: usedInPieces(ctx, t, byFile), styles: '' };
}

/**
 * A "used in" page's body, one piece per playbook, each made as the writer asks for it: a page lists thousands of
 * playbooks (a site: 33 MB of such pages), and held whole, as one string or as all its rows, it is new memory
 * of its own (V8's large-object space) or rows that outlive young-generation collections.
 */
function* usedInPieces(ctx: RenderContext, t: TermEntry, byFile: Map<string, number[]>): Generator<Html> {
  const links = usedInLinkCache(ctx);
  yield `<header class="page-head"><h1>${esc(t.term)}</h1>` +
    `<p class="summary">Every playbook that uses <a href="${esc(`${ctx.pages.glossary}#${termAnchor(ctx.index, t)}`)}">${esc(t.term)}</a>` +
    ` (${byFile.size === 1 ? '1 playbook' : `${byFile.size} playbooks`}), with each stage and tactic that does.</p></header>` +
    '<ul class="used-in-list">';
  const parts: string[] = [];
  for (const [file, owners] of byFile) {
    const f = links(file);
    parts.length = 0;
    parts.push('<li>', f.file);
    for (let i = 0; i < owners.length; i++) parts.push(i ? ', ' : ' (', placeLink(ctx, f, owners[i]));
    parts.push(owners.length ? ')</li>' : '</li>');
    yield parts.join('');
  }
  yield '</ul>';
}

/**
 * The links of "used in" lists, each made once per context: a tactic that uses
 * five terms is listed on five terms' pages (a site: half a million links).
 * Per playbook: its page's link, and its stages' and tactics' by their place in its ids.
 */
interface FileLinks {
  path: string;
  exports: FileExports | undefined;
  file: Html;
  places: (Html | undefined)[];
  /** In a site, the start of every link to a place on the playbook's page, up to its anchor: `<a href="PAGE#`. */
  open: Html | undefined;
}

const usedInLinkCaches = new WeakMap<RenderContext, (path: string) => FileLinks>();
function usedInLinkCache(ctx: RenderContext): (path: string) => FileLinks {
  let cache = usedInLinkCaches.get(ctx);
  if (!cache) {
    const files = new Map<string, FileLinks>();
    const top = { line: 0, character: 0 };
    cache = (path) => {
      let f = files.get(path);
      if (f === undefined) {
        const page = ctx.pages.playbook(path);
        const file = link(ctx, page, undefined, { path, range: { start: top, end: top } }, shownPath(ctx.root, path));
        const exports = ctx.index.get(path);
        const places = new Array<Html | undefined>(exports?.ids.length ?? 0).fill(undefined);
        f = { path, exports, file, places, open: page !== undefined && !ctx.sourceLinks ? `<a href="${esc(page)}#` : undefined };
        files.set(path, f);
      }
      return f;
    };
    usedInLinkCaches.set(ctx, cache);
  }
  return cache;
}

/** The link to the playbook's i-th stage or tactic (by its place in the file's ids). */
function placeLink(ctx: RenderContext, f: FileLinks, i: number): Html {
  let html = f.places[i];
  if (html === undefined) {
    const owner = f.exports!.ids[i];
    // In a site (66,000 such links), the start is the file's, an anchor needs no escaping (letters, digits and hyphens:
    // idAnchorOf), and a join makes the link one flat string at once, as link's copy does after a template: the site's
    // "used in" pages take 40 % less time (in one thread, 33 MB: 400-460 ms → 260-270 ms). The id is copied to one
    // byte a character when it is ASCII, so a page stays one byte a character (see link).
    if (f.open !== undefined) html = [f.open, idAnchorOf(f.exports!, i), '">', esc(ownCopy(owner.id)), '</a>'].join('');
    // Only the preview's links name their source (lean exports make a new Location at every read).
    else html = link(ctx, ctx.pages.playbook(f.path), idAnchorOf(f.exports!, i), ctx.sourceLinks ? owner.location : undefined, owner.id);
    f.places[i] = html;
  }
  return html;
}

/** A link to a place on a page; in the preview (no pages) a link that reveals the source; text when neither. */
function link(ctx: RenderContext, page: string | undefined, anchor: string | undefined, location: Location | undefined, label: string): Html {
  if (page === undefined && !ctx.sourceLinks) return esc(label);
  const href = page === undefined ? '#' : `${page}${anchor ? `#${anchor}` : ''}`;
  // A compact copy: a flat string (the lists that repeat it copy it without walking its pieces), one byte per
  // character when it is ASCII (an id cut from a text with an em dash is stored with two).
  return ownCopy(`<a${ctx.sourceLinks ? attrs({ href, ...sourceAttrs(ctx, location) }) : ` href="${esc(href)}"`}>${esc(label)}</a>`);
}

/** In file order (the uses of one file, which all share its path). */
function byPlace(a: { u: Position }, b: { u: Position }): number {
  return a.u.line - b.u.line || a.u.character - b.u.character;
}
