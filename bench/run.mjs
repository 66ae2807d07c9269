#!/usr/bin/env node
// The benchmark: `npm run bench` (= `node bench/run.mjs`, after `npm run build`).
//
//   node bench/run.mjs [--sizes 200,2000] [--skip-spectral] [--skip-lsp] [--skip-profile] [--skip-render]
//                      [--skip-default-rules] [--force] [--no-write] [--no-snapshot] [--dist DIR]
//   node bench/run.mjs --rewrite-doc      (re-render docs/performance.md from bench/.runs/last-run.json)
//
// For each size: generates (or reuses) the deterministic corpus, warms the disk cache, then
// measures each tool as a whole process, once: the parse floor (yaml parseDocument over every
// file), the yaml Lexer alone (reference), the CLI with the three-rule bench config, the CLI with
// every rule at its default (every size; on the largest, a budget against Spectral), a cold and a warm `--cache` run when the CLI has
// `--cache`, and Spectral with bench/spectral-ruleset.yaml. Checks every tool's problem counts
// against the generator's. Then the language server over stdio (largest size) and a CPU profile
// of the CLI (largest size). Prints everything and writes docs/performance.md.
// Exit code: 1 when any problem count disagrees with the generator (MISMATCH), else 0; missed
// performance targets are reported, not failed.

import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtRuleIds, generateCorpus } from './generate-corpus.mjs';
import { HAS_GNU_TIME, measureProcess, warmDiskCache } from './lib/measure.mjs';
import { profileCli, profileMarkdown } from './profile.mjs';
import { runBigInputs, SERVER_VS_CLI_TARGET } from './big-inputs.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const RUNS = path.join(HERE, '.runs');
const DOC = path.join(REPO, 'docs/performance.md');
const NODE = process.execPath;

const TARGETS = {
  cliVsSpectralWall: 0.33,
  // Every rule at its default (the coaching checks included) against Spectral's three checks, same run.
  cliDefaultVsSpectralWall: 0.33,
  cliVsSpectralRss: 0.5,
  cliVsFloorWall: 1.0,
  warmVsCold: 0.1,
  // The language server with every rule at its default (issue #11): what users run.
  didChangeP95Ms: 10,
  hoverP95Ms: 5,
  completionP95Ms: 5,
  serverIndexS: 4,
  serverRssMb: 150,
  serverPeakRssMb: 350,
  renderVsLintWall: 1.5,
  previewP95Ms: 100,
};

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const a = {
    rewriteDoc: false,
    sizes: [200, 2000],
    spectral: true,
    lsp: true,
    profile: true,
    defaultRules: true,
    render: true,
    force: false,
    write: true,
    snapshot: true,
    dist: path.join(REPO, 'dist'),
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--sizes')
      a.sizes = argv[++i]
        .split(',')
        .map(Number)
        .filter((n) => n > 0)
        .sort((x, y) => x - y);
    else if (k === '--skip-spectral') a.spectral = false;
    else if (k === '--skip-lsp') a.lsp = false;
    else if (k === '--skip-profile') a.profile = false;
    else if (k === '--skip-default-rules') a.defaultRules = false;
    else if (k === '--skip-render') a.render = false;
    else if (k === '--force') a.force = true;
    else if (k === '--no-write') a.write = false;
    else if (k === '--no-snapshot') a.snapshot = false;
    else if (k === '--rewrite-doc') a.rewriteDoc = true;
    else if (k === '--dist') a.dist = path.resolve(argv[++i]);
    else if (k === '--help' || k === '-h') {
      const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8')
        .split('\n')
        .slice(1);
      console.log(
        lines
          .slice(
            0,
            lines.findIndex((l) => !l.startsWith('//')),
          )
          .map((l) => l.replace(/^\/\/ ?/, ''))
          .join('\n'),
      );
      process.exit(0);
    } else {
      console.error(`bench: unknown argument ${k} (try --help)`);
      process.exit(2);
    }
  }
  if (!a.sizes.length) a.sizes = [200, 2000];
  return a;
}

// ---------------------------------------------------------------- formatting

const MB = 1e6;
/** Alternating lint → render pairs for the render target (the median pair's ratio is the verdict). */
const RENDER_PAIRS = 3;
const fmt = {
  s: (ms) => (ms === undefined ? '—' : (ms / 1000).toFixed(2)),
  ms: (ms) => (ms === undefined || Number.isNaN(ms) ? '—' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1)),
  mb: (bytes) => (bytes === undefined || !bytes ? '—' : (bytes / MB).toFixed(0)),
  rate: (bytes, ms) => (ms ? (bytes / MB / (ms / 1000)).toFixed(1) : '—'),
  x: (r) => (r === undefined || Number.isNaN(r) ? '—' : `${r.toFixed(2)}×`),
  int: (n) => (n === undefined ? '—' : n.toLocaleString('en-US')),
};

