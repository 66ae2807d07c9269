import type { FileAnalysis } from '../model/model';
import type { ProjectIndex } from '../project/project-index';
import type { Diagnostic } from '../types';
import { type PageNames, type RenderContext, shownPath } from './context';
import { siteDocument } from './document';
import { renderGlossary } from './glossary-page';
import { type BrokenFile, type PlaybookHealth, type ProjectHealth, isBroken, playbookHealth, termUsage } from './health';
import { renderHealth } from './health-page';
import { UniqueNames, slug } from './html';
import { renderIndex } from './index-page';
import { renderPlaybook } from './playbook-page';

export interface SiteOptions {
  /** Show the lint's problems inline on the pages (off by default: a site is for readers). */
  showProblems?: boolean;
  /** The site's name (index heading, page titles). */
  name?: string;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

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
  return { index: 'index.html', glossary: 'glossary.html', health: 'health.html', playbook: (p) => pageOf.get(p) };
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

/** One playbook of a site: its page and its health, or, when it does not parse, its listing as broken. */
export function renderSitePlaybook(
  ctx: RenderContext,
  file: FileAnalysis,
  diagnostics: readonly Diagnostic[],
  options: SiteOptions,
): { page?: { name: string; html: string }; health?: PlaybookHealth; broken?: BrokenFile } {
  if (isBroken(file)) return { broken: { path: file.path, problems: diagnostics.filter((d) => d.severity === 'error') } };
  const name = ctx.pages.playbook(file.path)!;
  return {
    page: { name, html: siteDocument(renderPlaybook(ctx, file), ctx.pages, 'playbook', options.name ?? 'Playbooks') },
    health: playbookHealth(ctx.index, file, diagnostics, titleOf(ctx, file)),
  };
}

/** The pages about the whole project, from every playbook's health: glossary, health report, index. */
export function renderSiteSummary(
  ctx: RenderContext,
  options: SiteOptions,
  playbooks: PlaybookHealth[],
  broken: BrokenFile[],
): { name: string; html: string }[] {
  const siteName = options.name ?? 'Playbooks';
  const health: ProjectHealth = { playbooks: [...playbooks].sort(byPath), broken: [...broken].sort(byPath), ...termUsage(ctx.index) };
  return [
    { name: ctx.pages.glossary, html: siteDocument(renderGlossary(ctx, ctx.index.vocabularies()), ctx.pages, 'glossary', siteName) },
    { name: ctx.pages.health, html: siteDocument(renderHealth(ctx, health), ctx.pages, 'health', siteName) },
    { name: ctx.pages.index, html: siteDocument(renderIndex(ctx, siteName, health.playbooks, health.broken), ctx.pages, 'index', siteName) },
  ];
}

export function titleOf(ctx: RenderContext, file: FileAnalysis): string {
  return (file.model.kind === 'playbook' && file.model.title?.value.trim()) || shownPath(ctx.root, file.path);
}
