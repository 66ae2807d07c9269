#!/usr/bin/env node
// Deterministic synthetic corpus of sales playbooks for the benchmark.
//
//   node bench/generate-corpus.mjs --size 2000 [--out bench/corpus/2000] [--seed S] [--force]
//
// Writes <out>/playbooks/<team>/*.playbook.yaml (≈26.5 KB each), one vocabulary file
// (43 terms), .playbook-lint.yaml (only the three checks the Spectral ruleset also
// implements; every other rule of the built CLI off), .playbook-lint.defaults.yaml
// (`rules: {}`: every rule at its default) and expected.json with the exact count of
// every planted problem. File i is generated from its own seed, so the 200-file
// corpus is the first 200 files of the 2,000-file one. Ids are unique corpus-wide.

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, hash32 } from './lib/prng.mjs';
import * as TEXT from './lib/text.mjs';
import { TERMS, definedKeys, termKey, vocabularyFile } from './lib/vocabulary.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
export const DEFAULT_SEED = 'playbook-lint-bench-1';

/** Planted problem rates (per tactic, per term reference, per see-also entry). */
export const RATES = { missingWhy: 0.03, missingDeviation: 0.04, undefinedTerm: 0.02, danglingSeeAlso: 0.01 };

/** The three checks both tools run. */
export const BENCH_RULES = { 'tactic-missing-why': 'error', 'tactic-missing-deviation': 'warning', 'undefined-term': 'error' };

/** Rules whose default-run count the generator predicts exactly (the coaching checks are heuristics: reported, not asserted). */
const PREDICTED_DEFAULT_RULES = [
  'yaml-syntax',
  'schema',
  'tactic-missing-why',
  'tactic-missing-deviation',
  'undefined-term',
  'duplicate-id',
  'unknown-reference',
  'duplicate-term',
  'unused-term',
  'inline-control',
];

const SPEC_RULE_IDS = [...PREDICTED_DEFAULT_RULES, 'goal-is-activity', 'vague-deviation', 'why-restates-tactic', 'unlinked-term'];

/**
 * The rule ids of the built CLI: it lists them when given an unknown one. Falls back to
 * schemas/config.schema.json, then the spec's list. The config must name only these
 * (an unknown id in the config is a config error, exit 2).
 */
export function builtRuleIds(cli = path.join(REPO, 'dist/cli.js')) {
  try {
    execFileSync(process.execPath, [cli, '--rule', '__probe__=off', '--format', 'json'], { stdio: 'pipe', cwd: REPO });
  } catch (error) {
    const m = /rules: ([a-z0-9, -]+)/.exec(String(error.stderr ?? ''));
    if (m)
      return m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
  }
  try {
    const schema = JSON.parse(readFileSync(path.join(REPO, 'schemas/config.schema.json'), 'utf8'));
    return Object.keys(schema.properties.rules.properties);
  } catch {
    return SPEC_RULE_IDS;
  }
}

function fingerprint(size, seed) {
  const h = createHash('sha256');
  for (const f of ['generate-corpus.mjs', 'lib/prng.mjs', 'lib/text.mjs', 'lib/vocabulary.mjs']) h.update(readFileSync(path.join(HERE, f)));
  h.update(`${size}/${seed}`);
  return h.digest('hex').slice(0, 16);
}

const DEFINED = definedKeys();
const TERM_OF_KEY = new Map();
TERMS.forEach((t, i) => [t.term, ...t.aliases].forEach((n) => TERM_OF_KEY.set(termKey(n), i)));

function slug(text, words = 4) {
  return text
    .toLowerCase()
    .replace(/\[\[|\]\]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .slice(0, words)
    .join('-');
}

function wrap(text, width, indent) {
  const out = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && indent.length + line.length + 1 + w.length > width) {
      out.push(indent + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(indent + line);
  return out;
}

/** A word the reader would mistype: one deletion, swap or doubling, never a defined key. */
function typo(rng, name) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const s = name.toLowerCase();
    const i = rng.int(1, s.length - 2);
    const kind = rng.int(0, 2);
    const t = kind === 0 ? s.slice(0, i) + s.slice(i + 1) : kind === 1 ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s.slice(0, i) + s[i] + s.slice(i);
    if (/^[a-z]/.test(t) && !DEFINED.has(termKey(t)) && t.trim() === t) return t;
  }
  return 'value wedge';
}

