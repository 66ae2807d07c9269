import type { FileAnalysis, PlaybookModel, ScalarValue, StageModel, TacticModel } from '../model/model';
import { exportsOf, type FileExports, type IdEntry } from '../project/exports';
import { ownCopy } from '../strings';
import type { Location, TextSpan } from '../types';
import { type RenderContext, idAnchor, pageIdAnchors, shownPath, sourceAttrs } from './context';
import { attrs, esc, type Html } from './html';
import type { ProblemsPlace } from './deferred';
import { PlacedProblems, problemsHtml } from './problems';
import { cssString, PageState, proseHtml, proseText, termDefinitions } from './prose';

/** The parts of a playbook page: the document shell adds head, styles and navigation. */
export interface PageBody {
  title: string;
  body: Html;
  /** The page's own rules for the stylesheet: its terms' tooltips (termDefinitions). */
  styles?: string;
}

/** A page's body as pieces in order: a site writes each as it comes, never the whole page as one string. */
export interface PagePieces {
  title: string;
  pieces: Html[];
  styles: string;
}

/** A page's body as pieces made one at a time, as they are written (siteDocumentStream). */
export interface PageStream {
  title: string;
  pieces: Iterable<Html>;
  styles: string;
}

/**
 * One playbook as reps read it: stages in order with their goals, then each
 * tactic as a card with its why and its deviation conditions set apart.
 * Every stage and every tactic is a card; printed, each card is one page.
 */
export function renderPlaybook(ctx: RenderContext, file: FileAnalysis, exports?: FileExports): PageBody {
  const { title, pieces, styles } = playbookPieces(ctx, file, exports);
  return { title, body: pieces.join(''), styles };
}

/**
 * renderPlaybook's body in pieces of a card or so each. A site's pages are written as UTF-8 piece by piece:
 * whole, a page would be one string of 100-300 KB (two bytes a character when its prose has an em dash),
 * flattened into a fresh large object for every page before it is encoded.
 */
export function playbookPieces(ctx: RenderContext, file: FileAnalysis, exports?: FileExports): PagePieces {
  const model = file.model as PlaybookModel;
  const page = new PageState();
  const ids = exports ?? ctx.index.get(file.path) ?? exportsOf(file);
  const idAnchorAt = pageIdAnchors(ids);
  const anchorOf = (id: ScalarValue | undefined) => (id ? idAnchorAt(file.lines.position(id.span.start)) : undefined);
  const placed = new PlacedProblems(file, ctx.problems?.(file.path) ?? []);
  const title = model.title?.value.trim() || shownPath(ctx.root, file.path);
  const summary = model.prose.find((prose) => prose.path === 'summary' && prose.value.trim());
  const p: PlaybookParts = { ctx, file, page, placed, title, escTitle: esc(title), anchorOf };

  const stageAnchors = model.stages.map((s, i) => anchorOf(s.id) ?? `stage-${i + 1}`);
  const toc = model.stages.map((s, i) => `<li><a href="#${stageAnchors[i]}">${esc(stageName(s, i))}</a></li>`).join('');
  let head =
    `<header class="page-head"><h1>${esc(title)}</h1>` +
    (summary ? `<p class="summary">${proseHtml(ctx, page, summary.value)}</p>` : '') +
    `<p class="source">${esc(shownPath(ctx.root, file.path))}</p></header>` +
    problemsAt(ctx, placed, {});
  if (model.stages.length === 0) head += '<p class="missing">This playbook has no stages yet.</p>';
  else head += `<nav class="toc" aria-label="Stages"><ol>${toc}</ol></nav>`;
  const pieces = [head];
  // Each tactic card names its playbook and stage (a printed card stands alone): the stage's section gives its cards
  // that line (`--card-context`, drawn by the site's stylesheet before each), rather than every card repeating it.
  // Not `--card`: that is the theme's card background, which the stage's own card reads inside the same section.
  let cardContexts = '';
  model.stages.forEach((stage, i) => {
    stagePieces(p, stage, i, stageAnchors[i], model.stages.length, pieces);
    if (stage.tactics.length) cardContexts += `.stage:nth-of-type(${i + 1}){--card-context:${cssString(`${title} · ${stageName(stage, i)}`)}}`;
  });
  const { styles, descriptions } = termDefinitions(page);
  pieces.push(descriptions);
  return { title, pieces, styles: cardContexts + styles };
}

