#!/usr/bin/env node
// test/e2e/smoke.mjs — proves the e2e infrastructure works, end to end, with the throwaway
// extension in test/e2e/smoke-extension. Run `bash test/e2e/setup.sh` first, then:
//
//   node test/e2e/smoke.mjs          exit 0 on success
//   node test/e2e/smoke.mjs --cli    run the extension-host suite through the
//                                    run-extension-tests.mjs command line (its own
//                                    code-server + browser) instead of the shared session
//
//  0. packages smoke-extension with @vscode/vsce into .cache/e2e/smoke/smoke.vsix
//  1. one run folder, one code-server (started with extensionTestEnv), one chromium
//  2. extension-host suite: smoke-extension/test/index.js, a plain
//     @vscode/test-electron-style mocha suite, runs inside code-server's extension host
//     (run-extension-tests.mjs runSuiteInWorkbench: payload + smoke test driver + shim,
//     results JSON polled)
//  3. UI, in a second page of the same browser with the .vsix installed: opens
//     sample.yaml (copied from smoke-workspace/) and, through workbench.mjs, hovers a word
//     and reads the fixed hover text, reads the Problems panel, applies a quick fix, types
//     and accepts a completion, reads the editor text back and saves.
// Doubles as a worked example for real tests of the playbook-lint extension.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRun, installExtension, startCodeServer, launchBrowser, openWorkbench, copyWorkspace, paths } from './code-server.mjs';
import { runSuiteInWorkbench, extensionTestEnv, printResults } from './run-extension-tests.mjs';
import * as wb from './workbench.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const extDir = path.join(here, 'smoke-extension');
const fixture = path.join(here, 'smoke-workspace');
const outDir = path.join(paths.cache, 'smoke');
const vsix = path.join(outDir, 'smoke.vsix');
const t0 = Date.now();
const lap = (msg) => console.log(`[smoke +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

const checks = [];
async function check(name, fn) {
  const t = Date.now();
  try {
    await fn();
    checks.push({ name, ok: true });
    console.log(`  PASS  ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    checks.push({ name, ok: false });
    console.log(`  FAIL  ${name} (${Date.now() - t} ms)\n        ${String(e.message).split('\n').join('\n        ')}`);
    throw e;
  }
}
function assertEq(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
function assertOk(v, what) { if (!v) throw new Error(what); }

// ---------------------------------------------------------------- 0. package
function packageExtension() {
  fs.mkdirSync(outDir, { recursive: true });
  fs.rmSync(vsix, { force: true });
  execFileSync(process.execPath, [
    path.join(paths.root, 'node_modules/@vscode/vsce/vsce'), 'package',
    '--allow-missing-repository', '--skip-license', '--no-dependencies', '-o', vsix,
  ], { cwd: extDir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  assertOk(fs.existsSync(vsix), `vsce did not produce ${vsix}`);
}

// ---------------------------------------------------------------- 1. extension-host suite
const suite = {
  extension: extDir,
  tests: path.join(extDir, 'test/index.js'),
  results: path.join(outDir, 'ext-results.json'),
};

function checkSuiteOutcome(r) {
  printResults(r.results, { log: (m) => console.log(`      ${m}`) });
  if (!r.ok) throw new Error(`extension-host suite: ${r.reason}`);
  assertEq(r.results.passed, 3, 'extension-host tests passed');
}

/** --cli: the documented command line, in its own code-server + browser. */
function extensionHostSuiteViaCli() {
  const r = spawnSync(process.execPath, [
    path.join(here, 'run-extension-tests.mjs'),
    '--extension', suite.extension, '--tests', suite.tests,
    '--workspace', fixture, '--results', suite.results, '--timeout', '150',
  ], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 180000, killSignal: 'SIGTERM' });
  console.log((r.stdout + r.stderr).trim().split('\n').map((l) => `      ${l}`).join('\n'));
  if (r.status !== 0) throw new Error(`run-extension-tests.mjs exited ${r.status ?? r.signal}`);
  const results = JSON.parse(fs.readFileSync(suite.results, 'utf8'));
  assertEq(results.passed, 3, 'extension-host tests passed');
}

// ---------------------------------------------------------------- 2. shared session
async function session({ cli }) {
  const run = createRun({ name: 'smoke' });
  try {
    await installExtension(run, vsix);
    const ws = copyWorkspace(run, fixture);
    const server = await startCodeServer(run, { workspace: ws, env: extensionTestEnv(suite) });
    const context = await launchBrowser(run);
    lap(`code-server ${server.url} + chromium up (run dir ${path.relative(paths.root, run.dir)})`);

    if (!cli) {
      await check('extension-host suite (runSuiteInWorkbench)', async () => {
        const r = await runSuiteInWorkbench({
          server, context, extension: extDir, workspace: ws, timeoutMs: 120000,
          consoleLog: path.join(run.logsDir, 'ext-tests-console.log'),
          log: (m) => console.log(`        ${m}`),
        });
        checkSuiteOutcome(r);
      });
    }

    const page = await openWorkbench(context, server, { workspace: ws });
    await wb.waitForWorkbench(page);
    lap('UI workbench up');

    await check('open sample.yaml', () => wb.openFile(page, 'sample.yaml', { timeoutMs: 30000 }));

    await check('hover shows the extension\'s fixed text', async () => {
      const text = await wb.hoverWord(page, 'discovery', { expect: 'playbook-lint e2e smoke hover' });
      assertOk(text.includes('playbook-lint e2e smoke hover: discovery'), `hover text was ${JSON.stringify(text)}`);
    });

    await check('problems panel lists the TODO warning', async () => {
      await wb.openProblems(page);
      const rows = await wb.readProblems(page, { match: 'smoke: TODO found' });
      const row = rows.find((r) => r.message === 'smoke: TODO found');
      assertEq(row.severity, 'Warning', 'severity');
      assertEq(row.line, 6, 'line');
      assertEq(row.column, 14, 'column');
      assertOk(/smoke/.test(row.source || ''), `source was ${JSON.stringify(row.source)} (${row.ariaLabel})`);
    });

    await check('quick fix replaces TODO', async () => {
      const offered = await wb.quickFix(page, 'Replace TODO with DONE', { at: { line: 6, column: 15 } });
      assertOk(offered.some((t) => t.includes('Replace TODO with DONE')), `offered ${offered}`);
      await wb.openProblems(page);
      await wb.waitForNoProblem(page, 'smoke: TODO found');
    });

    await check('typing + completion', async () => {
      // raw insert (no suggest; a newline is auto-indented like the line above: 8 spaces),
      // then type key by key so suggest triggers
      await wb.typeAt(page, { line: 6, column: 18 }, '\ndeviate-when: ', { raw: true });
      await wb.typeAt(page, null, 'smo');
      const labels = await wb.triggerSuggest(page, { expect: 'smoke-beta' });
      assertOk(labels.includes('smoke-alpha'), `suggestions ${labels}`);
      await wb.acceptSuggestion(page, 'smoke-beta');
    });

    await check('editor text reflects the edits; save writes them', async () => {
      const text = await wb.readEditorText(page);
      const expected = fs.readFileSync(path.join(fixture, 'sample.yaml'), 'utf8')
        .replace('why: TODO', 'why: DONE\n        deviate-when: smoke-beta');
      assertEq(text, expected, 'editor text');
      await wb.saveActiveEditor(page);
      assertEq(fs.readFileSync(path.join(ws, 'sample.yaml'), 'utf8'), expected, 'saved file');
    });
  } finally {
    await run.dispose();
  }
}

async function main() {
  const cli = process.argv.includes('--cli');
  try {
    packageExtension();
    lap(`packaged ${path.relative(paths.root, vsix)}`);
    if (cli) {
      await check('extension-host suite via `node test/e2e/run-extension-tests.mjs`', extensionHostSuiteViaCli);
    }
    await session({ cli });
    lap('done');
  } catch (e) {
    if (!checks.some((c) => !c.ok)) console.log(`  FAIL  ${e.stack || e.message}`);
    checks.push({ name: 'smoke', ok: false });
  }
  const passed = checks.filter((c) => c.ok).length;
  const failed = checks.length - passed;
  console.log(`[smoke] ${failed ? 'FAILED' : 'OK'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`smoke: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
