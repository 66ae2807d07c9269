#!/usr/bin/env node
// Where the time goes between page.goto of code-server's workbench and the web worker extension
// host running its first extension (issue 17's "first diagnostics within 5 s of opening"): VS Code's
// own performance marks, read from the workbench page (performance.getEntriesByType('mark'): the
// marks behind "Developer: Startup Performance") and from inside the web worker host (a probe
// extension with activation "*" logs that thread's marks when it is activated), on one clock
// (epoch ms, shown relative to page.goto); the CPU seconds code-server and chromium spent by then.
//
//   node bench/web-startup-marks.mjs [--ours] [--vsix F] [--loads N] [--existing-storage] [--bare-settings]
//                                    [--fresh-browser] [--restart-server] [--rpc-log PREFIX] [--profile F] [--json F]
//
//   --ours              install Playbook Lint too (the bench's setting runs its browser entry in the web worker host)
//   --loads N           open the workbench N times; loads after the first meet a warm server (a reload)
//   --existing-storage  the workspace's storage folder exists, as for anyone who opened the folder before; without it
//                       every run is a first opening (a fresh user-data folder), like bench/web-code-server.mjs
//   --bare-settings     code-server's defaults instead of the e2e harness's settings (probe only: ours would run in Node)
//   --fresh-browser     each load in a new browser profile;  --restart-server  each load on a new code-server process
//                       (on a new port: the workspace's id, a hash of its vscode-remote URI, changes with it)
//   --rpc-log PREFIX    every extension host message, timed (VS Code's logExtensionHostCommunication), to PREFIX.<load>
//   --profile PREFIX    a CPU profile of the workbench page's main thread, to PREFIX.<load>.cpuprofile (its busy time
//                       up to the first extension is in the summary)
// Needs `bash test/e2e/setup.sh` (and `npm run package` with --ours).

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './generate-corpus.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const MARK = '[web-startup-marks]';
const RPC_LINE = 'Ext \u2192 Win';

