import { displayName, termKey } from '../model/terms';
import type { TermEntry } from '../project/exports';
import { ownCopy } from '../strings';
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
const WALK = new RegExp(REF.source, 'g');

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
  // Its own regex, not REF: a term link's tooltip goes through proseText, whose replace resets REF.lastIndex.
  // Nothing in the loop walks prose as HTML again, so one regex serves every walk.
  const refs = WALK;
  refs.lastIndex = 0;
  for (let m = refs.exec(text); m; m = refs.exec(text)) {
    const ref = resolve(ctx, m[1]);
    if (!ref) continue;
    out += esc(text.slice(last, m.index));
    last = m.index + m[0].length;
    out += ref.entry ? termLink(ctx, page, ref) : `<span class="term undefined" title="not defined in any vocabulary in scope">${esc(ref.name)}</span>`;
  }
  return out + esc(text.slice(last));
}

/** What the inner text of a [[reference]] names, and, in a site, the parts of its link that never change. */
interface Resolved {
  name: string;
  entry: TermEntry | undefined;
  link?: { glossary: string; open: Html; middle: Html; close: Html };
}

/**
 * References resolved once per term table (the index makes a new one when a
 * vocabulary changes): a site has 180,000 references to a few dozen terms.
 */
const resolvedByTable = new WeakMap<ReadonlyMap<string, TermEntry[]>, Map<string, Resolved | null>>();
function resolve(ctx: RenderContext, inner: string): Resolved | null {
  const table = ctx.index.terms();
  let known = resolvedByTable.get(table);
  if (!known) resolvedByTable.set(table, (known = new Map()));
  let ref = known.get(inner);
  if (ref === undefined) {
    const name = displayName(inner);
    ref = name ? { name, entry: ctx.index.lookupTerm(termKey(name)) } : null;
    if (known.size >= 10_000) known.clear();
    // A copy: `inner` may be a slice of the file's text, which a cached slice would keep alive.
    known.set(ownCopy(inner), ref);
  }
  return ref;
}

function termLink(ctx: RenderContext, page: PageState, ref: Resolved): Html {
  const entry = ref.entry!;
  const tip = page.nextTipId();
  if (ctx.sourceLinks) {
    const href = `${ctx.pages.glossary}#${termAnchor(ctx.index, entry)}`;
    const link = `<a${attrs({ href, 'aria-describedby': tip, ...sourceAttrs(ctx, entry.entryLocation) })}>`;
    return `<span class="term">${link}${esc(ref.name)}</a><span class="tip" role="tooltip" id="${tip}">${tipText(entry)}</span></span>`;
  }
  // A site: only the tooltip's id differs between two references to the same term.
  let link = ref.link;
  if (link?.glossary !== ctx.pages.glossary) {
    const href = `${ctx.pages.glossary}#${termAnchor(ctx.index, entry)}`;
    link = ref.link = {
      glossary: ctx.pages.glossary,
      open: `<span class="term"><a href="${esc(href)}" aria-describedby="`,
      middle: `">${esc(ref.name)}</a><span class="tip" role="tooltip" id="`,
      close: `">${tipText(entry)}</span></span>`,
    };
  }
  return link.open + tip + link.middle + tip + link.close;
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
