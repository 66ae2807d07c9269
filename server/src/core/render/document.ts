import type { PageNames } from './context';
import { attrs, esc, type Html } from './html';
import type { PageBody, PagePieces } from './playbook-page';
import { STYLES } from './styles';

export type PageKind = 'index' | 'glossary' | 'health' | 'playbook';

/**
 * A complete page of the static site. Its content security policy allows
 * nothing but its own inline stylesheet and data: images: a page runs no
 * script and loads nothing, even if something slipped past the escaping.
 */
export function siteDocument(page: PageBody, pages: PageNames | undefined, kind: PageKind, siteName: string): string {
  const [head, tail] = documentShell(page.title, pages, kind, siteName);
  return head + page.body + tail;
}

/** siteDocument in pieces: the shell's head, the body's pieces, the shell's tail. */
export function siteDocumentPieces(page: PagePieces, pages: PageNames | undefined, kind: PageKind, siteName: string): Html[] {
  const [head, tail] = documentShell(page.title, pages, kind, siteName);
  return [head, ...page.pieces, tail];
}

/** What comes before and after a page's main content. */
function documentShell(title: string, pages: PageNames | undefined, kind: PageKind, siteName: string): [Html, Html] {
  const link = (href: string, label: string, mine: boolean) => `<li><a${attrs({ href, 'aria-current': mine ? 'page' : undefined })}>${label}</a></li>`;
  const nav = !pages
    ? ''
    : `<nav class="site-nav" aria-label="Site"><ul>${link(pages.index, 'Playbooks', kind === 'index')}` +
      `${link(pages.glossary, 'Glossary', kind === 'glossary')}${link(pages.health, 'Health report', kind === 'health')}</ul></nav>`;
  return [
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">\n` +
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
      '<meta name="generator" content="playbook-lint">\n' +
      `<title>${shortTitle(`${title} · ${siteName}`, 70)}</title>\n<style>${STYLES}</style>\n</head>\n<body>\n${nav ? `<header>${nav}</header>\n` : ''}` +
      '<main id="main">\n',
    '\n</main>\n</body>\n</html>\n',
  ];
}

/** What the preview shows: the same main content and stylesheet, in a shell the editor provides. */
export interface PreviewContent {
  title: string;
  body: Html;
  styles: string;
}

export function previewContent(page: PageBody): PreviewContent {
  return { title: page.title, body: page.body, styles: STYLES };
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
