// test/e2e/workbench.mjs — polling, bounded-timeout helpers to drive the VS Code 1.139
// workbench (code-server) from playwright-core. ESM, plain JS, Node >= 20.
//
// Every helper takes a playwright `page` (from code-server.mjs openWorkbench) and an
// optional last `opts` object with `timeoutMs` (default: getDefaultTimeout(), 15000).
// On failure a helper saves a screenshot to .cache/e2e/screenshots/<time>-<helper>.png
// and throws an Error whose message ends with "(screenshot: PATH)".
// Positions are 1-based (line, column) as shown in the editor's status bar.
//
//   setDefaultTimeout(ms) / getDefaultTimeout()
//   waitForWorkbench(page, { folder = true })       .monaco-workbench + status bar (+ explorer
//        rows, bounded 20 s, not fatal). Extension features come later: the helpers below
//        poll, so no extra "extension ready" wait is needed.
//   openFile(page, relPath, { via? })               Explorer click (falls back to Ctrl+P quick
//        open; via: 'quickopen' forces it); waits for the active tab + rendered text
//   activeEditor(page) -> Locator                   the active editor's .monaco-editor
//   findWordBox(page, word, { occurrence = 0, lineContains?, exact = true })
//        -> { x, y, width, height, lineText }       pixel box of a word in the visible lines
//   Expectations (`expect`, `match`, labels): a string ("contains"), a RegExp, or a predicate;
//   give a predicate a `description` property for readable errors.
//   hoverWord(page, word, { expect?, occurrence?, lineContains? }) -> hover text
//        moves the mouse onto the word, waits for `.monaco-hover` content; with `expect`
//        (string = "contains", RegExp, or predicate) waits until it matches, re-hovering
//        as needed. The hover may also contain the diagnostic at that spot.
//        Words must be on screen: gotoPosition(page, line, col) first to scroll to them.
//   readHover(page) -> string | null                text of the visible editor hover
//   openProblems(page, { maximized? })              Escape, Ctrl+Shift+M, waits .markers-panel;
//        maximized: true/false maximizes / restores the panel (the Problems list is
//        virtualized: only rows on screen exist in the DOM, so maximize to read them all)
//   setPanelMaximized(page, on)                     View: Toggle Maximized Panel when needed
//   waitForProblems(page, rows => bool) -> rows     poll the Problems rows until pred holds
//   waitForNoProblem(page, match)                  until no row matches
//   readProblems(page, { min = 0, match? })        -> [{ severity, message, line, column,
//        source, code (the rule id, from .marker-code), href (code link), file ("dir/name",
//        from the resource row above; null if that row is scrolled away), related (count),
//        ariaLabel }]; polls until at least `min` rows (or a row matching
//        `match`: string contained in the message, RegExp, or predicate) are present
//   gotoPosition(page, line, column)                Ctrl+G "line:column"
//   typeAt(page, { line, column }, text, { raw = false, delayMs = 0 })
//        raw=false types key by key (triggers suggest, auto-closing brackets, ...);
//        raw=true inserts the text in one input event (no auto-closing, no suggest);
//        either way the editor auto-indents after a newline
//   triggerSuggest(page, { expect? }) -> [labels]    Ctrl+Space, waits for the suggest widget
//   readSuggestions(page) -> [labels] | null        labels of visible suggest rows
//   acceptSuggestion(page, label)                   focuses the row with that label, Enter
//   quickFix(page, label, { at? })                  Ctrl+. (at {line, column} or at the
//        cursor), picks the action whose title contains `label`; throws listing the offered
//        titles if none matches. Returns the list of offered titles.
//   listQuickFixes(page, { at? }) -> [titles]        opens the menu, reads it, closes it
//   readEditorText(page) -> string                  the active editor's whole text, exact
//        (unsaved edits included): select all + copy + browser clipboard; the cursor is put
//        back afterwards (selection is lost)
//   readVisibleLines(page) -> [{ line, text }]     rendered lines only, no side effects
//   saveActiveEditor(page)                          Ctrl+S, waits until the tab is not dirty
//   runCommand(page, title)                         F1, type the command title, Enter
//   screenshot(page, name) -> path                  save a screenshot now
//   step(page, name, fn)                            run fn(), screenshot + rethrow on failure

