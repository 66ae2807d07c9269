#!/usr/bin/env node
// test/e2e/run-all.mjs — the whole end-to-end run in a real VS Code (code-server), one
// command: `npm run e2e` (= node test/e2e/run-all.mjs).
//
//  0. setup: bash test/e2e/setup.sh (idempotent; about 1 s when everything is installed).
//     Exit 3 from it (this machine cannot provide the toolchain) -> a SKIPPED line, no
//     pass: "e2e: 0 passed, 0 failed, 1 skipped", exit 0 (exit 1 with PLAYBOOK_E2E_REQUIRED=1).
//  1. build: `npm run package` (the build, in its production form, + vsce) -> dist/ and
//     dist/playbook-lint.vsix, including the extension-host suite
//     dist/test/vscode/suite/index.js
//  2. the expected problems of samples/with-problems from the real CLI (-f json)
//  3. ONE code-server (own process group) + ONE chromium; the VSIX is installed into it
//  4. the extension-host suite (test/vscode/suite, the same one run-electron.ts runs under
//     @vscode/test-electron) inside code-server's extension host, with
//     extensionDevelopmentPath = the checkout (the extension built from source; it takes
//     precedence over the installed copy in that window only), on a copy of
//     samples/with-problems; per-test results come back through ext-host-shim.cjs
//  5. the UI tests (ui-tests.mjs) in a second window of the same server and browser,
//     without the payload: the INSTALLED VSIX, on another copy of samples/with-problems
//  6. the web tests (web-tests.mjs): the same VSIX's browser build in code-server's web worker
//     extension host (user setting remote.extensionKind), the UI tests on a disk folder and on
//     an in-memory tmp: folder, and a check that the browser entry is what runs
//  7. restricted mode (restricted-tests.mjs): a code-server with workspace trust on, a copy
//     of samples/with-problems nobody trusted: the window is in Restricted Mode and the live
//     preview test (p) passes there
//  8. per-test PASS/FAIL lines, then exactly `e2e: N passed, N failed` (`, N skipped` when
//     something was skipped); exit 1 on any failure or when nothing ran.
// Everything started is in its own process group and is stopped in `finally`, on
// SIGINT/SIGTERM/SIGHUP and when the deadline after setup (PLAYBOOK_E2E_TIMEOUT seconds,
// default 600) passes; setup.sh is bounded separately (20 min). Failure screenshots: .cache/e2e/screenshots/. Logs: the run folder
// printed at the start (.cache/e2e/runs/...).
//
// Options (for debugging and for broken-extension-check.mjs):
//   --no-setup            do not run setup.sh
//   --no-build            use dist/ and the VSIX as they are
//   --extension DIR       extensionDevelopmentPath for the suite (default: the checkout)
//   --vsix FILE           the VSIX for the UI tests (default: dist/playbook-lint.vsix)
//   --only suite|ui|web|restricted   run one part
//   --ui a,b,...          run only these UI tests
//   --summary FILE        also write the results as JSON

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
const lap = (msg) => console.log(`[e2e +${secs()}s] ${msg}`);

function parseArgs(argv) {
  const o = { setup: true, build: true, extension: root, vsix: path.join(root, 'dist/playbook-lint.vsix'), only: null, ui: null, summary: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    switch (a) {
      case '--no-setup': o.setup = false; break;
      case '--no-build': o.build = false; break;
      case '--extension': o.extension = path.resolve(val()); break;
      case '--vsix': o.vsix = path.resolve(val()); break;
      case '--only': o.only = val(); if (!['suite', 'ui', 'web', 'restricted'].includes(o.only)) throw new Error('--only suite|ui|web|restricted'); break;
      case '--ui': o.ui = val().split(','); break;
      case '--summary': o.summary = path.resolve(val()); break;
      case '-h': case '--help': o.help = true; break;
      default: throw new Error(`unknown argument ${a}`);
    }
  }
  return o;
}

