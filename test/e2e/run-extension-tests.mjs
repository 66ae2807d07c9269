#!/usr/bin/env node
// test/e2e/run-extension-tests.mjs — run an extension-host mocha suite (the kind written
// for @vscode/test-electron: a module exporting run()) inside a real VS Code: code-server's
// extension host, driven by chromium through playwright-core.
//
// CLI:
//   node test/e2e/run-extension-tests.mjs \
//     --extension <dir with the extension's package.json>      (extensionDevelopmentPath)
//     --tests     <abs path to the compiled tests index.js>      (exports run())
//     --workspace <folder to open>                              (default: a fresh empty dir)
//     --results   <json path>                                   (default: <run dir>/results.json)
//     [--timeout <seconds, whole suite; default 180>]
//     [--start-timeout <seconds until the suite must have started; default 60>]
//     [--setting key=jsonValue]...  extra user settings, e.g. --setting editor.tabSize=2
//     [--env KEY=VALUE]...          extra environment for code-server / the extension host
//     [--install <vsix>]...         also install these extensions first
//   Exit code 0 when every test passed; 1 on any failure, an error thrown by run(), or a
//   timeout; 2 on bad usage. Prints one line per test and a closing line
//   "extension-tests: N passed, N failed".
//
// Programmatic:
//   import { runExtensionTests, printResults } from './run-extension-tests.mjs';
//   const r = await runExtensionTests({ extension, tests, workspace, results, timeoutMs });
//   // r: { ok, results (JSON format in ext-host-shim.cjs, or null), reason, runDir, elapsedMs }
//   printResults(r.results);
//
//   Reusing one code-server + browser for the suite and UI tests (saves a server start,
//   a browser launch and a cold page load; see smoke.mjs):
//   const server = await startCodeServer(run, { workspace, env: extensionTestEnv({ extension, tests, results }) });
//   const context = await launchBrowser(run);
//   const r = await runSuiteInWorkbench({ server, context, extension, workspace });  // opens + closes its own page
//
// How it works: code-server is started with PLAYBOOK_E2E_TESTS=<tests> and
// PLAYBOOK_E2E_RESULTS=<results> in its environment (the extension host inherits it);
// the workbench is opened with ?payload=[[extensionDevelopmentPath, vscode-remote://...],
// [extensionTestsPath, vscode-remote://.../ext-host-shim.cjs]] and with
// developmentOptions.enableSmokeTestDriver injected into the served HTML; the shim loads
// the real tests, hooks mocha and rewrites the results JSON after every test (format at
// the top of ext-host-shim.cjs). This script polls that file (bounded) and reports.
// The extension-host console (console.log in tests/extension) is saved to
// <run dir>/logs/browser-console.log and its tail printed on failure.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createRun, installExtension, startCodeServer, launchBrowser, enableSmokeTestDriver,
  buildPayload, sleep, paths,
} from './code-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SHIM = path.join(here, 'ext-host-shim.cjs');

function readResults(file) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return null; }
}

function tailFile(file, n = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n'); } catch { return ''; }
}