import fs from 'node:fs';
import path from 'node:path';
import { paths, sleep, waitFor } from './code-server.mjs';

let defaultTimeout = 15000;
export function setDefaultTimeout(ms) { defaultTimeout = ms; }
export function getDefaultTimeout() { return defaultTimeout; }

const SEL = {
  workbench: '.monaco-workbench',
  statusbar: '.part.statusbar',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget input',
  quickInputRow: (name) => `.quick-input-widget .monaco-list-row[aria-label*="${cssStr(name)}"]`,
  tab: (name) => `.tabs-container .tab[aria-label*="${cssStr(name)}"]`,
  activeEditor: '.part.editor .editor-group-container.active .editor-instance .monaco-editor',
  anyEditor: '.editor-instance .monaco-editor',
  hover: '.monaco-hover:not(.hidden) .monaco-hover-content',
  markersPanel: '.markers-panel',
  suggestWidget: '.editor-widget.suggest-widget.visible',
  actionWidget: '.action-widget',
};

function cssStr(s) { return String(s).replace(/["\\]/g, '\\$&'); }

function stamp() { return new Date().toISOString().replace(/[:.]/g, '-'); }

export async function screenshot(page, name = 'screenshot') {
  fs.mkdirSync(paths.screenshotsDir, { recursive: true });
  const file = path.join(paths.screenshotsDir, `${stamp()}-${name.replace(/[^\w.-]/g, '_')}.png`);
  await page.screenshot({ path: file, timeout: 10000 });
  return file;
}

/** Run fn(); on failure save a screenshot (once per error) and rethrow with its path. */
export async function step(page, name, fn) {
  try {
    return await fn();
  } catch (e) {
    if (!e || e.e2eScreenshot) throw e;
    let shot = '(no screenshot: page unavailable)';
    try { shot = await screenshot(page, name); } catch { /* page may be gone */ }
    const err = e instanceof Error ? e : new Error(String(e));
    err.message = `${name}: ${err.message} (screenshot: ${shot})`;
    err.e2eScreenshot = shot;
    throw err;
  }
}

const debug = process.env.PLAYBOOK_E2E_DEBUG ? (...a) => console.error('[wb]', ...a) : () => {};

function to(opts) { return (opts && opts.timeoutMs) || defaultTimeout; }

async function editorSelector(page) {
  return (await page.$(SEL.activeEditor)) ? SEL.activeEditor : SEL.anyEditor;
}

export function activeEditor(page) {
  return page.locator(`${SEL.activeEditor}, ${SEL.anyEditor}`).first();
}

// ------------------------------------------------------------------ workbench / files
export function waitForWorkbench(page, opts = {}) {
  return step(page, 'waitForWorkbench', async () => {
    const timeout = opts.timeoutMs || Math.max(defaultTimeout, 60000);
    await page.waitForSelector(SEL.workbench, { timeout });
    await page.waitForSelector(SEL.statusbar, { timeout });
    if (opts.folder !== false) {
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: Math.min(timeout, 20000) }).catch(() => {
        /* explorer may be hidden; not fatal */
      });
    }
  });
}

/**
 * Open a workspace file. `name` is a path relative to the workspace folder
 * ("sample.yaml", "playbooks/a.yaml"). Tries the Explorer first (fast: no extension host
 * or file search needed), then falls back to quick open (Ctrl+P).
 */
export function openFile(page, name, opts = {}) {
  return step(page, `openFile-${path.basename(name)}`, async () => {
    const timeout = to(opts);
    const deadline = Date.now() + timeout;
    const base = path.basename(name);
    const left = () => Math.max(1000, deadline - Date.now());
    let opened = false;
    if (opts.via !== 'quickopen') {
      opened = await openViaExplorer(page, name, Math.min(left(), 5000)).catch((e) => { debug(`explorer open failed: ${e.message}`); return false; });
    }
    if (!opened) await openViaQuickOpen(page, name, deadline);
    await page.waitForSelector(SEL.tab(base), { timeout: left() });
    await waitFor(async () => page.evaluate((sel) => {
      const ed = document.querySelector(sel) || document.querySelector('.editor-instance .monaco-editor');
      return !!ed && ed.querySelectorAll('.view-lines .view-line').length > 0;
    }, SEL.activeEditor), { timeoutMs: left(), what: `editor text of ${name}` });
    await waitFor(async () => page.$(`.tabs-container .tab.active[aria-label*="${cssStr(base)}"]`), { timeoutMs: left(), what: `${base} to be the active tab` });
  });
}

async function explorerRowIndex(page, label, level) {
  return page.evaluate(({ label, level }) => {
    const rows = [...document.querySelectorAll('.explorer-folders-view .monaco-list-row')];
    return rows.findIndex((r) => (r.querySelector('.label-name')?.textContent ?? '').trim() === label
      && Number(r.getAttribute('aria-level')) === level);
  }, { label, level });
}

async function openViaExplorer(page, name, timeoutMs) {
  const parts = name.split('/').filter(Boolean);
  const rows = page.locator('.explorer-folders-view .monaco-list-row');
  // The folder itself is a row (level 1) when the workbench could not resolve it at startup
  // (an in-memory tmp: folder created after the window opened): its entries are one level deeper.
  let depth = 0;
  for (let i = 0; i < parts.length; i++) {
    const idx = await waitFor(async () => {
      for (const d of i === 0 ? [0, 1] : [depth]) {
        const k = await explorerRowIndex(page, parts[i], i + 1 + d);
        if (k >= 0) {
          depth = d;
          return k + 1; // +1: keep 0 falsy
        }
      }
      return 0;
    }, { timeoutMs, what: `explorer row ${parts[i]}` }) - 1;
    const row = rows.nth(idx);
    if (i < parts.length - 1) {
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    } else {
      await row.click();
    }
  }
  return true;
}

async function openViaQuickOpen(page, name, deadline) {
  const base = path.basename(name);
  // Quick open's file results need the extension host and the file search to be up:
  // retry Ctrl+P until the row appears (each try bounded).
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await page.waitForSelector(SEL.quickInputBox, { state: 'visible', timeout: Math.max(1000, deadline - Date.now()) });
    await page.fill(SEL.quickInputBox, name);
    try {
      await page.waitForSelector(SEL.quickInputRow(base), { timeout: Math.min(10000, Math.max(1000, deadline - Date.now())) });
      break;
    } catch {
      debug(`quick open attempt ${attempt} for ${name}: no row yet`);
      if (Date.now() >= deadline) throw new Error(`"${name}" not offered by quick open`);
    }
  }
  await page.keyboard.press('Enter');
}