// ------------------------------------------------------------------ child processes
// Build and setup run in their own process group, bounded, killed with us.
const children = new Set();
function killChildren() {
  for (const pid of children) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
}
process.on('exit', killChildren);
// Setup and build run in their own process groups, which a terminal's Ctrl+C does not
// reach: stop them here. Once code-server.mjs is loaded, its handlers stop code-server
// and chromium (bounded) and exit.
let codeServerLoaded = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    killChildren();
    if (!codeServerLoaded) {
      console.log(`[e2e] ${sig}: stopped`);
      process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[sig]));
    }
  });
}

function runStep(name, cmd, args, { timeoutMs, env = process.env, echo = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child.pid);
    let out = '';
    const onData = (b) => { out += b; if (echo) process.stdout.write(String(b).replace(/^(?=.)/gm, '    ')); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    const done = (code) => {
      clearTimeout(timer);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* nothing left */ }
      children.delete(child.pid);
      resolve({ code: timedOut ? 'timeout' : code, out, name });
    };
    child.on('error', (e) => { out += String(e); done('spawn-error'); });
    child.on('close', (code, signal) => done(code ?? signal));
  });
}

// ------------------------------------------------------------------ results
const results = []; // { group, title, state, error?, durationMs? }
function record(group, title, state, error, durationMs) {
  results.push({ group, title, state, error, durationMs });
}

