import type { FileAnalysis } from '../model/model';
import type { FileExports, TermEntry } from '../project/exports';
import type { ProjectIndex } from '../project/project-index';
import type { Diagnostic } from '../types';
import { type PageNames, type RenderContext, shownPath, termAnchor } from './context';
import { DeferredSlots, type Slot } from './deferred';
import { siteDocument, siteDocumentPieces, siteDocumentStream } from './document';
import { type UsedInTable, renderGlossary, renderUsedIn, termsWithUsedInPages } from './glossary-page';
import { type BrokenFile, type PlaybookHealth, type ProjectHealth, playbookHealth, termUsage } from './health';
import { renderHealth } from './health-page';
import { type Html, UniqueNames, slug } from './html';
import { renderIndex } from './index-page';
import { playbookPieces } from './playbook-page';
import { STYLES } from './styles';
import { byPath } from '../arrays';

export interface SiteOptions {
  /** Show the lint's problems inline on the pages (off by default: a site is for readers). */
  showProblems?: boolean;
  /** The site's name (index heading, page titles). */
  name?: string;
}

/**
 * The file names of a site: index.html, glossary.html, health.html and one
 * page per playbook that parses, named after its path (deterministic: the
 * same paths give the same names, whatever order they come in).
 */
export function sitePageNames(root: string, playbookPaths: readonly string[]): PageNames {
  const names = new UniqueNames();
  for (const reserved of ['index', 'glossary', 'health']) names.take(reserved);
  const pageOf = new Map<string, string>();
  for (const p of [...playbookPaths].sort()) pageOf.set(p, `${names.take(slug(shownPath(root, p).replace(/\.playbook\.ya?ml$/, '')))}.html`);
  return {
    index: 'index.html',
    glossary: 'glossary.html',
    health: 'health.html',
    playbook: (p) => pageOf.get(p),
    usedIn: (anchor) => `${USED_IN_FOLDER}/${anchor}.html`,
    stylesheet: STYLESHEET,
  };
}

/** The site's stylesheet (a .css name: no playbook page can have it). */
const STYLESHEET = 'style.css';

/** The stylesheet file every page of a site links to: the same for every site. */
export function siteStylesheet(pages: PageNames): SitePage {
  return { name: pages.stylesheet ?? STYLESHEET, html: STYLES };
}

/** The folder of the terms' "used in" pages: apart from the playbook pages, whose names come from paths. */
const USED_IN_FOLDER = 'used-in';

/** The site's page names as seen from a page in USED_IN_FOLDER. */
function fromUsedInFolder(pages: PageNames): PageNames {
  const up = (name: string | undefined) => (name === undefined ? undefined : `../${name}`);
  return {
    index: up(pages.index)!,
    glossary: up(pages.glossary)!,
    health: up(pages.health)!,
    playbook: (p) => up(pages.playbook(p)),
    usedIn: (anchor) => `${anchor}.html`,
    stylesheet: up(pages.stylesheet),
  };
}

export function siteContext(
  index: ProjectIndex,
  pages: PageNames,
  root: string,
  options: SiteOptions,
  diagnosticsOf: (path: string) => readonly Diagnostic[],
): RenderContext {
  return { index, pages, root, problems: options.showProblems ? diagnosticsOf : undefined };
}

/** A playbook page of a site's first pass: its HTML with slots, in pieces (playbookPieces), and what fills them later (deferred.ts). */
export interface PageDraft {
  pieces: Html[];
  slots: Slot[];
}

/**
 * A playbook's page and health in a site's first pass, from its analysis and the file
 * rules' findings (`ctx.index` need hold only the vocabularies): see-also links and
 * problem lists are slots, filled by fillSlots once the project is known.
 */
export function draftSitePlaybook(
  ctx: RenderContext,
  file: FileAnalysis,
  exports: FileExports,
  fileDiagnostics: readonly Diagnostic[],
  options: SiteOptions,
): { draft: PageDraft; health: PlaybookHealth } {
  const deferred = new DeferredSlots();
  const pieces = siteDocumentPieces(playbookPieces({ ...ctx, deferred }, file, exports), ctx.pages, 'playbook', options.name ?? 'Playbooks');
  return { draft: { pieces, slots: deferred.slots }, health: playbookHealth(ctx.index, file, fileDiagnostics, titleOf(ctx, file)) };
}

/** A file of the site: its name (relative to the site's folder) and its content (HTML, or the stylesheet). */
export interface SitePage {
  name: string;
  /** The page, or its pieces in order, made as they are read (a page too large to be held whole: see renderUsedIn). */
  html: string | Iterable<Html>;
}

/** The glossary: it needs only the project's index and page names, not the project rules' findings on playbooks. */
export function renderGlossaryPage(ctx: RenderContext, options: SiteOptions, uses: UsedInTable): SitePage {
  const html = siteDocument(renderGlossary(ctx, ctx.index.vocabularies(), 'Glossary', uses), ctx.pages, 'glossary', options.name ?? 'Playbooks');
  return { name: ctx.pages.glossary, html };
}

/** The terms that get a "used in" page of their own: a site's threads share them out (usedInWeight). */
export function termsWithOwnPage(ctx: RenderContext, uses: UsedInTable): TermEntry[] {
  return termsWithUsedInPages(ctx, ctx.index.vocabularies(), uses);
}

/** The "used in" pages of these terms (termsWithOwnPage), in their folder. */
export function* renderUsedInPages(ctx: RenderContext, options: SiteOptions, uses: UsedInTable, terms: readonly TermEntry[]): Iterable<SitePage> {
  const inFolder = inUsedInFolder(ctx);
  // One page at a time, as the writer asks for it: the pages of a batch are megabytes each.
  for (const t of terms) {
    yield {
      name: ctx.pages.usedIn!(termAnchor(ctx.index, t)),
      html: siteDocumentStream(renderUsedIn(inFolder, t, uses), inFolder.pages, 'glossary', options.name ?? 'Playbooks'),
    };
  }
}

/** The context as seen from the "used in" folder, one per context: a thread renders its terms' pages in batches, and their links are made once per context. */
const usedInFolderContexts = new WeakMap<RenderContext, RenderContext>();
function inUsedInFolder(ctx: RenderContext): RenderContext {
  let inFolder = usedInFolderContexts.get(ctx);
  if (!inFolder) usedInFolderContexts.set(ctx, (inFolder = { ...ctx, pages: fromUsedInFolder(ctx.pages) }));
  return inFolder;
}

/** The health report and the index, from every playbook's health. */
export function renderHealthPages(ctx: RenderContext, options: SiteOptions, playbooks: PlaybookHealth[], broken: BrokenFile[]): SitePage[] {
  const siteName = options.name ?? 'Playbooks';
  const health: ProjectHealth = { playbooks: [...playbooks].sort(byPath), broken: [...broken].sort(byPath), ...termUsage(ctx.index) };
  return [
    { name: ctx.pages.health, html: siteDocument(renderHealth(ctx, health), ctx.pages, 'health', siteName) },
    { name: ctx.pages.index, html: siteDocument(renderIndex(ctx, siteName, health.playbooks, health.broken), ctx.pages, 'index', siteName) },
  ];
}

export function titleOf(ctx: RenderContext, file: FileAnalysis): string {
  return (file.model.kind === 'playbook' && file.model.title?.value.trim()) || shownPath(ctx.root, file.path);
}