interface PlaybookParts {
  ctx: RenderContext;
  file: FileAnalysis;
  page: PageState;
  placed: PlacedProblems;
  title: string;
  /** The title escaped once: every stage card repeats it. */
  escTitle: Html;
  anchorOf(id: ScalarValue | undefined): string | undefined;
}

function stageName(stage: StageModel, i: number): string {
  return stage.name?.value.trim() || stage.id?.value || `Stage ${i + 1}`;
}

/** A stage's section: its card, then its tactics' cards, each a piece of its own. */
function stagePieces(p: PlaybookParts, stage: StageModel, i: number, anchor: string, count: number, pieces: Html[]): void {
  const { ctx, page } = p;
  const name = stageName(stage, i);
  const goal = stage.goal?.value.trim()
    ? `<p class="goal"><span class="label">Goal</span> ${proseHtml(ctx, page, stage.goal.value)}</p>`
    : '<p class="goal missing"><span class="label">Goal</span> No goal yet.</p>';
  const card =
    `${cardOpen(p, 'div', 'card stage-card', anchor, stage.span)}` +
    `<p class="card-context">${p.escTitle} · stage ${i + 1} of ${count}</p>` +
    `<h2>${esc(name)}</h2>${goal}${seeAlsoHtml(p, stage.seeAlso)}${problemsAt(ctx, p.placed, { stage: i }, stage)}` +
    `<p class="count">${stage.tactics.length === 1 ? '1 tactic' : `${stage.tactics.length} tactics`}</p></div>`;
  pieces.push(`<section class="stage"${attrs({ 'aria-label': `Stage ${i + 1}: ${name}` })}>${card}`);
  for (let j = 0; j < stage.tactics.length; j++) pieces.push(tacticHtml(p, stage.tactics[j], { stage: i, tactic: j }));
  pieces.push('</section>');
}

/** A card's opening tag: in the preview it names its source; a site's has only its class and id. */
function cardOpen(p: PlaybookParts, tag: string, cls: string, id: string, span: TextSpan): Html {
  if (!p.ctx.sourceLinks) return `<${tag} class="${cls}" id="${esc(id)}">`;
  return `<${tag}${attrs({ class: cls, id, ...sourceAttrs(p.ctx, where(p.file, span)) })}>`;
}

function tacticHtml(p: PlaybookParts, tactic: TacticModel, at: { stage: number; tactic: number }): Html {
  const { ctx, page } = p;
  const text = tactic.tactic?.value.trim();
  const heading = text ? proseHtml(ctx, page, tactic.tactic!.value) : esc(tactic.id?.value ?? 'Tactic without text');
  const why = tactic.why?.value?.value.trim()
    ? `<p>${proseHtml(ctx, page, tactic.why.value.value)}</p>`
    : '<p class="missing">No why yet: the principle behind this tactic is not written down.</p>';
  let deviate = '';
  for (const d of tactic.deviateWhen?.value ?? []) if (d.value.trim()) deviate += `<li>${proseHtml(ctx, page, d.value)}</li>`;
  deviate = deviate ? `<ul>${deviate}</ul>` : '<p class="missing">No deviation conditions yet: when it is smart to do otherwise is not written down.</p>';
  return (
    cardOpen(p, 'article', 'card tactic-card', p.anchorOf(tactic.id) ?? `tactic-${at.stage + 1}-${at.tactic + 1}`, tactic.span) +
    `<h3>${heading}</h3>` +
    (tactic.id ? `<p class="tactic-id">${esc(tactic.id.value)}</p>` : '') +
    `<div class="why"><h4>Why</h4>${why}</div>` +
    `<div class="deviate"><h4>Deviate when</h4>${deviate}</div>` +
    seeAlsoHtml(p, tactic.seeAlso) +
    problemsAt(ctx, p.placed, at, tactic) +
    '</article>'
  );
}

/** The problems of one place (the page, a stage, a tactic): now, or a slot filled once the project rules have run. */
function problemsAt(ctx: RenderContext, placed: PlacedProblems, at: ProblemsPlace, owner?: StageModel | TacticModel): Html {
  if (ctx.deferred && ctx.problems) return ctx.deferred.add({ kind: 'problems', ...at });
  return problemsHtml(ctx, owner ? placed.of(owner) : placed.unplaced());
}