function finish(code, { skippedReason } = {}) {
  const passed = results.filter((r) => r.state === 'passed').length;
  const failed = results.filter((r) => r.state === 'failed').length;
  const skipped = results.filter((r) => r.state === 'skipped' || r.state === 'pending').length;
  if (options?.summary) {
    fs.mkdirSync(path.dirname(options.summary), { recursive: true });
    fs.writeFileSync(options.summary, JSON.stringify({ passed, failed, skipped, skippedReason: skippedReason ?? null, elapsedS: Number(secs()), results }, null, 2));
  }
  const failedTests = results.filter((r) => r.state === 'failed');
  if (failedTests.length) {
    console.log('\nFailed:');
    for (const r of failedTests) console.log(`  - [${r.group}] ${r.title}`);
  }
  console.log(`[e2e] ${failed || code ? 'FAILED' : skippedReason ? 'SKIPPED' : 'OK'} in ${secs()} s`);
  console.log(`e2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = code || (failed ? 1 : 0);
}

let options;

async function main() {
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e.message}\nusage: node test/e2e/run-all.mjs [--no-setup] [--no-build] [--extension DIR] [--vsix FILE] [--only suite|ui|web|restricted] [--ui a,b] [--summary FILE]`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
    return;
  }
  // 0. setup
  if (options.setup) {
    lap('setup: bash test/e2e/setup.sh');
    const r = await runStep('setup', 'bash', [path.join(here, 'setup.sh')], { timeoutMs: 20 * 60 * 1000, echo: true });
    if (r.code === 3) {
      const reason = (r.out.match(/CANNOT: (.*)/) || [])[1] || 'the e2e toolchain cannot be installed here';
      console.log(`SKIPPED: e2e tests in a real VS Code did not run: ${reason}`);
      const required = process.env.PLAYBOOK_E2E_REQUIRED === '1';
      if (required) console.log('PLAYBOOK_E2E_REQUIRED=1: a skipped e2e run is a failure');
      record('e2e', 'real-VS-Code tests (setup.sh could not install the toolchain)', required ? 'failed' : 'skipped', reason);
      finish(0, { skippedReason: reason });
      return;
    }
    if (r.code !== 0) {
      record('setup', 'bash test/e2e/setup.sh', 'failed', `exit ${r.code}`);
      finish(1);
      return;
    }
  }

  // The run after setup (which has its own bound) has a deadline: everything is stopped then.
  const deadlineS = Number(process.env.PLAYBOOK_E2E_TIMEOUT || 600);
  const watchdog = setTimeout(() => {
    console.log(`[e2e] deadline of ${deadlineS} s (PLAYBOOK_E2E_TIMEOUT) passed: stopping everything`);
    record('e2e', `build and tests finished within ${deadlineS} s`, 'failed', 'timed out');
    finish(1);
    process.exit(1); // the exit handlers kill code-server, chromium and any build (SIGKILL to each group)
  }, deadlineS * 1000);
  watchdog.unref();

  // 1. build + package
  if (options.build) {
    lap('build: npm run package (build + VSIX)');
    const r = await runStep('build', 'npm', ['run', 'package', '--silent'], { timeoutMs: 10 * 60 * 1000 });
    if (r.code !== 0) {
      console.log(r.out.split('\n').slice(-40).map((l) => `    ${l}`).join('\n'));
      record('build', 'npm run package', 'failed', `exit ${r.code}`);
      finish(1);
      return;
    }
  }
  const suiteIndex = path.join(options.extension, 'dist/test/vscode/suite/index.js');
  for (const f of [options.vsix, suiteIndex, path.join(options.extension, 'dist/extension.js'), path.join(root, 'dist/cli.js')]) {
    if (!fs.existsSync(f)) {
      record('build', `${path.relative(root, f)} exists`, 'failed', 'missing: build first (npm run package)');
      finish(1);
      return;
    }
  }

  // Loaded after setup: they need the toolchain (and playwright-core) in place.
  const cs = await import('./code-server.mjs');
  codeServerLoaded = true;
  const { runSuiteInWorkbench, extensionTestEnv } = await import('./run-extension-tests.mjs');
  const { expectedProblems, runUiTests } = await import('./ui-tests.mjs');
  const wb = await import('./workbench.mjs');
  wb.setDefaultTimeout(Number(process.env.PLAYBOOK_E2E_STEP_TIMEOUT_MS || 20000));

  // 2. expected problems, from the real CLI on the repository's sample
  const sample = path.join(root, 'samples/with-problems');
  let expected;
  try {
    expected = expectedProblems(path.join(root, 'dist/cli.js'), sample);
    lap(`expected problems from the CLI: ${expected.length} in samples/with-problems`);
  } catch (e) {
    record('ui', 'expected problems from the CLI', 'failed', e.message);
    finish(1);
    return;
  }

  // Parts 4 and 5 share one code-server; the web and restricted parts start their own.
  if (!options.only || options.only === 'suite' || options.only === 'ui') await runSuiteAndUi();
  async function runSuiteAndUi() {
    const run = cs.createRun({ name: 'e2e', settings: { 'editor.wordBasedSuggestions': 'off', 'editor.codeActionsOnSave': { 'source.fixAll.playbook-lint': 'explicit' } } });
    lap(`run folder ${path.relative(root, run.dir)}`);
    try {
      // Copy the VSIX first: another build in a shared checkout may rewrite dist/.
      const vsix = path.join(run.dir, path.basename(options.vsix));
      fs.copyFileSync(options.vsix, vsix);
      if (options.only !== 'suite') await cs.installExtension(run, vsix);
      const suiteWs = cs.copyWorkspace(run, sample, 'suite-with-problems');
      const uiWs = cs.copyWorkspace(run, sample, 'with-problems');
      const resultsFile = path.join(run.dir, 'suite-results.json');
      const server = await cs.startCodeServer(run, {
        workspace: uiWs,
        env: extensionTestEnv({ extension: options.extension, tests: suiteIndex, results: resultsFile }),
      });
      const context = await cs.launchBrowser(run);
      lap(`code-server ${server.url} and chromium up${options.only !== 'suite' ? `; ${path.basename(options.vsix)} installed` : ''}`);

      // 4. the extension-host suite, extension built from source
      if (!options.only || options.only === 'suite') {
        lap(`extension-host suite: ${path.relative(root, suiteIndex) || suiteIndex} with extensionDevelopmentPath ${options.extension}`);
        let r;
        try {
          r = await runSuiteInWorkbench({
            server, context, extension: options.extension, workspace: suiteWs,
            timeoutMs: 300000, startTimeoutMs: 90000,
            consoleLog: path.join(run.logsDir, 'suite-console.log'),
            log: (m) => console.log(`    ${m}`),
          });
        } catch (e) {
          r = { ok: false, results: null, reason: `infrastructure error: ${e.stack || e.message}` };
        }
        for (const t of r.results?.tests ?? []) {
          record('extension host', t.title, t.state, t.error, t.durationMs);
          console.log(`  ${t.state === 'passed' ? 'PASS' : t.state === 'failed' ? 'FAIL' : 'SKIP'}  [extension host] ${t.title}${t.durationMs ? ` (${t.durationMs} ms)` : ''}`);
          if (t.error) console.log(t.error.split('\n').map((l) => `        ${l}`).join('\n'));
        }
        if (!r.ok && !(r.results?.failed > 0)) {
          // No per-test failure explains it: the suite did not start, hung or run() threw.
          record('extension host', 'the extension-host suite ran to the end', 'failed', r.reason + (r.results?.error ? `\n${r.results.error}` : ''));
          console.log(`  FAIL  [extension host] the suite did not complete: ${r.reason}`);
          if (r.results?.error) console.log(r.results.error.split('\n').map((l) => `        ${l}`).join('\n'));
          console.log(`        console: ${path.join(run.logsDir, 'suite-console.log')}`);
        }
        if (r.ok && !(r.results?.passed > 0)) {
          record('extension host', 'the extension-host suite ran tests', 'failed', 'no test passed');
        }
        lap(`extension-host suite done (${r.reason})`);
      }

      // 5. UI tests against the installed VSIX
      if (!options.only || options.only === 'ui') {
        lap('UI tests: a window on a copy of samples/with-problems, the installed VSIX');
        let page;
        try {
          page = await cs.openWorkbench(context, server, { workspace: uiWs, timeoutMs: 90000 });
          await wb.waitForWorkbench(page);
        } catch (e) {
          record('ui', 'the workbench opens', 'failed', e.message);
          console.log(`  FAIL  [ui] the workbench did not open: ${e.message}`);
        }
        if (page) {
          const ui = await runUiTests({ page, workspace: uiWs, expected, extensionsDir: run.extensionsDir, only: options.ui, docsShots: true, log: (m) => console.log(m) });
          for (const t of ui) record('ui', t.title, t.state, t.error, t.durationMs);
        }
        lap('UI tests done');
      }
    } catch (e) {
      record('e2e', 'infrastructure', 'failed', e.stack || e.message);
      console.log(`  FAIL  [e2e] infrastructure: ${e.stack || e.message}`);
    } finally {
      await run.dispose();
      lap(`code-server and chromium stopped (logs: ${path.relative(root, run.dir)})`);
    }
  }

  // 6. the browser build, in the web worker extension host
  if (!options.only || options.only === 'web') {
    lap('web tests: the installed VSIX\'s browser build in the web worker host (a disk folder, then an in-memory tmp: folder)');
    try {
      const { runWebTests } = await import('./web-tests.mjs');
      const web = await runWebTests({ cs, wb, vsix: options.vsix, sample, expected, only: options.ui, log: (m) => console.log(m) });
      for (const t of web) record(t.group, t.title, t.state, t.error, t.durationMs);
    } catch (e) {
      record('web', 'infrastructure', 'failed', e.stack || e.message);
      console.log(`  FAIL  [web] infrastructure: ${e.stack || e.message}`);
    }
    lap('web tests done');
  }
  // 7. restricted mode: an untrusted folder, the installed VSIX
  if (!options.only || options.only === 'restricted') {
    lap('restricted mode: workspace trust on, an untrusted copy of samples/with-problems, the installed VSIX');
    try {
      const { runRestrictedTests } = await import('./restricted-tests.mjs');
      const restricted = await runRestrictedTests({ cs, wb, vsix: options.vsix, sample, expected, log: (m) => console.log(m) });
      for (const t of restricted) record(t.group, t.title, t.state, t.error, t.durationMs);
    } catch (e) {
      record('restricted mode', 'infrastructure', 'failed', e.stack || e.message);
      console.log(`  FAIL  [restricted mode] infrastructure: ${e.stack || e.message}`);
    }
    lap('restricted mode done');
  }
  if (!results.length) record('e2e', 'any test ran', 'failed', 'nothing ran');
  finish(0);
}

main().catch((e) => {
  console.error(e);
  record('e2e', 'run-all', 'failed', e.message);
  finish(1);
});

