import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, copyFile, mkdir, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LintConfig } from '../core/config';
import { exportsOf, type FileExports } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import {
  type BrokenFile,
  type PageNames,
  type PackedUsedIn,
  type PlaybookHealth,
  type RenderContext,
  SLOT,
  type SiteOptions,
  type Slot,
  addFindings,
  draftSitePlaybook,
  fillSlots,
  isBroken,
  renderUsedInPages,
  siteContext,
  type SitePage,
  sitePageNames,
  termsWithOwnPage,
  unpackUsedIn,
} from '../core/render';
import { type PendingFile, lintFilePhase, mergePhases, projectFindings } from '../core/two-phase-lint';
import type { FileAnalysis } from '../core/model/model';
import type { FileResult } from '../core/types';

/** Phase 1 of a render share: which playbooks to read, and what the project knows of its vocabularies. */
export interface RenderAnalyzeShare {
  config: LintConfig;
  vocabularyInScope: string[] | null;
  vocabularies: FileExports[];
  files: string[];
  /** The playbooks that get a page (null: all; the rest are read for the project only). */
  wanted: string[] | null;
  options: SiteOptions;
}

/** Phase 2: every playbook's ids (for see-also and the project rules), the pages to write and where. */
export interface RenderPagesShare {
  /** The project as phase 1 had it (a thread given no playbooks in phase 1 still renders terms' pages). */
  project: RenderAnalyzeShare;
  /** Paths of every playbook that has a page: the page names follow from them. */
  paged: string[];
  out: string;
}

export interface RenderedShare {
  results: FileResult[];
  health: PlaybookHealth[];
  broken: BrokenFile[];
  pages: string[];
}

/** What a holder keeps of a playbook between the phases: the lint's slim copy, and its page's bytes with slots. */
interface KeptPage {
  pending: PendingFile;
  draft?: { bytes: Buffer; slots: Slot[]; health: PlaybookHealth };
}

const SLOT_BYTES = Buffer.from(SLOT);

/**
 * One share of a site's playbooks, rendered the same way by a worker thread
 * and by the main thread. Phase 1: read each file once, run the file rules
 * and render its page while the analysis is at hand, keep only the lint's
 * slim copy and the page's bytes (see-also links and project findings left
 * as slots, core/render/deferred.ts). Phase 2: with every playbook's ids, run
 * the project rules, fill the slots and write the pages.
 */
export class SiteRenderer {
  private readonly kept = new Map<string, KeptPage>();
  private readonly drafts = new DraftBytes();
  private share!: RenderAnalyzeShare;
  /** Phase 1's context (the vocabularies only), made at its first batch. */
  private phase1: { ctx: RenderContext } | undefined;
  /** Phase 2's context, kept for the "used in" pages that follow it. */
  private phase2: { ctx: RenderContext; playbookIds: FileExports[]; out: string } | undefined;

  constructor(private readonly read: (path: string) => FileAnalysis) {}

  /** Phase 1 of a share, one batch of its playbooks at a time (the project's vocabularies and options are the same in every batch). */
  analyze(share: RenderAnalyzeShare): { exports: FileExports[]; broken: string[] } {
    this.share = share;
    // Page names are not known yet (they depend on which files are broken): nothing in a draft names a playbook page.
    this.phase1 ??= { ctx: siteContext(this.index([], true), sitePageNames(share.config.root, []), share.config.root, share.options, () => []) };
    const { ctx } = this.phase1;
    const vocabularyIndex = ctx.index;
    const wanted = share.wanted ? new Set(share.wanted) : undefined;
    const exports: FileExports[] = [];
    const broken: string[] = [];
    for (const file of share.files) {
      const analysis = this.read(file);
      const e = exportsOf(analysis);
      exports.push(e);
      if (isBroken(analysis)) broken.push(file);
      if (wanted && !wanted.has(file)) continue;
      const pending = lintFilePhase(analysis, vocabularyIndex, share.config);
      const kept: KeptPage = { pending };
      if (!isBroken(analysis)) {
        const { draft, health } = draftSitePlaybook(ctx, analysis, e, pending.diagnostics, share.options);
        kept.draft = { bytes: this.drafts.utf8Of(draft.pieces), slots: draft.slots, health };
      }
      this.kept.set(file, kept);
    }
    return { exports, broken };
  }

