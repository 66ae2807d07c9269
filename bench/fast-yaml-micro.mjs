#!/usr/bin/env node
// CPU cost of the fast YAML path (server/src/core/fast-yaml) against yaml's parseDocument,
// in one thread, on the same texts. Bundles the core with esbuild (as the real build does)
// into bench/.runs/, then times each variant over every file of the corpus, round after
// round, variants interleaved within a round (a loaded machine skews them alike), after a
// warm-up. CPU = process.cpuUsage() user + system, which a shared machine distorts far less
// than wall time.
//
//   node bench/fast-yaml-micro.mjs [DIR] [--rounds N] [--json]
//
// DIR defaults to bench/corpus/200 (generate it with `node bench/generate-corpus.mjs`).
// Prints, per variant, the mean CPU ms per round over all files and its ratio to parseDocument.

import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const rounds = Number(flag('--rounds') ?? 8);
const json = args.includes('--json');
const dir = path.resolve(args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))) ?? path.join(repo, 'bench/corpus/200'));

const entry = `
export { parseDocument, Lexer } from 'yaml';
export { parseFast, lastDeclineReason } from './server/src/core/fast-yaml/parse-fast';
export { lexTokens } from './server/src/core/fast-yaml/lexer';
export { analyzeText } from './server/src/core/analyze';
export { parseYaml } from './server/src/core/parse';
export { validateSchema } from './server/src/core/schema/validate';
export { extractPlaybook } from './server/src/core/model/extract-playbook';
export { extractVocabulary } from './server/src/core/model/extract-vocabulary';
export { LineIndex } from './server/src/core/line-index';
`;
const outDir = path.join(repo, 'bench/.runs');
mkdirSync(outDir, { recursive: true });
const outfile = path.join(outDir, 'fast-yaml-micro.cjs');
await build({
  stdin: { contents: entry, resolveDir: repo, loader: 'ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile,
  logLevel: 'warning',
  define: { PACKAGE_VERSION: '"micro"' },
});
const core = createRequire(import.meta.url)(outfile);

const LINTABLE = /\.(playbook|vocabulary)\.ya?ml$/i;
const files = readdirSync(dir, { recursive: true })
  .filter((f) => LINTABLE.test(f) && !/(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(f))
  .sort()
  .map((rel) => ({ rel, kind: /vocabulary\.ya?ml$/i.test(rel) ? 'vocabulary' : 'playbook', text: readFileSync(path.join(dir, rel), 'utf8') }));
if (!files.length) {
  console.error(`no playbook or vocabulary files under ${dir}`);
  process.exit(2);
}
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);

// Acceptance: which files the fast path takes.
const declined = new Map();
let accepted = 0;
for (const f of files) {
  if (core.parseFast(f.text)) accepted++;
  else declined.set(core.lastDeclineReason(), (declined.get(core.lastDeclineReason()) ?? 0) + 1);
}

// analyzeText's optional 4th argument switches the fast path off (the hook in analyze.ts);
// without the hook, "analyzeText, fast" composes the same steps from parseFast here.
const hooked = /useFastPath|parseFast/.test(core.analyzeText.toString());
function analyzeFastComposed(f) {
  const lines = new core.LineIndex(f.text);
  const fast = core.parseFast(f.text);
  if (!fast) return core.analyzeText('/x', f.kind, f.text);
  const refs = [];
  core.validateSchema(f.kind, fast.doc, fast.data, f.text);
  if (f.kind === 'playbook') core.extractPlaybook(fast.doc, f.text, refs);
  else core.extractVocabulary(fast.doc, f.text, lines, refs);
  return lines;
}
const fastResults = files.map((f) => core.parseFast(f.text));

const variants = {
  'yaml parseDocument': () => {
    for (const f of files) core.parseDocument(f.text);
  },
  'yaml Lexer only': () => {
    for (const f of files) for (const _ of new core.Lexer().lex(f.text));
  },
  'fast-yaml Lexer port only': () => {
    for (const f of files) core.lexTokens(f.text);
  },
  'parseFast (lex + tree + data)': () => {
    for (const f of files) core.parseFast(f.text);
  },
  'full path: parseYaml (Parser + Composer)': () => {
    for (const f of files) core.parseYaml(f.text);
  },
  'analyzeText, full path': () => {
    for (const f of files) core.analyzeText('/x', f.kind, f.text, false);
  },
  'analyzeText, fast path': hooked
    ? () => {
        for (const f of files) core.analyzeText('/x', f.kind, f.text);
      }
    : () => {
        for (const f of files) analyzeFastComposed(f);
      },
  '  of which LineIndex': () => {
    for (const f of files) new core.LineIndex(f.text);
  },
  '  of which schema (ajv) on the fast tree': () => {
    files.forEach((f, i) => fastResults[i] && core.validateSchema(f.kind, fastResults[i].doc, fastResults[i].data, f.text));
  },
  '  of which extraction on the fast tree': () => {
    files.forEach((f, i) => {
      const r = fastResults[i];
      if (!r) return;
      if (f.kind === 'playbook') core.extractPlaybook(r.doc, f.text, []);
      else core.extractVocabulary(r.doc, f.text, new core.LineIndex(f.text), []);
    });
  },
};

const cpu = (fn) => {
  const t = process.cpuUsage();
  fn();
  const c = process.cpuUsage(t);
  return (c.user + c.system) / 1000;
};
for (const fn of Object.values(variants)) fn(), fn();
const totals = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of Object.entries(variants)) totals[name].push(cpu(fn));
}
const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
const base = mean(totals['yaml parseDocument']);
const rows = Object.entries(totals).map(([name, t]) => ({ name, ms: mean(t), min: Math.min(...t), ratio: mean(t) / base }));
const result = {
  dir: path.relative(repo, dir) || dir,
  files: files.length,
  bytes,
  accepted,
  declined: Object.fromEntries(declined),
  rounds,
  hooked,
  node: process.version,
  rows,
};
if (json) console.log(JSON.stringify(result));
else {
  console.log(
    `${result.dir}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB; fast path accepts ${accepted}/${files.length}` +
      (declined.size ? ` (declined: ${JSON.stringify(result.declined)})` : ''),
  );
  console.log(
    `CPU ms per pass over all files, mean of ${rounds} rounds after warm-up (min in brackets); ratio to parseDocument${hooked ? '' : '; analyzeText fast path composed from parseFast (no hook in analyze.ts yet)'}`,
  );
  for (const r of rows) console.log(`  ${r.name.padEnd(44)} ${r.ms.toFixed(1).padStart(8)} (${r.min.toFixed(1).padStart(7)})  ${r.ratio.toFixed(3)}×`);
}
