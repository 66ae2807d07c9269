import { displayName, termKey } from '../model/terms';
import type { TermEntry } from '../project/exports';
import { ownCopy } from '../strings';
import { type RenderContext, sourceAttrs, termAnchor } from './context';
import { attrs, esc, type Html } from './html';

/**
 * State of one page being rendered: the terms it references, each numbered in
 * order of first use. A term's definition is on the page once, however often it
 * is referenced (a site's pages reference 33 terms 89 times on average):
 * see termDefinitions.
 */
export class PageState {
  /** By glossary anchor: two entries of one term (a term and its alias) are one definition. */
  readonly terms = new Map<string, { n: number; entry: TermEntry }>();

  termNumber(anchor: string, entry: TermEntry): number {
    let term = this.terms.get(anchor);
    if (term === undefined) this.terms.set(anchor, (term = { n: this.terms.size + 1, entry }));
    return term.n;
  }
}

/**
 * The definitions of the terms a page references, once each: a rule of the page's own
 * stylesheet that gives the term's references its definition (`--def`, selected by the
 * description they name), which the site's stylesheet draws as their tooltip (CSS generated
 * content: shown on hover and on keyboard focus, no script), and a hidden element with the
 * same text, which every reference names with aria-describedby (an accessible description may
 * come from a hidden element). Where generated content can have alternative text, it has an
 * empty one, so screen readers get the definition once, as the description.
 */
export function termDefinitions(page: PageState): { styles: string; descriptions: Html } {
  let styles = '';
  let descriptions = '';
  for (const { n, entry } of page.terms.values()) {
    const tip = tipOf(entry);
    styles += `[aria-describedby=d${n}]{--def:${tip.css}}`;
    descriptions += `<span id="d${n}" hidden>${tip.html}</span>`;
  }
  return { styles, descriptions };
}

const REF = /\[\[([^[\]]*)\]\]/g;
const WALK = new RegExp(REF.source, 'g');

/**
 * Prose from a playbook or vocabulary as HTML: text escaped, every [[term]] a
 * link to its glossary entry that names its definition with aria-describedby
 * (which also gives it the definition's tooltip: termDefinitions).
 * A term defined nowhere stays text, marked as undefined.
 */
export function proseHtml(ctx: RenderContext, page: PageState, text: string): Html {
  if (!text.includes('[[')) return esc(text);
  let out = '';
  let last = 0;
  // Its own regex, not REF: a term's definition goes through proseText, whose replace resets REF.lastIndex.
  // Nothing in the loop walks prose as HTML again, so one regex serves every walk.
  const refs = WALK;
  refs.lastIndex = 0;
  const known = resolvedRefs(ctx);
  for (let m = refs.exec(text); m; m = refs.exec(text)) {
    const ref = resolve(ctx, known, m[1]);
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
  link?: { glossary: string; anchor: string; open: Html; close: Html };
}

/**
 * References resolved once per term table (the index makes a new one when a
 * vocabulary changes): a site has 180,000 references to a few dozen terms.
 */
const resolvedByTable = new WeakMap<ReadonlyMap<string, TermEntry[]>, Map<string, Resolved | null>>();
function resolvedRefs(ctx: RenderContext): Map<string, Resolved | null> {
  const table = ctx.index.terms();
  let known = resolvedByTable.get(table);
  if (!known) resolvedByTable.set(table, (known = new Map()));
  return known;
}

function resolve(ctx: RenderContext, known: Map<string, Resolved | null>, inner: string): Resolved | null {
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
  if (ctx.sourceLinks) {
    const anchor = termAnchor(ctx.index, entry);
    const n = page.termNumber(anchor, entry);
    return `<a${attrs({ href: `${ctx.pages.glossary}#${anchor}`, 'aria-describedby': `d${n}`, ...sourceAttrs(ctx, entry.entryLocation) })}>${esc(ref.name)}</a>`;
  }
  // A site: only the term's number on the page differs between two references to the same term.
  let link = ref.link;
  if (link?.glossary !== ctx.pages.glossary) {
    const anchor = termAnchor(ctx.index, entry);
    link = ref.link = {
      glossary: ctx.pages.glossary,
      anchor,
      open: `<a href="${esc(`${ctx.pages.glossary}#${anchor}`)}" aria-describedby="d`,
      close: `">${esc(ref.name)}</a>`,
    };
  }
  return link.open + page.termNumber(link.anchor, entry) + link.close;
}

/** A term's definition as the page shows it: a CSS string for its tooltip, and escaped text for its description. */
interface Tip {
  css: string;
  html: Html;
}

/** Made once per entry (an entry never changes; a site's pages show a term's definition 66,000 times in the benchmark). */
const tips = new WeakMap<TermEntry, Tip>();
function tipOf(entry: TermEntry): Tip {
  let tip = tips.get(entry);
  if (tip === undefined) {
    const definition = entry.definition?.trim() ? proseText(entry.definition) : 'No definition yet.';
    const text = `${entry.term}: ${definition.trim()}`;
    tip = { css: cssString(text), html: esc(text) };
    tips.set(entry, tip);
  }
  return tip;
}

/** Characters a CSS string may hold as they are; everything else is written as an escape. */
const CSS_SAFE = /^[A-Za-z0-9 .,:;!?()'_-]*$/;

/**
 * Text as a double-quoted CSS string that nothing in it can end early: every character
 * outside a small safe set (quotes, backslashes, line breaks, "<" of a closing style tag,
 * anything beyond ASCII) as a hexadecimal escape and a space, by code point.
 * A lone surrogate or a NUL, which CSS cannot hold, becomes U+FFFD.
 */
export function cssString(text: string): string {
  if (CSS_SAFE.test(text)) return `"${text}"`;
  let out = '"';
  for (const ch of text) {
    if (CSS_SAFE.test(ch)) {
      out += ch;
      continue;
    }
    let code = ch.codePointAt(0)!;
    if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) code = 0xfffd;
    out += `\\${code.toString(16)} `;
  }
  return `${out}"`;
}

/** Plain text of prose: [[term]] becomes term (a tooltip holds no links). Remembered: a definition is shown on every page that references its term. */
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