// ------------------------------------------------------------------ geometry
/** Pixel box of `word` in the visible lines of the active editor (null if not rendered). */
async function wordBox(page, word, { occurrence = 0, lineContains, exact = true } = {}) {
  const sel = await editorSelector(page);
  return page.evaluate(({ sel, word, occurrence, lineContains, exact }) => {
    const editor = document.querySelector(sel);
    if (!editor) return null;
    const lines = [...editor.querySelectorAll('.view-lines .view-line')]
      .map((el) => ({ el, top: parseFloat(el.style.top) || 0, text: el.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top);
    const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(exact ? `(?<![\\w-])${esc}(?![\\w-])` : esc, 'g');
    let seen = 0;
    for (const line of lines) {
      if (lineContains && !line.text.includes(lineContains)) continue;
      for (const m of line.text.matchAll(re)) {
        if (seen++ < occurrence) continue;
        const start = m.index;
        const end = m.index + word.length;
        const walker = document.createTreeWalker(line.el, NodeFilter.SHOW_TEXT);
        let pos = 0;
        let sN; let sO; let eN; let eO;
        while (walker.nextNode()) {
          const n = walker.currentNode;
          const len = n.textContent.length;
          if (!sN && start < pos + len) { sN = n; sO = start - pos; }
          if (sN && end <= pos + len) { eN = n; eO = end - pos; break; }
          pos += len;
        }
        if (!sN || !eN) return null;
        const r = document.createRange();
        r.setStart(sN, sO);
        r.setEnd(eN, eO);
        const b = r.getBoundingClientRect();
        if (!b.width || !b.height) return null;
        return { x: b.x, y: b.y, width: b.width, height: b.height, lineText: line.text };
      }
    }
    return null;
  }, { sel, word, occurrence, lineContains, exact });
}

export function findWordBox(page, word, opts = {}) {
  return step(page, `findWordBox-${word}`, () => waitFor(() => wordBox(page, word, opts), {
    timeoutMs: to(opts), intervalMs: 100, what: `"${word}" in the visible editor lines`,
  }));
}

// ------------------------------------------------------------------ hover
export async function readHover(page) {
  return page.evaluate((sel) => {
    const els = [...document.querySelectorAll(sel)].filter((e) => e.offsetParent !== null || e.getClientRects().length);
    if (!els.length) return null;
    return els.map((e) => e.innerText).join('\n').trim() || null;
  }, SEL.hover);
}

/** How an expectation reads in an error: a string quoted, a RegExp as is, a predicate by its `description`. */
function describe(expect) {
  if (typeof expect === 'function') return expect.description || 'the expected text';
  return expect instanceof RegExp ? String(expect) : JSON.stringify(String(expect));
}

function matches(text, expect) {
  if (text == null) return false;
  if (expect == null) return true;
  if (expect instanceof RegExp) return expect.test(text);
  if (typeof expect === 'function') return expect(text);
  return text.includes(String(expect));
}

export function hoverWord(page, word, opts = {}) {
  return step(page, `hoverWord-${word}`, async () => {
    const timeout = to(opts);
    const deadline = Date.now() + timeout;
    let last = null;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const box = await waitFor(() => wordBox(page, word, opts), { timeoutMs: Math.max(500, deadline - Date.now()), what: `"${word}" in the visible editor lines` });
      // Move away first so a fresh hover is computed, then onto the word (slightly
      // different x each attempt so the editor sees a real move).
      await page.mouse.move(Math.max(1, box.x - 200), Math.max(1, box.y + 300));
      await sleep(30);
      const x = box.x + box.width * (0.5 + ((attempt % 3) - 1) * 0.15);
      await page.mouse.move(x, box.y + box.height / 2, { steps: 3 });
      debug(`hover attempt ${attempt} on "${word}" at`, box);
      const until = Math.min(deadline, Date.now() + 3000);
      while (Date.now() < until) {
        last = await readHover(page);
        if (last && matches(last, opts.expect)) return last;
        await sleep(100);
      }
    }
    throw new Error(`no hover on "${word}"${opts.expect ? ` matching ${describe(opts.expect)}` : ''} within ${timeout} ms; last hover: ${JSON.stringify(last)}`);
  });
}

// ------------------------------------------------------------------ problems
export function openProblems(page, opts = {}) {
  return step(page, 'openProblems', async () => {
    await page.keyboard.press('Escape');
    if (!(await page.$(`${SEL.markersPanel}:visible`).catch(() => null))) {
      await page.keyboard.press('Control+Shift+M');
    }
    await page.waitForSelector(SEL.markersPanel, { state: 'visible', timeout: to(opts) });
    if (opts.maximized != null) await setPanelMaximized(page, opts.maximized, opts);
  });
}

/** Is the panel (Problems, Output, ...) maximized, i.e. taller than 3/4 of the workbench? */
async function panelMaximized(page) {
  return page.evaluate(() => {
    const wbEl = document.querySelector('.monaco-workbench');
    const panel = document.querySelector('.part.panel');
    if (!wbEl || !panel || !panel.getClientRects().length) return false;
    return panel.getBoundingClientRect().height > 0.75 * wbEl.getBoundingClientRect().height;
  });
}

export function setPanelMaximized(page, on, opts = {}) {
  return step(page, `setPanelMaximized-${on}`, async () => {
    if ((await panelMaximized(page)) === Boolean(on)) return;
    await runCommand(page, 'View: Toggle Maximized Panel', opts);
    await waitFor(async () => (await panelMaximized(page)) === Boolean(on), {
      timeoutMs: to(opts), what: `the panel to be ${on ? 'maximized' : 'restored'}`,
    });
  });
}

// Row aria-label (VS Code 1.139): "Error: MESSAGE at line L and character C.[ This problem has
// references to N locations.] generated by SOURCE". The rule id (the diagnostic's code) is not
// in the aria-label: it is rendered as `.marker-code` (inside a link to code.target when the
// code has one). Resource rows (aria-level 1) read "N problems in file NAME of folder DIR".
const PROBLEM_RE = /^(Error|Warning|Info|Information|Hint):\s*(.*?)\s+at line (\d+) and character (\d+)\.?(?:\s*This problem has references to (\d+) locations?\.)?(?:\s*generated by\s+(.*?))?\s*$/s;
const RESOURCE_RE = /problems? in file (.+?)(?: of folder (.+?))?\s*$/;

async function problemRows(page) {
  const raw = await page.$$eval(`${SEL.markersPanel} .monaco-list-row`, (rows) => rows.map((r) => ({
    top: parseFloat(r.style.top) || 0,
    level: Number(r.getAttribute('aria-level')) || 0,
    ariaLabel: r.getAttribute('aria-label') || '',
    code: r.querySelector('.marker-code')?.textContent.trim() || null,
    href: r.querySelector('.marker-code')?.closest('a')?.getAttribute('href') || null,
    source: r.querySelector('.marker-source')?.textContent.trim() || null,
  })).sort((a, b) => a.top - b.top));
  let file = null;
  const out = [];
  for (const r of raw) {
    if (r.level === 1) {
      const fm = r.ariaLabel.match(RESOURCE_RE);
      file = fm ? (fm[2] ? `${fm[2]}/${fm[1]}` : fm[1]) : null;
      continue;
    }
    const m = r.ariaLabel.match(PROBLEM_RE);
    if (!m) continue; // related-information rows, "N more" rows
    let source = r.source || m[6] || null;
    let code = r.code;
    // Fallback for renderings that put the code in the source: "smoke(todo)".
    const cm = !code && source && source.match(/^(.*?)\s*\(([^)]*)\)$/);
    if (cm) { source = cm[1]; code = cm[2]; }
    out.push({
      severity: m[1] === 'Information' ? 'Info' : m[1], message: m[2], line: Number(m[3]), column: Number(m[4]),
      source, code, href: r.href, related: m[5] ? Number(m[5]) : 0, file, ariaLabel: r.ariaLabel,
    });
  }
  return out;
}

