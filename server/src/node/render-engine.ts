import type { LintConfig } from '../core/config';
import { lintFile } from '../core/lint';
import type { FileExports, TermEntry } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import {
  type BrokenFile,
  type PlaybookHealth,
  type SiteOptions,
  isBroken,
  type UsedInTable,
  packUsedIn,
  renderGlossaryPage,
  renderHealthPages,
  renderUsedInPages,
  siteContext,
  sitePageNames,
  siteStylesheet,
  termsWithOwnPage,
  usedInTable,
  usedInWeight,
} from '../core/render';
import type { Diagnostic } from '../core/types';
import { type PackedExports, type PackedIds, packIds, unpackExports } from '../core/project/lean-exports';
import { listProjectFiles, matchGlobs } from './discover';
import { folderResults } from './folder-results';
import { readVocabularies, workerCount } from './lint-engine';
import type { RenderAnalyzedResponse, RenderedResponse, RenderedUsedInResponse, WorkerRequest, WorkerResponse } from './lint-protocol';
import { readAnalysis } from './read-analysis';
import { PageFiles, type RenderAnalyzeShare, SiteRenderer, writeSitePages } from './site-renderer';
import { WorkerPool, batchesOf, shareOut, workerScript } from './worker-pool';
import { pushAll } from '../core/arrays';

export interface RenderRun {
  pages: string[];
  /** The other files written (the stylesheet). */
  assets: string[];
  playbooks: number;
  broken: BrokenFile[];
  /** The lint's findings on every file rendered (and folders that could not be read). */
  diagnostics: Map<string, Diagnostic[]>;
}

/**
 * Renders one project's site into `out`: vocabularies in this thread,
 * playbooks across worker threads in two phases (analyse, file rules and a
 * draft of each page → one project index → project rules, drafts completed
 * and written), then the glossary, health report and index here. Each
 * playbook is parsed once (site-renderer.ts). `only`: the files
 * that get pages (the whole project is read, as the lint does).
 */
