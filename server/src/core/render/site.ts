import type { FileAnalysis } from '../model/model';
import type { ProjectIndex } from '../project/project-index';
import type { Diagnostic } from '../types';
import { type PageNames, type RenderContext, shownPath } from './context';
import { type PageKind, siteDocument } from './document';
import { renderGlossary } from './glossary-page';
import { type BrokenFile, type ProjectHealth, isBroken, playbookHealth, termUsage } from './health';
import { renderHealth } from './health-page';
import { UniqueNames, slug } from './html';
import { renderIndex } from './index-page';
import { type PageBody, renderPlaybook } from './playbook-page';

/** One project, analysed and linted: what a site is rendered from. */
export interface SiteProject {
  root: string;
  index: ProjectIndex;
  /** Every analysed playbook and vocabulary of the project. */
  files: readonly FileAnalysis[];
  /** The lint's findings by path (files, and folders that could not be read). */
  diagnostics: ReadonlyMap<string, readonly Diagnostic[]>;
}

export interface SiteOptions {
  /** Show the lint's problems inline on the pages (off by default: a site is for readers). */
  showProblems?: boolean;
  /** The site's name (index heading, page titles). */
  name?: string;
}

export interface SiteSummary {
  pages: string[];
  playbooks: number;
  broken: BrokenFile[];
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * The static site of one project: index.html, glossary.html, health.html and
 * one page per playbook that parses, handed to `write` one page at a time in
 * a fixed order (same project, same bytes). No file system here.
 */
export function renderSite(project: SiteProject, options: SiteOptions, write: (name: string, html: string) => void): SiteSummary {
  const files = [...project.files].sort(byPath);
  const playbooks = files.filter((f) => f.kind === 'playbook' && !isBroken(f));
  const names = new UniqueNames();
  for (const reserved of ['index', 'glossary', 'health']) names.take(reserved);
  const pageOf = new Map(playbooks.map((f) => [f.path, `${names.take(slug(shownPath(project.root, f.path).replace(/\.playbook\.ya?ml$/, '')))}.html`]));
  const pages: PageNames = { index: 'index.html', glossary: 'glossary.html', health: 'health.html', playbook: (p) => pageOf.get(p) };
  const diagnosticsOf = (p: string) => project.diagnostics.get(p) ?? [];
  const ctx: RenderContext = { index: project.index, pages, root: project.root, problems: options.showProblems ? diagnosticsOf : undefined };
  const siteName = options.name ?? 'Playbooks';
  const written: string[] = [];
  const emit = (name: string, page: PageBody, kind: PageKind) => {
    write(name, siteDocument(page, pages, kind, siteName));
    written.push(name);
  };

  const analysed = new Set(files.map((f) => f.path));
  const broken: BrokenFile[] = [
    ...files.filter(isBroken).map((f) => ({ path: f.path, problems: [...diagnosticsOf(f.path)].filter((d) => d.severity === 'error') })),
    ...[...project.diagnostics.keys()].filter((p) => !analysed.has(p)).map((p) => ({ path: p, problems: [...diagnosticsOf(p)] })),
  ].sort(byPath);
  const entries = playbooks.map((file) => ({ file, title: titleOf(ctx, file) }));
  const health: ProjectHealth = { playbooks: [], broken, ...termUsage(project.index) };
  for (const { file, title } of entries) {
    emit(pageOf.get(file.path)!, renderPlaybook(ctx, file), 'playbook');
    health.playbooks.push(playbookHealth(project.index, file, diagnosticsOf(file.path), title));
  }
  emit(pages.glossary, renderGlossary(ctx, project.index.vocabularies()), 'glossary');
  emit(pages.health, renderHealth(ctx, health), 'health');
  emit(pages.index, renderIndex(ctx, siteName, entries, broken), 'index');
  return { pages: written, playbooks: playbooks.length, broken };
}

export function titleOf(ctx: RenderContext, file: FileAnalysis): string {
  return (file.model.kind === 'playbook' && file.model.title?.value.trim()) || shownPath(ctx.root, file.path);
}