export function readProblems(page, opts = {}) {
  return step(page, 'readProblems', async () => {
    const { min = 0, match } = opts;
    const pred = match == null ? null
      : typeof match === 'function' ? match
        : (p) => matches(p.message, match) || matches(p.ariaLabel, match);
    let rows = [];
    await waitFor(async () => {
      rows = await problemRows(page);
      if (rows.length < min) return false;
      if (pred && !rows.some(pred)) return false;
      return true;
    }, { timeoutMs: to(opts), intervalMs: 150, what: `problems (min ${min}${match ? `, matching ${describe(match)}` : ''}); have ${JSON.stringify(rows.map((r) => r.ariaLabel))}` }).catch((e) => {
      e.message += `; rows: ${JSON.stringify(rows.map((r) => r.ariaLabel))}`;
      throw e;
    });
    return rows;
  });
}

/** Poll the Problems rows until pred(rows) is true; returns the rows. */
export function waitForProblems(page, pred, opts = {}) {
  return step(page, 'waitForProblems', async () => {
    let rows = [];
    await waitFor(async () => { rows = await problemRows(page); return pred(rows); }, {
      timeoutMs: to(opts), intervalMs: 150, what: 'the Problems panel condition',
    }).catch((e) => { e.message += `; rows: ${JSON.stringify(rows.map((r) => r.ariaLabel))}`; throw e; });
    return rows;
  });
}

