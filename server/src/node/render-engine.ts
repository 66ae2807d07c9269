import type { LintConfig } from '../core/config';
import { lintFile } from '../core/lint';
import type { FileExports, TermEntry } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import {
  type BrokenFile,
  type PlaybookHealth,
  type SiteOptions,
  addFindings,
  isBroken,
  type UsedInTable,
  packUsedIn,
  SeeAlsoLinker,
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
import { mergePhases, phase2Needed } from '../core/two-phase-lint';
import type { Diagnostic } from '../core/types';
import { unpackExports } from '../core/project/lean-exports';
import { listProjectFiles, matchGlobs } from './discover';
import { folderResults } from './folder-results';
import { type LintPool, poolFor, readVocabularies, workerCount } from './lint-engine';
import {
  idTableOf,
  type RenderAnalyzedResponse,
  type RenderHandedOverResponse,
  type RenderPreparedResponse,
  type RenderedResponse,
  type RenderedUsedInResponse,
} from './lint-protocol';
import { readAnalysis } from './read-analysis';
import { PageFiles, writeSitePages } from './site-files';
import { type DraftedShare, type RenderAnalyzeShare, type RenderPagesShare, SiteRenderer, seeAlsoFills } from './site-renderer';
import { batchesOf, shareOut, workerScript } from './worker-pool';
import { byPath, pushAll } from '../core/arrays';

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
  projectConfig: LintConfig,
  only: ReadonlySet<string> | undefined,
  out: string,
  options: SiteOptions,
  threads?: number,
  early?: LintPool,
): Promise<RenderRun> {
  // Without problems shown, a site shows no message but a broken file's: the rules look for "did you mean" names in
  // those only (the ids' list alone cost this thread about 180 ms of its end).
  const config: LintConfig = options.showProblems ? projectConfig : { ...projectConfig, suggestIn: 'broken' };
  const files = listProjectFiles(config.root, config.ignore);
  const inScope = config.vocabulary ? matchGlobs(config.root, config.vocabulary, config.ignore) : undefined;
  const index = new ProjectIndex(inScope ? (p) => inScope.has(p) : undefined);
  const { vocabularies, playbooks } = readVocabularies(files, index);
  const wanted = playbooks.map((p) => p.path).filter((p) => !only || only.has(p));

  const script = workerScript();
  const workers = script ? workerCount(threads, playbooks) : 0;
  const pool = poolFor(workers, early, script, 'render worker');
  const local = new SiteRenderer((file) => readAnalysis(file, 'playbook'));
  try {
    // Phase 1: every playbook analysed once, shared out in batches as threads come free (holder 0 is this thread):
    // each keeps its playbooks' drafts for phase 2 and sends back the rest.
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
    const drafted: LeanDrafted[][] = Array.from({ length: workers + 1 }, () => []);
    // Exports go into the index as batches come in, and the id table follows them (the see-also links and the project
    // rules read it), rather than all at once after the last while the workers wait. Nothing a page shows depends on
    // that order: the index keeps each id's entries in place order, and the pages list playbooks by path.
    index.ids();
    // Each playbook's part of the "used in" table, as the thread that read it made it.
    const usedInRows = new Map<string, Map<string, number[]>>();
    // And the targets of the pages' see-also links that are defined so far, while the other thread still drafts:
    // after phase 1, a thread's pages wait for their links (complete() keeps the targets the whole project agrees with).
    const linker = new SeeAlsoLinker(siteContext(index, provisional, config.root, options, () => []));
    await shareOut(playbooks, workers, {
      local: (batch) => unpacked(local.analyze(share(batch))),
      remote: async (w, batch) => unpacked(await pool!.request<RenderAnalyzedResponse>(w, { type: 'render-analyze', ...share(batch) })),
      done: (answer, holder) => {
        for (const e of answer.exports) index.set(e);
        for (const [path, rows] of answer.usedIn) usedInRows.set(path, rows);
        for (const page of answer.seeAlso) for (const ids of page.slots) linker.prepare(ids);
        drafted[holder].push(answer);
      },
    });
    const all = drafted.flat();
    const broken = new Set(all.flatMap((a) => a.broken));

    // Phase 2: this thread, which holds the project's index, runs the project rules (on the slim copies the workers
    // hand over, as the lint does) and makes every page's see-also links; each holder fills its pages and writes them.
    const playbookIds: FileExports[] = all.flatMap((a) => a.exports).sort(byPath);
    const paged = wanted.filter((p) => !broken.has(p));
    // The workers' first work of phase 2, asked for before anything else: every playbook's ids, which their "used in"
    // pages need; each worker waited about 90 ms for it when the slim copies were asked for first.
    const usedInShare = { project: share([]), paged, out, playbookIds: idTableOf(workers > 0 ? playbookIds : []) };
    for (let w = 0; w < workers; w++) awaitedLater(pool!.request<RenderPreparedResponse>(w, { type: 'render-prepare', ...usedInShare }));
    const names = sitePageNames(config.root, paged);
    // Not awaited until the end: phase 2 writes only pages' names, never one this removes.
    const settled = awaitedLater(pageFiles.settle(new Set(paged.map((p) => names.playbook(p)!))));
    const diagnostics = new Map<string, Diagnostic[]>();
    const ctx = siteContext(index, names, config.root, options, (p) => diagnostics.get(p) ?? []);
    const pagesShare = (h: number): RenderPagesShare => ({
      project: share([]),
      paged,
      out,
      seeAlso: drafted[h].flatMap((a) => a.seeAlso.map((page) => seeAlsoFills(linker, page))),
      later: options.showProblems
        ? drafted[h].flatMap((a) => a.results.flatMap((r) => (later.has(r.path) ? [{ path: r.path, diagnostics: later.get(r.path)! }] : [])))
        : [],
    });

    // The slim copies the project rules must see (this thread needs them only once its own links are made).
    const controlled = new Set(all.flatMap((a) => a.controlled));
    // Per holder, once (each answer asks every project rule that is on about the file).
    const toFinish = drafted.map((shares) =>
      shares.flatMap((a) => a.results.map((r) => r.path)).filter((p) => phase2Needed(controlled.has(p), index.get(p), index, config)),
    );
    const handed = Array.from({ length: workers }, (_, w) =>
      awaitedLater(pool!.request<RenderHandedOverResponse>(w, { type: 'render-hand-over', files: toFinish[w + 1] })),
    );
    // First the terms' "used in" pages (a tenth of the site's bytes), shared out among the workers in batches, heaviest
    // first, as they come free: each worker starts with two while this thread makes their pages' links. This thread
    // takes only those left once its own end (the project rules, the glossary, the health report) is done: taking some
    // before made the whole render slower (about 0.3 s more CPU in all).
    // The workers unpack every playbook's ids for those pages (asked first, above) while this thread makes the table of uses.
    const uses = usedInTable(ctx, (e) => usedInRows.get(e.path)!);
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
    // The workers have work now: this thread checks the see-also targets it made in phase 1 (their pages' links need them).
    linker.complete(ctx);

    const later = new Map<string, Diagnostic[]>();
    const findWorkersLater = async () => {
      for (const h of await Promise.all(handed)) local.adopt(h.files);
      const found = local.projectFindingsOf(toFinish.slice(1).flat(), index, config);
      for (const [p, list] of found) later.set(p, list);
    };
    // With problems shown, a worker's pages need the project rules' findings on them first; else only their links.
    if (options.showProblems) await findWorkersLater();
    const asked2 = awaitedLater(
      Promise.all(Array.from({ length: workers }, (_, w) => pool!.request<RenderedResponse>(w, { type: 'render-pages', ...pagesShare(w + 1) }))),
    );
    // Nothing more for the workers once their pages are written: their threads end (their heaps freed) while this one finishes.
    void Promise.all([asked2, asked3]).then(
      () => pool?.close(),
      () => undefined,
    );
    if (!options.showProblems) await findWorkersLater();
    for (const [p, list] of local.projectFindingsOf(toFinish[0], index, config)) later.set(p, list);
    const pages = await local.render(pagesShare(0));

    // Every playbook's findings (phase 1's, and phase 2's merged in) and health.
    const health: PlaybookHealth[] = [];
    const brokenFiles: BrokenFile[] = [];
    for (const a of all) {
      for (const r of a.results) {
        const list = mergePhases(r.diagnostics, later.get(r.path) ?? []);
        diagnostics.set(r.path, list);
        if (broken.has(r.path)) brokenFiles.push({ path: r.path, problems: list.filter((d) => d.severity === 'error') });
      }
      for (const h of a.health) {
        addFindings(h, later.get(h.path) ?? []);
        health.push(h);
      }
    }
    // While the workers complete their pages: the vocabularies' and folders' findings, the glossary, the health report and index.
    for (const v of vocabularies) {
      if (only && !only.has(v.path)) continue;
      diagnostics.set(v.path, lintFile(v, index, config));
      if (isBroken(v)) brokenFiles.push({ path: v.path, problems: diagnostics.get(v.path)!.filter((d) => d.severity === 'error') });
    }
    for (const r of folderResults(config, files, only, index)) {
      diagnostics.set(r.path, r.diagnostics);
      brokenFiles.push({ path: r.path, problems: r.diagnostics });
    }
    pushAll(pages, await writeSitePages(out, [renderGlossaryPage(ctx, options, uses)]));
    pushAll(pages, await writeSitePages(out, renderHealthPages(ctx, options, health, brokenFiles)));
    // The terms' pages no worker has taken yet (without workers, all of them): the lightest, as the workers take the
    // heaviest first. Measured: with "did you mean" off in a site, this thread's end had become 0.3-0.5 s shorter than
    // the worker's; taking what is left, both end within 60 ms of each other.
    for (let terms = termBatches.take(); terms; terms = termBatches.take())
      pushAll(pages, await writeSitePages(out, renderUsedInPages(ctx, options, uses, terms)));
    for (const d of await asked2) pushAll(pages, d.pages);
    for (const d of await asked3) pushAll(pages, d.pages);
    await settled;
    // The workers were told to end once their last pages were written; the caller finishes while their threads
    // free their heaps, as the lint's does, instead of waiting for that here.
    return { pages, assets, playbooks: health.length, broken: brokenFiles.sort(byPath), diagnostics };
  } catch (error) {
    await pool?.close();
    throw error;
  }
}

/** A batch's answer with its exports made lean here (the index and phase 2 read them), whichever thread packed them. */
type LeanDrafted = Omit<DraftedShare, 'exports'> & { exports: FileExports[] };
function unpacked(answer: DraftedShare): LeanDrafted {
  return { ...answer, exports: answer.exports.map(unpackExports) };
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
