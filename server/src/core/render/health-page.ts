import { type RenderContext, shownPath, sourceAttrs } from './context';
import { attrs, esc, type Html } from './html';
import { type ProjectHealth, type PlaybookHealth, share } from './health';
import { plural } from './index-page';
import type { PageBody } from './playbook-page';

const percent = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The health report: per playbook, the share of tactics with a real why and
 * with observable deviation conditions (bars drawn as inline SVG), the
 * coaching findings, and the terms used; then unused terms and broken files.
 */
export function renderHealth(ctx: RenderContext, health: ProjectHealth): PageBody {
  const all = health.playbooks;
  const tactics = all.reduce((n, p) => n + p.tactics, 0);
  const why = all.reduce((n, p) => n + p.realWhy, 0);
  const deviation = all.reduce((n, p) => n + p.observableDeviation, 0);
  const findings = all.reduce((n, p) => n + p.coaching.length, 0);
  const summary =
    `<p class="summary">${plural(all.length, 'playbook')}, ${plural(tactics, 'tactic')}, ${plural(findings, 'coaching finding')}, ` +
    `${health.terms.length - health.unusedTerms.length} of ${health.terms.length} terms used` +
    `${health.broken.length ? `, ${plural(health.broken.length, 'file')} that could not be read` : ''}.</p>`;
  const chart = summaryChart([
    { label: 'Tactics with a real why', value: share(why, tactics), detail: `${why} of ${tactics}` },
    { label: 'Tactics with observable deviation conditions', value: share(deviation, tactics), detail: `${deviation} of ${tactics}` },
  ]);
  let body = `<header class="page-head"><h1>Health report</h1>${summary}</header><section aria-labelledby="h-overall"><h2 id="h-overall">Overall</h2>${chart}</section>`;
  body += brokenHtml(ctx, health);
  body +=
    '<section aria-labelledby="h-playbooks"><h2 id="h-playbooks">Playbooks</h2>' +
    (all.length ? playbookTable(ctx, all) : '<p class="missing">No playbooks.</p>') +
    all.map((p, i) => findingsHtml(ctx, p, i)).join('') +
    '</section>';
  body +=
    '<section aria-labelledby="h-terms"><h2 id="h-terms">Unused terms</h2>' +
    (health.unusedTerms.length
      ? `<p>Defined in a vocabulary, referenced by no playbook:</p><ul class="inline-list">${health.unusedTerms.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`
      : '<p>Every term is referenced by at least one playbook.</p>') +
    '</section>';
  return { title: 'Health report', body };
}

/** Horizontal bars with their values written out (the SVG is a picture of the text beside it). */
function summaryChart(bars: { label: string; value: number; detail: string }[]): Html {
  const rowHeight = 34;
  const height = bars.length * rowHeight;
  const rows = bars
    .map((b, i) => {
      const y = i * rowHeight;
      const width = Math.round(b.value * 300);
      return (
        `<text x="0" y="${y + 14}" class="chart-label">${esc(b.label)}</text>` +
        `<rect x="0" y="${y + 19}" width="300" height="10" class="bar-back"/>` +
        `<rect x="0" y="${y + 19}" width="${width}" height="10" class="bar"/>` +
        `<text x="310" y="${y + 29}" class="chart-value">${percent(b.value)} (${esc(b.detail)})</text>`
      );
    })
    .join('');
  const description = bars.map((b) => `${b.label}: ${percent(b.value)} (${b.detail})`).join('; ');
  return `<svg class="chart" role="img" viewBox="0 0 480 ${height}" width="480" height="${height}"${attrs({ 'aria-label': description })}>${rows}</svg>`;
}

function miniBar(value: number): Html {
  return `<svg class="mini" width="80" height="10" viewBox="0 0 80 10" aria-hidden="true"><rect x="0" y="0" width="80" height="10" class="bar-back"/><rect x="0" y="0" width="${Math.round(value * 80)}" height="10" class="bar"/></svg>`;
}