/** Wait until no Problems row matches `match` (message substring, RegExp or predicate). */
export function waitForNoProblem(page, match, opts = {}) {
  const pred = typeof match === 'function' ? match : (p) => matches(p.message, match) || matches(p.ariaLabel, match);
  return waitForProblems(page, (rows) => !rows.some(pred), opts);
}

// ------------------------------------------------------------------ typing / cursor
export function gotoPosition(page, line, column = 1, opts = {}) {
  return step(page, `gotoPosition-${line}-${column}`, async () => {
    await focusEditor(page, opts);
    await page.keyboard.press('Control+G');
    await page.waitForSelector(SEL.quickInputBox, { state: 'visible', timeout: to(opts) });
    await page.fill(SEL.quickInputBox, `:${line}:${column}`);
    await sleep(50);
    await page.keyboard.press('Enter');
    await page.waitForSelector(SEL.quickInputBox, { state: 'hidden', timeout: to(opts) });
    let t = null;
    await waitFor(async () => {
      t = await page.$eval('.statusbar-item[id*="status.editor.selection"]', (e) => e.textContent).catch(() => null);
      return t == null || t.includes(`Ln ${line}, Col ${column}`);
    }, { timeoutMs: Math.min(to(opts), 5000), what: `cursor at ${line}:${column}` }).catch((e) => {
      e.message += `; status bar says "${t}" (a column past the end of the line is clamped)`;
      throw e;
    });
  });
}

