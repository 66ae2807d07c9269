#!/usr/bin/env node
// test/e2e/broken-extension-check.mjs — proves the e2e tests catch a broken extension.
//
// The product is not touched: the built extension (dist/, after `npm run package`) is
// copied to a scratch folder under .cache/e2e/broken/, its bundled language server
// (dist/server.js) is patched so a feature answers nothing, a VSIX is packaged from that
// copy, and run-all.mjs runs the real-VS-Code suite (extensionDevelopmentPath = the broken
// copy) and the UI tests (the broken VSIX) against it.
//
//   node test/e2e/broken-extension-check.mjs                  hover answers null in both
//   node test/e2e/broken-extension-check.mjs --suite-break hover --vsix-break completion
//        a different break per half: shows the suite runs the source build and the UI
//        tests run the installed VSIX (each half fails only on its own break)
//   [--no-build]  reuse dist/ as it is      [--no-setup]  skip setup.sh
//
// Breaks: hover (connection.onHover answers null), completion (onCompletion answers null),
// none. Exit 0 when run-all FAILED exactly where expected: every test of the broken feature
// failed in each half; 1 when the broken extension went unnoticed (or failed elsewhere).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const scratchBase = path.join(root, '.cache/e2e/broken');

// What a break patches in dist/server.js, and which tests it must make fail.
const BREAKS = {
  hover: { method: 'onHover', suite: /on hover/i, ui: /^\(b\)/ },
  completion: { method: 'onCompletion', suite: /completes terms/i, ui: /^\(c\)/ },
  none: null,
};

function arg(name, def) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
}
const suiteBreak = arg('--suite-break', 'hover');
const vsixBreak = arg('--vsix-break', 'hover');
for (const b of [suiteBreak, vsixBreak]) if (!(b in BREAKS)) { console.error(`unknown break "${b}" (hover | completion | none)`); process.exit(2); }
const build = !process.argv.includes('--no-build');
const setup = !process.argv.includes('--no-setup');

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: 10 * 60 * 1000, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${(r.stdout || '') + (r.stderr || '')}`.slice(-4000));
  return r.stdout;
}

/**
 * Make `.cache/e2e/broken/<name>/`: the packaged files of the built extension plus the
 * extension-host suite bundle, with dist/server.js patched. Returns { dir, vsix }.
 */
function brokenCopy(name, breakName) {
  const dir = path.join(scratchBase, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore']) {
    if (fs.existsSync(path.join(root, f))) fs.copyFileSync(path.join(root, f), path.join(dir, f));
  }
  for (const d of ['schemas', 'docs', 'dist/test', 'media', 'snippets', 'walkthrough', 'client/README.md']) fs.cpSync(path.join(root, d), path.join(dir, d), { recursive: true });
  for (const f of ['extension.js', 'server.js', 'lint-worker.js', 'cli.js']) {
    if (fs.existsSync(path.join(root, 'dist', f))) fs.copyFileSync(path.join(root, 'dist', f), path.join(dir, 'dist', f));
  }
  const b = BREAKS[breakName];
  if (b) {
    // `connection.onHover(handler)` -> `connection.onHover(()=>null, handler)`: the server
    // registers a handler that answers null; the real one is built and ignored. Call sites
    // only (`.onHover(`), in the minified bundle and in the readable one alike.
    const file = path.join(dir, 'dist/server.js');
    const src = fs.readFileSync(file, 'utf8');
    let n = 0;
    const patched = src.replace(new RegExp(`\\.${b.method}\\(`, 'g'), (m) => { n++; return `${m}()=>null,`; });
    if (n !== 1) throw new Error(`expected exactly one .${b.method}( call in dist/server.js, found ${n}: the patch needs updating`);
    fs.writeFileSync(file, patched);
    console.log(`[broken] ${path.relative(root, file)}: connection.${b.method}(…) now answers null`);
  }
  const vsix = path.join(dir, `playbook-lint-broken-${breakName}.vsix`);
  sh(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--readme-path', 'client/README.md', '--out', vsix], { cwd: dir });
  return { dir, vsix };
}

function runAll(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(here, 'run-all.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d) => { out += d; process.stdout.write(String(d).replace(/^(?=.)/gm, '  | ')); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('close', (code, signal) => resolve({ code: code ?? signal, out }));
  });
}

async function main() {
  const t0 = Date.now();
  if (build) {
    console.log('[broken] npm run package (the real extension, built from source)');
    sh('npm', ['run', 'package', '--silent']);
  }
  const suiteCopy = brokenCopy(`suite-${suiteBreak}`, suiteBreak);
  const vsixCopy = vsixBreak === suiteBreak ? suiteCopy : brokenCopy(`vsix-${vsixBreak}`, vsixBreak);
  console.log(`[broken] extension-host suite runs ${path.relative(root, suiteCopy.dir)} (break: ${suiteBreak}); UI tests install ${path.relative(root, vsixCopy.vsix)} (break: ${vsixBreak})`);
  const summaryFile = path.join(scratchBase, 'summary.json');
  fs.rmSync(summaryFile, { force: true });
  const r = await runAll([
    ...(setup ? [] : ['--no-setup']), '--no-build',
    '--extension', suiteCopy.dir, '--vsix', vsixCopy.vsix, '--summary', summaryFile,
  ]);
  let summary = null;
  try { summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')); } catch { /* none */ }

  // Verdict: run-all must fail, and fail where the breaks are.
  const problems = [];
  if (r.code === 0) problems.push('run-all.mjs exited 0 against a broken extension');
  if (!summary) problems.push('run-all.mjs wrote no summary');
  const halves = [['extension host', suiteBreak, 'suite'], ['ui', vsixBreak, 'ui']];
  const lines = [];
  for (const [group, breakName, key] of halves) {
    const tests = (summary?.results ?? []).filter((t) => t.group === group);
    const b = BREAKS[breakName];
    const shouldFail = tests.filter((t) => b && b[key].test(t.title));
    const failed = tests.filter((t) => t.state === 'failed');
    if (b && !shouldFail.length) problems.push(`[${group}] no test covers the ${breakName} break`);
    for (const t of shouldFail) if (t.state !== 'failed') problems.push(`[${group}] "${t.title}" ${t.state} although ${breakName} is broken`);
    const unexpected = failed.filter((t) => !shouldFail.includes(t));
    for (const t of unexpected) problems.push(`[${group}] "${t.title}" failed although only ${breakName} is broken`);
    lines.push(`  ${group} (break: ${breakName}): ${failed.length} of ${tests.length} failed: ${failed.map((t) => JSON.stringify(t.title.replace('Playbook Lint extension (extension host) ', ''))).join(', ') || '-'}`);
  }
  console.log(`\n[broken] run-all.mjs exited ${r.code} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  for (const l of lines) console.log(l);
  if (problems.length) {
    console.log(`broken-extension-check: NOT PROVEN\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('broken-extension-check: OK — the broken extension fails the e2e run exactly where it is broken');
}

main().catch((e) => { console.error(e); process.exit(1); });
