// test/e2e/ui-tests.mjs — UI tests of the INSTALLED playbook-lint VSIX in code-server,
// driven like a person would: the Problems panel, the hover widget, the suggest widget,
// the quick fix menu and the editor text, through workbench.mjs (bounded polling, no fixed
// sleeps). Run by run-all.mjs; not a standalone script.
//
//   import { expectedProblems, runUiTests } from './ui-tests.mjs';
//   const expected = expectedProblems(cliJsPath, sampleDir);   // the real CLI's JSON report
//   const results = await runUiTests({ page, workspace, expected, extensionsDir, log });
//   // results: [{ title, state: 'passed'|'failed', durationMs, error?, screenshot? }]
//
// Nothing about the samples is hard-coded that the repository can tell us: the expected
// problems come from `playbook-lint -f json`, the terms, definitions and aliases from the
// workspace's vocabulary files, the quick fix title and its span from the CLI's report.
// The tests edit a COPY of samples/with-problems (the workspace) and revert what they
// change without saving (test (e) checks the vocabulary on disk stays untouched).
//
//   (a) the Problems panel lists every problem the CLI reports, with its rule id (the code),
//       docs link, severity, file, line and column, and nothing else from playbook-lint
//   (b) hovering [[term]] shows the term's definition, name and defining file
//   (c) typing `[[` offers the vocabulary terms; accepting one inserts `[[Term]]`
//   (d) the quick fix for an undefined term changes exactly its `[[…]]` span
//   (e) an unsaved vocabulary edit (an alias) clears a playbook's undefined-term problem;
//       reverting brings it back

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { paths, waitFor } from './code-server.mjs';
import * as wb from './workbench.mjs';
import { defineEditorUiTests, diskFiles, readmeShot } from './editor-ui-tests.mjs';
import { definePreviewUiTests } from './preview-ui-tests.mjs';

const require = createRequire(path.join(paths.root, 'package.json'));

const SEVERITY = { error: 'Error', warning: 'Warning', info: 'Info', information: 'Info', hint: 'Hint' };
const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

/**
 * The problems the real CLI reports for `sampleDir`, as [{ file (relative, "/"), rule,
 * severity ("Error"|"Warning"|"Info"), message, line, column, endLine, endColumn, docs, fixes }]
 * (1-based lines and columns, like the Problems panel).
 */
export function expectedProblems(cliJs, sampleDir) {
  const r = spawnSync(process.execPath, [cliJs, '.', '--format', 'json', '--no-color'], {
    cwd: sampleDir, encoding: 'utf8', timeout: 120000, maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`playbook-lint -f json in ${sampleDir} exited ${r.status ?? r.signal}: ${r.stderr || r.stdout}`);
  }
  const report = JSON.parse(r.stdout);
  const out = [];
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      out.push({
        file: f.path.split(path.sep).join('/'),
        rule: d.rule,
        severity: SEVERITY[d.severity] || d.severity,
        message: d.message,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
        docs: d.docs,
        fixes: d.fixes || [],
      });
    }
  }
  if (!out.length) throw new Error(`the CLI reports no problems in ${sampleDir}: nothing to compare the Problems panel with`);
  return out;
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

function describeProblem(p) {
  return `${p.file}:${p.line}:${p.column} ${p.severity} [${p.rule ?? p.code}] ${p.message}`;
}

function sameProblem(row, want) {
  return row.source === 'playbook-lint'
    && row.code === want.rule
    && row.severity === want.severity
    && row.line === want.line
    && row.column === want.column
    && norm(row.message) === norm(want.message)
    && (row.file == null || row.file === want.file)
    // The rule link opens the page bundled with the extension (playbookLint.openRuleDocs).
    && (!want.docs || (row.href ?? '').startsWith('command:playbookLint.openRuleDocs'));
}

/** Terms and aliases of every vocabulary file in the workspace, from the files themselves. */
function readVocabularies(workspace) {
  const YAML = require('yaml');
  const entries = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.git')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.vocabulary\.ya?ml$/.test(e.name)) {
        const doc = YAML.parse(fs.readFileSync(full, 'utf8'));
        for (const t of doc?.terms ?? []) {
          entries.push({
            term: String(t.term), definition: String(t.definition ?? ''), aliases: (t.aliases ?? []).map(String),
            file: path.relative(workspace, full).split(path.sep).join('/'),
          });
        }
      }
    }
  };
  walk(workspace);
  return entries;
}

