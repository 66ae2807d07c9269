// test/e2e/web-tests.mjs — the INSTALLED VSIX's browser build (package.json `browser`:
// dist/web.js, its language server dist/web-server.js in a web worker) in code-server's web
// worker extension host, the host vscode.dev and github.dev run extensions in. Run by
// run-all.mjs after the Node-host tests; not a standalone script.
//
//   import { runWebTests } from './web-tests.mjs';
//   const results = await runWebTests({ cs, wb, vsix, sample, expected, only, log });
//   // results: [{ group, title, state: 'passed'|'failed', durationMs, error? }]
//
// One code-server whose user settings say "remote.extensionKind":
// {"playbook-lint.playbook-lint": ["web"]}: the same VSIX then runs its `browser` entry in the
// web worker host (see ../shared notes: code-server runs `main` in its Node host otherwise).
//   (w) the extension reports it runs its browser entry in a web UI without Node.js (its
//       startup line reaches the page console), and no Node language server of the VSIX runs
//   then every UI test of ui-tests.mjs ((a)-(k), (p)), twice:
//   - on a copy of samples/with-problems on disk (vscode-remote: URIs in the browser), and
//   - on an in-memory workspace (`?folder=tmp:/ws`, no disk behind it, like github.dev's
//     virtual file system): a small helper extension (built here, browser-only) writes the
//     sample's files into it with workspace.fs before the tests open any file, and the tests
//     that create, change or read files do so through it (memoryFiles), not on a disk.
// The expected problems are the CLI's for samples/with-problems, as in the Node-host tests.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { paths, waitFor } from './code-server.mjs';
import { defineUiTests, languageServersUnder, runUiTests } from './ui-tests.mjs';
import * as wb from './workbench.mjs';

const EXTENSION_ID = 'playbook-lint.playbook-lint';
const TMP_FOLDER = 'tmp:/ws';
const SEED_MARK = '[playbook-lint e2e seed]';
const FS_MARK = '[playbook-lint e2e fs]';
const CHANGE_COMMAND = 'Playbook Lint E2E: Change Workspace File';