/** One playbook, from its own seed. Returns text, counts and its ids. */
function generatePlaybook(index, seed, crossIds, stats) {
  const rng = createRng(hash32(`${seed}/${index}`));
  const local = { missingWhy: 0, missingDeviation: 0, undefinedTerm: 0, danglingSeeAlso: 0, refs: 0, tactics: 0, stages: 0 };
  const ids = [];

  const ref = () => {
    local.refs++;
    if (rng.chance(RATES.undefinedTerm)) {
      local.undefinedTerm++;
      const r = rng.next();
      const t = TERMS[rng.int(0, TERMS.length - 1)];
      let name;
      if (r < 0.6) name = typo(rng, t.term);
      else if (r < 0.85) name = rng.pick(TEXT.INVENTED_TERMS);
      else {
        const short = t.term.split(' ')[0].toLowerCase();
        name = DEFINED.has(termKey(short)) || short.length < 4 ? rng.pick(TEXT.INVENTED_TERMS) : short;
      }
      return `[[${name}]]`;
    }
    // Common terms come up more often (squared uniform), every term appears somewhere.
    const ti = Math.floor(rng.next() ** 2 * TERMS.length);
    const t = TERMS[ti];
    stats.used[ti] = true;
    const r = rng.next();
    const name = r < 0.5 ? t.term.toLowerCase() : r < 0.75 || t.aliases.length === 0 ? t.term : rng.pick(t.aliases);
    return `[[${name}]]`;
  };
  const fill = (template) => template.replace(/\{(\w+)\}/g, (_, slot) => (slot === 'T' ? ref() : rng.pick(TEXT.SLOTS[slot])));

  const team = rng.pick(TEXT.TEAMS);
  const title = `${rng.pick(TEXT.SEGMENTS)} ${rng.pick(TEXT.MOTIONS)}`;
  const name = `${slug(title, 5)}-${index}`;
  const L = [];
  L.push(`# ${title}: maintained by the ${team} enablement team.`);
  L.push(`playbook: ${title} ${index}`);
  L.push(`summary: ${fill(rng.pick(TEXT.SUMMARIES))}`);
  L.push(`owner: enablement+${team}@example.com`);
  L.push('stages:');
  const stageCount = rng.int(3, 8);
  const fileIds = [];
  for (let s = 0; s < stageCount; s++) {
    local.stages++;
    const stageName = TEXT.STAGE_NAMES[(s + rng.int(0, 3)) % TEXT.STAGE_NAMES.length];
    const stageId = `${slug(stageName)}-${index}-${s}`;
    ids.push(stageId);
    L.push(`  - id: ${stageId}`);
    L.push(`    name: ${stageName}`);
    L.push(`    goal: ${fill(rng.pick(TEXT.GOALS))}`);
    L.push('    tactics:');
    const tacticCount = rng.int(3, 8);
    for (let t = 0; t < tacticCount; t++) {
      local.tactics++;
      const tacticText = fill(rng.pick(TEXT.TACTICS));
      const id = `${slug(tacticText)}-${index}-${s}-${t}`;
      if (t > 0 && rng.chance(0.05)) L.push('', `      # ${rng.pick(TEXT.COMMENTS)}`);
      L.push(`      - id: ${id}`);
      L.push(rng.chance(0.05) ? `        tactic: ${JSON.stringify(tacticText)}` : `        tactic: ${tacticText}`);

      if (rng.chance(RATES.missingWhy)) {
        local.missingWhy++;
        const v = rng.next();
        if (v < 0.15) L.push('        why: ""');
        else if (v < 0.3) L.push('        why:');
        // else: no why key at all
      } else {
        const sentences = Array.from({ length: rng.int(2, 5) }, () => fill(rng.pick(TEXT.WHYS))).join(' ');
        const style = rng.next();
        if (style < 0.8) L.push('        why: >', ...wrap(sentences, 80, '          '));
        else if (style < 0.9) L.push('        why: |', ...wrap(sentences, 80, '          '));
        else L.push(`        why: ${sentences}`);
      }

      if (rng.chance(RATES.missingDeviation)) {
        local.missingDeviation++;
        const v = rng.next();
        if (v < 0.15) L.push('        deviate-when: []');
        else if (v < 0.3) L.push('        deviate-when: ""');
      } else if (rng.chance(0.1)) {
        L.push(`        deviate-when: ${fill(rng.pick(TEXT.DEVIATIONS))}`);
      } else {
        L.push('        deviate-when:');
        const n = rng.int(1, 3);
        for (let k = 0; k < n; k++) L.push(`          - ${fill(rng.pick(TEXT.DEVIATIONS))}`);
      }

      if (rng.chance(0.3)) {
        const refs = [];
        const n = rng.int(1, 2);
        for (let k = 0; k < n; k++) {
          if (rng.chance(RATES.danglingSeeAlso)) {
            local.danglingSeeAlso++;
            refs.push(rng.pick(TEXT.DANGLING_IDS));
          } else if (fileIds.length && (crossIds.length === 0 || rng.chance(0.8))) refs.push(rng.pick(fileIds));
          else if (crossIds.length) refs.push(rng.pick(crossIds));
          else refs.push(stageId);
        }
        L.push(`        see-also: [${refs.join(', ')}]`);
      }
      fileIds.push(id);
      ids.push(id);
    }
  }
  L.push('');
  return { team, name, text: L.join('\n'), local, ids };
}

