// test/e2e/code-server.mjs — run a real VS Code (code-server 4.139.1 / VS Code 1.139.1)
// for end-to-end tests, isolated and always cleaned up. ESM, plain JS, runs on Node >= 20.
// Prerequisite: `bash test/e2e/setup.sh` (installs Node 24, code-server and chromium
// into .cache/e2e, or $PLAYBOOK_E2E_CACHE).
//
// Typical use (see smoke.mjs for a complete example):
//
//   import { createRun, installExtension, startCodeServer, launchBrowser, openWorkbench }
//     from './code-server.mjs';
//   const run = createRun({ name: 'hover', settings: { 'editor.tabSize': 2 } });
//   try {
//     await installExtension(run, '/abs/path/ext.vsix');
//     const server = await startCodeServer(run, { workspace: '/abs/ws' });
//     const context = await launchBrowser(run);
//     const page = await openWorkbench(context, server, { workspace: '/abs/ws' });
//     ... drive the page with workbench.mjs helpers ...
//   } finally {
//     await run.dispose();   // closes browsers, kills every process group, bounded
//   }
//
// API
//   paths                       { root, cache, node24, codeServerEntry, chromium, runsDir, screenshotsDir,
//                                 playwrightFallback }
//                               runsDir / screenshotsDir: <repo>/.cache/e2e/{runs,screenshots}
//                               (PLAYBOOK_E2E_RUNS / PLAYBOOK_E2E_SCREENSHOTS), wherever the cache is
//   ensureInstalled()           throws a clear error if setup.sh has not been run
//   createRun({ name?, settings? }) -> Run
//       Makes <runsDir>/<timestamp>-<pid>-<name>/ with xdg/{data,config,cache}, tmp (a link to
//       a short /tmp/pble2e-XXXXXX: unix socket paths must be short),
//       user-data (settings at user-data/User/settings.json), extensions, browser-profile,
//       config.yaml, logs/. `settings` are merged over DEFAULT_SETTINGS. Registers the run
//       for cleanup on process exit / SIGINT / SIGTERM / SIGHUP.
//       Run: { dir, env, userDataDir, extensionsDir, configFile, browserProfileDir, logsDir,
//              writeSettings(obj), dispose(), track(child) }
//       Old runs of dead processes are pruned (newest 5 kept) unless PLAYBOOK_E2E_KEEP_RUNS
//       is set; a run folder is kept after dispose() for its logs.
//   DEFAULT_SETTINGS            the user settings every run gets
//   copyWorkspace(run, src, name?) -> dest   copy a fixture folder to <run>/workspaces/<name>
//   installExtension(run, vsix, { timeoutMs = 60000 }) -> stdout
//       `code-server --install-extension X.vsix --force` into run.extensionsDir.
//   runCodeServerCli(run, args, { timeoutMs }) -> { code, stdout, stderr }
//   startCodeServer(run, { workspace?, env?, extraArgs?, timeoutMs = 30000 }) -> Server
//       Starts code-server in its own process group (detached => setsid(2)) on a free
//       127.0.0.1 port, polls /healthz until HTTP 200 (bounded), fails fast with the
//       log tail if it exits. A sh watchdog leads the group and kills it if this Node
//       process dies without cleaning up (even SIGKILL). `env` is added to code-server's
//       environment, which its extension hosts (so your extension and its language
//       server) inherit. Logs: server.logFile; VS Code's own logs: <run>/user-data/logs/.
//       Server: { port, url, pid, logFile, env, workspace, folderUrl(ws, query?), stop() }
//   killGroup(pid, { graceMs = 1000 })      SIGTERM the group, SIGKILL after graceMs
//   launchBrowser(run, { extraArgs?, viewport?, headless = true, timeoutMs = 30000 })
//       -> playwright BrowserContext (persistent, fresh profile in the run folder,
//          Debian /usr/bin/chromium, flags from the notes incl.
//          --disable-features=LocalNetworkAccessChecks). Closed by run.dispose().
//   openWorkbench(context, server, { workspace, payload?, smokeTestDriver?, timeoutMs = 60000 })
//       -> Page at http://127.0.0.1:PORT/?folder=WS[&payload=...], waiting for
//          `.monaco-workbench`. smokeTestDriver (default: true when payload is given)
//          rewrites the served HTML so developmentOptions.enableSmokeTestDriver is true
//          (needed for extensionDevelopmentPath/extensionTestsPath payloads).
//   enableSmokeTestDriver(page, server)   just the HTML rewrite (page.route), for own pages
//   buildPayload({ server, extensionDevelopmentPath, extensionTestsPath }) -> array
//   CHROMIUM_ARGS, freePort(), sleep(ms)
//   waitFor(fn, { timeoutMs, intervalMs, what }) -> the first truthy value of fn() (bounded)
//
// Environment knobs: PLAYBOOK_E2E_CACHE (cache dir), PLAYBOOK_E2E_HEADFUL=1 (show the
// browser; needs a display), PLAYBOOK_E2E_KEEP_RUNS=1 (do not prune old run folders).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cache = path.resolve(process.env.PLAYBOOK_E2E_CACHE || path.join(root, '.cache/e2e'));

