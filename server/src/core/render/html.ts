/**
 * HTML building blocks of the renderer. Every string that comes from a
 * playbook or vocabulary goes through `esc` (text and attribute values alike),
 * so YAML can never add markup, attributes or script to a page.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const SPECIAL = /[&<>"']/;

export function esc(text: string): string {
  // Most prose has nothing to escape: a test is much cheaper than a replace with a callback.
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => ENTITIES[c]) : text;
}

/** A fragment of HTML that is already safe (built by this module's callers from escaped parts). */
export type Html = string;

const ALREADY_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Lowercase letters, digits and single hyphens: the readable part of an anchor or file name. Always a string of one
 * byte a character: an id cut from a file with an em dash is stored with two, and so would be every link and page
 * that holds its anchor (a site's "used in" pages: 66 MB instead of 33 to make, copy and encode). For these
 * characters encodeURIComponent gives the same text, as a new string of one byte a character in V8, and at about
 * half the cost of ownCopy (a site makes 76,000 anchors in each thread).
 */
export function slug(text: string, fallback = 'x'): string {
  // Most ids are slugs already (a site: 60,000 of them): the same result without normalising and three replaces.
  if (text.length <= 60 && ALREADY_SLUG.test(text)) return encodeURIComponent(text);
  const s = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s ? encodeURIComponent(s) : fallback;
}

/**
 * Unique names within one page (or one site): the first taker of a base gets
 * it as is, later ones get -2, -3, …; the same input order gives the same names.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();

  take(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}-${n}`;
    this.taken.add(name);
    return name;
  }
}

/** `name="value"` pairs for the defined entries, values escaped, in the given order. */
export function attrs(pairs: Record<string, string | number | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(pairs)) if (value !== undefined) out += ` ${name}="${esc(String(value))}"`;
  return out;
}