function parseArgs(argv) {
  const a = { size: 200, vsix: path.join(REPO, 'dist/playbook-lint.vsix'), loads: 1 };
  const flags = {
    '--ours': 'ours',
    '--existing-storage': 'existingStorage',
    '--bare-settings': 'bare',
    '--fresh-browser': 'freshBrowser',
    '--restart-server': 'restartServer',
  };
  for (let i = 0; i < argv.length; i++) {
    if (flags[argv[i]]) a[flags[argv[i]]] = true;
    else if (argv[i] === '--vsix') a.vsix = path.resolve(argv[++i]);
    else if (argv[i] === '--loads') a.loads = Number(argv[++i]);
    else if (argv[i] === '--size') a.size = Number(argv[++i]);
    else if (argv[i] === '--json') a.json = path.resolve(argv[++i]);
    else if (argv[i] === '--rpc-log') a.rpcLog = path.resolve(argv[++i]);
    else if (argv[i] === '--profile') a.profile = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return a;
}

/** VS Code's string hash (base/common/hash.ts): in the browser a folder's workspace id is hash(its URI).toString(16). */
function vscodeHash(s) {
  const step = (v, h) => ((h << 5) - h + v) | 0;
  let h = step(149417, 0);
  for (let i = 0; i < s.length; i++) h = step(s.charCodeAt(i), h);
  return h.toString(16);
}

/** CPU seconds (user + system) of code-server's process groups ("server") and of this process's other children (chromium). */
function cpuSeconds(groups) {
  const procs = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.push({ pid: Number(pid), ppid: Number(f[1]), pgid: Number(f[2]), cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch {} // ended meanwhile
  }
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const mine = (p) => {
    for (let q = p; q; q = byPid.get(q.ppid)) if (q.ppid === process.pid) return true;
    return false;
  };
  const out = { server: 0, browser: 0 };
  for (const p of procs) {
    if (groups.has(p.pgid)) out.server += p.cpu;
    else if (mine(p)) out.browser += p.cpu;
  }
  return out;
}

/** The probe: on activation it logs the web worker host's own marks (epoch ms). */
const PROBE_SOURCE = `exports.activate = () => {
  const marks = performance.getEntriesByType('mark').map((m) => [m.name, Math.round(performance.timeOrigin + m.startTime)]);
  console.info(${JSON.stringify(MARK)} + JSON.stringify({ now: Date.now(), marks }));
};\n`;

/** One opening of the workbench: marks, CPU, and (with Playbook Lint) its activation and first problem. */
async function openOnce(a, run, context, server, ws, load) {
  const page = context.pages()[0] || (await context.newPage());
  const t0 = Date.now();
  let worker;
  let activated;
  const lines = [];
  page.on('console', (m) => {
    const text = m.text();
    if (a.rpcLog)
      lines.push(
        `${Date.now() - t0} ${text
          .replace(/%c/g, '')
          .replace(/\s*color: \S*/g, '')
          .slice(0, 300)}`,
      );
    const at = text.indexOf(MARK);
    if (at >= 0 && !worker && !text.includes(RPC_LINE)) worker = JSON.parse(text.slice(at + MARK.length, text.lastIndexOf('}') + 1)); // the probe's line
    if (!activated && text.includes('Playbook Lint started (')) activated = Date.now();
  });
  const cdp = a.profile ? await context.newCDPSession(page) : undefined;
  if (cdp) await Promise.all([cdp.send('Profiler.enable'), cdp.send('Profiler.setSamplingInterval', { interval: 500 })]).then(() => cdp.send('Profiler.start'));
  const profileStart = Date.now();
  const cpu0 = cpuSeconds(run.groups);
  const rel = (t) => (t === undefined ? undefined : t - t0);
  const query = a.rpcLog ? { payload: JSON.stringify([['logExtensionHostCommunication', 'true']]) } : {};
  await page.goto(server.folderUrl(ws, query), { timeout: 90000, waitUntil: 'domcontentloaded' });
  while (!worker && Date.now() - t0 < 120000) await new Promise((r) => setTimeout(r, 50));
  const cpu1 = cpuSeconds(run.groups);
  const pageMarks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, Math.round(performance.timeOrigin + m.startTime)]));
  let first;
  while (a.ours && first === undefined && Date.now() - t0 < 120000) {
    const label = await page.evaluate(() => document.querySelector('[id="status.problems"]')?.getAttribute('aria-label') ?? '').catch(() => '');
    if (/[1-9]/.test(label)) first = Date.now();
    else await new Promise((r) => setTimeout(r, 50));
  }
  let mainThreadBusyMs;
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(`${a.profile}.${load}.cpuprofile`, JSON.stringify(profile));
    mainThreadBusyMs = busyUntil(profile, profileStart - t0, rel(worker?.now));
  }
  if (a.rpcLog) writeFileSync(`${a.rpcLog}.${load}`, `${lines.join('\n')}\n`);
  return {
    load,
    hostUpMs: rel(worker?.now),
    activatedMs: rel(activated),
    firstProblemMs: rel(first),
    mainThreadBusyMs,
    cpuToHostUp: { server: +(cpu1.server - cpu0.server).toFixed(2), browser: +(cpu1.browser - cpu0.browser).toFixed(2) },
    page: pageMarks.map(([n, t]) => [n, rel(t)]),
    worker: worker?.marks.map(([n, t]) => [n, rel(t)]),
  };
}

/** Sampled time the page's main thread was not idle, from page.goto until `untilMs` (ms after it). */
function busyUntil(profile, startMs, untilMs) {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let t = startMs;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] / 1000;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (t >= 0 && t <= untilMs && !idle.has(profile.samples[i])) busy += dt;
  }
  return Math.round(busy);
}