export const paths = {
  root,
  cache,
  node24: path.join(cache, 'node24/bin/node'),
  codeServerEntry: path.join(cache, 'code-server/node_modules/code-server/out/node/entry.js'),
  chromium: process.env.PLAYBOOK_E2E_CHROMIUM || '/usr/bin/chromium',
  // Run folders (logs, workspaces) and screenshots stay in the checkout (.cache/ is
  // git-ignored) even when the install cache lives elsewhere (CI: PLAYBOOK_E2E_CACHE).
  runsDir: path.resolve(process.env.PLAYBOOK_E2E_RUNS || path.join(root, '.cache/e2e/runs')),
  screenshotsDir: path.resolve(process.env.PLAYBOOK_E2E_SCREENSHOTS || path.join(root, '.cache/e2e/screenshots')),
  // playwright-core: the repository's devDependency, else the copy setup.sh installs here.
  playwrightFallback: path.join(cache, 'playwright'),
};

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'editor.hover.delay': 50,
  'editor.hover.sticky': true,
  'editor.minimap.enabled': false,
  // Keep the rendered lines equal to the text (workbench.mjs reads and measures them):
  'editor.renderWhitespace': 'none',
  'editor.inlayHints.enabled': 'off',
  'editor.wordWrap': 'off',
  'editor.stickyScroll.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
  'explorer.compactFolders': false, // one Explorer row per folder (workbench.mjs openFile)
  'editor.emptySelectionClipboard': false, // readEditorText on an empty file
  'editor.scrollBeyondLastLine': false,
  'editor.quickSuggestionsDelay': 10,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
};

// ------------------------------------------------------------------ cleanup registry
// Everything started here is registered; it is torn down on dispose(), on normal
// exit (synchronously: SIGKILL to each process group) and on SIGINT/SIGTERM/SIGHUP.
const liveGroups = new Set(); // pids that lead their own process group
const liveRuns = new Set();
const liveTmpDirs = new Set();
let handlersInstalled = false;

function killGroupSync(pid, signal = 'SIGKILL') {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

// Is any non-zombie process left in group `pgid`? (Zombies count for kill(-pgid, 0) but
// cannot be killed: orphans wait for init to reap them.) Reads /proc; falls back to kill 0.
function groupAlive(pgid) {
  try { process.kill(-pgid, 0); } catch (e) { if (e.code !== 'EPERM') return false; }
  let entries;
  try { entries = fs.readdirSync('/proc'); } catch { return true; }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let stat;
    try { stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8'); } catch { continue; }
    // pid (comm) state ppid pgrp ...  — comm may contain spaces/parens: split after the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[2]) === pgid && rest[0] !== 'Z' && rest[0] !== 'X') return true;
  }
  return false;
}

function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroupSync(pid);
    for (const t of liveTmpDirs) { try { fs.rmSync(t, { recursive: true, force: true }); } catch { /* ignore */ } }
  });
  const onSignal = async (sig) => {
    const code = 128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[sig] || 1);
    process.stderr.write(`\n[e2e] ${sig}: cleaning up ${liveRuns.size} run(s)\n`);
    const hard = setTimeout(() => process.exit(code), 8000); // bounded cleanup
    hard.unref();
    try { await Promise.all([...liveRuns].map((r) => r.dispose())); } catch { /* ignore */ }
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, onSignal);
}

/** SIGTERM the whole process group led by pid, then SIGKILL after graceMs. */
export async function killGroup(pid, { graceMs = 1000 } = {}) {
  if (!pid) return;
  killGroupSync(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pid)) killGroupSync(pid, 'SIGKILL');
  const hardDeadline = Date.now() + 2000;
  while (groupAlive(pid) && Date.now() < hardDeadline) await sleep(50);
  liveGroups.delete(pid);
}

// ------------------------------------------------------------------ small utilities
export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