export async function renderProjectFast(
  config: LintConfig,
  only: ReadonlySet<string> | undefined,
  out: string,
  options: SiteOptions,
  threads?: number,
): Promise<RenderRun> {
  const files = listProjectFiles(config.root, config.ignore);
  const inScope = config.vocabulary ? matchGlobs(config.root, config.vocabulary, config.ignore) : undefined;
  const index = new ProjectIndex(inScope ? (p) => inScope.has(p) : undefined);
  const { vocabularies, playbooks } = readVocabularies(files, index);
  const wanted = playbooks.map((p) => p.path).filter((p) => !only || only.has(p));

  const script = workerScript();
  const workers = script ? workerCount(threads, playbooks) : 0;
  const pool = workers > 0 ? new WorkerPool<WorkerRequest, WorkerResponse>(script!, workers, { name: 'render worker' }) : undefined;
  const local = new SiteRenderer((file) => readAnalysis(file, 'playbook'));
  try {
    // Phase 1: every playbook analysed once, shared out in batches as threads come free (holder 0 is this thread):
    // each keeps its playbooks' drafts for phase 2.
    const vocabularyExports = vocabularies.map((v) => index.get(v.path)!);
    const share = (list: string[]): RenderAnalyzeShare => ({
      config,
      vocabularyInScope: inScope ? [...inScope] : null,
      vocabularies: vocabularyExports,
      files: list,
      wanted: only ? wanted : null,
      options,
    });
    // The pages' files are made meanwhile, under the names they have if no playbook is broken.
    const provisional = sitePageNames(config.root, wanted);
    const assets = await writeSitePages(out, [siteStylesheet(provisional)]);
    const pageFiles = new PageFiles(
      out,
      wanted.map((p) => provisional.playbook(p)!),
    );
    const answers: { exports: FileExports[]; broken: string[] }[] = [];
    // Every playbook's ids go to the workers for phase 2, packed as they come: this thread's while phase 1 is
    // shared out (not after it, while the workers wait), a worker's as it sent them.
    const packedIds = new Map<string, PackedIds>();
    await shareOut(playbooks, workers, {
      local: (batch) => {
        const analyzed = local.analyze(share(batch));
        if (workers > 0) for (const e of analyzed.exports) packedIds.set(e.path, packIds(e));
        return analyzed;
      },
      remote: async (w, batch) => {
        const a = await pool!.request<RenderAnalyzedResponse>(w, { type: 'render-analyze', ...share(batch) });
        for (const p of a.exports) packedIds.set(p.path, idsOf(p));
        return { broken: a.broken, exports: a.exports.map(unpackExports) };
      },
      done: (answer) => answers.push(answer),
    });
    // Into the index in one order whatever thread read what first (the pages must not depend on timing).
    const exported = answers.flatMap((a) => a.exports).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const e of exported) index.set(e);
    const broken = new Set(answers.flatMap((a) => a.broken));

    // Phase 2: the project rules, the slots filled and the pages written, each holder its own share.
    const playbookIds: FileExports[] = [...index.allExports()].filter((e) => e.kind === 'playbook');
    const pagesShare = { project: share([]), paged: wanted.filter((p) => !broken.has(p)), out };
    const paged = sitePageNames(config.root, pagesShare.paged);
    // Not awaited until the end: phase 2 writes only pages' names, never one this removes.
    const settled = awaitedLater(pageFiles.settle(new Set(pagesShare.paged.map((p) => paged.playbook(p)!))));
    const packed = workers > 0 ? playbookIds.map((e) => packedIds.get(e.path)!) : [];
    const workersPages = Array.from({ length: workers }, (_, w) =>
      awaitedLater(pool!.request<RenderedResponse>(w, { type: 'render-pages', ids: packed, ...pagesShare })),
    );
    const asked2 = awaitedLater(Promise.all(workersPages));
    const diagnostics = new Map<string, Diagnostic[]>();
    const later = new Map<string, Diagnostic[]>();
    const ctx = siteContext(index, paged, config.root, options, (p) => diagnostics.get(p) ?? later.get(p) ?? []);
    // The terms' "used in" pages (a tenth of the site's bytes) are shared out in batches, heaviest first, as threads
    // come free: each worker has two in its queue behind its pages, this thread takes them once it has made the glossary.
    const uses = usedInTable(ctx);
    const termBatches = new UsedInBatches(termsWithOwnPage(ctx, uses), uses, workers + 1);
    const feedUsedIn = async (w: number, pages: string[]) => {
      for (let terms = termBatches.take(); terms; terms = termBatches.take()) {
        const rows = packUsedIn(
          uses,
          terms.map((t) => t.termKey),
          playbookIds,
        );
        pushAll(pages, (await pool!.request<RenderedUsedInResponse>(w, { type: 'render-used-in', rows })).pages);
      }
    };
    const asked3 = awaitedLater(
      Promise.all(
        Array.from({ length: workers }, async (_, w) => {
          const pages: string[] = [];
          await Promise.all([feedUsedIn(w, pages), feedUsedIn(w, pages)]);
          return { pages };
        }),
      ),
    );
    const mine = await local.render(playbookIds, pagesShare, index);

    // While the workers complete their pages: the vocabularies' and folders' findings, the glossary and this thread's terms' pages.
    const laterBroken: BrokenFile[] = [];
    for (const v of vocabularies) {
      if (only && !only.has(v.path)) continue;
      later.set(v.path, lintFile(v, index, config));
      if (isBroken(v)) laterBroken.push({ path: v.path, problems: later.get(v.path)!.filter((d) => d.severity === 'error') });
    }
    for (const r of folderResults(config, files, only, index)) {
      later.set(r.path, r.diagnostics);
      laterBroken.push({ path: r.path, problems: r.diagnostics });
    }
    const termPages = await writeSitePages(out, [renderGlossaryPage(ctx, options, uses)]);
    for (let terms = termBatches.take(); terms; terms = termBatches.take())
      pushAll(termPages, await writeSitePages(out, renderUsedInPages(ctx, options, uses, terms)));

    const health: PlaybookHealth[] = [];
    const brokenFiles: BrokenFile[] = [];
    const pages: string[] = [];
    for (const d of [mine, ...(await asked2)]) {
      for (const r of d.results) diagnostics.set(r.path, r.diagnostics);
      pushAll(health, d.health);
      pushAll(brokenFiles, d.broken);
      pushAll(pages, d.pages);
    }
    for (const [p, list] of later) diagnostics.set(p, list);
    pushAll(brokenFiles, laterBroken);
    pushAll(pages, termPages);
    pushAll(pages, await writeSitePages(out, renderHealthPages(ctx, options, health, brokenFiles)));
    for (const d of await asked3) pushAll(pages, d.pages);
    await settled;
    return { pages, assets, playbooks: health.length, broken: brokenFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), diagnostics };
  } finally {
    await pool?.close();
  }
}

/**
 * A promise awaited only later, once this thread's own share is done: a worker's failure
 * meanwhile must not count as an unhandled rejection (which would end the process before
 * the error is reported as the CLI reports it). The later await still throws it.
 */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * The terms with a "used in" page, in batches of shrinking weight (batchesOf, by the size of their pages), heaviest
 * first: each thread takes the next batch when it is free, so none waits long for another at the end.
 */
class UsedInBatches {
  private readonly batches: TermEntry[][];
  private next = 0;

  constructor(terms: readonly TermEntry[], uses: UsedInTable, threads: number) {
    const byKey = new Map(terms.map((t) => [t.termKey, t]));
    // A page has about 100 bytes per playbook and per stage or tactic listed.
    const sized = terms.map((t) => ({ path: t.termKey, size: 100 * usedInWeight(uses, t.termKey) }));
    this.batches = batchesOf(sized, threads).map((keys) => keys.map((k) => byKey.get(k)!));
  }

  take(): TermEntry[] | undefined {
    return this.batches[this.next++];
  }
}

/** The ids of a playbook as a worker packed them with its exports (the same fields as packIds). */
function idsOf(p: PackedExports): PackedIds {
  return { path: p.path, kind: p.kind, ids: p.ids, idKinds: p.idKinds, idLabels: p.idLabels, idPos: p.idPos, seeAlso: p.seeAlso };
}
