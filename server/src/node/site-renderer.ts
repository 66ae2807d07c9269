import * as path from 'node:path';
import type { LintConfig } from '../core/config';
import { exportsOfFirstUses, type FileExports } from '../core/project/exports';
import { packExports, type PackedExports } from '../core/project/lean-exports';
import { detached } from '../core/strings';
import { ProjectIndex } from '../core/project/project-index';
import {
  type Html,
  type PageNames,
  type PackedUsedIn,
  type PlaybookHealth,
  type RenderContext,
  SLOT,
  type SiteOptions,
  type Slot,
  draftSitePlaybook,
  fillSlots,
  isBroken,
  renderUsedInPages,
  type SeeAlsoLinker,
  siteContext,
  sitePageNames,
  termsWithOwnPage,
  unpackUsedIn,
  usedInRowsOfUses,
} from '../core/render';
import {
  type HandedFile,
  type PendingFile,
  adoptedFile,
  handedFile,
  hasControlComments,
  lintFilePhase,
  loadWhatRulesNeed,
  mergePhases,
  projectFindings,
} from '../core/two-phase-lint';
import type { FileAnalysis } from '../core/model/model';
import type { Diagnostic, FileResult } from '../core/types';
import { type DraftRef, type DraftStore, draftStore } from './draft-store';
import { PageWriter, writeSitePages } from './site-files';

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

/**
 * What phase 1 of a batch gives the main thread: everything but the pages' bytes, which stay with the thread
 * that drafted them (it writes them in phase 2).
 */
export interface DraftedShare {
  /** Each term used once (exportsOfFirstUses): every use is in `usedIn`. Packed as soon as made (see packedExportsOf). */
  exports: PackedExports[];
  /** Per playbook, its part of the "used in" table (usedInRowsOfUses), made from every term use while they are at hand. */
  usedIn: [path: string, rows: Map<string, number[]>][];
  /** Playbooks that do not parse (no page). */
  broken: string[];
  /** Phase 1's findings (the file rules') of every wanted playbook. */
  results: FileResult[];
  /** The health of every wanted playbook that has a page, from phase 1's findings (addFindings adds phase 2's). */
  health: PlaybookHealth[];
  /** The see-also slots of each page that has any: per slot, its ids (the main thread makes their links, seeAlsoFills). */
  seeAlso: { path: string; slots: string[][] }[];
  /** Wanted playbooks with inline-control comments: phase 2 judges them again whatever the rules say (phase2Needed). */
  controlled: string[];
}

/** Phase 2 of a share: the pages to write (their names follow from the paths of every page) and what fills their slots. */
export interface RenderPagesShare {
  /** The project as phase 1 had it (a thread given no playbooks in phase 1 still renders terms' pages). */
  project: RenderAnalyzeShare;
  /** Paths of every playbook that has a page: the page names follow from them. */
  paged: string[];
  out: string;
  /** Per page of this share with see-also slots: their links, in slot order. */
  seeAlso: { path: string; links: Html[] }[];
  /** With problems shown: phase 2's findings on the share's pages that have any (the main thread ran the project rules). */
  later: FileResult[];
}

/** What the "used in" pages of a share need: the pages' names and every playbook's ids, in the order of the rows' places. */
export interface UsedInShare {
  project: RenderAnalyzeShare;
  paged: string[];
  out: string;
  playbookIds: FileExports[];
}

/** What a holder keeps of a playbook between the phases: the lint's slim copy, and its page's bytes (stored) with slots. */
interface KeptPage {
  pending: PendingFile;
  draft?: { ref: DraftRef; slots: Slot[] };
}

const SLOT_BYTES = Buffer.from(SLOT);

/**
 * A page's slots with their ids copied off the file's text (see detached): what a thread keeps of a playbook until
 * phase 2 (these, its exports, its health, the lint's slim copy) must not keep the whole text alive. On the
 * 2,000-file corpus, the main thread's share of texts stayed in its heap to the end of phase 1 through them.
 */
function detachedSlots(slots: Slot[]): Slot[] {
  for (const slot of slots) if (slot.kind === 'see-also') detachEach(slot.ids);
  return slots;
}

/**
 * Each string of a list replaced, in place, by its own copy (see detached). Not a new list: V8 may have made the
 * first one in the old generation (allocation-site pretenuring, see loadWhatRulesNeed), where, dead, it would keep
 * the slices it holds, and through them the file's text, alive until the next full collection.
 */
function detachEach(list: string[]): string[] {
  for (let i = 0; i < list.length; i++) list[i] = detached(list[i]);
  return list;
}