/** See-also ids as links, or (in a site's first pass, before every playbook's ids are known) a slot for them. */
function seeAlsoHtml(p: PlaybookParts, seeAlso: readonly ScalarValue[]): Html {
  const ids = seeAlso.filter((s) => s.value.trim()).map((s) => s.value);
  if (ids.length === 0) return '';
  if (p.ctx.deferred) return p.ctx.deferred.add({ kind: 'see-also', ids: ids.map((id) => ownCopy(id)) });
  return seeAlsoLinks(p.ctx, p.file.path, ids);
}

/** See-also ids as links to their stage or tactic, wherever it is defined; unknown ids stay text. */
export function seeAlsoLinks(ctx: RenderContext, path: string, ids: readonly string[]): Html {
  let linker = linkers.get(ctx);
  if (!linker) linkers.set(ctx, (linker = new SeeAlsoLinker(ctx)));
  return linker.links(path, ids);
}
const linkers = new WeakMap<RenderContext, SeeAlsoLinker>();

/** What a see-also id links to, and its link from a page of the same playbook (`here`) and from any other (`elsewhere`). */
interface SeeAlsoTarget {
  entry: IdEntry | undefined;
  /** The entry's file, and its page. */
  path: string | undefined;
  page: string | undefined;
  /** The link from the entry's own page: made when a page links to its own stage or tactic (few do). */
  here: Html | undefined;
  elsewhere: Html;
}

/**
 * See-also links, each id's made once: a site's pages link 16,000 ids 50,000 times, and a link needs the id's
 * entry, its label as text and its anchor (made for every id of its file at the first). A site makes the
 * targets it can while playbooks come in (prepare), with the page names they will have if none is broken;
 * complete() then keeps those whose id still has that first entry and page.
 */
export class SeeAlsoLinker {
  private readonly targets = new Map<string, SeeAlsoTarget>();

  constructor(private ctx: RenderContext) {}

  /** The targets of these ids that are defined in the project so far. */
  prepare(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.targets.has(id)) continue;
      const entry = this.ctx.index.lookupId(id);
      if (entry) this.targets.set(id, this.target(id, entry));
    }
  }

  /** The whole project is in `ctx` now, with the pages' final names. */
  complete(ctx: RenderContext): void {
    this.ctx = ctx;
    for (const [id, target] of this.targets) {
      const entry = ctx.index.lookupId(id);
      if (entry !== target.entry || (target.path !== undefined && ctx.pages.playbook(target.path) !== target.page)) this.targets.delete(id);
    }
  }

  links(path: string, ids: readonly string[]): Html {
    let links = '';
    for (const id of ids) {
      let target = this.targets.get(id);
      if (target === undefined) this.targets.set(id, (target = this.target(id, this.ctx.index.lookupId(id))));
      const html = target.path !== path ? target.elsewhere : (target.here ??= this.link(id, target.entry!, ''));
      links += (links ? ', ' : '') + html;
    }
    return `<p class="see-also"><span class="label">See also</span> ${links}</p>`;
  }

  private target(id: string, entry: IdEntry | undefined): SeeAlsoTarget {
    if (!entry) {
      const unresolved = `<span class="unresolved" title="no stage or tactic has this id">${esc(id)}</span>`;
      return { entry, path: undefined, page: undefined, here: unresolved, elsewhere: unresolved };
    }
    const page = this.ctx.pages.playbook(entry.location.path);
    return { entry, path: entry.location.path, page, here: undefined, elsewhere: this.link(id, entry, page) };
  }

  /** A link to the entry (the id's) stage or tactic on `page` ('' for a link within the page itself). */
  private link(id: string, entry: IdEntry, page: string | undefined): Html {
    const { ctx } = this;
    const { location } = entry;
    const label = esc(entry.label?.trim() ? proseText(entry.label) : id);
    if (page === undefined && !ctx.sourceLinks) return `<span>${label}</span>`;
    const anchor = idAnchor(ctx.index.get(location.path), entry);
    const href = page === undefined ? '#' : `${page}#${anchor ?? ''}`;
    return `<a${attrs({ href, ...sourceAttrs(ctx, location) })}>${label}</a>`;
  }
}

function where(file: FileAnalysis, span: TextSpan): Location {
  return { path: file.path, range: file.lines.range(span) };
}
