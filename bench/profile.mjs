#!/usr/bin/env node
// Where the CLI's time goes: runs it once under `node --cpu-prof`, maps every sampled
// function through dist/cli.js.map back to its source (our modules and node_modules),
// and sums self time by group (yaml parse/compose, toJS, ajv, extraction, rules, glob, I/O …).
//
//   node bench/profile.mjs [--corpus bench/corpus/2000] [--cli dist/cli.js] [--json FILE] [--markdown]
//   node bench/profile.mjs --default-rules …             (every rule at its default instead of the bench config)
//   (the CLI runs in the corpus folder on `.`; worker threads, if any, are summed separately)
//   node bench/profile.mjs --analyze some.cpuprofile [--window START,END]   (an existing profile; a time window in ms)
//
// Prints a summary (markdown with --markdown) and writes the .cpuprofile to bench/.runs/prof/.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');

/** Source path (as the map names it) + function name → group. First match wins. */
const GROUPS = [
  ['GC', (s, fn) => fn === '(garbage collector)'],
  ['idle', (s, fn) => fn === '(idle)'],
  ['V8 (program: compile, runtime, builtins)', (s, fn) => fn === '(program)' || fn === '(root)'],
  [
    'yaml toJS (document → plain JS)',
    (s, fn) => /node_modules\/yaml\//.test(s) && (/toJS|toJSON|addPairToJSMap|mergeToJSMap|stringifyKey/.test(fn) || /nodes\/toJS|addPairToJSMap/.test(s)),
  ],
  ['yaml lex + CST parse', (s) => /node_modules\/yaml\/(?:browser\/)?dist\/parse\//.test(s)],
  ["fast parse path (our port of yaml's Lexer → nodes)", (s) => /server\/src\/core\/fast-yaml\//.test(s)],
  ['yaml compose (CST → nodes, tags)', (s) => /node_modules\/yaml\/(?:browser\/)?dist\/(compose|schema|doc|nodes)\//.test(s)],
  ['yaml other', (s) => /node_modules\/yaml\//.test(s)],
  ['ajv (library)', (s) => /node_modules\/(ajv|ajv-formats|ajv-errors|fast-deep-equal|json-schema-traverse|fast-uri|uri-js)\//.test(s)],
  ['ajv generated validators', (s, fn, url) => url === '' && /^validate|^anonymous$/.test(fn)],
  ['regular expressions (native, callers vary)', (s, fn, url) => url === '' && fn.startsWith('RegExp:')],
  ['schema → messages (ours)', (s) => /server\/src\/core\/schema\//.test(s)],
  ['extraction (model, [[term]] scan)', (s) => /server\/src\/core\/model\//.test(s)],
  ['parse wrapper, decode, line index', (s) => /server\/src\/core\/(parse|decode|line-index|analyze|analyze-unreadable)\.ts/.test(s)],
  ['project index / exports', (s) => /server\/src\/core\/project\//.test(s)],
  ['coaching checks (words, phrases, term matcher)', (s) => /server\/src\/core\/coaching\//.test(s)],
  [
    'rules + lint (incl. suggestions)',
    (s) => /server\/src\/core\/(rules\/|lint\.ts|rule\.ts|inline-control|suggest|fixes|config\.ts)|fastest-levenshtein/.test(s),
  ],
  ['glob / discovery', (s) => /node_modules\/(tinyglobby|fdir|picomatch)\/|server\/src\/node\/discover/.test(s)],
  ['LSP services (hover, completion, markdown)', (s) => /server\/src\/services\//.test(s)],
  ['LSP server (ours)', (s) => /server\/src\/lsp\//.test(s)],
  [
    'JSON-RPC + stdio writes',
    (s, fn) => /node_modules\/vscode-(jsonrpc|languageserver)/.test(s) || /^(writeAsciiString|writeUtf8String|writeBuffer|writev|writeGeneric)$/.test(fn),
  ],
  ['CLI report + formatting', (s) => /server\/src\/cli\/|node_modules\/(commander|picocolors)\//.test(s)],
  ['CLI / node glue (ours)', (s) => /server\/src\//.test(s)],
  [
    'I/O (fs)',
    (s, fn, url) =>
      /^node:fs|internal\/fs/.test(url) ||
      /^(readFileSync|openSync|readSync|closeSync|writeFileSync|writeSync|fstatSync|statSync|lstatSync|readdirSync|read|open|close)$/.test(fn),
  ],
  ['node built-ins (crypto, v8 serialize, postMessage, modules)', (s, fn, url) => /^node:/.test(url)],
];

function groupOf(source, fn, url) {
  for (const [name, test] of GROUPS) if (test(source, fn, url)) return name;
  return 'other';
}

/**
 * Self time per function and per group over one or more .cpuprofile files (the main thread,
 * or all worker threads together). Functions in a bundle with a sibling .map are mapped back
 * to their original source.
 */
export function analyzeProfile(profileFiles, window) {
  const maps = new Map();
  const mapFor = (url) => {
    if (!url.startsWith('file://') || !url.endsWith('.js')) return undefined;
    if (!maps.has(url)) {
      // Only a map the bundle itself names: a production build has none, and a .map left beside it is stale.
      const js = fileURLToPath(url);
      const file = `${js}.map`;
      let named = false;
      try {
        named = readFileSync(js, 'utf8')
          .trimEnd()
          .endsWith(`//# sourceMappingURL=${path.basename(file)}`);
      } catch {
        /* gone */
      }
      maps.set(url, named && existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : undefined);
      if (!maps.get(url) && /\/(cli|server|lint-worker)\.js$/.test(js)) unmapped.add(path.basename(js));
    }
    return maps.get(url);
  };
  const groups = new Map();
  const functions = new Map();
  const unmapped = new Set();
  let totalUs = 0;
  for (const profileFile of [profileFiles].flat()) {
    const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
    const selfUs = new Map();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const { samples, timeDeltas } = profile;
    let at = 0; // µs since the profile started
    for (let i = 0; i < samples.length; i++) {
      at += timeDeltas[i] ?? 0;
      if (window && (at < window[0] * 1000 || at > window[1] * 1000)) continue;
      const dt = timeDeltas[i + 1] ?? 0; // the time until the next sample is this sample's
      selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, dt));
    }
    for (const [id, us] of selfUs) {
      totalUs += us;
      const node = byId.get(id);
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      const fn = functionName || '(anonymous)';
      let source = url;
      let where = url ? `${url.replace(/^file:\/\//, '').replace(`${REPO}/`, '')}:${lineNumber + 1}` : '';
      const map = mapFor(url);
      if (map) {
        const entry = map.findEntry(lineNumber, columnNumber);
        if (entry?.originalSource) {
          source = entry.originalSource.replace(/^.*?(node_modules\/|server\/src\/|client\/src\/)/, '$1');
          where = `${source}:${entry.originalLine + 1}`;
        }
      }
      const group = groupOf(source, functionName, url);
      groups.set(group, (groups.get(group) ?? 0) + us);
      const key = `${fn} ${where}`;
      const f = functions.get(key) ?? { function: fn, where, group, us: 0 };
      f.us += us;
      functions.set(key, f);
    }
  }
  const ms = (us) => Math.round(us / 100) / 10;
  return {
    unmapped: [...unmapped],
    totalMs: ms(totalUs),
    groups: [...groups].sort((a, b) => b[1] - a[1]).map(([group, us]) => ({ group, ms: ms(us), share: us / totalUs })),
    top: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, 25)
      .map((f) => ({ ...f, ms: ms(f.us), share: f.us / totalUs, us: undefined })),
  };
}

export function profileMarkdown(summary, heading = '', topN = 15) {
  const pct = (x) => `${(x * 100).toFixed(1)} %`;
  const lines = [];
  if (heading) lines.push(heading, '');
  if (summary.unmapped?.length)
    lines.push(
      `**${summary.unmapped.join(', ')} had no source map (a production build?): functions cannot be traced to modules; profile a \`npm run build\` (non-production) build.**`,
      '',
    );
  lines.push(`Self time by group (${(summary.totalMs / 1000).toFixed(1)} s sampled):`, '', '| group | self time | share |', '| --- | ---: | ---: |');
  const shown = summary.groups.filter((g) => g.share >= 0.003);
  for (const g of shown) lines.push(`| ${g.group} | ${(g.ms / 1000).toFixed(2)} s | ${pct(g.share)} |`);
  const rest = summary.groups.filter((g) => g.share < 0.003);
  if (rest.length)
    lines.push(
      `| ${rest.length} more groups under 0.3 % each | ${(rest.reduce((a, g) => a + g.ms, 0) / 1000).toFixed(2)} s | ${pct(rest.reduce((a, g) => a + g.share, 0))} |`,
    );
  lines.push('', 'Top functions by self time:', '', '| function | source | group | self time | share |', '| --- | --- | --- | ---: | ---: |');
  for (const f of summary.top.slice(0, topN))
    lines.push(`| \`${f.function.replace(/\|/g, '\\|')}\` | ${f.where || '—'} | ${f.group} | ${f.ms.toFixed(0)} ms | ${pct(f.share)} |`);
  return lines.join('\n');
}

/** Runs the CLI under --cpu-prof on a corpus; returns the summary (and the profile's path). */
export function profileCli({ corpus, cli = path.join(REPO, 'dist/cli.js'), args = [], label = 'prof' }) {
  const dir = path.join(HERE, '.runs', label);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--cpu-prof', '--cpu-prof-dir', dir, cli, '.', ...args, '--format', 'json', '--output-file', path.join(HERE, `.runs/${label}-report.json`)],
    { cwd: corpus, encoding: 'utf8' },
  );
  const wallMs = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`CLI failed under --cpu-prof (exit ${r.status}): ${r.stderr}`);
  // Every thread writes CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; thread 0 is the main one.
  const profiles = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort();
  const main = path.join(dir, profiles.find((f) => f.split('.')[4] === '0') ?? profiles[0]);
  const summary = analyzeProfile(main);
  const others = profiles.map((f) => path.join(dir, f)).filter((f) => f !== main);
  const workers = others.length ? analyzeProfile(others) : undefined;
  return { wallMs, profile: path.relative(REPO, main), summary, workers, workerCount: others.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const opt = (k) => {
    const i = argv.indexOf(k);
    return i === -1 ? undefined : argv[i + 1];
  };
  const markdown = argv.includes('--markdown');
  let out;
  // --window START,END: only samples between these ms since the profile started (e.g. the phases bench/lsp.mjs reports).
  const window = opt('--window')?.split(',').map(Number);
  if (opt('--analyze')) out = { profile: opt('--analyze'), summary: analyzeProfile(path.resolve(opt('--analyze')), window) };
  else {
    const args = argv.includes('--default-rules') ? ['--config', '.playbook-lint.defaults.yaml'] : [];
    out = profileCli({
      corpus: path.resolve(opt('--corpus') ?? path.join(HERE, 'corpus/2000')),
      cli: path.resolve(opt('--cli') ?? path.join(REPO, 'dist/cli.js')),
      args,
    });
  }
  if (opt('--json')) writeFileSync(opt('--json'), JSON.stringify(out, null, 2) + '\n');
  if (markdown) {
    console.log(profileMarkdown(out.summary, `CLI under --cpu-prof: ${out.profile}${out.wallMs ? `, ${(out.wallMs / 1000).toFixed(1)} s wall` : ''}`));
    if (out.workers) console.log('\n' + profileMarkdown(out.workers, `Worker threads (${out.workerCount}), together:`));
  } else console.log(JSON.stringify(out, null, 2));
}