/**
 * One share of a site's playbooks, rendered the same way by a worker thread
 * and by the main thread. Phase 1: read each file once, run the file rules
 * and render its page while the analysis is at hand, keep only the lint's
 * slim copy and the page's bytes (see-also links and project findings left
 * as slots, core/render/deferred.ts). Phase 2: the main thread, which holds the
 * project's index, runs the project rules (on slim copies handed over, as the
 * lint does) and makes the see-also links; each holder fills its pages' slots
 * with them and writes its pages.
 */
export class SiteRenderer {
  private readonly kept = new Map<string, KeptPage>();
  /** Slim copies other threads handed over, for the project rules here. */
  private readonly adopted = new Map<string, PendingFile>();
  /** This share's drafts (opened at the first, closed once phase 2 has written them). */
  private drafts: DraftStore | undefined;
  private share!: RenderAnalyzeShare;
  /** Phase 1's context (the vocabularies only), made at its first batch. */
  private phase1: { ctx: RenderContext } | undefined;
  /** The "used in" pages' context: the vocabularies and every playbook's ids (usedInIndex). */
  private usedIn: { ctx: RenderContext; playbookIds: FileExports[]; out: string } | undefined;

  constructor(private readonly read: (path: string) => FileAnalysis) {}

  /** Phase 1 of a share, one batch of its playbooks at a time (the project's vocabularies and options are the same in every batch). */
  analyze(share: RenderAnalyzeShare): DraftedShare {
    this.share = share;
    loadWhatRulesNeed(share.config);
    // Page names are not known yet (they depend on which files are broken): nothing in a draft names a playbook page.
    this.phase1 ??= { ctx: siteContext(this.vocabularyIndex(), sitePageNames(share.config.root, []), share.config.root, share.options, () => []) };
    const { ctx } = this.phase1;
    const vocabularyIndex = ctx.index;
    const wanted = share.wanted ? new Set(share.wanted) : undefined;
    const out: DraftedShare = { exports: [], usedIn: [], broken: [], results: [], health: [], seeAlso: [], controlled: [] };
    for (const file of share.files) {
      const analysis = this.read(file);
      // Every use goes into the playbook's rows of the "used in" table here, and only each term's first stays in
      // the exports the main thread keeps to the end: a site's playbooks use their terms 90 times each, and the
      // main thread's heap held every use (with its location) to the end, which its young-generation collections
      // copied (a render of the 2,000-file corpus: 159 → 152 MB promoted in the main thread). The rows are made
      // from the references themselves, not from exports of every use (see exportsOfFirstUses). The exports are
      // this file's alone (their strings are slices of its text): only their packed copy is kept.
      const e = exportsOfFirstUses(analysis);
      // A reference starts at its '[[' (never inside a surrogate pair): its start as is, not the range's whole characters.
      const uses = analysis.termRefs.map((r) => ({ key: r.key, u: analysis.lines.position(r.span.start) }));
      out.usedIn.push([file, usedInRowsOfUses(vocabularyIndex, e.ids, uses)]);
      out.exports.push(packExports(e));
      if (isBroken(analysis)) out.broken.push(file);
      if (wanted && !wanted.has(file)) continue;
      const pending = lintFilePhase(analysis, vocabularyIndex, share.config);
      // No page or report of a site shows a fix: they are not carried to the main thread, which keeps every finding.
      for (const d of pending.diagnostics) d.fixes = undefined;
      out.results.push({ path: file, diagnostics: pending.diagnostics });
      if (hasControlComments(pending.slim)) out.controlled.push(file);
      const kept: KeptPage = { pending };
      if (!isBroken(analysis)) {
        const { draft, health } = draftSitePlaybook(ctx, analysis, e, pending.diagnostics, share.options);
        kept.draft = { ref: (this.drafts ??= draftStore()).put(draft.pieces), slots: detachedSlots(draft.slots) };
        // What the health keeps of the file's text (its title, the names no vocabulary defines) must not keep the text.
        health.title = detached(health.title);
        detachEach(health.termsUndefined);
        out.health.push(health);
        const seeAlso = draft.slots.flatMap((slot) => (slot.kind === 'see-also' ? [slot.ids] : []));
        if (seeAlso.length) out.seeAlso.push({ path: file, slots: seeAlso });
      }
      this.kept.set(file, kept);
    }
    return out;
  }

  /** The slim copies of these playbooks as plain data, for the thread that runs the project rules (adopt). */
  handOver(files: string[]): HandedFile[] {
    const out: HandedFile[] = [];
    for (const path of files) {
      const kept = this.kept.get(path);
      if (kept) out.push(handedFile(path, kept.pending));
    }
    return out;
  }