async function focusEditor(page, opts = {}) {
  await page.keyboard.press('Escape');
  const sel = await editorSelector(page);
  const focused = await page.evaluate((s) => {
    const ed = document.querySelector(s);
    return !!ed && ed.contains(document.activeElement);
  }, sel);
  if (!focused) {
    // Focus without moving the cursor: the "focus active editor group" command.
    await page.keyboard.press('Control+1');
    await waitFor(() => page.evaluate((s) => {
      const ed = document.querySelector(s);
      return !!ed && ed.contains(document.activeElement);
    }, sel), { timeoutMs: to(opts), what: 'editor focus' });
  }
}

export function typeAt(page, pos, text, opts = {}) {
  return step(page, 'typeAt', async () => {
    if (pos) await gotoPosition(page, pos.line, pos.column, opts);
    else await focusEditor(page, opts);
    if (opts.raw) await page.keyboard.insertText(text);
    else await page.keyboard.type(text, { delay: opts.delayMs || 0 });
  });
}

// ------------------------------------------------------------------ suggest
export async function readSuggestions(page) {
  return page.evaluate((sel) => {
    const w = document.querySelector(sel);
    if (!w) return null;
    const rows = [...w.querySelectorAll('.monaco-list-row')];
    if (!rows.length) return null;
    return rows
      .sort((a, b) => (parseFloat(a.style.top) || 0) - (parseFloat(b.style.top) || 0))
      .map((r) => (r.querySelector('.label-name')?.textContent || r.getAttribute('aria-label') || '').trim());
  }, SEL.suggestWidget);
}

export function triggerSuggest(page, opts = {}) {
  return step(page, 'triggerSuggest', async () => {
    const deadline = Date.now() + to(opts);
    let labels = null;
    while (Date.now() < deadline) {
      // Ctrl+Space on an open widget toggles its details pane: only press it when closed.
      if (!(await readSuggestions(page))) await page.keyboard.press('Control+Space');
      const until = Math.min(deadline, Date.now() + 3000);
      while (Date.now() < until) {
        labels = await readSuggestions(page);
        // "Loading..." rows appear first; wait for real ones.
        if (labels && labels.length && !labels.every((l) => /^loading/i.test(l)) && (opts.expect == null || labels.some((l) => matches(l, opts.expect)))) return labels;
        await sleep(100);
      }
    }
    throw new Error(`suggest widget did not show${opts.expect ? ` ${describe(opts.expect)}` : ''}; last rows: ${JSON.stringify(labels)}`);
  });
}

export function acceptSuggestion(page, label, opts = {}) {
  return step(page, `acceptSuggestion-${typeof label === 'function' ? 'predicate' : label}`, async () => {
    await waitFor(async () => (await readSuggestions(page))?.some((l) => matches(l, label)), { timeoutMs: to(opts), what: `suggestion ${describe(label)}` });
    for (let i = 0; i < 200; i++) {
      const focused = await page.$eval(`${SEL.suggestWidget} .monaco-list-row.focused`, (r) => (r.querySelector('.label-name')?.textContent || r.getAttribute('aria-label') || '').trim()).catch(() => null);
      if (focused != null && matches(focused, label)) {
        await page.keyboard.press('Enter');
        await page.waitForSelector(SEL.suggestWidget, { state: 'detached', timeout: to(opts) }).catch(() => {});
        return;
      }
      await page.keyboard.press('ArrowDown');
      await sleep(30);
    }
    throw new Error(`could not focus suggestion ${describe(label)}`);
  });
}