const at = (marks, re) => marks?.find(([n]) => re.test(n))?.[1];
/** The steps that bound the web worker host's first extension, ms after page.goto. */
function summary(r) {
  const p = r.page;
  const w = r.worker;
  return [
    `workbench.js loaded ${at(p, /didLoadWorkbenchMain/)}`,
    `workbench started ${at(p, /didStartWorkbench/)}`,
    `extensions scanned ${at(p, /didHandleExtensionPoints/)}`,
    `worker host: script run ${at(w, /willConnectToRenderer/)}, init data ${at(w, /didWaitForInitData/)}, ready ${at(w, /extHost\/ready/)}`,
    `probe loaded ${at(w, /didLoadExtensionCode\/.*probe/)}, activated ${at(w, /willActivateExtension\/.*probe/)}`,
    r.activatedMs === undefined ? '' : `Playbook Lint activated ${r.activatedMs}, first problem ${r.firstProblemMs}`,
    `CPU s by then: code-server ${r.cpuToHostUp.server}, chromium ${r.cpuToHostUp.browser}`,
    r.mainThreadBusyMs === undefined ? '' : `the page's main thread busy ${r.mainThreadBusyMs} ms of it`,
  ]
    .filter(Boolean)
    .join('; ');
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const cs = await import('../test/e2e/code-server.mjs');
  const { packWebExtension } = await import('../test/e2e/web-tests.mjs');
  const dir = path.join(HERE, 'corpus', String(a.size));
  generateCorpus({ size: a.size, dir, log: () => {} });
  const run = cs.createRun({ name: 'web-startup-marks', settings: a.bare ? {} : { 'remote.extensionKind': { 'playbook-lint.playbook-lint': ['web'] } } });
  if (a.bare) writeFileSync(path.join(run.userDataDir, 'User', 'settings.json'), '{}');
  const out = { ours: !!a.ours, existingStorage: !!a.existingStorage, bareSettings: !!a.bare, loads: [] };
  try {
    if (a.ours) await cs.installExtension(run, a.vsix);
    await cs.installExtension(run, packWebExtension(run, 'probe', { activationEvents: ['*'] }, PROBE_SOURCE));
    const ws = cs.copyWorkspace(run, dir, `corpus-${a.size}`);
    let server = await cs.startCodeServer(run, { workspace: ws });
    if (a.existingStorage) {
      // What the web worker host creates on a first opening (ExtensionStoragePaths): the folder and its meta.json.
      const id = vscodeHash(`vscode-remote://127.0.0.1:${server.port}${encodeURI(ws)}`);
      const storage = path.join(run.userDataDir, 'User', 'workspaceStorage', id);
      mkdirSync(storage, { recursive: true });
      writeFileSync(path.join(storage, 'meta.json'), JSON.stringify({ id, name: path.basename(ws) }, undefined, 2));
    }
    let context = await cs.launchBrowser(run);
    for (let load = 0; load < a.loads; load++) {
      if (load > 0 && a.restartServer) {
        await server.stop();
        server = await cs.startCodeServer(run, { workspace: ws });
      }
      if (load > 0 && a.freshBrowser) {
        await context.close();
        context = await cs.launchBrowser({ ...run, browserProfileDir: `${run.browserProfileDir}-${load}` });
      } else if (load > 0) await context.pages()[0]?.close();
      const r = await openOnce(a, run, context, server, ws, load);
      out.loads.push(r);
      process.stderr.write(`[web-startup-marks] load ${load} (load average ${readFileSync('/proc/loadavg', 'utf8').split(' ', 1)[0]}): ${summary(r)}\n`);
    }
    out.workspaceStorage = readdirSync(path.join(run.userDataDir, 'User', 'workspaceStorage'));
  } finally {
    await run.dispose();
  }
  const text = `${JSON.stringify(out, null, 1)}\n`;
  if (a.json) writeFileSync(a.json, text);
  else process.stdout.write(text);
}

main().catch((e) => {
  console.error(e.stack || e.message);
  process.exitCode = 1;
});