  /** Slim copies another thread handed over (handOver), for projectFindingsOf. */
  adopt(files: HandedFile[]): void {
    for (const f of files) this.adopted.set(f.path, adoptedFile(f));
  }

  /** Phase 2's findings (the project rules') on these playbooks, kept or adopted here, against the whole project's index. */
  projectFindingsOf(files: readonly string[], index: ProjectIndex, config: LintConfig): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    for (const path of files) {
      const pending = this.kept.get(path)?.pending ?? this.adopted.get(path);
      if (!pending) throw new Error(`phase 2: ${path} was not analysed in phase 1`);
      const later = projectFindings(pending, index, config);
      if (later.length) out.set(path, later);
    }
    this.adopted.clear();
    return out;
  }

  /**
   * Phase 2: each page of the share with its slots filled, written as it is completed (by the file system's
   * threads while the next one is filled). Returns the pages' names.
   */
  async render(pages: RenderPagesShare): Promise<string[]> {
    this.share = pages.project;
    const writer = new PageWriter();
    const done: string[] = [];
    try {
      await this.writePages(pages, writer, done);
      await writer.finished();
    } finally {
      this.drafts?.close();
      this.drafts = undefined;
    }
    return done;
  }

  /** Phase 2's pages of this share, each completed and handed to the writer. */
  private async writePages(pages: RenderPagesShare, writer: PageWriter, done: string[]): Promise<void> {
    const { config, options } = this.share;
    const names: PageNames = sitePageNames(config.root, pages.paged);
    const ctx = siteContext(this.vocabularyIndex(), names, config.root, options, () => []);
    const seeAlso = new Map(pages.seeAlso.map((s) => [s.path, s.links]));
    const later = new Map(pages.later.map((r) => [r.path, r.diagnostics]));
    for (const [file, { pending, draft }] of this.kept) {
      this.kept.delete(file); // its draft's bytes go once written
      if (!draft) continue;
      const name = names.playbook(file)!;
      const diagnostics = options.showProblems ? mergePhases(pending.diagnostics, later.get(file) ?? []) : [];
      const filled = fillSlots(
        { ...ctx, problems: options.showProblems ? () => diagnostics : undefined },
        pending.slim,
        draft.slots,
        diagnostics,
        seeAlso.get(file),
      );
      const lent = this.drafts!.take(draft.ref);
      await writer.write(path.join(pages.out, name), withSlotsFilled(lent.bytes, filled), lent.release);
      done.push(name);
      // Now and then a turn of the event loop: the main thread hands the workers their next "used in" pages meanwhile.
      if (done.length % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * A worker's "used in" pages' context, once: an index of the vocabularies and the playbooks' ids as sent (those
   * pages read only the ids and their order). The main thread makes its own from the project's index.
   */
  prepareUsedIn(share: UsedInShare): void {
    this.share = share.project;
    const { config, options } = share.project;
    const index = this.vocabularyIndex(false);
    for (const e of share.playbookIds) index.set(e);
    const ctx = siteContext(index, sitePageNames(config.root, share.paged), config.root, options, () => []);
    this.usedIn = { ctx, playbookIds: share.playbookIds, out: share.out };
  }

  /** The "used in" pages of the terms whose rows these are (the main thread made the table). */
  async renderUsedIn(rows: PackedUsedIn[]): Promise<string[]> {
    const { ctx, playbookIds, out } = this.usedIn!;
    const uses = unpackUsedIn(rows, playbookIds);
    return writeSitePages(out, renderUsedInPages(ctx, this.share.options, uses, termsWithOwnPage(ctx, uses)));
  }

  /** An index of the share's vocabularies (phase 1's asks about nothing else; `vocabularyOnly` false: playbooks' ids follow). */
  private vocabularyIndex(vocabularyOnly = true): ProjectIndex {
    const { vocabularyInScope, vocabularies } = this.share;
    const scope = vocabularyInScope ? new Set(vocabularyInScope) : undefined;
    const index = new ProjectIndex(scope ? (p) => scope.has(p) : undefined, vocabularyOnly || undefined);
    for (const v of vocabularies) index.set(v);
    return index;
  }
}

/** The see-also slots' links of one page (DraftedShare.seeAlso), once the linker has the whole project. */
export function seeAlsoFills(linker: SeeAlsoLinker, page: { path: string; slots: string[][] }): { path: string; links: Html[] } {
  return { path: page.path, links: page.slots.map((ids) => linker.links(page.path, ids)) };
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