function shareCell(part: number, whole: number): Html {
  if (whole === 0) return '<td class="num">—</td>';
  const value = share(part, whole);
  return `<td class="num">${miniBar(value)} ${percent(value)} <span class="detail">(${part}/${whole})</span></td>`;
}

function playbookLink(ctx: RenderContext, p: PlaybookHealth): Html {
  const page = ctx.pages.playbook(p.path);
  return page === undefined
    ? esc(p.title)
    : `<a${attrs({ href: page, ...sourceAttrs(ctx, { path: p.path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }) })}>${esc(p.title)}</a>`;
}

function playbookTable(ctx: RenderContext, all: PlaybookHealth[]): Html {
  const rows = all.map((p, i) => {
    const details = (n: number) => `<a href="#playbook-${i + 1}">${n}</a>`;
    return (
      `<tr><th scope="row">${playbookLink(ctx, p)}<br><span class="source">${esc(shownPath(ctx.root, p.path))}</span></th>` +
      `<td class="num">${p.tactics}</td>${shareCell(p.realWhy, p.tactics)}${shareCell(p.observableDeviation, p.tactics)}` +
      `<td class="num">${details(p.coaching.length)}</td><td class="num">${p.counts.error}/${p.counts.warning}/${p.counts.info}</td>` +
      `<td class="num">${details(p.termsUsed.length)}${p.termsUndefined.length ? ` <span class="undefined">+${p.termsUndefined.length} undefined</span>` : ''}</td></tr>`
    );
  });
  return (
    '<div class="table-wrap"><table class="health"><caption>Per playbook</caption><thead><tr>' +
    '<th scope="col">Playbook</th><th scope="col">Tactics</th><th scope="col">Real why</th><th scope="col">Observable deviations</th>' +
    '<th scope="col">Coaching findings</th><th scope="col"><abbr title="errors / warnings / infos">Problems</abbr></th><th scope="col">Terms used</th>' +
    `</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

/** The i-th playbook's coaching findings and terms (the table links #playbook-(i+1)). */
function findingsHtml(ctx: RenderContext, p: PlaybookHealth, i: number): Html {
  const items = p.coaching.map(
    (d) => `<li${attrs(sourceAttrs(ctx, d))}><span class="rule">${esc(d.ruleId)}, line ${d.range.start.line + 1}</span> ${esc(d.message)}</li>`,
  );
  const terms = p.termsUsed.length ? esc(p.termsUsed.join(', ')) : '<span class="missing">none</span>';
  const undefinedTerms = p.termsUndefined.length ? `<p class="undefined">Not defined in any vocabulary: ${esc(p.termsUndefined.join(', '))}</p>` : '';
  return (
    `<details class="findings" id="playbook-${i + 1}"><summary>${esc(p.title)}: ${plural(p.coaching.length, 'coaching finding')}, ${plural(p.termsUsed.length, 'term')} used</summary>` +
    (items.length ? `<ul>${items.join('')}</ul>` : '<p>No coaching findings.</p>') +
    `<p><span class="label">Terms used</span> ${terms}</p>${undefinedTerms}</details>`
  );
}

function brokenHtml(ctx: RenderContext, health: ProjectHealth): Html {
  if (!health.broken.length) return '';
  const items = health.broken.map((b) => {
    const problems = b.problems
      .map((d) => `<li><span class="rule">line ${d.range.start.line + 1}:${d.range.start.character + 1}</span> ${esc(d.message)}</li>`)
      .join('');
    return `<li><span class="source">${esc(shownPath(ctx.root, b.path))}</span><ul>${problems}</ul></li>`;
  });
  return `<section aria-labelledby="h-broken"><h2 id="h-broken">Files that could not be read</h2><p>These files have no page until they parse again:</p><ul class="broken">${items.join('')}</ul></section>`;
}
