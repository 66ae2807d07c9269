/**
 * The one stylesheet of every page, inlined (pages are self-contained: no
 * fonts, scripts or files from elsewhere). Colours are variables: light by
 * default, dark under prefers-color-scheme, and inside a VS Code webview the
 * editor theme's own colours (--vscode-* variables, defined only there).
 * Printed, every stage and tactic card is one page: a coaching card.
 */
const READABLE_STYLES = `
:root {
  color-scheme: light dark;
  --bg: var(--vscode-editor-background, #ffffff);
  --fg: var(--vscode-editor-foreground, #1f2328);
  --muted: var(--vscode-descriptionForeground, #57606a);
  --link: var(--vscode-textLink-foreground, #0550ae);
  --card: var(--vscode-editorWidget-background, #f6f8fa);
  --border: var(--vscode-widget-border, #d0d7de);
  --why: var(--vscode-charts-blue, #0969da);
  --deviate: var(--vscode-charts-orange, #bc4c00);
  --tip-bg: var(--vscode-editorHoverWidget-background, #ffffff);
  --tip-fg: var(--vscode-editorHoverWidget-foreground, #1f2328);
  --tip-border: var(--vscode-editorHoverWidget-border, #8c959f);
  --error: var(--vscode-errorForeground, #cf222e);
  --warning: var(--vscode-editorWarning-foreground, #9a6700);
  --info: var(--vscode-editorInfo-foreground, #0550ae);
  --bar: var(--vscode-charts-green, #1a7f37);
  --bar-back: var(--vscode-editorWidget-border, #d0d7de);
  --font: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: var(--vscode-editor-background, #0d1117);
    --fg: var(--vscode-editor-foreground, #e6edf3);
    --muted: var(--vscode-descriptionForeground, #9198a1);
    --link: var(--vscode-textLink-foreground, #58a6ff);
    --card: var(--vscode-editorWidget-background, #161b22);
    --border: var(--vscode-widget-border, #3d444d);
    --why: var(--vscode-charts-blue, #58a6ff);
    --deviate: var(--vscode-charts-orange, #f0883e);
    --tip-bg: var(--vscode-editorHoverWidget-background, #161b22);
    --tip-fg: var(--vscode-editorHoverWidget-foreground, #e6edf3);
    --tip-border: var(--vscode-editorHoverWidget-border, #656c76);
    --error: var(--vscode-errorForeground, #ff7b72);
    --warning: var(--vscode-editorWarning-foreground, #d29922);
    --info: var(--vscode-editorInfo-foreground, #58a6ff);
    --bar: var(--vscode-charts-green, #3fb950);
    --bar-back: var(--vscode-editorWidget-border, #3d444d);
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font-family: var(--font); font-size: 16px; line-height: 1.5; }
a { color: var(--link); }
.site-nav { border-bottom: 1px solid var(--border); padding: .5rem 1rem; }
.site-nav ul { list-style: none; margin: 0 auto; padding: 0; max-width: 72rem; display: flex; gap: 1.5rem; }
.site-nav a[aria-current="page"] { font-weight: 600; text-decoration: none; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.8rem; margin: .5rem 0; }
h2 { font-size: 1.4rem; margin: .25rem 0 .5rem; }
h3 { font-size: 1.15rem; margin: .25rem 0 .5rem; }
h4 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; margin: 0 0 .25rem; color: var(--muted); }
.summary { font-size: 1.05rem; }
.source, .card-context, .tactic-id, .count, .detail { color: var(--muted); font-size: .85rem; margin: .25rem 0; }
.tactic-id { font-family: var(--vscode-editor-font-family, ui-monospace, SFMono-Regular, Menlo, monospace); }
.label { font-weight: 600; margin-right: .35rem; }
.missing { color: var(--muted); font-style: italic; }
.toc ol { padding-left: 1.5rem; }
.card { border: 1px solid var(--border); border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; background: var(--bg); }
.stage-card { background: var(--card); border-width: 2px; margin-top: 2rem; }
.tactic-card { margin-left: 1.5rem; }
.tactic-card::before { content: var(--card-context); display: block; color: var(--muted); font-size: .85rem; margin: .25rem 0; }
.why, .deviate { border-left: 4px solid var(--why); padding: .1rem .75rem; margin: .75rem 0; }
.deviate { border-left-color: var(--deviate); }
.why p, .deviate ul { margin: 0; white-space: pre-line; }
.deviate ul { padding-left: 1.25rem; }
a[aria-describedby] { position: relative; text-decoration: underline dotted; text-underline-offset: 2px; }
.term.undefined { text-decoration: underline wavy var(--error); }
a[aria-describedby]::after { display: none; content: var(--def); position: absolute; left: 0; top: 100%; z-index: 10; width: max-content; max-width: min(28rem, 80vw);
  padding: .5rem .75rem; border: 1px solid var(--tip-border); border-radius: 6px; background: var(--tip-bg); color: var(--tip-fg);
  font-size: .9rem; font-weight: normal; font-style: normal; text-transform: none; letter-spacing: normal; line-height: 1.4; white-space: normal;
  box-shadow: 0 4px 12px rgba(0, 0, 0, .2); }
a[aria-describedby]:hover::after, a[aria-describedby]:focus::after { display: block; }
@supports (content: "" / "") { a[aria-describedby]::after { content: var(--def) / ""; } }
a:focus-visible, [tabindex]:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
.unresolved { text-decoration: underline wavy var(--error); }
.problems { list-style: none; padding: 0; margin: .5rem 0; }
.problem { border-left: 4px solid var(--info); padding: .15rem .5rem; margin: .25rem 0; font-size: .9rem; }
.problem.error { border-left-color: var(--error); }
.problem.warning { border-left-color: var(--warning); }
.severity { font-weight: 600; text-transform: uppercase; font-size: .75rem; margin-right: .25rem; }
.rule { color: var(--muted); font-size: .8rem; }
.glossary .entry { border-bottom: 1px solid var(--border); padding: .5rem 0; }
.glossary dt { font-size: 1.15rem; font-weight: 600; }
.glossary dd { margin: 0 0 0 1rem; }
dfn { font-style: normal; }
.playbooks { list-style: none; padding: 0; }
.playbooks li { margin: .5rem 0; }
.inline-list { padding-left: 1.25rem; }
.table-wrap { overflow-x: auto; }
table.health { border-collapse: collapse; width: 100%; font-size: .9rem; }
table.health caption { text-align: left; font-weight: 600; padding: .25rem 0; }
table.health th, table.health td { border-bottom: 1px solid var(--border); padding: .35rem .5rem; text-align: left; vertical-align: top; }
td.num { white-space: nowrap; }
th .source { font-weight: normal; }
.chart { max-width: 100%; height: auto; }
.chart text { fill: var(--fg); font-family: var(--font); font-size: 13px; }
.bar { fill: var(--bar); }
.bar-back { fill: var(--bar-back); }
.undefined { color: var(--error); }
details.findings { margin: .5rem 0; }
[data-line] { cursor: pointer; }
@media print {
  body { font-size: 12pt; background: #fff; color: #000; }
  body > header, .toc, .page-head, a[aria-describedby]::after, .problems { display: none; }
  section.stage:first-of-type > .card:first-child { break-before: auto; }
  main { max-width: none; padding: 0; }
  .card { break-before: page; break-inside: avoid; border: none; margin: 0; padding: 0; background: none; }
  .tactic-card { margin-left: 0; }
  .card-context, .tactic-card::before { font-size: 10pt; }
  h2, h3 { font-size: 20pt; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Inlined in every page of a site: without the line breaks and indentation, 15 % smaller. */
export const STYLES = READABLE_STYLES.replace(/\s*\n\s*/g, '');
