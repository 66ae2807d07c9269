/**
 * The renderer: HTML pages from the core's project model (playbook pages, the
 * glossary, the health report). Pure functions of the model: no file system,
 * no editor. The CLI writes a static site with it; the language server hands
 * the preview's content to the editor.
 */
export { renderSitesIndex } from './index-page';
export {
  draftSitePlaybook,
  renderGlossaryPage,
  renderHealthPages,
  renderUsedInPages,
  siteContext,
  siteStylesheet,
  termsWithOwnPage,
  sitePageNames,
  titleOf,
  type PageDraft,
  type SiteOptions,
  type SitePage,
} from './site';
export { addFindings, isBroken, type BrokenFile, type PlaybookHealth } from './health';
export { fillSlots, SLOT, type Slot } from './deferred';
export type { Html } from './html';
export { renderPlaybook, SeeAlsoLinker, seeAlsoLinks, type PageBody } from './playbook-page';
export {
  renderGlossary,
  packUsedIn,
  unpackUsedIn,
  usedInRowsOf,
  usedInRowsOfUses,
  usedInTable,
  usedInWeight,
  type PackedUsedIn,
  type UsedInTable,
} from './glossary-page';
export { previewContent, siteDocument, type PreviewContent } from './document';
export type { PageNames, RenderContext } from './context';