function table(headers, rows, align) {
  const widths = headers.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (align?.[i] === 'r' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function mdTable(headers, rows, align) {
  const sep = headers.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [headers, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

const verdict = (value, target) => (value === undefined || Number.isNaN(value) ? 'n/a' : value <= target ? 'PASS' : 'FAIL');

// ---------------------------------------------------------------- environment

function machine() {
  const sh = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trimEnd();
    } catch {
      return undefined;
    }
  };
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: sh('nproc', [])?.trim() ?? String(os.availableParallelism?.() ?? os.cpus().length),
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    free: sh('free', ['-g']) ?? `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB total`,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    gnuTime: HAS_GNU_TIME,
  };
}

const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** Copies dist/ so that a rebuild by someone else during the run does not mix two builds. */
function snapshotDist(enabled, dist) {
  if (!existsSync(path.join(dist, 'cli.js'))) {
    console.error(`bench: ${path.relative(REPO, dist) || dist}/cli.js is missing: run \`npm run build\` first`);
    process.exit(2);
  }
  let dir = dist;
  if (enabled) {
    dir = path.join(RUNS, 'dist');
    rmSync(dir, { recursive: true, force: true });
    cpSync(dist, dir, { recursive: true });
    try {
      execFileSync(NODE, [path.join(dir, 'cli.js'), '--version'], { stdio: 'pipe' });
    } catch {
      console.warn('bench: the copied CLI does not start; measuring dist/ in place');
      dir = dist;
    }
  }
  const cli = path.join(dir, 'cli.js');
  const hash = createHash('sha256').update(readFileSync(cli)).digest('hex').slice(0, 12);
  return {
    dir,
    cli,
    server: existsSync(path.join(dir, 'server.js')) ? path.join(dir, 'server.js') : undefined,
    hash,
    built: statSync(path.join(dist, 'cli.js'))
      .mtime.toISOString()
      .replace(/\.\d+Z$/, 'Z'),
  };
}

function cliFeatures(cli) {
  let help = '';
  try {
    help = execFileSync(NODE, [cli, '--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    help = String(error.stdout ?? '');
  }
  let version = '?';
  try {
    version = execFileSync(NODE, [cli, '--version'], { encoding: 'utf8' }).trim();
  } catch {
    /* keep ? */
  }
  let render = false;
  try {
    render = /--out\b/.test(execFileSync(NODE, [cli, 'render', '--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch {
    /* no render command */
  }
  return { version, cache: /--cache\b/.test(help), cacheLocation: /--cache-location\b/.test(help), render };
}

function spectralInfo() {
  const bin = path.join(REPO, 'node_modules/.bin/spectral');
  if (!existsSync(bin)) return undefined;
  const script = realpathSync(bin);
  let version = '?';
  try {
    version = execFileSync(NODE, [script, '--version'], { encoding: 'utf8' }).trim();
  } catch {
    /* keep ? */
  }
  return { script, version };
}

// ---------------------------------------------------------------- counts

function countCliReport(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const counts = {};
  const perFile = {};
  for (const f of report.files ?? []) {
    for (const d of f.diagnostics ?? []) {
      counts[d.rule] = (counts[d.rule] ?? 0) + 1;
      (perFile[f.path] ??= {})[d.rule] = (perFile[f.path]?.[d.rule] ?? 0) + 1;
    }
  }
  return { counts, perFile, files: report.files?.length };
}

function countSpectral(file) {
  const results = JSON.parse(readFileSync(file, 'utf8'));
  const counts = {};
  for (const r of results) counts[r.code] = (counts[r.code] ?? 0) + 1;
  return { counts };
}

/** Rules where the tool and the generator disagree (every rule either names). */
function compareCounts(expected, actual, onlyRules) {
  const rules = onlyRules ?? [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  return rules.filter((r) => (expected[r] ?? 0) !== (actual[r] ?? 0)).map((r) => ({ rule: r, expected: expected[r] ?? 0, actual: actual[r] ?? 0 }));
}

/** For a mismatch: the files whose per-rule counts differ (the CLI runs in the corpus folder; its paths are relative to it). */
function fileDiffs(expectedPerFile, actualPerFile, corpusDir, rules) {
  const rel = (p) => path.relative(corpusDir, path.resolve(corpusDir, p)).split(path.sep).join('/');
  const actual = {};
  for (const [p, c] of Object.entries(actualPerFile)) actual[rel(p)] = c;
  const out = [];
  for (const f of new Set([...Object.keys(expectedPerFile), ...Object.keys(actual)])) {
    for (const r of rules) {
      const e = expectedPerFile[f]?.[r] ?? 0;
      const a = actual[f]?.[r] ?? 0;
      if (e !== a) out.push(`${f}: ${r} expected ${e}, got ${a}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------- one size

async function runSize(size, opts, env) {
  const dir = path.join(HERE, 'corpus', String(size));
  const relDir = path.relative(REPO, dir);
  console.log(`\n== ${size} playbooks (${relDir}) ==`);
  const expected = generateCorpus({ size, dir, force: opts.force, ruleIds: env.ruleIds, log: (m) => console.log(m) });
  if (expected.missingBenchRules.length) console.warn(`!! the built CLI lacks ${expected.missingBenchRules.join(', ')}: the bench config cannot enable it`);
  const bytes = expected.bytes;
  warmDiskCache(dir);
  const res = {
    size,
    dir: relDir,
    bytes,
    files: expected.files.total,
    tactics: expected.tactics,
    termRefs: expected.termRefs,
    expected,
    rows: [],
    load: loadavg(),
    mismatches: [],
    notes: [],
  };
  console.log(
    `${fmt.int(expected.files.total)} files, ${(bytes / MB).toFixed(1)} MB, ${fmt.int(expected.tactics)} tactics, ${fmt.int(expected.termRefs)} [[term]] references; load average ${res.load}`,
  );

  const row = (key, label, m, extra = {}) => {
    const r = { key, label, wallMs: m.wallMs, rssBytes: m.peakRssBytes, cpuS: m.cpuS, exitCode: m.exitCode, ...extra };
    res.rows.push(r);
    console.log(
      `  ${label.padEnd(38)} ${fmt.s(m.wallMs).padStart(7)} s  ${fmt.rate(bytes, m.wallMs).padStart(6)} MB/s  ${fmt.mb(m.peakRssBytes).padStart(5)} MB peak RSS  ${m.cpuS === undefined ? '' : `${m.cpuS.toFixed(1)} s CPU`}${extra.status ? `  ${extra.status}` : ''}`,
    );
    return r;
  };

  // The floor and the Lexer reference.
  const floor = await measureProcess(NODE, [path.join(HERE, 'floor.mjs'), dir], { cwd: REPO });
  row('floor', 'floor: yaml parseDocument', floor);
  if (floor.exitCode !== 0) res.notes.push(`floor failed: ${floor.stderr.trim()}`);
  const lexer = await measureProcess(NODE, [path.join(HERE, 'floor.mjs'), dir, '--lexer'], { cwd: REPO });
  row('lexer', 'reference: yaml Lexer only', lexer);

  // The CLI, bench config (three rules). Every CLI run starts in the corpus folder, like CI in a
  // repository: the project root is the folder of .playbook-lint.yaml, and with --config it is the
  // working folder (the config replaces the settings, not the project).
  mkdirSync(RUNS, { recursive: true });
  const cliOut = path.join(RUNS, `cli-${size}.json`);
  rmSync(cliOut, { force: true });
  const cli = await measureProcess(NODE, [env.build.cli, '.', '--format', 'json', '--output-file', cliOut], { cwd: dir });
  let cliCounts;
  if (cli.exitCode === 2 || !existsSync(cliOut)) {
    row('cli', 'playbook-lint CLI', cli, { status: `FAILED (exit ${cli.exitCode})` });
    res.mismatches.push(`CLI failed (exit ${cli.exitCode}): ${cli.stderr.trim().split('\n').slice(0, 5).join(' / ')}`);
  } else {
    cliCounts = countCliReport(cliOut);
    const diff = compareCounts(expected.rules, cliCounts.counts);
    row('cli', 'playbook-lint CLI', cli, { status: diff.length ? 'MISMATCH' : 'counts ok', counts: cliCounts.counts });
    if (diff.length) {
      res.mismatches.push(`CLI vs generator: ${diff.map((d) => `${d.rule} expected ${d.expected}, got ${d.actual}`).join('; ')}`);
      const files = fileDiffs(expected.perFile, cliCounts.perFile, dir, Object.keys(expected.rules));
      res.notes.push(
        `CLI count differences by file (first 10 of ${files.length}):\n${files
          .slice(0, 10)
          .map((l) => `    ${l}`)
          .join('\n')}`,
      );
    }
  }
  res.cliCounts = cliCounts?.counts;

  // The CLI with every rule at its default: a correctness check on every size, and on the largest a
  // time budget against Spectral (the coaching checks' NLP must stay within it).
  if (opts.defaultRules) {
    const out = path.join(RUNS, `cli-default-rules-${size}.json`);
    rmSync(out, { force: true });
    const m = await measureProcess(NODE, [env.build.cli, '.', '--config', '.playbook-lint.defaults.yaml', '--format', 'json', '--output-file', out], {
      cwd: dir,
    });
    if (m.exitCode === 2 || !existsSync(out)) {
      row('cliDefault', 'playbook-lint CLI, default rules', m, { status: `FAILED (exit ${m.exitCode})` });
      res.mismatches.push(`CLI (default rules) failed (exit ${m.exitCode}): ${m.stderr.trim().split('\n')[0]}`);
    } else {
      const { counts } = countCliReport(out);
      const predicted = Object.keys(expected.defaultRules).filter((r) => env.ruleIds.includes(r));
      const diff = compareCounts(expected.defaultRules, counts, predicted);
      const unpredicted = Object.fromEntries(Object.entries(counts).filter(([r]) => !predicted.includes(r)));
      row('cliDefault', 'playbook-lint CLI, default rules', m, { status: diff.length ? 'MISMATCH' : 'counts ok' });
      res.defaultRules = { expected: expected.defaultRules, counts, predicted, unpredicted };
      if (diff.length)
        res.mismatches.push(`CLI (default rules) vs generator: ${diff.map((d) => `${d.rule} expected ${d.expected}, got ${d.actual}`).join('; ')}`);
    }
  }

  // The static site (largest size): `render` against the default-rules lint of the same corpus, back to back.
  if (opts.render && size === opts.sizes[opts.sizes.length - 1] && env.features.render) {
    const out = path.join(RUNS, `cli-default-rules-for-render-${size}.json`);
    const site = path.join(RUNS, `site-${size}`);
    rmSync(out, { force: true });
    // The site of the run before stays: render writes over its own earlier output, as a writer re-rendering
    // does (on a fresh clone it makes a new folder, as CI does). Deleting it here would time the file
    // system, not render: on ext4 without a journal, each file made in the minutes after a mass deletion
    // skips every recently freed inode (up to 1.6 CPU s for 2,046 pages; docs/performance.md, Notes).
    // RENDER_PAIRS lint → render pairs, alternating; the pair with the median ratio is the one reported. On a
    // shared 2-core machine one pair's ratio swings by ±0.15 from run to run (docs/performance.md, Notes): the
    // median of alternating pairs is the same ratio, less at the mercy of one slow slice of the machine.
    const pairs = [];
    for (let k = 0; k < RENDER_PAIRS; k++) {
      const lint = await measureProcess(NODE, [env.build.cli, '.', '--config', '.playbook-lint.defaults.yaml', '--format', 'json', '--output-file', out], {
        cwd: dir,
      });
      const render = await measureProcess(NODE, [env.build.cli, 'render', '.', '--config', '.playbook-lint.defaults.yaml', '--out', site], { cwd: dir });
      pairs.push({ lint, render, ratio: render.wallMs / lint.wallMs });
      if (render.exitCode === 2) break;
    }
    // A pair whose render failed is the one reported: a median must not hide the failure.
    const { lint, render } = pairs.find((p) => p.render.exitCode === 2) ?? [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor((pairs.length - 1) / 2)];
    console.log(`  render / lint, wall, each pair: ${pairs.map((p) => fmt.x(p.ratio)).join(', ')} (the median pair is reported)`);
    row('renderBaseline', 'CLI, default rules (render baseline)', lint);
    const siteFiles = existsSync(site) ? readdirSync(site, { recursive: true }).filter((f) => String(f).endsWith('.html')) : [];
    const pages = siteFiles.length;
    const siteBytes = siteFiles.reduce((n, f) => n + statSync(path.join(site, String(f))).size, 0);
    row('render', 'playbook-lint render (static site)', render, {
      status: render.exitCode === 2 ? `FAILED (exit 2)` : `${fmt.int(pages)} pages, ${(siteBytes / MB).toFixed(0)} MB`,
    });
    if (render.exitCode === 2) res.mismatches.push(`render failed: ${render.stderr.trim().split('\n')[0]}`);
    res.render = {
      lintWallMs: lint.wallMs,
      renderWallMs: render.wallMs,
      lintCpuS: lint.cpuS,
      renderCpuS: render.cpuS,
      pages,
      siteBytes,
      pairRatios: pairs.map((p) => p.ratio),
    };
  }

  // --cache: cold then warm.
  if (env.features.cache) {
    const location = path.join(RUNS, `cache-${size}`);
    rmSync(location, { recursive: true, force: true });
    if (!env.features.cacheLocation) {
      // Unknown cache location: clear anything cache-like at the corpus root (the corpus is generated, git-ignored).
      for (const f of readdirSync(dir)) if (/cache/i.test(f)) rmSync(path.join(dir, f), { recursive: true, force: true });
    }
    const cacheArgs = env.features.cacheLocation ? ['--cache', '--cache-location', location] : ['--cache'];
    const run = async (key, label) => {
      const out = path.join(RUNS, `${key}-${size}.json`);
      rmSync(out, { force: true });
      const m = await measureProcess(NODE, [env.build.cli, '.', ...cacheArgs, '--format', 'json', '--output-file', out], { cwd: dir });
      if (m.exitCode === 2 || !existsSync(out)) {
        res.mismatches.push(`CLI ${label} failed (exit ${m.exitCode}): ${m.stderr.trim().split('\n')[0]}`);
        return row(key, label, m, { status: `FAILED (exit ${m.exitCode})` });
      }
      const diff = compareCounts(expected.rules, countCliReport(out).counts);
      if (diff.length) res.mismatches.push(`CLI ${label} vs generator: ${diff.map((d) => `${d.rule} expected ${d.expected}, got ${d.actual}`).join('; ')}`);
      return row(key, label, m, { status: diff.length ? 'MISMATCH' : 'counts ok' });
    };
    await run('cacheCold', 'playbook-lint CLI --cache, cold');
    await run('cacheWarm', 'playbook-lint CLI --cache, warm rerun');
  } else {
    res.rows.push({ key: 'cacheWarm', label: 'playbook-lint CLI --cache, warm rerun', status: 'not implemented' });
    console.log(`  ${'playbook-lint CLI --cache, warm rerun'.padEnd(38)} not implemented (no --cache in --help)`);
  }

  // Spectral with the equivalent ruleset.
  if (opts.spectral && env.spectral) {
    const out = path.join(RUNS, `spectral-${size}.json`);
    rmSync(out, { force: true });
    const m = await measureProcess(
      NODE,
      [
        env.spectral.script,
        'lint',
        `${relDir}/**/*.playbook.yaml`,
        '-r',
        path.relative(REPO, path.join(HERE, 'spectral-ruleset.yaml')),
        '-f',
        'json',
        '-o',
        out,
        '-q',
      ],
      { cwd: REPO, env: { ...process.env, PLAYBOOK_BENCH_VOCABULARY: path.join(dir, 'vocabulary/sales.vocabulary.yaml') } },
    );
    if (!existsSync(out)) {
      row('spectral', `Spectral ${env.spectral.version}`, m, { status: `FAILED (exit ${m.exitCode})` });
      res.mismatches.push(`Spectral failed (exit ${m.exitCode}): ${m.stderr.trim().split('\n').slice(0, 3).join(' / ')}`);
    } else {
      const { counts } = countSpectral(out);
      const diff = compareCounts(expected.rules, counts);
      row('spectral', `Spectral ${env.spectral.version}`, m, { status: diff.length ? 'MISMATCH' : 'counts ok', counts });
      res.spectralCounts = counts;
      if (diff.length) res.mismatches.push(`Spectral vs generator: ${diff.map((d) => `${d.rule} expected ${d.expected}, got ${d.actual}`).join('; ')}`);
    }
  } else if (opts.spectral) res.notes.push('Spectral is not installed (node_modules/.bin/spectral missing): skipped');

  // Ratios.
  const get = (key) => res.rows.find((r) => r.key === key && r.wallMs !== undefined && !String(r.status ?? '').startsWith('FAILED'));
  const [c, s, f, cold, warm, cd] = ['cli', 'spectral', 'floor', 'cacheCold', 'cacheWarm', 'cliDefault'].map(get);
  res.ratios = {
    cliVsSpectralWall: c && s ? c.wallMs / s.wallMs : undefined,
    cliDefaultVsSpectralWall: cd && s ? cd.wallMs / s.wallMs : undefined,
    cliDefaultVsSpectralCpu: cd?.cpuS && s?.cpuS ? cd.cpuS / s.cpuS : undefined,
    cliVsSpectralRss: c && s && c.rssBytes && s.rssBytes ? c.rssBytes / s.rssBytes : undefined,
    cliVsFloorWall: c && f ? c.wallMs / f.wallMs : undefined,
    spectralVsFloorWall: s && f ? s.wallMs / f.wallMs : undefined,
    cliVsSpectralCpu: c?.cpuS && s?.cpuS ? c.cpuS / s.cpuS : undefined,
    cliVsFloorCpu: c?.cpuS && f?.cpuS ? c.cpuS / f.cpuS : undefined,
    warmVsCold: warm && cold ? warm.wallMs / cold.wallMs : undefined,
    warmVsPlain: warm && c ? warm.wallMs / c.wallMs : undefined,
  };
  for (const m of res.mismatches) console.error(`\n!!!!!!!! MISMATCH (${size}): ${m}`);
  for (const n of res.notes) console.log(`  note: ${n}`);
  return res;
}

// ---------------------------------------------------------------- language server

function runLsp(size, build, defaultRules = false) {
  const dir = path.join(HERE, 'corpus', String(size));
  const out = path.join(RUNS, `lsp-${size}${defaultRules ? '-default-rules' : ''}.json`);
  rmSync(out, { force: true });
  console.log(`\n== language server, ${size}-file workspace, ${defaultRules ? 'every rule at its default' : 'three rules'} ==`);
  if (!build.server) {
    console.log('server not built (dist/server.js missing): skipped');
    return { skipped: 'server not built' };
  }
  return new Promise((resolve) => {
    const child = spawn(
      NODE,
      [path.join(HERE, 'lsp.mjs'), '--corpus', dir, '--server', build.server, '--json', out, ...(defaultRules ? ['--default-rules'] : [])],
      { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')));
      } catch {
        resolve({ error: `bench/lsp.mjs failed (exit ${code})` });
      }
    });
  });
}

// ---------------------------------------------------------------- report

function summaryRows(results) {
  const rows = [];
  for (const r of results) {
    for (const row of r.rows) {
      rows.push([
        fmt.int(r.size),
        row.label,
        row.wallMs === undefined ? '—' : fmt.s(row.wallMs),
        row.wallMs === undefined ? '—' : fmt.rate(r.bytes, row.wallMs),
        fmt.mb(row.rssBytes),
        row.cpuS === undefined ? '—' : row.cpuS.toFixed(1),
        row.status ?? '',
      ]);
    }
  }
  return rows;
}
const SUMMARY_HEAD = ['files', 'run', 'wall s', 'MB/s', 'peak RSS MB', 'CPU s', 'check'];
const SUMMARY_ALIGN = ['r', 'l', 'r', 'r', 'r', 'r', 'l'];

function ratioRows(results) {
  const rows = [];
  for (const r of results) {
    const q = r.ratios;
    const judged = r.size === results[results.length - 1].size;
    const v = (value, target) => (judged ? verdict(value, target) : '');
    rows.push([
      fmt.int(r.size),
      'CLI / Spectral, wall',
      fmt.x(q.cliVsSpectralWall),
      judged ? `≤ ${TARGETS.cliVsSpectralWall}` : '',
      v(q.cliVsSpectralWall, TARGETS.cliVsSpectralWall),
    ]);
    if (q.cliDefaultVsSpectralWall !== undefined) {
      rows.push([
        fmt.int(r.size),
        'CLI with every rule at its default / Spectral, wall',
        fmt.x(q.cliDefaultVsSpectralWall),
        judged ? `≤ ${TARGETS.cliDefaultVsSpectralWall}` : '',
        v(q.cliDefaultVsSpectralWall, TARGETS.cliDefaultVsSpectralWall),
      ]);
      rows.push([fmt.int(r.size), 'CLI with every rule at its default / Spectral, CPU s (context)', fmt.x(q.cliDefaultVsSpectralCpu), '', '']);
    }
    rows.push([
      fmt.int(r.size),
      'CLI / Spectral, peak RSS',
      fmt.x(q.cliVsSpectralRss),
      judged ? `≤ ${TARGETS.cliVsSpectralRss}` : '',
      v(q.cliVsSpectralRss, TARGETS.cliVsSpectralRss),
    ]);
    rows.push([
      fmt.int(r.size),
      'CLI / floor, wall',
      fmt.x(q.cliVsFloorWall),
      judged ? `≤ ${TARGETS.cliVsFloorWall}` : '',
      v(q.cliVsFloorWall, TARGETS.cliVsFloorWall),
    ]);
    rows.push([
      fmt.int(r.size),
      'warm --cache / cold --cache, wall',
      q.warmVsCold === undefined ? 'not implemented' : fmt.x(q.warmVsCold),
      judged ? `≤ ${TARGETS.warmVsCold}` : '',
      q.warmVsCold === undefined ? (judged ? 'n/a' : '') : v(q.warmVsCold, TARGETS.warmVsCold),
    ]);
    rows.push([fmt.int(r.size), 'Spectral / floor, wall (context)', fmt.x(q.spectralVsFloorWall), '', '']);
    rows.push([fmt.int(r.size), 'CLI / Spectral, CPU s (context: total work, less load-sensitive)', fmt.x(q.cliVsSpectralCpu), '', '']);
    rows.push([fmt.int(r.size), 'CLI / floor, CPU s (context)', fmt.x(q.cliVsFloorCpu), '', '']);
    if (r.render) {
      const ratio = r.render.renderWallMs / r.render.lintWallMs;
      rows.push([
        fmt.int(r.size),
        `render / CLI default rules, wall (same run${r.render.pairRatios?.length > 1 ? `, median of ${r.render.pairRatios.length} pairs` : ''})`,
        fmt.x(ratio),
        `≤ ${TARGETS.renderVsLintWall}`,
        verdict(ratio, TARGETS.renderVsLintWall),
      ]);
      if (r.render.renderCpuS && r.render.lintCpuS)
        rows.push([fmt.int(r.size), 'render / CLI default rules, CPU s (context)', fmt.x(r.render.renderCpuS / r.render.lintCpuS), '', '']);
    }
  }
  return rows;
}
const RATIO_HEAD = ['files', 'ratio', 'value', 'target', 'verdict'];

function countRows(results) {
  const rows = [];
  for (const r of results) {
    for (const rule of Object.keys(r.expected.rules)) {
      const e = r.expected.rules[rule];
      const c = r.cliCounts?.[rule];
      const s = r.spectralCounts?.[rule];
      const mark = (n) => (n === undefined ? '—' : `${fmt.int(n)} ${n === e ? 'ok' : 'MISMATCH'}`);
      rows.push([fmt.int(r.size), rule, fmt.int(e), mark(c), mark(s)]);
    }
    const extra = Object.keys(r.cliCounts ?? {}).filter((k) => !(k in r.expected.rules));
    for (const rule of extra) rows.push([fmt.int(r.size), rule, '0', `${r.cliCounts[rule]} MISMATCH`, '—']);
  }
  return rows;
}
const COUNT_HEAD = ['files', 'rule', 'generator', 'CLI', 'Spectral'];

/**
 * The language server's figures with the bench config (three rules) beside those with every
 * rule at its default (what users run); targets and verdicts are for the default rules.
 */
function lspRows(three, all) {
  const ok = (x) => x && !x.skipped && !x.error;
  if (!ok(three) && !ok(all)) return [];
  const both = (f) => [ok(three) ? f(three) : '—', ok(all) ? f(all) : '—'];
  const mb = (bytes) => (bytes === undefined ? undefined : bytes / MB);
  const d = ok(all) ? all : undefined;
  return [
    ['server start → initialize result', ...both((l) => `${fmt.ms(l.startupMs)} ms`), '', ''],
    [
      "index the workspace (initialize → progress end / last file's diagnostics)",
      ...both((l) => `${fmt.s(l.indexMs)} s`),
      `≤ ${TARGETS.serverIndexS} s`,
      verdict(d && d.indexMs / 1000, TARGETS.serverIndexS),
    ],
    [
      'files published / with problems / in workspace',
      ...both(
        (l) => `${l.filesPublished} / ${l.filesWithProblems} / ${l.filesInWorkspace}${l.problemFilesPublished === l.filesWithProblems ? '' : ' MISSING'}`,
      ),
      '',
      '',
    ],
    [
      'workspace diagnostics = generator counts',
      ...both((l) => (l.countsMatch ? 'yes' : `no: ${JSON.stringify(l.diagnosticCounts)}`)),
      '',
      [three, all].every((l) => !ok(l) || l.countsMatch) ? 'ok' : 'MISMATCH',
    ],
    [
      'server RSS after indexing',
      ...both((l) => `${fmt.mb(l.rssAfterIndexBytes)} MB`),
      `≤ ${TARGETS.serverRssMb} MB`,
      verdict(mb(d?.rssAfterIndexBytes), TARGETS.serverRssMb),
    ],
    [
      'server peak RSS (VmHWM, whole session)',
      ...both((l) => `${fmt.mb(l.peakRssBytes)} MB`),
      `≤ ${TARGETS.serverPeakRssMb} MB`,
      verdict(mb(d?.peakRssBytes), TARGETS.serverPeakRssMb),
    ],
    [
      `didChange → publishDiagnostics p50 (${(d ?? three).edits?.count} edits, ${Math.round((d ?? three).target?.bytes / 1000)} KB file)`,
      ...both((l) => `${fmt.ms(l.edits?.p50Ms)} ms`),
      '',
      '',
    ],
    [
      'didChange → publishDiagnostics p95',
      ...both((l) => `${fmt.ms(l.edits?.p95Ms)} ms${l.edits?.timeouts ? ` (${l.edits.timeouts} timeouts)` : ''}`),
      `≤ ${TARGETS.didChangeP95Ms} ms`,
      verdict(d?.edits?.p95Ms, TARGETS.didChangeP95Ms),
    ],
    [
      `hover p50 / p95 (${(d ?? three).hover?.count} on [[term]])`,
      ...both((l) => `${fmt.ms(l.hover?.p50Ms)} / ${fmt.ms(l.hover?.p95Ms)} ms`),
      `p95 ≤ ${TARGETS.hoverP95Ms} ms`,
      verdict(d?.hover?.p95Ms, TARGETS.hoverP95Ms),
    ],
    [
      `completion p50 / p95 (${(d ?? three).completion?.count} after [[)`,
      ...both((l) => `${fmt.ms(l.completion?.p50Ms)} / ${fmt.ms(l.completion?.p95Ms)} ms`),
      `p95 ≤ ${TARGETS.completionP95Ms} ms`,
      verdict(d?.completion?.p95Ms, TARGETS.completionP95Ms),
    ],
    [
      `edit → preview page p50 (${(d ?? three).preview?.count ?? 0} edits, playbook-lint/preview, ${(d ?? three).preview?.kb ?? '—'} KB of HTML)`,
      ...both((l) => `${fmt.ms(l.preview?.p50Ms)} ms`),
      '',
      '',
    ],
    [
      'edit → preview page p95',
      ...both((l) => `${fmt.ms(l.preview?.p95Ms)} ms`),
      `≤ ${TARGETS.previewP95Ms} ms`,
      d?.preview ? verdict(d.preview.p95Ms, TARGETS.previewP95Ms) : 'not measured',
    ],
    ['server RSS after the edits and requests', ...both((l) => `${fmt.mb(l.rssAfterEditsBytes)} MB`), '', ''],
  ];
}
const LSP_HEAD = ['language server', 'three rules (bench config)', 'every rule at its default', 'target (default rules)', 'verdict'];

/** Server (file open) against CLI on the big inputs of bench/big-inputs.mjs. */
function bigRows(big) {
  return Object.entries(big ?? {}).map(([name, r]) => [
    name,
    `${fmt.s(r.cli.wallMs)} s / ${fmt.mb(r.cli.peakRssBytes)} MB`,
    r.server.error ? r.server.error : `${fmt.s(r.server.wallMs)} s / ${fmt.mb(r.server.peakRssBytes)} MB`,
    r.ratio === undefined ? '—' : fmt.x(r.ratio),
    `≤ ${SERVER_VS_CLI_TARGET}×`,
    verdict(r.ratio, SERVER_VS_CLI_TARGET),
  ]);
}
const BIG_HEAD = ['big input', 'CLI wall / peak RSS', 'server (file open) wall / peak RSS', 'server / CLI', 'target', 'verdict'];

function keptSection(doc, heading) {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start === -1) return undefined;
  const next = doc.indexOf('\n## ', start + 1);
  return doc.slice(start + 1, next === -1 ? undefined : next).trimEnd();
}

function writeDoc({ env, results, lsp, lspDefault, big, profile, profileDefault, profileWarm, command }) {
  const old = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
  const m = env.machine;
  const largest = results[results.length - 1];
  const L = [];
  L.push('# Performance', '');
  L.push('This file is written by the benchmark (`npm run bench`, i.e. `node bench/run.mjs` after `npm run build`);');
  L.push('the "Notes" section is kept across runs, everything else is replaced. The targets come from the');
  L.push('performance issue and are judged on the largest corpus; none of them is a unit test.', '');
  L.push('## Latest run', '');
  L.push(`- date: ${m.date}`);
  L.push(`- machine: ${m.nproc} cores (\`nproc\`), ${m.cpu}, ${m.os}`);
  L.push(`- memory (\`free -g\`):`, '', '```', m.free, '```', '');
  L.push(
    `- Node ${m.node}; playbook-lint ${env.features.version} (dist/cli.js sha256 ${env.build.hash}…, built ${env.build.built}); Spectral ${env.spectral?.version ?? 'not installed'}`,
  );
  L.push(
    `- load average at the start of each size: ${results.map((r) => `${r.size}: ${r.load}`).join('; ')} (other work on the machine skews wall times; CPU s is less sensitive)`,
  );
  L.push(`- command: \`node bench/run.mjs ${command}\``.replace(/ `$/, '`'), '');
  L.push('### Whole-process runs', '');
  L.push('Each run is one process, measured once: wall time around the spawn, peak RSS from GNU `time -f %M`,');
  L.push('CPU = user + sys (more than wall means several threads). MB = 10^6 bytes; MB/s = corpus bytes / wall.', '');
  for (const r of results)
    L.push(
      `- ${fmt.int(r.size)} playbooks: ${fmt.int(r.files)} files, ${(r.bytes / MB).toFixed(1)} MB, ${fmt.int(r.tactics)} tactics, ${fmt.int(r.termRefs)} \`[[term]]\` references`,
    );
  L.push('', mdTable(SUMMARY_HEAD, summaryRows(results), SUMMARY_ALIGN), '');
  L.push('### Ratios and targets', '');
  L.push(mdTable(RATIO_HEAD, ratioRows(results), ['r', 'l', 'r', 'l', 'l']), '');
  L.push('### Problem counts', '');
  L.push('The generator plants every problem and counts it; each tool must find exactly that many.', '');
  L.push(mdTable(COUNT_HEAD, countRows(results), ['r', 'l', 'r', 'r', 'r']), '');
  const dr = results.find((r) => r.defaultRules)?.defaultRules;
  if (dr) {
    const size = results.find((r) => r.defaultRules).size;
    L.push(
      `With every rule at its default (${fmt.int(size)} files, \`--config .playbook-lint.defaults.yaml\`): ` +
        dr.predicted.map((r) => `${r} ${dr.counts[r] ?? 0}/${dr.expected[r]}`).join(', ') +
        ' (found/expected).',
    );
    const un = Object.entries(dr.unpredicted);
    L.push(
      un.length
        ? `Not predicted by the generator (heuristic coaching checks on synthetic prose): ${un.map(([r, n]) => `${r} ${n}`).join(', ')}.`
        : 'The coaching checks found nothing on the synthetic prose.',
    );
    L.push('');
  }
  const mism = results.flatMap((r) => r.mismatches.map((x) => `${r.size}: ${x}`));
  if (mism.length) L.push('**MISMATCH**', '', ...mism.map((x) => `- ${x}`), '');
  L.push(`### Language server (${fmt.int(largest.size)}-file workspace, over stdio)`, '');
  if (!lsp) L.push('Skipped (`--skip-lsp`).', '');
  else if (lsp.skipped) L.push(`Skipped: ${lsp.skipped}.`, '');
  else if (lsp.error) L.push(`Failed: ${lsp.error}.`, '');
  else {
    L.push(mdTable(LSP_HEAD, lspRows(lsp, lspDefault)), '');
    if (big) {
      L.push(
        'The server against the CLI on two big inputs, every rule at its default (`bench/big-inputs.mjs`): CLI spawn → exit;',
        'server spawn → `initialize` → `didOpen` of the file right away → its first `publishDiagnostics`.',
        '',
      );
      L.push(mdTable(BIG_HEAD, bigRows(big)), '');
    }
    L.push("Indexing ends at the later of the server's `$/progress` end and the last file's `publishDiagnostics`.");
    L.push('Each timed edit is one keystroke typed inside a `[[reference]]` in a `why` (so that every edit changes');
    L.push("the file's diagnostics: a server need not republish unchanged ones), timed from `didChange` to the");
    L.push('`publishDiagnostics` carrying that version. Hovers sit on `[[term]]` references, completions just after `[[`.', '');
  }
  const notes = keptSection(old, 'Notes');
  L.push(notes ?? '## Notes\n\n(Findings and interpretation; kept across runs.)', '');
  L.push('## Where the time goes', '');
  if (profile) {
    L.push(
      `\`node --cpu-prof\` on the CLI over the ${fmt.int(largest.size)}-file corpus (bench config; ${(profile.wallMs / 1000).toFixed(1)} s wall under the profiler),`,
    );
    L.push('self time per function mapped through the source map to its module (`node bench/profile.mjs --markdown`).', '');
    L.push(profileMarkdown(profile.summary, 'Main thread:', profile.workers ? 10 : 15));
    if (profile.workers) L.push('', profileMarkdown(profile.workers, `Worker threads (${profile.workerCount} profiles, summed):`));
    L.push('');
    if (profileWarm) {
      L.push(`### A warm \`--cache\` rerun (${fmt.int(largest.size)} files)`, '');
      L.push(`The cache written by the previous runs, nothing changed (${(profileWarm.wallMs / 1000).toFixed(1)} s wall under the profiler):`, '');
      L.push(profileMarkdown(profileWarm.summary, '', 10));
      if (profileWarm.workers) L.push('', profileMarkdown(profileWarm.workers, `Worker threads (${profileWarm.workerCount} profiles, summed):`, 10));
      L.push('');
    }
    if (profileDefault) {
      L.push(`### With every rule at its default (${fmt.int(profileDefault.size)} files)`, '');
      L.push(
        `The same profile with \`--config .playbook-lint.defaults.yaml\` (coaching checks on; ${(profileDefault.wallMs / 1000).toFixed(1)} s wall under the profiler):`,
        '',
      );
      L.push(profileMarkdown(profileDefault.summary, '', 10));
      if (profileDefault.workers) L.push('', profileMarkdown(profileDefault.workers, `Worker threads (${profileDefault.workerCount} profiles, summed):`, 10));
      L.push('');
    }
  } else {
    const kept = keptSection(old, 'Where the time goes');
    L.push(kept ? kept.split('\n').slice(2).join('\n') : 'Not profiled in this run (`--skip-profile`).', '');
  }
  L.push('## Method', '');
  L.push(
    '- Corpus: `bench/generate-corpus.mjs`, seeded (no `Math.random`); file *i* comes from its own seed, so the 200-file corpus is the first 200 files of the 2,000-file one. Stages, tactics with folded/literal/plain `why`, `deviate-when` lists and strings, `see-also`, comments, `[[term]]` references (some broken over lines), one 43-term vocabulary. Planted: ~3 % of tactics without a `why` (absent, `""` or null), ~4 % without `deviate-when` (absent, `[]` or `""`), ~2 % of references to undefined terms (typos, shortened forms, invented terms), ~1 % of `see-also` entries dangling (default-rules run only). `expected.json` holds the exact counts, per file too.',
  );
  L.push(
    '- Config: `.playbook-lint.yaml` enables `tactic-missing-why`, `tactic-missing-deviation`, `undefined-term` at their default severities and turns every other rule of the built CLI `off` (the rule list is read from the CLI), so the CLI and Spectral do the same work.',
  );
  L.push(
    "- Spectral: `spectral lint 'bench/corpus/N/**/*.playbook.yaml' -r bench/spectral-ruleset.yaml -f json -o …`; `truthy` on `why`, a custom function for `deviate-when` (non-blank string or list entry) and one for `[[term]]` references (walks every string value; loads the vocabulary once per process). Spectral reads the playbooks only; the CLI also reads the vocabulary file.",
  );
  L.push(
    '- Render: `playbook-lint render . --config .playbook-lint.defaults.yaml --out bench/.runs/site-N` on the largest corpus, right after the CLI with the same config (every rule at its default), three times in alternation (lint, render, lint, render, lint, render); the target compares the two wall times of the pair whose ratio is the median of the three, all in the same run, and the other pairs’ ratios are printed beside it. The site of the run before is not deleted first: render writes over its own earlier output (a fresh clone renders into a new folder), so the time measured is render’s, not that of the file system making files among thousands it has just freed. Pages and MB count every page, the “used in” pages included. The preview: after the timed edits, 100 more keystrokes in the same document, each followed at once by the `playbook-lint/preview` request, timed from the `didChange` to the page of that version.',
  );
  L.push(
    "- Floor: `bench/floor.mjs` reads every file and calls `yaml`'s `parseDocument`, nothing else, in one thread. The Lexer-only row is a reference point, not a target.",
  );
  L.push(
    '- The disk cache is warmed (every file read once) before each size; each tool runs once; the tools run from a copy of `dist/` taken at the start (a concurrent rebuild cannot mix builds).',
  );
  L.push('');
  writeFileSync(DOC, L.join('\n'));
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const lastRun = path.join(RUNS, 'last-run.json');
  if (opts.rewriteDoc) {
    // Re-renders docs/performance.md from the last run (e.g. after editing its Notes section).
    const saved = JSON.parse(readFileSync(lastRun, 'utf8'));
    writeDoc(saved);
    console.log(`rewrote ${path.relative(process.cwd(), DOC)} from ${path.relative(process.cwd(), lastRun)} (${saved.env.machine.date})`);
    return;
  }
  const t0 = performance.now();
  mkdirSync(RUNS, { recursive: true });
  const build = snapshotDist(opts.snapshot, opts.dist);
  const env = {
    machine: machine(),
    build,
    features: cliFeatures(build.cli),
    spectral: opts.spectral ? spectralInfo() : undefined,
    ruleIds: builtRuleIds(build.cli),
  };
  const m = env.machine;
  console.log(`playbook-lint benchmark: ${m.date}, ${m.nproc} cores, ${m.cpu}, Node ${m.node}, load average ${loadavg()}`);
  console.log(
    `CLI ${env.features.version} (sha256 ${build.hash}…, built ${build.built})${build.dir !== opts.dist ? `, run from a copy of ${path.relative(REPO, opts.dist) || opts.dist} in bench/.runs/dist` : ''}; --cache: ${env.features.cache ? 'yes' : 'not implemented'}; Spectral ${env.spectral?.version ?? (opts.spectral ? 'not installed' : 'skipped')}`,
  );
  if (!HAS_GNU_TIME) console.log('note: /usr/bin/time not found, peak RSS comes from polling /proc/PID/status (install the `time` package for exact values)');

  const results = [];
  for (const size of opts.sizes) results.push(await runSize(size, opts, env));
  const largest = results[results.length - 1];

  const lsp = opts.lsp ? await runLsp(largest.size, build) : undefined;
  const lspDefault = opts.lsp ? await runLsp(largest.size, build, true) : undefined;
  if (opts.lsp) console.log('\n== language server vs CLI on two big inputs (every rule at its default) ==');
  const big = opts.lsp && build.server ? await runBigInputs(build.dir) : undefined;

  let profile;
  let profileDefault;
  let profileWarm;
  if (opts.profile) {
    console.log(`\n== profiling the CLI on ${largest.size} files (node --cpu-prof) ==`);
    try {
      profile = profileCli({ corpus: path.join(HERE, 'corpus', String(largest.size)), cli: build.cli });
    } catch (error) {
      console.error(`profile failed: ${error.message}`);
    }
    if (env.features.cache && env.features.cacheLocation) {
      // The cache left by the warm run of the largest size: this profiles another warm rerun.
      console.log(`== profiling a warm --cache rerun on ${largest.size} files ==`);
      try {
        profileWarm = profileCli({
          corpus: path.join(HERE, 'corpus', String(largest.size)),
          cli: build.cli,
          args: ['--cache', '--cache-location', path.join(RUNS, `cache-${largest.size}`)],
          label: 'prof-cache-warm',
        });
      } catch (error) {
        console.error(`profile (warm cache) failed: ${error.message}`);
      }
    }
    if (opts.defaultRules) {
      const smallest = results[0].size;
      console.log(`== profiling the CLI with default rules on ${smallest} files ==`);
      try {
        profileDefault = {
          size: smallest,
          ...profileCli({
            corpus: path.join(HERE, 'corpus', String(smallest)),
            cli: build.cli,
            args: ['--config', '.playbook-lint.defaults.yaml'],
            label: 'prof-default',
          }),
        };
      } catch (error) {
        console.error(`profile (default rules) failed: ${error.message}`);
      }
    }
  }

  // ---- print the summary
  console.log('\n==================== summary ====================');
  console.log(table(SUMMARY_HEAD, summaryRows(results), SUMMARY_ALIGN));
  console.log('');
  console.log(table(RATIO_HEAD, ratioRows(results), ['r', 'l', 'r', 'l', 'l']));
  console.log('');
  console.log(table(COUNT_HEAD, countRows(results), ['r', 'l', 'r', 'r', 'r']));
  const dr = results.find((r) => r.defaultRules)?.defaultRules;
  if (dr) {
    console.log(
      `\ndefault rules (${results.find((r) => r.defaultRules).size} files), found/expected: ${dr.predicted.map((r) => `${r} ${dr.counts[r] ?? 0}/${dr.expected[r]}`).join(', ')}`,
    );
    const un = Object.entries(dr.unpredicted);
    if (un.length) console.log(`  not predicted (coaching heuristics): ${un.map(([r, n]) => `${r} ${n}`).join(', ')}`);
  }
  if (lsp) {
    console.log('');
    if (lsp.skipped || lsp.error) console.log(`language server: ${lsp.skipped ?? lsp.error}`);
    else console.log(table(LSP_HEAD, lspRows(lsp, lspDefault)));
    if (big) console.log(table(BIG_HEAD, bigRows(big)));
  }
  const printProfile = (title, p, groups, fns) => {
    for (const [who, sum] of [
      ['main thread', p.summary],
      [`${p.workerCount} worker threads, summed`, p.workers],
    ]) {
      if (!sum) continue;
      console.log(`\n${title} (${(sum.totalMs / 1000).toFixed(1)} s sampled, ${who}):`);
      if (sum.unmapped?.length) console.log(`  !! ${sum.unmapped.join(', ')} had no source map (production build?): groups below are not meaningful`);
      for (const g of sum.groups.slice(0, groups))
        console.log(`  ${g.group.padEnd(46)} ${(g.ms / 1000).toFixed(2).padStart(7)} s  ${(g.share * 100).toFixed(1).padStart(5)} %`);
      console.log('  top functions:');
      for (const f of sum.top.slice(0, fns)) console.log(`    ${f.ms.toFixed(0).padStart(6)} ms  ${f.function}  (${f.where || '—'})`);
    }
  };
  if (profile) printProfile(`where the CLI's time goes, ${largest.size} files`, profile, 12, 10);
  if (profileWarm) printProfile(`warm --cache rerun, ${largest.size} files`, profileWarm, 8, 8);
  if (profileDefault) printProfile(`every rule at its default, ${profileDefault.size} files`, profileDefault, 8, 8);
  const mismatches = results.flatMap((r) => r.mismatches.map((x) => `${r.size}: ${x}`));
  for (const l of [lsp, lspDefault]) {
    if (l && !l.skipped && !l.error && !l.countsMatch)
      mismatches.push(
        `language server${l.defaultRules ? ' (default rules)' : ''}: workspace diagnostics ${JSON.stringify(l.diagnosticCounts)} vs expected ${JSON.stringify(l.expectedCounts)}`,
      );
  }
  if (mismatches.length) {
    console.error('\n!!!!!!!!!!!!!!!!!!!! MISMATCH !!!!!!!!!!!!!!!!!!!!');
    for (const x of mismatches) console.error(`!! ${x}`);
    console.error('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  } else console.log('\nproblem counts: every tool found exactly what the generator planted');

  const run = { env, results, lsp, lspDefault, big, profile, profileDefault, profileWarm, command: process.argv.slice(2).join(' ') };
  writeFileSync(lastRun, JSON.stringify(run));
  if (opts.write) {
    writeDoc(run);
    console.log(`\nwrote ${path.relative(process.cwd(), DOC)}`);
  }
  console.log(`bench finished in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  process.exitCode = mismatches.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exit(2);
});
