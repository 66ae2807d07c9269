import type { FileAnalysis } from '../core/model/model';
import { exportsOf } from '../core/project/exports';
import { previewContent, renderGlossary, renderPlaybook, type PageNames, type PreviewContent, type RenderContext } from '../core/render';
import type { ServiceContext } from './context';

/** The custom request the editor's preview sends: the page of one document, as the server sees it now. */
export const PREVIEW_REQUEST = 'playbook-lint/preview';

export interface PreviewParams {
  textDocument: { uri: string };
}

export interface PreviewResult extends PreviewContent {
  uri: string;
  /** The document version the page shows (null for a file read from disk). */
  version: number | null;
  kind: 'playbook' | 'vocabulary';
}

/**
 * The preview shows one page: links to other pages have nowhere to go, so
 * every element carries its source (data-path, data-line) and the editor
 * reveals it on click; same-page anchors still work.
 */
const PREVIEW_PAGES: PageNames = { index: '#', glossary: '', health: '#', playbook: () => undefined };

/**
 * A playbook's page, or a vocabulary's glossary, with the lint's problems
 * inline: the same renderer as the published site, over the workspace's
 * live project (unsaved edits included, in this file and in vocabularies).
 * Undefined for a config file.
 */
export function previewOf(ctx: ServiceContext, analysis: FileAnalysis): Omit<PreviewResult, 'uri' | 'version'> | undefined {
  if (analysis.kind === 'config') return undefined;
  const render: RenderContext = {
    index: ctx.index,
    pages: PREVIEW_PAGES,
    problems: (p) => (p === analysis.path ? ctx.diagnostics(p) : []),
    sourceLinks: true,
    root: ctx.config.root,
  };
  if (analysis.kind === 'playbook') return { kind: 'playbook', ...previewContent(renderPlaybook(render, analysis)) };
  const exports = ctx.index.get(analysis.path) ?? exportsOf(analysis);
  const model = analysis.model;
  const title = (model.kind === 'vocabulary' && model.title?.value.trim()) || 'Glossary';
  return { kind: 'vocabulary', ...previewContent(renderGlossary(render, [exports], title)) };
}
