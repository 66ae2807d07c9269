import { termKey } from '../model/terms';
import type { FileExports, IdEntry, TermEntry, TermUse } from '../project/exports';
import type { Diagnostic, Location } from '../types';
import { type RenderContext, glossaryTerms, idAnchor, locationKey, shownPath, sourceAttrs, termAnchor } from './context';
import { attrs, esc, type Html } from './html';
import type { PageBody } from './playbook-page';
import { problemsHtml } from './problems';
import { PageState, proseHtml } from './prose';

/**
 * The glossary: every term of the given vocabularies with its aliases,
 * definition, example, see-also and "used in" links back to each stage or
 * tactic that references it.
 */
export function renderGlossary(ctx: RenderContext, vocabularies: readonly FileExports[], title = 'Glossary'): PageBody {
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
  else body += `<dl class="glossary">${terms.map((t) => termHtml(ctx, page, t, placed.get(t) ?? [])).join('')}</dl>`;
  return { title, body };
}

function termHtml(ctx: RenderContext, page: PageState, t: TermEntry, problems: readonly Diagnostic[]): Html {
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
  const usedIn = usedInLinks(ctx, t);
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

/** A term used everywhere would make the glossary unreadably long (and tens of megabytes): the first playbooks, then a count. */
const MAX_USED_IN_FILES = 50;

/**
 * "Used in": per playbook that references the term, its page, then each stage
 * or tactic (by id) that references it, once each, in file order.
 */
function usedInLinks(ctx: RenderContext, t: TermEntry): Html[] {
  // Uses resolve to the first definition of a name; a duplicate definition has none of its own.
  const first = ctx.index.lookupTerm(t.termKey);
  if (first && locationKey(first.entryLocation) !== locationKey(t.entryLocation)) return [];
  const byFile = new Map<string, TermUse[]>();
  for (const use of ctx.index.usesByTerm().get(t.termKey) ?? []) {
    if (ctx.index.get(use.location.path)?.kind !== 'playbook') continue;
    const list = byFile.get(use.location.path);
    if (list) list.push(use);
    else byFile.set(use.location.path, [use]);
  }
  const out: Html[] = [];
  const files = [...byFile.keys()].sort();
  for (const file of files.slice(0, MAX_USED_IN_FILES)) {
    const exports = ctx.index.get(file)!;
    const page = ctx.pages.playbook(file);
    const owners = enclosingIds(exports, byFile.get(file)!.sort(byPlace));
    const places = owners.map((o) => link(ctx, page, idAnchor(exports, o), o.location, o.id));
    out.push(
      `${link(ctx, page, undefined, { path: file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, shownPath(ctx.root, file))}${places.length ? ` (${places.join(', ')})` : ''}`,
    );
  }
  if (files.length > MAX_USED_IN_FILES) out.push(`and ${files.length - MAX_USED_IN_FILES} more playbooks`);
  return out;
}

/** A link to a place on a page; in the preview (no pages) a link that reveals the source; text when neither. */
function link(ctx: RenderContext, page: string | undefined, anchor: string | undefined, location: Location, label: string): Html {
  if (page === undefined && !ctx.sourceLinks) return esc(label);
  const href = page === undefined ? '#' : `${page}${anchor ? `#${anchor}` : ''}`;
  return `<a${attrs({ href, ...sourceAttrs(ctx, location) })}>${esc(label)}</a>`;
}

/** The stage or tactic each use belongs to (the last id at or before it: ids come first in their entries), each once. Uses in file order. */
function enclosingIds(exports: FileExports, uses: readonly TermUse[]): IdEntry[] {
  const owners: IdEntry[] = [];
  let i = 0;
  let current: IdEntry | undefined;
  for (const use of uses) {
    const u = use.location.range.start;
    for (; i < exports.ids.length; i++) {
      const s = exports.ids[i].location.range.start;
      if (s.line > u.line || (s.line === u.line && s.character > u.character)) break;
      current = exports.ids[i];
    }
    if (current && owners[owners.length - 1] !== current) owners.push(current);
  }
  return owners;
}

function byPlace(a: TermUse, b: TermUse): number {
  if (a.location.path !== b.location.path) return a.location.path < b.location.path ? -1 : 1;
  return a.location.range.start.line - b.location.range.start.line || a.location.range.start.character - b.location.range.start.character;
}
