import type { PageNames } from './context';
import { attrs, esc, type Html } from './html';
import type { PageBody, PagePieces, PageStream } from './playbook-page';
import { STYLES } from './styles';

export type PageKind = 'index' | 'glossary' | 'health' | 'playbook';

/**
 * A complete page of the static site. Its content security policy allows
 * nothing but stylesheets (the site's own file, then the page's own rules
 * inline) and data: images: a page runs no script and loads nothing from
 * elsewhere, even if something slipped past the escaping.
 */
export function siteDocument(page: PageBody, pages: PageNames | undefined, kind: PageKind, siteName: string): string {
  const [head, tail] = documentShell(page.title, page.styles ?? '', pages, kind, siteName);
  return head + page.body + tail;
}

/** siteDocument in pieces: the shell's head, the body's pieces, the shell's tail. */
export function siteDocumentPieces(page: PagePieces, pages: PageNames | undefined, kind: PageKind, siteName: string): Html[] {
  const [head, tail] = documentShell(page.title, page.styles, pages, kind, siteName);
  return [head, ...page.pieces, tail];
}

/**
 * siteDocument as its pieces come, for a page too large to be held at once (a "used in" page): each piece is
 * made when the writer asks for it and can go as soon as it is written.
 */
export function* siteDocumentStream(page: PageStream, pages: PageNames | undefined, kind: PageKind, siteName: string): Generator<Html> {
  const [head, tail] = documentShell(page.title, page.styles, pages, kind, siteName);
  yield head;
  yield* page.pieces;
  yield tail;
}

/** What comes before and after a page's main content. */
function documentShell(title: string, styles: string, pages: PageNames | undefined, kind: PageKind, siteName: string): [Html, Html] {
  const link = (href: string, label: string, mine: boolean) => `<li><a${attrs({ href, 'aria-current': mine ? 'page' : undefined })}>${label}</a></li>`;
  const nav = !pages
    ? ''
    : `<nav class="site-nav" aria-label="Site"><ul>${link(pages.index, 'Playbooks', kind === 'index')}` +
      `${link(pages.glossary, 'Glossary', kind === 'glossary')}${link(pages.health, 'Health report', kind === 'health')}</ul></nav>`;
  return [
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${pages?.stylesheet ? "'self' " : ''}'unsafe-inline'; img-src data:">\n` +
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
      '<meta name="generator" content="playbook-lint">\n' +
      `<title>${shortTitle(`${title} · ${siteName}`, 70)}</title>\n${stylesheets(pages?.stylesheet, styles)}</head>\n<body>\n${nav ? `<header>${nav}</header>\n` : ''}` +
      '<main id="main">\n',
    '\n</main>\n</body>\n</html>\n',
  ];
}

/**
 * The site's stylesheet as a file all pages share (12 MB less in a site of 2,000 pages than
 * inline in each), then the page's own rules; without a file (a lone page), all of it inline.
 */
function stylesheets(file: string | undefined, pageRules: string): Html {
  if (!file) return `<style>${STYLES}${pageRules}</style>\n`;
  return `<link rel="stylesheet" href="${esc(file)}">\n${pageRules ? `<style>${pageRules}</style>\n` : ''}`;
}

/** What the preview shows: the same main content and stylesheet, in a shell the editor provides. */
export interface PreviewContent {
  title: string;
  body: Html;
  styles: string;
}

export function previewContent(page: PageBody): PreviewContent {
  return { title: page.title, body: page.body, styles: STYLES + (page.styles ?? '') };
}

/** At most `max` characters once escaped (a browser tab shows less): cut at a word, with an ellipsis. */
function shortTitle(text: string, max: number): string {
  if (esc(text).length <= max) return esc(text);
  const words = text.split(' ');
  let out = '';
  for (const word of words) {
    const next = out ? `${out} ${word}` : word;
    if (esc(`${next}…`).length > max) break;
    out = next;
  }
  return esc(`${out || [...text].slice(0, 8).join('')}…`);
}