/** Poll fn() until it returns a truthy value; throw after timeoutMs. */
export async function waitFor(fn, { timeoutMs = 10000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { lastErr = e; }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` + (lastErr ? ` (last error: ${lastErr.message})` : ''));
    }
    await sleep(intervalMs);
  }
}

export function ensureInstalled() {
  const missing = [paths.node24, paths.codeServerEntry, paths.chromium].filter((p) => !fs.existsSync(p));
  if (missing.length) {
    throw new Error(`e2e toolchain missing (${missing.join(', ')}); run: bash test/e2e/setup.sh`);
  }
}

function timestamp() {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

function tail(file, lines = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

function pidAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

// Run folders are named <timestamp>-<pid>-<name>: never prune one whose process lives
// (another e2e process may be using it).
function pruneRuns(keep = 5) {
  if (process.env.PLAYBOOK_E2E_KEEP_RUNS) return;
  let entries;
  try { entries = fs.readdirSync(paths.runsDir).sort(); } catch { return; }
  const dead = entries.filter((e) => {
    const m = e.match(/Z-(\d+)-/);
    return !m || !pidAlive(Number(m[1]));
  });
  for (const e of dead.slice(0, Math.max(0, dead.length - keep))) {
    fs.rmSync(path.join(paths.runsDir, e), { recursive: true, force: true });
  }
  try { // screenshots: keep the newest 100
    const shots = fs.readdirSync(paths.screenshotsDir).sort();
    for (const f of shots.slice(0, Math.max(0, shots.length - 100))) fs.rmSync(path.join(paths.screenshotsDir, f), { force: true });
  } catch { /* none yet */ }
}

// Remove /tmp/pble2e-<pid>-* folders whose owner process is gone (killed with SIGKILL).
function pruneStaleTmp(base) {
  let entries;
  try { entries = fs.readdirSync(base); } catch { return; }
  for (const e of entries) {
    const m = e.match(/^pble2e-(\d+)-/);
    if (!m) continue;
    if (!pidAlive(Number(m[1]))) fs.rmSync(path.join(base, e), { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ runs
export function createRun({ name = 'run', settings = {} } = {}) {
  ensureInstalled();
  installExitHandlers();
  pruneRuns();
  const dir = path.join(paths.runsDir, `${timestamp()}-${process.pid}-${name.replace(/[^\w.-]/g, '_')}`);
  const d = (p) => { const full = path.join(dir, p); fs.mkdirSync(full, { recursive: true }); return full; };
  const xdgData = d('xdg/data');
  const xdgConfig = d('xdg/config');
  const xdgCache = d('xdg/cache');
  // TMPDIR / XDG_RUNTIME_DIR hold unix sockets (chromium's SingletonSocket, VS Code's
  // vscode-ipc-*.sock), whose paths must stay under ~107 bytes: a deep run folder is too
  // long, so they live in a short /tmp/pble2e-XXXXXX, linked from <run>/tmp and removed
  // by dispose() (and on process exit).
  const tmpBase = fs.existsSync('/tmp') ? '/tmp' : os.tmpdir();
  pruneStaleTmp(tmpBase);
  const tmp = fs.mkdtempSync(path.join(tmpBase, `pble2e-${process.pid}-`));
  liveTmpDirs.add(tmp);
  try { fs.symlinkSync(tmp, path.join(dir, 'tmp')); } catch { /* informational only */ }
  const userDataDir = d('user-data');
  const extensionsDir = d('extensions');
  const browserProfileDir = d('browser-profile');
  const logsDir = d('logs');
  const configFile = path.join(dir, 'config.yaml');
  fs.writeFileSync(configFile, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');

  const env = {
    ...process.env,
    XDG_DATA_HOME: xdgData,
    XDG_CONFIG_HOME: xdgConfig,
    XDG_CACHE_HOME: xdgCache,
    XDG_RUNTIME_DIR: tmp,
    TMPDIR: tmp,
    // Node 24 first on PATH: code-server's CLI helpers and the extension host use it.
    PATH: `${path.dirname(paths.node24)}:${process.env.PATH}`,
    // No extension gallery: without this the workbench queries open-vsx.org (unreachable
    // here) for updates and recommendations.
    EXTENSIONS_GALLERY: '{}',
    VSCODE_CLI: undefined,
    ELECTRON_RUN_AS_NODE: undefined,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];

  const contexts = new Set();
  const run = {
    name,
    dir,
    env,
    userDataDir,
    extensionsDir,
    configFile,
    browserProfileDir,
    logsDir,
    tmpDir: tmp,
    contexts,
    groups: new Set(),
    writeSettings(obj) {
      const user = path.join(userDataDir, 'User');
      fs.mkdirSync(user, { recursive: true });
      fs.writeFileSync(path.join(user, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...obj }, null, 2));
    },
    /** Register a detached child (its pid leads its process group). */
    track(child) {
      liveGroups.add(child.pid);
      run.groups.add(child.pid);
      return child;
    },
    _disposed: null,
    dispose() {
      if (!run._disposed) {
        run._disposed = (async () => {
          for (const c of contexts) {
            await Promise.race([c.close().catch(() => {}), sleep(5000)]);
          }
          contexts.clear();
          await Promise.all([...run.groups].map((pid) => killGroup(pid)));
          run.groups.clear();
          fs.rmSync(tmp, { recursive: true, force: true });
          liveTmpDirs.delete(tmp);
          liveRuns.delete(run);
        })();
      }
      return run._disposed;
    },
  };
  run.writeSettings(settings);
  liveRuns.add(run);
  return run;
}

/** Copy a fixture folder into the run folder (so tests may edit/save freely); returns its path. */
export function copyWorkspace(run, src, name = path.basename(path.resolve(src))) {
  const dest = path.join(run.dir, 'workspaces', name);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.cpSync(path.resolve(src), dest, { recursive: true });
  return dest;
}

function codeServerBaseArgs(run) {
  return [
    paths.codeServerEntry,
    '--config', run.configFile,
    '--user-data-dir', run.userDataDir,
    '--extensions-dir', run.extensionsDir,
  ];
}

/** Run a one-shot code-server CLI command (own process group, bounded). */
export async function runCodeServerCli(run, args, { timeoutMs = 60000 } = {}) {
  const child = run.track(spawn(paths.node24, [...codeServerBaseArgs(run), ...args], {
    env: run.env, cwd: run.dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  }));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => { stdout += b; });
  child.stderr.on('data', (b) => { stderr += b; });
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => { killGroupSync(child.pid); resolve('timeout'); }, timeoutMs);
    child.on('exit', (c, s) => { clearTimeout(timer); resolve(c ?? s); });
    child.on('error', (e) => { clearTimeout(timer); stderr += String(e); resolve('spawn-error'); });
  });
  await killGroup(child.pid, { graceMs: 500 }); // anything it left behind
  run.groups.delete(child.pid);
  return { code, stdout, stderr };
}

export async function installExtension(run, vsix, { timeoutMs = 60000 } = {}) {
  const abs = path.resolve(vsix);
  if (!fs.existsSync(abs)) throw new Error(`no such vsix: ${abs}`);
  const r = await runCodeServerCli(run, ['--install-extension', abs, '--force'], { timeoutMs });
  if (r.code !== 0 || !/successfully installed/i.test(r.stdout + r.stderr)) {
    throw new Error(`installing ${abs} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function healthz(url) {
  const ctl = new AbortController();
  const t = setTimeout(() => ctl.abort(), 1000);
  try {
    const res = await fetch(`${url}/healthz`, { signal: ctl.signal });
    await res.arrayBuffer().catch(() => {});
    return res.status === 200;
  } catch {
    return false;
  } finally {
    clearTimeout(t);
  }
}

const WATCHDOG = 'exec 3<&0; "$0" "$@" </dev/null 3<&- & p=$!; '
  + '{ read -r _ <&3; kill -KILL 0; } & '
  + 'wait "$p"; kill -KILL 0';

/**
 * Start code-server for `run`. Retries once on another port if it dies early
 * (e.g. a port race). Returns { port, url, pid, logFile, folderUrl, stop }.
 */
export async function startCodeServer(run, { workspace, env = {}, extraArgs = [], timeoutMs = 30000, workspaceTrust = false } = {}) {
  let lastErr;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logFile = path.join(run.logsDir, `code-server-${port}.log`);
    const logFd = fs.openSync(logFile, 'a');
    const args = [
      ...codeServerBaseArgs(run),
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      // workspaceTrust: the folder is untrusted unless the user trusts it (restricted mode).
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--reconnection-grace-time', '5',
      ...extraArgs,
      ...(workspace ? [path.resolve(workspace)] : []),
    ];
    // detached: true => the child calls setsid(2): new session + process group whose
    // id is child.pid; code-server, its extension hosts and language servers stay in it.
    // The child is a tiny sh watchdog: it runs code-server and kills the whole group when
    // code-server exits or when its stdin (a pipe from this process) reaches EOF, i.e.
    // when this driver dies, even by SIGKILL.
    const child = run.track(spawn('/bin/sh', ['-c', WATCHDOG, paths.node24, ...args], {
      env: { ...run.env, ...env }, cwd: run.dir, detached: true, stdio: ['pipe', logFd, logFd],
    }));
    fs.closeSync(logFd);
    child.stdin.on('error', () => {});
    child.stdin.unref?.();
    child.unref();
    let exited = null;
    child.on('exit', (c, s) => { exited = { code: c, signal: s }; });
    child.on('error', (e) => { exited = { error: e }; });
    try {
      await waitFor(async () => {
        if (exited) throw Object.assign(new Error(`code-server exited early: ${JSON.stringify(exited)}`), { fatal: true });
        return healthz(url);
      }, { timeoutMs, intervalMs: 100, what: `code-server /healthz on ${url}` });
    } catch (e) {
      lastErr = new Error(`${e.message}\n--- ${logFile} (tail) ---\n${tail(logFile)}`);
      await killGroup(child.pid, { graceMs: 500 });
      run.groups.delete(child.pid);
      if (exited && attempt === 1) continue;
      throw lastErr;
    }
    const server = {
      port,
      url,
      pid: child.pid,
      logFile,
      env, // the extra environment it was started with
      workspace: workspace && path.resolve(workspace),
      folderUrl(ws = workspace, query = {}) {
        const q = new URLSearchParams({ folder: path.resolve(ws), ...query });
        return `${url}/?${q.toString()}`;
      },
      async stop() {
        await killGroup(child.pid);
        run.groups.delete(child.pid);
      },
    };
    return server;
  }
  throw lastErr;
}

// ------------------------------------------------------------------ browser
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-features=LocalNetworkAccessChecks',
];