  /**
   * Each page is written as it is completed, by the file system's threads while the next one is filled.
   * `projectIndex`: the whole project's index, when this thread has it; else one is made from the ids.
   */
  async render(playbookIds: FileExports[], pages: RenderPagesShare, projectIndex?: ProjectIndex): Promise<RenderedShare> {
    this.share = pages.project;
    const { config, options } = this.share;
    // The main thread passes the project's own index (the same files): its id table and "did you mean" lists are made once.
    const index = projectIndex ?? this.index(playbookIds, false);
    const names: PageNames = sitePageNames(config.root, pages.paged);
    const ctx = siteContext(index, names, config.root, options, () => []);
    this.phase2 = { ctx, playbookIds, out: pages.out };
    const writer = new PageWriter();
    const done: RenderedShare = { results: [], health: [], broken: [], pages: [] };
    for (const [file, { pending, draft }] of this.kept) {
      this.kept.delete(file); // its draft's bytes go once written
      // Phase 2 as the lint does it (only where a project rule could report or comments are judged again).
      const later = projectFindings(pending, index, config);
      const diagnostics = mergePhases(pending.diagnostics, later);
      done.results.push({ path: file, diagnostics });
      if (!draft) {
        done.broken.push({ path: file, problems: diagnostics.filter((d) => d.severity === 'error') });
        continue;
      }
      addFindings(draft.health, later);
      done.health.push(draft.health);
      const name = names.playbook(file)!;
      const filled = fillSlots({ ...ctx, problems: options.showProblems ? () => diagnostics : undefined }, pending.slim, draft.slots, diagnostics);
      await writer.write(path.join(pages.out, name), withSlotsFilled(draft.bytes, filled));
      done.pages.push(name);
      // Now and then a turn of the event loop: the main thread hands the workers their next "used in" pages meanwhile.
      if (done.pages.length % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await writer.finished();
    return done;
  }

  /** After render: the "used in" pages of the terms whose rows these are (the main thread made the table). */
  async renderUsedIn(rows: PackedUsedIn[]): Promise<string[]> {
    const { ctx, playbookIds, out } = this.phase2!;
    const uses = unpackUsedIn(rows, playbookIds);
    return writeSitePages(out, renderUsedInPages(ctx, this.share.options, uses, termsWithOwnPage(ctx, uses)));
  }

  /** The vocabularies of the share, and these playbooks' ids (phase 1: none; a first pass index). */
  private index(playbookIds: FileExports[], vocabularyOnly: boolean): ProjectIndex {
    const { vocabularyInScope, vocabularies } = this.share;
    const scope = vocabularyInScope ? new Set(vocabularyInScope) : undefined;
    const index = new ProjectIndex(scope ? (p) => scope.has(p) : undefined, vocabularyOnly || undefined);
    for (const e of playbookIds) index.set(e);
    for (const v of vocabularies) index.set(v);
    return index;
  }
}

/**
 * The drafts' UTF-8 bytes, each page's pieces written one after another into
 * a large shared buffer, a page a view of it: no buffer of its own per page
 * (a malloc, a copy, external memory V8 counts), and no whole page as one
 * string (see playbookPieces). A buffer goes once the last page in it is written.
 */
class DraftBytes {
  private static readonly CHUNK = 8 << 20;
  private chunk = Buffer.allocUnsafe(0);
  private used = 0;

  utf8Of(pieces: readonly string[]): Buffer {
    let chars = 0;
    for (const piece of pieces) chars += piece.length;
    // A UTF-16 unit is at most three bytes of UTF-8: the pieces always fit.
    if (this.chunk.length - this.used < chars * 3) {
      this.chunk = Buffer.allocUnsafe(Math.max(DraftBytes.CHUNK, chars * 3));
      this.used = 0;
    }
    const start = this.used;
    let at = start;
    for (const piece of pieces) at += this.chunk.write(piece, at);
    this.used = at;
    return this.chunk.subarray(start, at);
  }
}

/** A page's bytes with each slot marker, in order, replaced by its HTML: the parts to write, in order. */
function withSlotsFilled(bytes: Buffer, filled: readonly string[]): Buffer[] {
  if (filled.length === 0) return [bytes];
  const parts: Buffer[] = [];
  let from = 0;
  for (const html of filled) {
    const at = bytes.indexOf(SLOT_BYTES, from);
    parts.push(bytes.subarray(from, at), Buffer.from(html));
    from = at + SLOT_BYTES.length;
  }
  parts.push(bytes.subarray(from));
  return parts;
}

/**
 * Writes pages in the background, a few at a time: opening and writing a file
 * blocks (about a millisecond each on a busy disk), so the thread goes on
 * filling the next page meanwhile. The first failure is thrown, by the next
 * write or by finished().
 */
class PageWriter {
  private static readonly IN_FLIGHT = 8;
  private readonly writing = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  async write(file: string, parts: Buffer[]): Promise<void> {
    while (this.writing.size >= PageWriter.IN_FLIGHT) await Promise.race(this.writing);
    this.throwFailure();
    const done: Promise<void> = writeParts(file, parts)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.writing.delete(done));
    this.writing.add(done);
  }

  async finished(): Promise<void> {
    await Promise.all(this.writing);
    this.throwFailure();
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure.error;
  }
}

/**
 * Writes a file's parts over what it held: a page rendered again usually has the same bytes, or nearly, and on
 * ext4 truncating a file first frees its blocks only for the write to allocate them again (2,000 pages of 55 KB:
 * 100-240 ms of system CPU with truncation, 30-55 ms without). The file is cut to its new length after the write.
 */
async function writeParts(file: string, parts: Buffer[]): Promise<void> {
  const handle = await open(file, 'r+').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return open(file, 'w');
    throw error;
  });
  try {
    // writev may write less than asked (a signal, a full disk): go on from where it stopped.
    let left = parts.filter((p) => p.length > 0);
    let length = 0;
    for (const p of left) length += p.length;
    while (left.length) {
      let { bytesWritten: written } = await handle.writev(left);
      let i = 0;
      for (; i < left.length && written >= left[i].length; i++) written -= left[i].length;
      left = left.slice(i);
      if (left.length && written > 0) left[0] = left[0].subarray(written);
    }
    await handle.truncate(length);
  } finally {
    await handle.close();
  }
}

