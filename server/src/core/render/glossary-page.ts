import { termKey } from '../model/terms';
import type { FileExports, IdEntry, TermEntry, TermUse } from '../project/exports';
import type { Diagnostic, Location } from '../types';
import { type RenderContext, glossaryTerms, idAnchor, locationKey, shownPath, sourceAttrs, termAnchor } from './context';
import { attrs, esc, type Html } from './html';
import type { PageBody } from './playbook-page';
import { problemsHtml } from './problems';
import { PageState, proseHtml, proseText } from './prose';

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
  const definition = t.definition?.trim() ? `<p class="definition">${proseHtml(ctx, page, t.definition)}</p>` : '<p class="definition missing">No definition yet.</p>';
  const example = t.example?.trim() ? `<p class="example"><span class="label">Example</span> ${proseHtml(ctx, page, t.example)}</p>` : '';
  const seeAlso = t.seeAlso.filter((s) => s.trim()).map((name) => {
    const target = ctx.index.lookupTerm(termKey(name));
    return target ? `<a${attrs({ href: `#${termAnchor(ctx.index, target)}`, ...sourceAttrs(ctx, target.entryLocation) })}>${esc(target.term)}</a>` : `<span class="unresolved">${esc(name)}</span>`;
  });
  const usedIn = usedInLinks(ctx, t);
  return (
    `<div${attrs({ class: 'entry', id: termAnchor(ctx.index, t), ...sourceAttrs(ctx, t.entryLocation) })}>` +
    `<dt><dfn>${esc(t.term)}</dfn></dt><dd>` +
    (aliases.length ? `<p class="aliases"><span class="label">Also</span> ${aliases.map(esc).join(', ')}</p>` : '') +
    definition +
    example +
    (seeAlso.length ? `<p class="see-also"><span class="label">See also</span> ${seeAlso.join(', ')}</p>` : '') +
    `<p class="used-in"><span class="label">Used in</span> ${usedIn.length ? usedIn.join(', ') : '<span class="missing">no playbook yet</span>'}</p>` +
    problemsHtml(ctx, problems) +
    '</dd></div>'
  );
}

function within(location: Location, line: number): boolean {
  return location.range.start.line <= line && line <= location.range.end.line;
}

/** Links to every stage or tactic of a playbook that references the term (once each), in project order. */
function usedInLinks(ctx: RenderContext, t: TermEntry): Html[] {
  // Uses resolve to the first definition of a name; a duplicate definition has none of its own.
  const first = ctx.index.lookupTerm(t.termKey);
  if (first && locationKey(first.entryLocation) !== locationKey(t.entryLocation)) return [];
  const uses = (ctx.index.usesByTerm().get(t.termKey) ?? []).filter((u) => ctx.index.get(u.location.path)?.kind === 'playbook');
  const seen = new Set<string>();
  const links: { key: string; html: Html }[] = [];
  for (const use of uses.sort(byPlace)) {
    const exports = ctx.index.get(use.location.path)!;
    const owner = enclosingId(exports, use);
    const anchor = owner ? idAnchor(exports, owner) : undefined;
    const key = `${use.location.path}#${anchor ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const page = ctx.pages.playbook(use.location.path);
    const label = owner ? (owner.label?.trim() ? proseText(owner.label) : owner.id) : shownPath(ctx.root, use.location.path);
    if (page === undefined && !ctx.sourceLinks) links.push({ key, html: `<span>${esc(label)}</span>` });
    else links.push({ key, html: `<a${attrs({ href: page === undefined ? '#' : `${page}${anchor ? `#${anchor}` : ''}`, ...sourceAttrs(ctx, use.location) })}>${esc(label)}</a>` });
  }
  return links.map((l) => l.html);
}

/** The stage or tactic a use belongs to: the last id at or before it in its file (ids come first in their entries). */
function enclosingId(exports: FileExports, use: TermUse): IdEntry | undefined {
  let found: IdEntry | undefined;
  for (const e of exports.ids) {
    const s = e.location.range.start;
    const u = use.location.range.start;
    if (s.line < u.line || (s.line === u.line && s.character <= u.character)) found = e;
    else break;
  }
  return found;
}

function byPlace(a: TermUse, b: TermUse): number {
  if (a.location.path !== b.location.path) return a.location.path < b.location.path ? -1 : 1;
  return a.location.range.start.line - b.location.range.start.line || a.location.range.start.character - b.location.range.start.character;
}
