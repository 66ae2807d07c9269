import type { FileAnalysis, PlaybookModel, ScalarValue, StageModel, TacticModel } from '../model/model';
import { exportsOf } from '../project/exports';
import type { Location, TextSpan } from '../types';
import { type RenderContext, idAnchor, idAnchors, locationKey, shownPath, sourceAttrs } from './context';
import { attrs, esc, type Html } from './html';
import { PlacedProblems, problemsHtml } from './problems';
import { PageState, proseHtml, proseText } from './prose';

/** The parts of a playbook page: the document shell adds head, styles and navigation. */
export interface PageBody {
  title: string;
  body: Html;
}

/**
 * One playbook as reps read it: stages in order with their goals, then each
 * tactic as a card with its why and its deviation conditions set apart.
 * Every stage and every tactic is a card; printed, each card is one page.
 */
export function renderPlaybook(ctx: RenderContext, file: FileAnalysis): PageBody {
  const model = file.model as PlaybookModel;
  const page = new PageState();
  const anchors = idAnchors(ctx.index.get(file.path) ?? exportsOf(file));
  const anchorOf = (id: ScalarValue | undefined) => (id ? anchors.get(locationKey(where(file, id.span))) : undefined);
  const placed = new PlacedProblems(file, ctx.problems?.(file.path) ?? []);
  const title = model.title?.value.trim() || shownPath(ctx.root, file.path);
  const summary = model.prose.find((prose) => prose.path === 'summary' && prose.value.trim());
  const p: PlaybookParts = { ctx, file, page, placed, title, anchorOf };

  const stageAnchors = model.stages.map((s, i) => anchorOf(s.id) ?? `stage-${i + 1}`);
  const toc = model.stages.map((s, i) => `<li><a href="#${stageAnchors[i]}">${esc(stageName(s, i))}</a></li>`).join('');
  let body =
    `<header class="page-head"><h1>${esc(title)}</h1>` +
    (summary ? `<p class="summary">${proseHtml(ctx, page, summary.value)}</p>` : '') +
    `<p class="source">${esc(shownPath(ctx.root, file.path))}</p></header>` +
    problemsHtml(ctx, placed.unplaced());
  if (model.stages.length === 0) body += '<p class="missing">This playbook has no stages yet.</p>';
  else body += `<nav class="toc" aria-label="Stages"><ol>${toc}</ol></nav>`;
  model.stages.forEach((stage, i) => {
    body += stageHtml(p, stage, i, stageAnchors[i], model.stages.length);
  });
  return { title, body };
}

interface PlaybookParts {
  ctx: RenderContext;
  file: FileAnalysis;
  page: PageState;
  placed: PlacedProblems;
  title: string;
  anchorOf(id: ScalarValue | undefined): string | undefined;
}

function stageName(stage: StageModel, i: number): string {
  return stage.name?.value.trim() || stage.id?.value || `Stage ${i + 1}`;
}

function stageHtml(p: PlaybookParts, stage: StageModel, i: number, anchor: string, count: number): Html {
  const { ctx, file, page } = p;
  const name = stageName(stage, i);
  const goal = stage.goal?.value.trim()
    ? `<p class="goal"><span class="label">Goal</span> ${proseHtml(ctx, page, stage.goal.value)}</p>`
    : '<p class="goal missing"><span class="label">Goal</span> No goal yet.</p>';
  const card =
    `<div${attrs({ class: 'card stage-card', id: anchor, ...sourceAttrs(ctx, ctx.sourceLinks ? where(file, stage.span) : undefined) })}>` +
    `<p class="card-context">${esc(p.title)} · stage ${i + 1} of ${count}</p>` +
    `<h2>${esc(name)}</h2>${goal}${seeAlsoHtml(p, stage.seeAlso)}${problemsHtml(ctx, p.placed.of(stage))}` +
    `<p class="count">${stage.tactics.length === 1 ? '1 tactic' : `${stage.tactics.length} tactics`}</p></div>`;
  const tactics = stage.tactics.map((t, j) => tacticHtml(p, t, name, `tactic-${i + 1}-${j + 1}`)).join('');
  return `<section class="stage"${attrs({ 'aria-label': `Stage ${i + 1}: ${name}` })}>${card}${tactics}</section>`;
}

function tacticHtml(p: PlaybookParts, tactic: TacticModel, stageName: string, fallbackAnchor: string): Html {
  const { ctx, file, page } = p;
  const text = tactic.tactic?.value.trim();
  const heading = text ? proseHtml(ctx, page, tactic.tactic!.value) : esc(tactic.id?.value ?? 'Tactic without text');
  const why = tactic.why?.value?.value.trim()
    ? `<p>${proseHtml(ctx, page, tactic.why.value.value)}</p>`
    : '<p class="missing">No why yet: the principle behind this tactic is not written down.</p>';
  const deviations = (tactic.deviateWhen?.value ?? []).filter((d) => d.value.trim());
  const deviate = deviations.length
    ? `<ul>${deviations.map((d) => `<li>${proseHtml(ctx, page, d.value)}</li>`).join('')}</ul>`
    : '<p class="missing">No deviation conditions yet: when it is smart to do otherwise is not written down.</p>';
  return (
    `<article${attrs({ class: 'card tactic-card', id: p.anchorOf(tactic.id) ?? fallbackAnchor, ...sourceAttrs(ctx, ctx.sourceLinks ? where(file, tactic.span) : undefined) })}>` +
    `<p class="card-context">${esc(p.title)} · ${esc(stageName)}</p>` +
    `<h3>${heading}</h3>` +
    (tactic.id ? `<p class="tactic-id">${esc(tactic.id.value)}</p>` : '') +
    `<div class="why"><h4>Why</h4>${why}</div>` +
    `<div class="deviate"><h4>Deviate when</h4>${deviate}</div>` +
    seeAlsoHtml(p, tactic.seeAlso) +
    problemsHtml(ctx, p.placed.of(tactic)) +
    '</article>'
  );
}

/** See-also ids as links to their stage or tactic, wherever it is defined; unknown ids stay text. */
function seeAlsoHtml(p: PlaybookParts, seeAlso: readonly ScalarValue[]): Html {
  const items = seeAlso.filter((s) => s.value.trim());
  if (items.length === 0) return '';
  const links = items.map((s) => {
    const entry = p.ctx.index.lookupId(s.value);
    if (!entry) return `<span class="unresolved" title="no stage or tactic has this id">${esc(s.value)}</span>`;
    const label = esc(entry.label?.trim() ? proseText(entry.label) : s.value);
    const anchor = idAnchor(p.ctx.index.get(entry.location.path), entry);
    const page = entry.location.path === p.file.path ? '' : p.ctx.pages.playbook(entry.location.path);
    if (page === undefined && !p.ctx.sourceLinks) return `<span>${label}</span>`;
    const href = page === undefined ? '#' : `${page}#${anchor ?? ''}`;
    return `<a${attrs({ href, ...sourceAttrs(p.ctx, entry.location) })}>${label}</a>`;
  });
  return `<p class="see-also"><span class="label">See also</span> ${links.join(', ')}</p>`;
}

function where(file: FileAnalysis, span: TextSpan): Location {
  return { path: file.path, range: file.lines.range(span) };
}