/**
 * Generates (or reuses, when the fingerprint matches) the corpus of `size` files in `dir`.
 * The two config files are always rewritten: the rule list follows the built CLI.
 */
export function generateCorpus({ size, dir, seed = DEFAULT_SEED, force = false, ruleIds = builtRuleIds(), log = () => {} }) {
  const fp = fingerprint(size, seed);
  const expectedFile = path.join(dir, 'expected.json');
  let expected;
  if (!force && existsSync(expectedFile)) {
    try {
      const old = JSON.parse(readFileSync(expectedFile, 'utf8'));
      if (old.fingerprint === fp) expected = old;
    } catch {
      /* regenerate */
    }
  }
  if (!expected) {
    log(`generating ${size} playbooks into ${path.relative(process.cwd(), dir) || '.'} …`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, 'vocabulary'), { recursive: true });
    const stats = { used: new Array(TERMS.length).fill(false) };
    const totals = { missingWhy: 0, missingDeviation: 0, undefinedTerm: 0, danglingSeeAlso: 0, refs: 0, tactics: 0, stages: 0 };
    const crossIds = [];
    let bytes = 0;
    let lspTarget;
    const perFile = {};
    const seen = new Set();
    for (let i = 0; i < size; i++) {
      const pb = generatePlaybook(i, seed, crossIds, stats);
      for (const id of pb.ids) {
        if (seen.has(id)) throw new Error(`generator bug: id ${id} used twice`);
        seen.add(id);
      }
      if (i < 20) crossIds.push(...pb.ids);
      for (const k of Object.keys(totals)) totals[k] += pb.local[k];
      const rel = `playbooks/${pb.team}/${pb.name}.playbook.yaml`;
      mkdirSync(path.join(dir, 'playbooks', pb.team), { recursive: true });
      const buf = Buffer.from(pb.text, 'utf8');
      writeFileSync(path.join(dir, rel), buf);
      bytes += buf.length;
      const counts = {
        'tactic-missing-why': pb.local.missingWhy,
        'tactic-missing-deviation': pb.local.missingDeviation,
        'undefined-term': pb.local.undefinedTerm,
      };
      if (pb.local.missingWhy + pb.local.missingDeviation + pb.local.undefinedTerm)
        perFile[rel] = Object.fromEntries(Object.entries(counts).filter(([, n]) => n));
      if (!lspTarget || Math.abs(buf.length - 30000) < Math.abs(lspTarget.bytes - 30000)) lspTarget = { path: rel, bytes: buf.length };
    }
    const vocab = vocabularyFile();
    const vocabBuf = Buffer.from(vocab.text, 'utf8');
    writeFileSync(path.join(dir, 'vocabulary/sales.vocabulary.yaml'), vocabBuf);
    bytes += vocabBuf.length;
    const unused = TERMS.filter((_, i) => !stats.used[i]).map((t) => t.term);
    // Every vocabulary see-also names a defined term (so unknown-reference stays at the planted count).
    for (const t of TERMS) for (const s of t.seeAlso ?? []) if (!DEFINED.has(termKey(s))) throw new Error(`vocabulary see-also ${s} is not a term`);

    expected = {
      fingerprint: fp,
      seed,
      size,
      files: { playbooks: size, vocabularies: 1, total: size + 1 },
      bytes,
      stages: totals.stages,
      tactics: totals.tactics,
      termRefs: totals.refs + vocab.refs,
      terms: TERMS.length,
      lspTarget,
      /** The bench config (.playbook-lint.yaml): these three rules only. */
      rules: {
        'tactic-missing-why': totals.missingWhy,
        'tactic-missing-deviation': totals.missingDeviation,
        'undefined-term': totals.undefinedTerm,
      },
      /** With every rule at its default (.playbook-lint.defaults.yaml): exact for these rules. */
      defaultRules: {
        'yaml-syntax': 0,
        schema: 0,
        'tactic-missing-why': totals.missingWhy,
        'tactic-missing-deviation': totals.missingDeviation,
        'undefined-term': totals.undefinedTerm,
        'duplicate-id': 0,
        'unknown-reference': totals.danglingSeeAlso,
        'duplicate-term': 0,
        'unused-term': unused.length,
        'inline-control': 0,
      },
      unusedTerms: unused,
      /** Per playbook (bench config), files with at least one planted problem only. */
      perFile,
    };
    writeFileSync(expectedFile, JSON.stringify(expected, null, 2) + '\n');
  }
  const known = new Set(ruleIds);
  const off = ruleIds.filter((id) => !(id in BENCH_RULES)).sort();
  const config = [
    '# Benchmark config: only the three checks the Spectral ruleset (bench/spectral-ruleset.yaml) also',
    '# implements; every other rule of the built CLI is off, so both tools do the same work.',
    'rules:',
    ...Object.entries(BENCH_RULES)
      .filter(([id]) => known.has(id))
      .map(([id, sev]) => `  ${id}: ${sev}`),
    ...off.map((id) => `  ${id}: "off"`),
    '',
  ].join('\n');
  writeFileSync(path.join(dir, '.playbook-lint.yaml'), config);
  writeFileSync(path.join(dir, '.playbook-lint.defaults.yaml'), '# Every rule at its default severity (bench: the default-rules check).\nrules: {}\n');
  return { ...expected, ruleIds, missingBenchRules: Object.keys(BENCH_RULES).filter((id) => !known.has(id)) };
}

function parseArgs(argv) {
  const args = { size: 200, seed: DEFAULT_SEED, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--size') args.size = Number(argv[++i]);
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--seed') args.seed = argv[++i];
    else if (a === '--force') args.force = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const dir = path.resolve(args.out ?? path.join(HERE, 'corpus', String(args.size)));
  const t0 = performance.now();
  const e = generateCorpus({ size: args.size, dir, seed: args.seed, force: args.force, log: console.log });
  console.log(
    `${e.size} playbooks + 1 vocabulary, ${(e.bytes / 1e6).toFixed(1)} MB, ${e.tactics} tactics, ${e.termRefs} term refs in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log('expected (bench config):', JSON.stringify(e.rules));
  console.log('expected (default rules):', JSON.stringify(e.defaultRules));
}