// ------------------------------------------------------------------ quick fixes
async function readActionTitles(page) {
  return page.evaluate((sel) => {
    const w = document.querySelector(sel);
    if (!w || !w.getClientRects().length) return null;
    return [...w.querySelectorAll('.monaco-list-row.action')]
      .sort((a, b) => (parseFloat(a.style.top) || 0) - (parseFloat(b.style.top) || 0))
      .map((r) => ({
        title: (r.querySelector('.title')?.textContent || r.getAttribute('aria-label') || r.textContent || '').trim(),
        focused: r.classList.contains('focused'),
        disabled: r.classList.contains('option-disabled') || r.getAttribute('aria-disabled') === 'true',
      }));
  }, SEL.actionWidget);
}

async function openQuickFixMenu(page, opts) {
  if (opts.at) await gotoPosition(page, opts.at.line, opts.at.column, opts);
  else await focusEditor(page, opts);
  const deadline = Date.now() + to(opts);
  let items = null;
  let noActions = null;
  while (Date.now() < deadline) {
    await page.keyboard.press('Control+.');
    const until = Math.min(deadline, Date.now() + 3000);
    while (Date.now() < until) {
      items = await readActionTitles(page);
      if (items && items.length) return items;
      const msg = await page.$eval('.monaco-editor-overlaymessage', (e) => e.textContent).catch(() => null);
      if (msg && /no code actions/i.test(msg)) {
        noActions = msg.trim();
        if (Date.now() > deadline - to(opts) / 2) break; // said twice: believe it
      }
      await sleep(100);
    }
    await page.keyboard.press('Escape');
    if (noActions && Date.now() > deadline - to(opts) / 2) break;
  }
  const where = await cursorPosition(page);
  throw new Error(`quick fix menu did not open${noActions ? `: "${noActions}"` : ''} at ${where ? `${where.line}:${where.column}` : 'the cursor'}`);
}

export function listQuickFixes(page, opts = {}) {
  return step(page, 'listQuickFixes', async () => {
    const items = await openQuickFixMenu(page, opts);
    await page.keyboard.press('Escape');
    return items.map((i) => i.title);
  });
}

export function quickFix(page, label, opts = {}) {
  return step(page, `quickFix-${typeof label === 'function' ? 'predicate' : label}`, async () => {
    const items = await openQuickFixMenu(page, opts);
    const titles = items.map((i) => i.title);
    const idx = items.findIndex((i) => matches(i.title, label));
    if (idx < 0) {
      await page.keyboard.press('Escape');
      throw new Error(`no quick fix matching ${describe(label)}; offered: ${JSON.stringify(titles)}`);
    }
    for (let i = 0; i < items.length + 2; i++) {
      const now = await readActionTitles(page);
      const f = now && now.find((x) => x.focused);
      if (f && matches(f.title, label)) {
        await page.keyboard.press('Enter');
        await waitFor(async () => !(await readActionTitles(page)), { timeoutMs: to(opts), what: 'quick fix menu to close' });
        return titles;
      }
      await page.keyboard.press('ArrowDown');
      await sleep(50);
    }
    throw new Error(`could not focus quick fix ${describe(label)}; offered: ${JSON.stringify(titles)}`);
  });
}