/** Every file of a folder, relative path → text. */
function filesOf(dir) {
  const out = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out[path.relative(dir, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/**
 * A browser-only helper extension for the in-memory folder tmp:/ws, which has no other way in:
 * it writes the sample's files there, then logs SEED_MARK; it reports every file's state after
 * a change (FS_MARK + {path, text} or {path, deleted}) and writes or deletes a file on request
 * (CHANGE_COMMAND, through an input box): the tests' view of the folder (memoryFiles).
 */
function buildSeedExtension(run, sample) {
  return packWebExtension(run, 'seed', {
    activationEvents: ['onStartupFinished'],
    contributes: { commands: [{ command: 'playbookLintE2e.changeFile', title: CHANGE_COMMAND }] },
  }, `const vscode = require('vscode');
const FILES = ${JSON.stringify(filesOf(sample))};
exports.activate = async (context) => {
  const folder = (vscode.workspace.workspaceFolders || [])[0];
  if (!folder || folder.uri.scheme !== 'tmp') return;
  const rel = (uri) => uri.path.slice(folder.uri.path.length).replace(/^\\//, '');
  // One report at a time, each reading the file then: a later line is never older than an earlier one.
  let reports = Promise.resolve();
  const report = (uri) => (reports = reports.then(async () => {
    let state;
    try {
      state = { path: rel(uri), text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
    } catch {
      state = { path: rel(uri), deleted: true };
    }
    console.info(${JSON.stringify(FS_MARK)} + ' ' + JSON.stringify(state));
  }));
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(report),
    watcher.onDidChange(report),
    watcher.onDidDelete(report),
    vscode.workspace.onDidSaveTextDocument((d) => report(d.uri)),
    vscode.workspace.onDidRenameFiles((e) => e.files.forEach((f) => { report(f.oldUri); report(f.newUri); })),
    vscode.commands.registerCommand('playbookLintE2e.changeFile', async () => {
      const answer = await vscode.window.showInputBox({ prompt: '{"path","text"} writes the file, {"path"} deletes it' });
      if (!answer) return;
      const request = JSON.parse(answer);
      const uri = vscode.Uri.joinPath(folder.uri, request.path);
      if (typeof request.text === 'string') await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(request.text));
      else await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
      await report(uri);
    }),
  );
  for (const [rel, text] of Object.entries(FILES)) {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder.uri, rel), new TextEncoder().encode(text));
  }
  console.info(${JSON.stringify(SEED_MARK)} + ' wrote ' + Object.keys(FILES).length + ' files into ' + folder.uri.toString());
};
`);
}

/** A browser-only helper extension (its manifest's own fields, its extension.js), packaged into run.dir: the VSIX's path. */
export function packWebExtension(run, name, manifest, source) {
  const dir = path.join(run.dir, `${name}-extension`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name, publisher: 'playbook-lint-e2e', version: '0.0.1', license: 'UNLICENSED', private: true,
    engines: { vscode: '^1.91.0' }, browser: './extension.js', ...manifest,
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'extension.js'), source);
  const vsix = path.join(run.dir, `${name}.vsix`);
  execFileSync(process.execPath, [
    path.join(paths.root, 'node_modules/@vscode/vsce/vsce'), 'package',
    '--allow-missing-repository', '--skip-license', '--no-dependencies', '-o', vsix,
  ], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  return vsix;
}

/**
 * The in-memory folder's files as the UI tests reach them (the interface of diskFiles): a
 * copy kept from the helper extension's reports, changed through its command.
 */
function memoryFiles(page, sample) {
  const copy = new Map(Object.entries(filesOf(sample)));
  page.on('console', (m) => {
    const text = m.text();
    const at = text.indexOf(FS_MARK);
    if (at < 0) return;
    // The page console adds styling after the message (" color: blue …").
    const state = JSON.parse(text.slice(at + FS_MARK.length, text.lastIndexOf('}') + 1));
    if (state.deleted) copy.delete(state.path);
    else copy.set(state.path, state.text);
  });
  const change = async (request, done, what) => {
    await wb.runCommand(page, CHANGE_COMMAND);
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 20000 });
    await page.fill('.quick-input-widget input', JSON.stringify(request));
    await page.keyboard.press('Enter');
    await waitFor(done, { timeoutMs: 20000, what });
  };
  return {
    async exists(rel) {
      return copy.has(rel);
    },
    async read(rel) {
      if (!copy.has(rel)) throw new Error(`${rel} is not in ${TMP_FOLDER}`);
      return copy.get(rel);
    },
    async write(rel, text) {
      await change({ path: rel, text }, () => copy.get(rel) === text, `${rel} written into ${TMP_FOLDER}`);
    },
    async remove(rel) {
      if (copy.has(rel)) await change({ path: rel }, () => !copy.has(rel), `${rel} deleted from ${TMP_FOLDER}`);
    },
  };
}

async function timed(results, group, title, log, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ group, title, state: 'passed', durationMs: Date.now() - t0 });
    log(`  PASS  [${group}] ${title} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ group, title, state: 'failed', durationMs: Date.now() - t0, error: e.message });
    log(`  FAIL  [${group}] ${title} (${Date.now() - t0} ms)`);
    log(e.message.split('\n').map((l) => `        ${l}`).join('\n'));
  }
}

export async function runWebTests({ cs, wb, vsix, sample, expected, only, log = console.log }) {
  const results = [];
  const run = cs.createRun({
    name: 'web',
    settings: {
      'editor.wordBasedSuggestions': 'off',
      'editor.codeActionsOnSave': { 'source.fixAll.playbook-lint': 'explicit' },
      'remote.extensionKind': { [EXTENSION_ID]: ['web'] },
    },
  });
  log(`    run folder ${path.relative(paths.root, run.dir)}`);
  try {
    const ownVsix = path.join(run.dir, path.basename(vsix));
    fs.copyFileSync(vsix, ownVsix);
    await cs.installExtension(run, ownVsix);
    await cs.installExtension(run, buildSeedExtension(run, sample));
    const diskWs = cs.copyWorkspace(run, sample, 'web-with-problems');
    const server = await cs.startCodeServer(run, { workspace: diskWs });
    const context = await cs.launchBrowser(run);
    const page = context.pages()[0] || await context.newPage();
    const consoleLines = [];
    const consoleLog = path.join(run.logsDir, 'web-console.log');
    page.on('console', (m) => {
      consoleLines.push(m.text());
      fs.appendFileSync(consoleLog, `${m.type()}: ${m.text()}\n`);
    });
    const started = () => consoleLines.find((l) => l.includes('Playbook Lint started ('));

    // PLAYBOOK_E2E_WEB_WORKSPACES=memory (or disk): only one of the two windows, for debugging.
    for (const where of (process.env.PLAYBOOK_E2E_WEB_WORKSPACES || 'disk,memory').split(',')) {
      const group = `web worker, ${where === 'disk' ? 'disk folder' : 'in-memory tmp: folder'}`;
      consoleLines.length = 0;
      try {
        if (where === 'disk') await cs.openWorkbench(context, server, { workspace: diskWs, timeoutMs: 90000 });
        else {
          await page.goto(`${server.url}/?${new URLSearchParams({ folder: TMP_FOLDER })}`, { timeout: 90000, waitUntil: 'domcontentloaded' });
          await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
        }
        await wb.waitForWorkbench(page);
        if (where === 'memory') {
          await waitFor(() => consoleLines.some((l) => l.includes(SEED_MARK)), { timeoutMs: 60000, what: `the helper extension to write the sample into ${TMP_FOLDER}` });
          // The Explorer shows files created after the window opened once it has refreshed.
          const top = [...new Set(Object.keys(filesOf(sample)).map((rel) => rel.split('/')[0]))];
          await waitFor(() => page.evaluate((names) => {
            const labels = [...document.querySelectorAll('.explorer-folders-view .monaco-list-row .label-name')].map((e) => e.textContent.trim());
            return names.every((n) => labels.includes(n));
          }, top), { timeoutMs: 60000, what: `the Explorer to list ${top.join(', ')}` });
          // The folder did not exist when the window opened ("Workspace does not exist"): the helper made it since.
          const cancel = page.locator('.monaco-dialog-box', { hasText: 'Workspace does not exist' }).getByRole('button', { name: 'Cancel' });
          await cancel.click({ timeout: 10000 }).catch(() => undefined);
        }
      } catch (e) {
        results.push({ group, title: 'the workbench opens', state: 'failed', error: e.message });
        log(`  FAIL  [${group}] the workbench did not open: ${e.message}`);
        continue;
      }
      // Every UI test runs on both: on the in-memory folder the tests reach the files through the editor (memoryFiles).
      const ids = defineUiTests().map((t) => t.id).filter((id) => !only || only.includes(id));
      const files = where === 'memory' ? memoryFiles(page, sample) : undefined;
      const ui = await runUiTests({ page, workspace: where === 'disk' ? diskWs : sample, files, expected, only: ids, log: (m) => log(m.replace('[ui]', `[${group}]`)) });
      for (const t of ui) results.push({ group, ...t });
      await timed(results, group, '(w) the browser entry runs in the web worker extension host, no Node.js language server', log, async () => {
        const line = await waitFor(started, { timeoutMs: 30000, what: 'the extension\'s startup line in the page console' })
          .catch((e) => { throw new Error(`${e.message} (console: ${consoleLog})`); });
        if (!/browser entry, web UI, no Node\.js process/.test(line)) throw new Error(`the extension reports: ${line}`);
        const servers = languageServersUnder(run.extensionsDir);
        if (servers.length) throw new Error(`a Node language server of the VSIX runs: ${servers.join('; ')}`);
        log(`        ${line.replace(/^.*?(Playbook Lint started)/, '$1')}`);
      });
    }
  } finally {
    await run.dispose();
  }
  return results;
}
