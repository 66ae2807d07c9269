import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { LintConfig } from '../core/config';
import { lintFile } from '../core/lint';
import type { FileAnalysis } from '../core/model/model';
import { exportsOf, type FileExports } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import {
  type BrokenFile,
  type PageNames,
  type PlaybookHealth,
  type SiteOptions,
  isBroken,
  renderSitePlaybook,
  siteContext,
  sitePageNames,
} from '../core/render';
import type { FileResult } from '../core/types';

/** Phase 1 of a render share: which playbooks to read, and what the project knows of its vocabularies. */
export interface RenderAnalyzeShare {
  config: LintConfig;
  vocabularyInScope: string[] | null;
  vocabularies: FileExports[];
  files: string[];
}

/** Phase 2: every playbook's ids (for see-also and the project rules), the pages to write and where. */
export interface RenderPagesShare {
  /** The playbooks that get a page (the rest were read for the project only). */
  wanted: string[];
  /** Paths of every playbook that has a page: the page names follow from them. */
  paged: string[];
  out: string;
  options: SiteOptions;
}

export interface RenderedShare {
  results: FileResult[];
  health: PlaybookHealth[];
  broken: BrokenFile[];
  pages: string[];
}

/**
 * One share of a site's playbooks, rendered the same way by a worker thread
 * and by the main thread: read and analyse (phase 1, exports out), then with
 * the whole project's ids, lint, render and write each page (phase 2). The
 * analyses stay here between the phases: each file is parsed once.
 */
export class SiteRenderer {
  private readonly kept = new Map<string, FileAnalysis>();
  private share!: RenderAnalyzeShare;

  constructor(private readonly read: (path: string) => FileAnalysis) {}

  analyze(share: RenderAnalyzeShare): { exports: FileExports[]; broken: string[] } {
    this.share = share;
    const exports: FileExports[] = [];
    const broken: string[] = [];
    for (const file of share.files) {
      const analysis = this.read(file);
      this.kept.set(file, analysis);
      exports.push(exportsOf(analysis));
      if (isBroken(analysis)) broken.push(file);
    }
    return { exports, broken };
  }

  /** Pages are written while the next ones render (the writes run on libuv's threads). */
  async render(playbookIds: FileExports[], pages: RenderPagesShare): Promise<RenderedShare> {
    const { config, vocabularyInScope, vocabularies } = this.share;
    const scope = vocabularyInScope ? new Set(vocabularyInScope) : undefined;
    const index = new ProjectIndex(scope ? (p) => scope.has(p) : undefined);
    for (const e of playbookIds) index.set(e);
    for (const v of vocabularies) index.set(v);
    const names: PageNames = sitePageNames(config.root, pages.paged);
    const done: RenderedShare = { results: [], health: [], broken: [], pages: [] };
    const wanted = new Set(pages.wanted);
    const writes: Promise<void>[] = [];
    for (const [file, analysis] of this.kept) {
      if (!wanted.has(file)) continue;
      const diagnostics = lintFile(analysis, index, config);
      done.results.push({ path: file, diagnostics });
      const ctx = siteContext(index, names, config.root, pages.options, (p) => (p === file ? diagnostics : []));
      const one = renderSitePlaybook(ctx, analysis, diagnostics, pages.options);
      if (one.page) {
        writes.push(writeFile(path.join(pages.out, one.page.name), one.page.html));
        done.pages.push(one.page.name);
      }
      if (one.health) done.health.push(one.health);
      if (one.broken) done.broken.push(one.broken);
    }
    this.kept.clear();
    await Promise.all(writes);
    return done;
  }
}