export function printResults(results, { log = console.log } = {}) {
  if (!results) return;
  for (const t of results.tests || []) {
    const mark = t.state === 'passed' ? 'PASS' : t.state === 'failed' ? 'FAIL' : 'SKIP';
    log(`  ${mark}  ${t.title}${t.durationMs ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) log(t.error.split('\n').map((l) => `        ${l}`).join('\n'));
  }
  if (results.error) log(`  ERROR ${results.error.split('\n').join('\n        ')}`);
}

/** Environment code-server must be started with so the shim finds the suite. */
export function extensionTestEnv({ extension, tests, results }) {
  return {
    PLAYBOOK_E2E_TESTS: path.resolve(tests),
    PLAYBOOK_E2E_RESULTS: path.resolve(results),
    PLAYBOOK_E2E_EXTENSION: path.resolve(extension),
  };
}

/**
 * Open a workbench page with the test payload in an existing code-server + browser and
 * wait (bounded) for the suite's results. The server must have been started with
 * env: extensionTestEnv(...). The page is closed afterwards.
 */
export async function runSuiteInWorkbench({
  server, context, extension, workspace = server.workspace, timeoutMs = 180000, startTimeoutMs = 60000,
  consoleLog, log = console.log,
}) {
  const t0 = Date.now();
  const resultsFile = server.env && server.env.PLAYBOOK_E2E_RESULTS;
  if (!resultsFile || !server.env.PLAYBOOK_E2E_TESTS) {
    throw new Error('code-server was not started with env: extensionTestEnv({ extension, tests, results })');
  }
  const extensionDir = path.resolve(extension || server.env.PLAYBOOK_E2E_EXTENSION);
  fs.rmSync(resultsFile, { force: true });
  const outcome = { ok: false, results: null, reason: 'not started', resultsFile, consoleLog };
  const page = await context.newPage();
  const consoleStream = consoleLog ? fs.createWriteStream(consoleLog, { flags: 'a' }) : null;
  if (consoleStream) {
    page.on('console', (m) => consoleStream.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleStream.write(`[pageerror] ${e.message}\n`));
  }
  try {
    const payload = buildPayload({ server, extensionDevelopmentPath: extensionDir, extensionTestsPath: SHIM });
    await enableSmokeTestDriver(page, server);
    await page.goto(server.folderUrl(workspace, { payload: JSON.stringify(payload) }), { timeout: startTimeoutMs, waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: startTimeoutMs });
    log(`[e2e] workbench with test payload loaded in ${Date.now() - t0} ms; waiting for the suite`);

    // Bounded polling: the suite must start within startTimeoutMs and finish within timeoutMs.
    const startDeadline = t0 + startTimeoutMs;
    const deadline = t0 + timeoutMs;
    let r = null;
    for (;;) {
      r = readResults(resultsFile);
      if (r && r.status === 'done') break;
      if (!r && Date.now() > startDeadline) {
        outcome.reason = `suite did not start within ${startTimeoutMs / 1000} s (no ${resultsFile}); is the extension host up? see ${consoleLog || 'the browser console'} and ${server.logFile}`;
        break;
      }
      if (Date.now() > deadline) {
        outcome.reason = `suite did not finish within ${timeoutMs / 1000} s` + (r && r.running ? ` (stuck in "${r.running}")` : '');
        break;
      }
      await sleep(200);
    }
    outcome.results = r;
    if (r && r.status === 'done') {
      outcome.ok = r.ok === true && r.failed === 0;
      outcome.reason = outcome.ok ? 'passed' : (r.failed ? `${r.failed} test(s) failed` : `suite error: ${r.error || 'run() failed'}`);
    }
  } finally {
    await Promise.race([page.close().catch(() => {}), sleep(5000)]);
    if (consoleStream) await new Promise((res) => consoleStream.end(res));
  }
  outcome.elapsedMs = Date.now() - t0;
  return outcome;
}

/**
 * Whole run: fresh run folder, code-server (with extensionTestEnv), chromium, the suite,
 * cleanup. Returns { ok, results, reason, runDir, resultsFile, elapsedMs }.
 */
export async function runExtensionTests({
  extension, tests, workspace, results, timeoutMs = 180000, startTimeoutMs = 60000,
  settings = {}, env = {}, install = [], name = 'ext-tests', log = console.log,
}) {
  const extensionDir = path.resolve(extension);
  const testsFile = path.resolve(tests);
  if (!fs.existsSync(path.join(extensionDir, 'package.json'))) throw new Error(`--extension ${extensionDir} has no package.json`);
  if (!fs.existsSync(testsFile)) throw new Error(`--tests ${testsFile} does not exist`);

  const t0 = Date.now();
  const run = createRun({ name, settings });
  const resultsFile = path.resolve(results || path.join(run.dir, 'results.json'));
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.rmSync(resultsFile, { force: true });
  let ws = workspace && path.resolve(workspace);
  if (!ws) { ws = path.join(run.dir, 'workspace'); fs.mkdirSync(ws, { recursive: true }); }
  const consoleLog = path.join(run.logsDir, 'browser-console.log');
  let outcome = { ok: false, results: null, reason: 'not started', resultsFile, consoleLog };
  try {
    for (const vsix of install) await installExtension(run, vsix);
    const server = await startCodeServer(run, {
      workspace: ws,
      env: { ...env, ...extensionTestEnv({ extension: extensionDir, tests: testsFile, results: resultsFile }) },
    });
    log(`[e2e] code-server ${server.url} up in ${Date.now() - t0} ms (run dir ${run.dir})`);
    const context = await launchBrowser(run);
    outcome = await runSuiteInWorkbench({
      server, context, extension: extensionDir, workspace: ws,
      timeoutMs: Math.max(1000, timeoutMs - (Date.now() - t0)), startTimeoutMs, consoleLog, log,
    });
  } catch (e) {
    outcome.reason = `infrastructure error: ${e.stack || e.message}`;
  } finally {
    await run.dispose();
  }
  outcome.runDir = run.dir;
  outcome.elapsedMs = Date.now() - t0;
  if (!outcome.ok) {
    const t = tailFile(consoleLog, 30);
    if (t) log(`[e2e] browser/extension-host console (tail of ${consoleLog}):\n${t}`);
  }
  return outcome;
}

function parseArgs(argv) {
  const o = { settings: {}, env: {}, install: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--extension': o.extension = val(); break;
      case '--tests': o.tests = val(); break;
      case '--workspace': o.workspace = val(); break;
      case '--results': o.results = val(); break;
      case '--timeout': o.timeoutMs = Number(val()) * 1000; break;
      case '--start-timeout': o.startTimeoutMs = Number(val()) * 1000; break;
      case '--install': o.install.push(val()); break;
      case '--setting': {
        const [k, ...rest] = val().split('=');
        const raw = rest.join('=');
        try { o.settings[k] = JSON.parse(raw); } catch { o.settings[k] = raw; }
        break;
      }
      case '--env': {
        const [k, ...rest] = val().split('=');
        o.env[k] = rest.join('=');
        break;
      }
      case '-h': case '--help': o.help = true; break;
      default: throw new Error(`unknown argument ${a}`);
    }
  }
  return o;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
    if (o.help || !o.extension || !o.tests) {
      console.error('usage: node test/e2e/run-extension-tests.mjs --extension <dir> --tests <abs tests index.js> [--workspace <dir>] [--results <json>] [--timeout <s>]');
      process.exit(o.help ? 0 : 2);
    }
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  const r = await runExtensionTests(o);
  printResults(r.results);
  const passed = r.results?.passed ?? 0;
  const failed = (r.results?.failed ?? 0) + (r.ok ? 0 : (r.results?.failed ? 0 : 1));
  console.log(`[e2e] ${r.ok ? 'OK' : 'FAILED'}: ${r.reason} (${(r.elapsedMs / 1000).toFixed(1)} s; results ${r.resultsFile})`);
  console.log(`extension-tests: ${passed} passed, ${failed} failed`);
  process.exit(r.ok ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(e); process.exit(1); });
}

export { paths };