/**
 * Command lines of the language servers running under `dir` (…/dist/server.js), from /proc.
 * Used to show that the UI window runs the INSTALLED extension (from the extensions folder),
 * not the checkout.
 */
export function languageServersUnder(dir) {
  const found = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    let cmd;
    try { cmd = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').join(' '); } catch { continue; }
    if (cmd.includes(`${dir}${path.sep}`) && /dist[\\/]server\.js/.test(cmd)) found.push(cmd.trim());
  }
  return found;
}

/** A predicate with a description, for readable errors from workbench.mjs. */
const described = (description, fn) => Object.assign(fn, { description });

function lineCol(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Replace 1-based (line, column)..(endLine, endColumn) of `text` with `replacement`. */
function replaceSpan(text, { line, column, endLine, endColumn }, replacement) {
  const lines = text.split('\n');
  const offsetOf = (l, c) => lines.slice(0, l - 1).reduce((n, s) => n + s.length + 1, 0) + c - 1;
  return text.slice(0, offsetOf(line, column)) + replacement + text.slice(offsetOf(endLine, endColumn));
}

async function activeTabDirty(page) {
  return Boolean(await page.$('.tabs-container .tab.active.dirty'));
}

/** Revert every dirty editor (never save), close all editors, restore the panel. */
export async function resetWorkbench(page) {
  await page.keyboard.press('Escape');
  for (let i = 0; i < 10; i++) {
    const dirty = await page.$('.tabs-container .tab.dirty');
    if (!dirty) break;
    // The tab strip re-renders while editors close; a tab found a moment ago may be gone.
    if (!(await dirty.click({ timeout: 5000 }).then(() => true, () => false))) continue;
    await waitFor(() => activeTabDirty(page), { timeoutMs: 5000, what: 'the dirty tab to be active' });
    await wb.runCommand(page, 'File: Revert File');
    await waitFor(async () => !(await activeTabDirty(page)), { timeoutMs: 10000, what: 'the editor to be reverted' });
  }
  await wb.setPanelMaximized(page, false);
  if (await page.$('.tabs-container .tab')) {
    await wb.runCommand(page, 'View: Close All Editors');
    await waitFor(async () => !(await page.$('.tabs-container .tab')), { timeoutMs: 10000, what: 'all editors to close' });
  }
}

// ------------------------------------------------------------------ the tests
export function defineUiTests() {
  /** ctx: { page, workspace, expected, log, original(rel) } */
  return [
    {
      id: 'a',
      title: '(a) the Problems panel lists the CLI\'s problems of samples/with-problems with rule ids',
      async run({ page, expected, log, extensionsDir }) {
        // Open a playbook like a user, then the Problems panel. Files that are not open are
        // listed too: the server checks and publishes every file of the workspace.
        await wb.openFile(page, 'playbooks/renewal.playbook.yaml', { timeoutMs: 30000 });
        await wb.openProblems(page, { maximized: true });
        let rows = [];
        let missing = expected;
        try {
          rows = await wb.waitForProblems(page, (r) => {
            missing = expected.filter((w) => !r.some((row) => sameProblem(row, w)));
            return missing.length === 0;
          }, { timeoutMs: 90000 });
        } catch (e) {
          throw new Error(`${missing.length} of ${expected.length} expected problems not in the Problems panel:\n`
            + missing.map((m) => `  missing: ${describeProblem(m)}`).join('\n')
            + `\n  panel rows: ${e.message.replace(/^.*?; rows: /s, '')}`);
        }
        const ours = rows.filter((r) => r.source === 'playbook-lint');
        const extra = ours.filter((r) => !expected.some((w) => sameProblem(r, w)));
        assert(extra.length === 0 && ours.length === expected.length,
          `the Problems panel has ${ours.length} playbook-lint rows for ${expected.length} CLI problems; unexpected:\n${extra.map((r) => `  ${describeProblem(r)}`).join('\n')}`);
        const rules = [...new Set(expected.map((w) => w.rule))].sort();
        log(`        ${expected.length} problems in ${new Set(expected.map((w) => w.file)).size} files, rules: ${rules.join(', ')}`);
        await wb.setPanelMaximized(page, false);
        if (extensionsDir) {
          // These problems come from the VSIX installed in code-server's extensions folder.
          const servers = await waitFor(() => { const l = languageServersUnder(extensionsDir); return l.length ? l : null; }, {
            timeoutMs: 10000, what: `a language server started from the installed VSIX in ${extensionsDir}`,
          });
          log(`        language server of this window: ${servers[0].replace(extensionsDir, '<extensions>')}`);
        }
      },
    },
    {
      id: 'b',
      title: '(b) hovering a [[term]] shows its definition in the hover widget',
      async run({ page, workspace, original }) {
        const rel = 'playbooks/renewal.playbook.yaml';
        const text = original(rel);
        const vocab = readVocabularies(workspace);
        const byName = (name) => vocab.filter((v) => [v.term, ...v.aliases].some((n) => norm(n).toLowerCase() === norm(name).toLowerCase()));
        // The first [[reference]] in the playbook that exactly one vocabulary entry defines.
        const ref = [...text.matchAll(/\[\[([^[\]]+)\]\]/g)].find((m) => byName(m[1]).length === 1);
        assert(ref, `no [[term]] in ${rel} that exactly one vocabulary entry defines`);
        const entry = byName(ref[1])[0];
        const at = lineCol(text, ref.index);
        await wb.openFile(page, rel, { timeoutMs: 30000 });
        await wb.gotoPosition(page, at.line, at.column);
        const want = norm(entry.definition);
        const hover = await wb.hoverWord(page, ref[1], {
          lineContains: ref[0], timeoutMs: 30000, expect: described(`the definition of ${entry.term} (${JSON.stringify(want)})`, (t) => norm(t).includes(want)),
        });
        await readmeShot(page, 'hover');
        const h = norm(hover);
        assert(h.includes(entry.term), `the hover names the term "${entry.term}": ${JSON.stringify(hover)}`);
        assert(h.includes(path.basename(entry.file)), `the hover names ${path.basename(entry.file)}: ${JSON.stringify(hover)}`);
      },
    },
    {
      id: 'c',
      title: '(c) typing [[ offers the vocabulary terms in the suggest widget; accepting one inserts it',
      async run({ page, workspace, original }) {
        const rel = 'playbooks/renewal.playbook.yaml';
        const text = original(rel);
        const lines = text.split('\n');
        const idx = lines.findIndex((l) => /^\s+goal:\s/.test(l));
        assert(idx >= 0, `a goal: line in ${rel}`);
        const vocab = readVocabularies(workspace);
        const terms = [...new Set(vocab.map((v) => v.term))];
        const pick = terms.slice().sort()[0];
        await wb.openFile(page, rel, { timeoutMs: 30000 });
        await wb.gotoPosition(page, idx + 1, lines[idx].length + 1);
        await wb.typeAt(page, null, ' See [['); // key by key: the editor auto-closes the brackets
        const labels = await wb.triggerSuggest(page, { expect: described(`the term "${pick}"`, (l) => l === pick), timeoutMs: 30000 });
        const absent = terms.filter((t) => !labels.includes(t));
        assert(absent.length === 0, `terms missing from the suggest widget: ${absent.join(', ')}; offered: ${labels.join(', ')}`);
        await wb.acceptSuggestion(page, described(`"${pick}"`, (l) => l === pick));
        const want = lines.slice();
        want[idx] = `${lines[idx]} See [[${pick}]]`;
        let got = null;
        await waitFor(async () => {
          got = (await wb.readVisibleLines(page)).find((l) => l.line === idx + 1)?.text;
          return got === want[idx];
        }, { timeoutMs: 10000, what: `line ${idx + 1} to read ${JSON.stringify(want[idx])}` }).catch((e) => {
          throw new Error(`${e.message}; it reads ${JSON.stringify(got)}`);
        });
        const all = await wb.readEditorText(page);
        assert(all === want.join('\n'), `only line ${idx + 1} changed; the editor text is:\n${all}`);
      },
    },
    {
      id: 'd',
      title: '(d) the quick fix for an undefined term changes the text as expected',
      async run({ page, expected, original }) {
        const target = expected.find((w) => w.rule === 'undefined-term' && w.fixes.some((f) => /^Change to \[\[/.test(f)));
        assert(target, 'an undefined-term problem with a "Change to [[…]]" fix in the CLI report');
        const title = target.fixes.find((f) => /^Change to \[\[/.test(f));
        const replacement = title.replace(/^Change to /, '');
        const before = original(target.file);
        const want = replaceSpan(before, target, replacement);
        assert(want !== before, 'the fix changes something');
        await wb.openFile(page, target.file, { timeoutMs: 30000 });
        // Wait until the problem is known to the editor (the fix is offered for it).
        await wb.openProblems(page, { maximized: true });
        await wb.waitForProblems(page, (rows) => rows.some((r) => sameProblem(r, target)), { timeoutMs: 30000 });
        await wb.setPanelMaximized(page, false);
        const offered = await wb.quickFix(page, described(JSON.stringify(title), (t) => t === title), { at: { line: target.line, column: target.column + 2 }, timeoutMs: 30000 });
        assert(offered.includes(title), `offered: ${offered.join(' | ')}`);
        let got = null;
        await waitFor(async () => { got = await wb.readEditorText(page); return got === want; }, {
          timeoutMs: 15000, what: 'the fixed text',
        }).catch((e) => {
          throw new Error(`${e.message}: after "${title}" the text differs from the original with only ${target.line}:${target.column}-${target.endColumn} replaced by ${replacement}:\n${got}`);
        });
        await wb.openProblems(page, { maximized: true });
        await wb.waitForProblems(page, (rows) => !rows.some((r) => sameProblem(r, target)), { timeoutMs: 30000 })
          .catch((e) => { throw new Error(`the fixed problem should leave the Problems panel: ${e.message}`); });
        await wb.setPanelMaximized(page, false);
      },
    },
    {
      id: 'e',
      title: '(e) an unsaved vocabulary edit clears a playbook\'s undefined-term problem',
      async run({ page, workspace, expected, original }) {
        // An undefined term with a suggestion: "[[champ]]" (did you mean "Champion"?).
        const target = expected.find((w) => w.rule === 'undefined-term' && w.fixes.some((f) => /^Change to \[\[/.test(f)));
        assert(target, 'an undefined-term problem with a "Change to [[…]]" fix in the CLI report');
        const other = expected.find((w) => w.rule === 'undefined-term' && w !== target);
        const written = /^\[\[(.*)\]\]$/.exec(norm(original(target.file).split('\n')[target.line - 1].slice(target.column - 1, target.endColumn - 1)))?.[1];
        const suggested = /^Change to \[\[(.*)\]\]$/.exec(target.fixes.find((f) => /^Change to \[\[/.test(f)))[1];
        assert(written, `the [[…]] text at ${describeProblem(target)}`);
        const entry = readVocabularies(workspace).find((v) => v.term === suggested && v.aliases.length);
        assert(entry, `a vocabulary entry for "${suggested}" with an aliases list`);
        const vocabText = original(entry.file);
        const termAt = vocabText.search(new RegExp(`term:\\s*${suggested.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\n`));
        const aliasesAt = vocabText.indexOf('aliases: [', termAt);
        const close = vocabText.indexOf(']', aliasesAt);
        assert(termAt >= 0 && aliasesAt > termAt && close > aliasesAt, `the aliases: [...] of "${suggested}" in ${entry.file}`);
        const insertAt = lineCol(vocabText, close);
        const isTarget = (r) => r.code === 'undefined-term' && r.file === target.file && r.line === target.line && r.column === target.column;

        await wb.openProblems(page, { maximized: true });
        await wb.waitForProblems(page, (rows) => rows.some(isTarget), { timeoutMs: 30000 });
        await wb.setPanelMaximized(page, false);
        await wb.openFile(page, entry.file, { timeoutMs: 30000 });
        await wb.typeAt(page, insertAt, `, ${written}`, { raw: true });
        await waitFor(() => activeTabDirty(page), { timeoutMs: 10000, what: `${entry.file} to be dirty (unsaved)` });
        await wb.openProblems(page, { maximized: true });
        await wb.waitForProblems(page, (rows) => !rows.some(isTarget)
          && (!other || rows.some((r) => r.code === 'undefined-term' && r.file === other.file && r.line === other.line)), { timeoutMs: 30000 })
          .catch((e) => { throw new Error(`after adding the alias "${written}" (unsaved): ${e.message}`); });
        assert(fs.readFileSync(path.join(workspace, entry.file), 'utf8') === vocabText, `${entry.file} must not be saved`);
        assert(await activeTabDirty(page), `${entry.file} is still unsaved`);
        // Revert (no save): the problem comes back.
        await wb.setPanelMaximized(page, false);
        await wb.runCommand(page, 'File: Revert File');
        await waitFor(async () => !(await activeTabDirty(page)), { timeoutMs: 10000, what: `${entry.file} reverted` });
        await wb.openProblems(page, { maximized: true });
        await wb.waitForProblems(page, (rows) => rows.some(isTarget), { timeoutMs: 30000 })
          .catch((e) => { throw new Error(`after reverting ${entry.file}, the problem should be back: ${e.message}`); });
        await wb.setPanelMaximized(page, false);
      },
    },
    ...defineEditorUiTests(),
    ...definePreviewUiTests(),
  ];
}

/**
 * Run the UI tests in `page` (a workbench on `workspace`, a copy of samples/with-problems).
 * Each test: a screenshot on failure (.cache/e2e/screenshots), then the workbench is reset
 * (reverted, editors closed) so the next test starts clean.
 */
/** Reject after ms (each helper is bounded already; this bounds a whole test). */
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

async function runOneUiTest(t, ctx, testTimeoutMs) {
  const t0 = Date.now();
  try {
    await wb.step(ctx.page, `ui-${t.id}`, () => withTimeout(t.run(ctx), testTimeoutMs, `test (${t.id})`));
    return { title: t.title, state: 'passed', durationMs: Date.now() - t0 };
  } catch (e) {
    return { title: t.title, state: 'failed', durationMs: Date.now() - t0, error: e.message, screenshot: e.e2eScreenshot };
  }
}

async function resetQuietly(page, id, log) {
  try {
    await resetWorkbench(page);
  } catch (e) {
    log(`        (reset after ${id} failed: ${e.message.split('\n')[0]})`);
  }
}

/** `files`: how the tests reach the workspace's files (default: on disk under `workspace`; see diskFiles). */
export async function runUiTests({ page, workspace, files = diskFiles(workspace), expected, extensionsDir, log = console.log, only, testTimeoutMs = 180000, docsShots = false }) {
  const originals = new Map();
  const original = (rel) => {
    if (!originals.has(rel)) originals.set(rel, fs.readFileSync(path.join(workspace, rel), 'utf8'));
    return originals.get(rel);
  };
  // Snapshot every file before any test edits one.
  for (const w of expected) original(w.file);
  const results = [];
  for (const t of defineUiTests()) {
    if (only && !only.includes(t.id)) continue;
    // One retry after a reset, as Playwright's CI default does: a real VS Code in a browser on
    // a busy 2-core machine sometimes loses a focus race. The first failure is printed in
    // full and the result says "after a retry", so a flaky test is visible, never hidden;
    // a test that fails twice fails.
    let r = await runOneUiTest(t, { page, workspace, files, expected, extensionsDir, log, original, docsShots }, testTimeoutMs);
    if (r.state === 'failed') {
      log(`  RETRY [ui] ${r.title} (${r.durationMs} ms), first attempt failed:`);
      log(r.error.split('\n').map((l) => `        ${l}`).join('\n'));
      await resetQuietly(page, t.id, log);
      const second = await runOneUiTest(t, { page, workspace, files, expected, extensionsDir, log, original, docsShots }, testTimeoutMs);
      r = second.state === 'passed' ? { ...second, title: `${second.title} [passed after a retry]`, retried: true } : second;
    }
    results.push(r);
    log(`  ${r.state === 'passed' ? 'PASS' : 'FAIL'}  [ui] ${r.title} (${r.durationMs} ms)`);
    if (r.error) log(r.error.split('\n').map((l) => `        ${l}`).join('\n'));
    await resetQuietly(page, t.id, log);
  }
  return results;
}
