#!/usr/bin/env node
// The browser build in a real VS Code in the browser: how long after the workbench page is
// opened the Problems of a 200-file workspace appear. code-server (test/e2e toolchain) runs
// the installed VSIX's browser entry in its web worker extension host (user setting
// remote.extensionKind, as in test/e2e/web-tests.mjs); the workspace is bench/corpus/<size>.
//
//   node bench/web-code-server.mjs [--size 200] [--vsix dist/playbook-lint.vsix] [--json FILE] [--console FILE] [--probe-only] [--default-rules]
//
// Times, from page.goto of the workbench: the workbench up (its status bar), the first problem
// counted in the status bar, and the status bar counting every planted problem (expected.json: errors and warnings of the three
// bench rules); the moment the web worker extension host runs its first extension (a probe with activation "*": nothing can
// start earlier), and the extension's own account of its startup (worker, listing, reading, checking; client/src/browser.ts).
// Needs `bash test/e2e/setup.sh` and `npm run package`.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './generate-corpus.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const PROBE_MARK = '[bench probe] activated';
const log = (m) => process.stderr.write(`[web-code-server] ${m}\n`);

function parseArgs(argv) {
  const a = { size: 200, vsix: path.join(REPO, 'dist/playbook-lint.vsix'), json: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--size') a.size = Number(argv[++i]);
    else if (argv[i] === '--vsix') a.vsix = path.resolve(argv[++i]);
    else if (argv[i] === '--json') a.json = path.resolve(argv[++i]);
    else if (argv[i] === '--default-rules')
      a.defaultRules = true; // every rule at its default (the coaching checks load the language model); counts from the CLI
    else if (argv[i] === '--probe-only')
      a.probeOnly = true; // without Playbook Lint: when does the host run extensions when ours is not there?
    else if (argv[i] === '--console')
      a.console = path.resolve(argv[++i]); // every page console line, timed: where the time went
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return a;
}

/** Errors and warnings the CLI reports for a folder (what the status bar must count). */
function cliCounts(folder) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'dist/cli.js'), '.', '--format', 'json', '--no-color'], {
    cwd: folder,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`the CLI exited ${r.status}: ${r.stderr}`);
  const counts = { errors: 0, warnings: 0 };
  for (const f of JSON.parse(r.stdout).files)
    for (const d of f.diagnostics) {
      if (d.severity === 'error') counts.errors++;
      else if (d.severity === 'warning') counts.warnings++;
    }
  return counts;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(args.vsix)) throw new Error(`${args.vsix} is missing: npm run package first`);
  const cs = await import('../test/e2e/code-server.mjs');
  const dir = path.join(HERE, 'corpus', String(args.size));
  const expected = generateCorpus({ size: args.size, dir, log });
  const want = {
    errors: (expected.rules['tactic-missing-why'] ?? 0) + (expected.rules['undefined-term'] ?? 0),
    warnings: expected.rules['tactic-missing-deviation'] ?? 0,
  };
  const run = cs.createRun({ name: 'bench-web', settings: { 'remote.extensionKind': { 'playbook-lint.playbook-lint': ['web'] } } });
  try {
    if (!args.probeOnly) await cs.installExtension(run, args.vsix);
    // The earliest moment any extension runs in the web worker host (activation "*"): what
    // comes before it is the editor starting its extension host, the same for every extension.
    const { packWebExtension } = await import('../test/e2e/web-tests.mjs');
    await cs.installExtension(
      run,
      packWebExtension(run, 'probe', { activationEvents: ['*'] }, `exports.activate = () => console.info(${JSON.stringify(PROBE_MARK)});\n`),
    );
    const ws = cs.copyWorkspace(run, dir, `corpus-${args.size}`);
    if (args.defaultRules) {
      copyFileSync(path.join(ws, '.playbook-lint.defaults.yaml'), path.join(ws, '.playbook-lint.yaml'));
      Object.assign(want, cliCounts(ws));
    }
    const server = await cs.startCodeServer(run, { workspace: ws });
    const context = await cs.launchBrowser(run);
    const page = context.pages()[0] || (await context.newPage());
    const counts = () =>
      page.evaluate(() => {
        const item = document.querySelector('[id="status.problems"]');
        const text = item?.getAttribute('aria-label') ?? item?.textContent ?? '';
        const num = (word) => {
          const m = new RegExp(`(\\d+)\\s*${word}|${word}s?:?\\s*(\\d+)`, 'i').exec(text);
          return Number(m?.[1] ?? m?.[2] ?? 0);
        };
        return { errors: num('Error'), warnings: num('Warning'), text };
      });
    const t0 = Date.now();
    // The extension's own lines (activation, then where the first check's time went: client/src/browser.ts).
    let activatedMs;
    let hostUpMs;
    let startup;
    const consoleLines = [];
    page.on('console', (m) => {
      const text = m.text();
      consoleLines.push(`${Date.now() - t0} ms ${m.type()}: ${text}`);
      if (activatedMs === undefined && text.includes('Playbook Lint started (')) activatedMs = Date.now() - t0;
      if (hostUpMs === undefined && text.includes(PROBE_MARK)) hostUpMs = Date.now() - t0;
      if (text.includes('Playbook Lint startup:'))
        startup = { atMs: Date.now() - t0, line: text.replace(/^.*?(Playbook Lint startup:)/, '$1').replace(/\s*color:.*$/, '') };
    });
    await page.goto(server.folderUrl(ws), { timeout: 90000, waitUntil: 'domcontentloaded' });
    let first;
    let all;
    let last;
    let workbench;
    while (Date.now() - t0 < 120000 && !(args.probeOnly && hostUpMs !== undefined)) {
      if (workbench === undefined && (await page.$('.monaco-workbench .part.statusbar').catch(() => null))) workbench = Date.now() - t0;
      last = await counts().catch(() => undefined);
      if (last && (last.errors || last.warnings) && first === undefined) first = Date.now() - t0;
      if (last && last.errors === want.errors && last.warnings === want.warnings) {
        all = Date.now() - t0;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    // The extension's startup line comes once the server reports the workspace checked, which may be after the last problem is shown.
    for (const until = Date.now() + 15000; !startup && all !== undefined && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
    const afterWorkbench = all !== undefined && workbench !== undefined ? all - workbench : undefined;
    const result = {
      size: args.size,
      files: expected.files.total,
      workbenchMs: workbench,
      firstProblemMs: first,
      allProblemsMs: all,
      allProblemsAfterWorkbenchMs: afterWorkbench,
      extensionHostUpMs: hostUpMs,
      extensionActivatedMs: activatedMs,
      allProblemsAfterHostUpMs: all !== undefined && hostUpMs !== undefined ? all - hostUpMs : undefined,
      startup,
      defaultRules: !!args.defaultRules,
      expected: want,
      statusBar: last?.text,
    };
    if (startup)
      log(
        `web worker extension host running extensions ${hostUpMs ?? '—'} ms, Playbook Lint activated ${activatedMs ?? '—'} ms after page.goto; ${startup.line}`,
      );
    log(
      `workbench up ${workbench ?? '—'} ms; first problem ${first ?? '—'} ms, every problem ${all ?? '—'} ms after page.goto (${afterWorkbench ?? '—'} ms after the workbench was up; ${last?.text})`,
    );
    const out = `${JSON.stringify(result, null, 2)}\n`;
    if (args.console) writeFileSync(args.console, `${consoleLines.join('\n')}\n`);
    if (args.json) writeFileSync(args.json, out);
    else process.stdout.write(out);
    if (all === undefined && !args.probeOnly) process.exitCode = 1;
  } finally {
    await run.dispose();
  }
}

main().catch((e) => {
  console.error(e.stack || e.message);
  process.exitCode = 1;
});