let playwright;
function loadPlaywright() {
  if (!playwright) {
    let lastErr;
    for (const base of [root, paths.playwrightFallback]) {
      try {
        playwright = createRequire(path.join(base, 'package.json'))('playwright-core');
        break;
      } catch (e) { lastErr = e; }
    }
    if (!playwright) throw new Error(`playwright-core not found (npm ci, or bash test/e2e/setup.sh): ${lastErr && lastErr.message}`);
  }
  return playwright;
}

/** Launch Debian chromium with a fresh persistent profile in the run folder. */
export async function launchBrowser(run, { extraArgs = [], viewport = { width: 1600, height: 1000 }, headless, timeoutMs = 30000 } = {}) {
  const { chromium } = loadPlaywright();
  const isHeadless = headless ?? !process.env.PLAYBOOK_E2E_HEADFUL;
  const context = await chromium.launchPersistentContext(run.browserProfileDir, {
    executablePath: paths.chromium,
    headless: isHeadless,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport,
    timeout: timeoutMs,
    env: { ...run.env, HOME: run.dir },
    // We clean up ourselves (run.dispose + our signal handlers); playwright still
    // kills the browser synchronously on process exit.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  run.contexts.add(context);
  context.on('close', () => run.contexts.delete(context));
  return context;
}

export function buildPayload({ server, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return payload;
}

/**
 * Rewrite the served workbench HTML so its configuration has
 * developmentOptions.enableSmokeTestDriver = true. The configuration lives in
 * <meta id="vscode-workbench-web-configuration" data-settings="{...HTML-escaped JSON...}">.
 */
export async function enableSmokeTestDriver(page, server) {
  await page.route((u) => u.origin === server.url && (u.pathname === '/' || u.pathname === ''), async (route) => {
    const res = await route.fetch();
    let body = await res.text();
    const re = /(id="vscode-workbench-web-configuration"[^>]*data-settings=")([^"]*)(")/;
    const m = body.match(re);
    if (m) {
      const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      const escape = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const cfg = JSON.parse(unescape(m[2]));
      cfg.developmentOptions = { ...(cfg.developmentOptions || {}), enableSmokeTestDriver: true };
      body = body.replace(re, (_all, a, _b, c) => a + escape(JSON.stringify(cfg)) + c);
    } else {
      console.warn('[e2e] workbench configuration meta tag not found; smoke test driver not enabled');
    }
    await route.fulfill({ response: res, body });
  });
}

/** Open the workbench for `workspace` (optionally with a test payload) and wait until it is up. */
export async function openWorkbench(context, server, { workspace = server.workspace, payload, smokeTestDriver, timeoutMs = 60000 } = {}) {
  const page = context.pages()[0] || await context.newPage();
  if (smokeTestDriver ?? Boolean(payload && payload.length)) await enableSmokeTestDriver(page, server);
  const query = payload && payload.length ? { payload: JSON.stringify(payload) } : {};
  await page.goto(server.folderUrl(workspace, query), { timeout: timeoutMs, waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  return page;
}