/** Writes whole pages of the site (a name may hold a folder), returning their names. */
export async function writeSitePages(out: string, pages: SitePage[]): Promise<string[]> {
  for (const page of pages) {
    const file = path.join(out, page.name);
    if (page.name.includes('/')) await mkdir(path.dirname(file), { recursive: true });
    await writeParts(file, [Buffer.from(page.html)]);
  }
  return pages.map((p) => p.name);
}

/**
 * The playbook pages' files, made empty while phase 1 reads and drafts: on some file systems a new
 * file costs far more than writing one (ext4 without a journal walks past every inode freed in the
 * last minutes, one by one, at every new file), and phase 2's threads would wait for it. Each is one
 * copy of an empty file (a single request to the file system's threads, which run while this
 * thread is busy), never over a file that exists. The names are the pages' as if no playbook were
 * broken: a name phase 2 does not use is removed again, and only if it was made here.
 */
export class PageFiles {
  private readonly made: Promise<string[]>;

  constructor(
    private readonly out: string,
    names: readonly string[],
  ) {
    this.made = makeEmpty(out, names);
  }

  /** After phase 1, with the pages' names: waits for the files, removes those made here that no page has. */
  async settle(pages: ReadonlySet<string>): Promise<void> {
    for (const name of await this.made) if (!pages.has(name)) await rm(path.join(this.out, name), { force: true });
  }
}

async function makeEmpty(out: string, names: readonly string[]): Promise<string[]> {
  let folder: string;
  try {
    folder = mkdtempSync(path.join(tmpdir(), 'playbook-lint-'));
    writeFileSync(path.join(folder, 'empty'), '');
  } catch {
    return []; // no temporary folder: each page is made when it is written
  }
  try {
    const empty = path.join(folder, 'empty');
    const made = await Promise.all(
      names.map((name) =>
        copyFile(empty, path.join(out, name), constants.COPYFILE_EXCL).then(
          () => name,
          () => undefined, // there already, or not writable: phase 2 writes it or says why it cannot
        ),
      ),
    );
    return made.filter((name): name is string => name !== undefined);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