// ------------------------------------------------------------------ editor text
async function renderedLines(page) {
  const sel = await editorSelector(page);
  return page.evaluate((s) => {
    const ed = document.querySelector(s);
    if (!ed) return null;
    const nums = new Map();
    for (const n of ed.querySelectorAll('.margin-view-overlays .line-numbers')) {
      const top = parseFloat(n.parentElement?.style.top ?? n.style.top);
      const v = parseInt(n.textContent, 10);
      if (!Number.isNaN(v)) nums.set(top, v);
    }
    return [...ed.querySelectorAll('.view-lines .view-line')].map((el) => {
      const top = parseFloat(el.style.top) || 0;
      return { top, line: nums.get(top) ?? null, text: el.textContent.replace(/\u00a0/g, ' ') };
    }).sort((a, b) => a.top - b.top).map(({ line, text }) => ({ line, text }));
  }, sel);
}

/**
 * The lines currently rendered in the active editor: [{ line (1-based, null if line
 * numbers are off), text }]. No side effects; tabs come back as spaces.
 */
export function readVisibleLines(page, opts = {}) {
  return step(page, 'readVisibleLines', () => waitFor(async () => {
    const l = await renderedLines(page);
    return l && l.length ? l : null;
  }, { timeoutMs: to(opts), what: 'rendered editor lines' }));
}

const clipboardReady = new WeakSet();
async function ensureClipboard(page) {
  const context = page.context();
  if (clipboardReady.has(context)) return;
  const origin = new URL(page.url()).origin;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  clipboardReady.add(context);
}

async function cursorPosition(page) {
  const t = await page.$eval('.statusbar-item[id*="status.editor.selection"]', (e) => e.textContent).catch(() => null);
  const m = t && t.match(/Ln (\d+), Col (\d+)/);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

/**
 * The whole text of the active editor, exact (tabs, line endings, unsaved edits): select
 * all + copy, read the browser clipboard, then put the cursor back where it was.
 */
export function readEditorText(page, opts = {}) {
  return step(page, 'readEditorText', async () => {
    await ensureClipboard(page);
    const pos = await cursorPosition(page);
    await focusEditor(page, opts);
    const sentinel = `\u0000e2e-clipboard-sentinel-${Date.now()}`;
    await page.evaluate((t) => navigator.clipboard.writeText(t), sentinel);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    let text = null;
    try {
      text = await waitFor(async () => {
        const t = await page.evaluate(() => navigator.clipboard.readText());
        return t !== sentinel ? { t } : null;
      }, { timeoutMs: Math.min(to(opts), 3000), intervalMs: 50, what: 'the clipboard copy' });
      text = text.t;
    } catch (e) {
      // An empty document copies nothing (editor.emptySelectionClipboard is off).
      const lines = await renderedLines(page);
      if (lines && lines.length === 1 && lines[0].text === '') text = '';
      else throw e;
    }
    if (pos) await gotoPosition(page, pos.line, pos.column, opts);
    else await page.keyboard.press('Control+Home');
    return text;
  });
}

export function saveActiveEditor(page, opts = {}) {
  return step(page, 'saveActiveEditor', async () => {
    await focusEditor(page, opts);
    await page.keyboard.press('Control+S');
    await waitFor(async () => !(await page.$('.tabs-container .tab.active.dirty')), { timeoutMs: to(opts), what: 'the active tab to be saved' });
  });
}

export function runCommand(page, title, opts = {}) {
  return step(page, `runCommand-${title}`, async () => {
    // The palette can close under us (a webview such as the walkthrough takes focus as it
    // loads, leaving the input inert, then hidden): open it again rather than wait on a
    // widget that will not come back. Each try gets a share of the timeout.
    const deadline = Date.now() + to(opts);
    for (let attempt = 1; ; attempt++) {
      const left = Math.max(1000, deadline - Date.now());
      const budget = attempt < 3 ? Math.min(left, Math.max(3000, left / 2)) : left;
      try {
        await openPaletteWith(page, `>${title}`, budget);
        await page.waitForSelector(`${SEL.quickInput} .monaco-list-row[aria-label*="${cssStr(title)}"]`, { timeout: budget });
        await page.keyboard.press('Enter');
        return;
      } catch (e) {
        if (attempt >= 3 || Date.now() >= deadline) throw e;
      }
    }
  });
}

async function openPaletteWith(page, text, timeoutMs) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await page.waitForSelector(SEL.quickInputBox, { state: 'visible', timeout: timeoutMs });
  await page.fill(SEL.quickInputBox, text, { timeout: timeoutMs });
}
