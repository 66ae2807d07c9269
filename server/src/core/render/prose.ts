import { displayName, termKey } from '../model/terms';
import type { TermEntry } from '../project/exports';
import { type RenderContext, sourceAttrs, termAnchor } from './context';
import { attrs, esc, type Html } from './html';

/** State of one page being rendered: tooltip ids are numbered in page order. */
export class PageState {
  private tips = 0;

  nextTipId(): string {
    return `tip-${++this.tips}`;
  }
}

const REF = /\[\[([^[\]]*)\]\]/g;

/**
 * Prose from a playbook or vocabulary as HTML: text escaped, every [[term]] a
 * link to its glossary entry. The definition sits beside the link as a
 * tooltip the stylesheet shows on hover and on keyboard focus (no script);
 * the link names it with aria-describedby, so screen readers read it too.
 * A term defined nowhere stays text, marked as undefined.
 */
export function proseHtml(ctx: RenderContext, page: PageState, text: string): Html {
  if (!text.includes('[[')) return esc(text);
  let out = '';
  let last = 0;
  // Each walk has its own regex: a term link renders a definition, which walks too.
  const refs = new RegExp(REF.source, 'g');
  for (let m = refs.exec(text); m; m = refs.exec(text)) {
    const name = displayName(m[1]);
    if (!name) continue;
    out += esc(text.slice(last, m.index));
    last = m.index + m[0].length;
    const entry = ctx.index.lookupTerm(termKey(name));
    out += entry ? termLink(ctx, page, name, entry) : `<span class="term undefined" title="not defined in any vocabulary in scope">${esc(name)}</span>`;
  }
  return out + esc(text.slice(last));
}

function termLink(ctx: RenderContext, page: PageState, name: string, entry: TermEntry): Html {
  const tip = page.nextTipId();
  const href = `${ctx.pages.glossary}#${termAnchor(ctx.index, entry)}`;
  // The same attributes attrs() writes, without its object per link when there is no source to add (a site: 180,000 links).
  const link = ctx.sourceLinks
    ? `<a${attrs({ href, 'aria-describedby': tip, ...sourceAttrs(ctx, entry.entryLocation) })}>`
    : `<a href="${esc(href)}" aria-describedby="${tip}">`;
  return `<span class="term">${link}${esc(name)}</a>` + `<span class="tip" role="tooltip" id="${tip}">${tipText(entry)}</span></span>`;
}

/** A term's tooltip, escaped once per entry (an entry never changes; a site shows it at every reference, 180,000 times in the benchmark). */
const tips = new WeakMap<TermEntry, Html>();
function tipText(entry: TermEntry): Html {
  let tip = tips.get(entry);
  if (tip === undefined) {
    const definition = entry.definition?.trim() ? proseText(entry.definition) : 'No definition yet.';
    tip = `<strong>${esc(entry.term)}</strong>: ${esc(definition)}`;
    tips.set(entry, tip);
  }
  return tip;
}

/** Plain text of prose: [[term]] becomes term (a tooltip holds no links). Remembered: a definition is shown at every reference. */
const plainTexts = new Map<string, string>();
export function proseText(text: string): string {
  if (!text.includes('[[')) return text;
  let plain = plainTexts.get(text);
  if (plain === undefined) {
    plain = text.replace(REF, (_, inner: string) => displayName(inner));
    if (plainTexts.size >= 10_000) plainTexts.clear();
    plainTexts.set(text, plain);
  }
  return plain;
}
