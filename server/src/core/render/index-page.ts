import { type RenderContext, shownPath } from './context';
import { attrs, esc, type Html } from './html';
import type { BrokenFile, PlaybookHealth } from './health';
import type { PageBody } from './playbook-page';
import { siteDocument } from './document';

/** The list of playbooks (title, file, stages and tactics), and the files that could not be read. */
export function renderIndex(ctx: RenderContext, siteName: string, playbooks: readonly PlaybookHealth[], broken: readonly BrokenFile[]): PageBody {
  const items = playbooks.map(({ path, title, stages, tactics }) => {
    const page = ctx.pages.playbook(path);
    const name = page === undefined ? esc(title) : `<a${attrs({ href: page })}>${esc(title)}</a>`;
    return `<li>${name} <span class="detail">${plural(stages, 'stage')}, ${plural(tactics, 'tactic')}</span><br><span class="source">${esc(shownPath(ctx.root, path))}</span></li>`;
  });
  let body =
    `<header class="page-head"><h1>${esc(siteName)}</h1><p class="summary">${plural(playbooks.length, 'playbook')}; ` +
    `the <a href="${ctx.pages.glossary}">glossary</a> defines the terms they use, the <a href="${ctx.pages.health}">health report</a> shows how complete they are.</p></header>`;
  body += playbooks.length ? `<ul class="playbooks">${items.join('')}</ul>` : '<p class="missing">No playbooks found.</p>';
  if (broken.length) body += brokenList(ctx, broken);
  return { title: 'Playbooks', body };
}

function brokenList(ctx: RenderContext, broken: readonly BrokenFile[]): Html {
  const items = broken.map(
    (b) => `<li><span class="source">${esc(shownPath(ctx.root, b.path))}</span>: ${esc(b.problems[0]?.message ?? 'could not be read')}</li>`,
  );
  return `<h2>Files that could not be read</h2><p>Listed in the <a href="${ctx.pages.health}">health report</a>; they get a page once they parse.</p><ul>${items.join('')}</ul>`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The top page when one run renders several projects: a link to each project's site. */
export function renderSitesIndex(name: string, sites: readonly { name: string; href: string }[]): string {
  const items = sites.map((s) => `<li><a${attrs({ href: s.href })}>${esc(s.name)}</a></li>`).join('');
  const page: PageBody = {
    title: name,
    body: `<header class="page-head"><h1>${esc(name)}</h1><p class="summary">${plural(sites.length, 'project')}.</p></header><ul class="playbooks">${items}</ul>`,
  };
  return siteDocument(page, undefined, 'index', name);
}
