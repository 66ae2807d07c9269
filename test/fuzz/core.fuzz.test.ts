/**
 * Property-based tests over the core (see properties.ts for the properties):
 * the real sample files, randomly damaged, never make analyse/index/lint
 * throw or run long, every diagnostic lies inside its file, and every fix is
 * surgical. Then the hostile inputs the spec names, and the regressions the
 * fuzzer found, as plain deterministic cases.
 *
 * FUZZ_RUNS (default 300) and FUZZ_SEED tune the random part; a failure prints
 * the seed and `npm run fuzz -- --seed S --path P`, which replays the minimal case.
 */
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { analyzeBytes, analyzeText } from '../../server/src/core/analyze';
import { defaultConfig } from '../../server/src/core/config';
import { lintFile } from '../../server/src/core/lint';
import type { FileAnalysis } from '../../server/src/core/model/model';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import type { Diagnostic, FileKind } from '../../server/src/core/types';
import { loadSamples } from './mutations';
import { Lines, applyEdits, checkInput, checkRange, newSeed, runFuzz, type Input } from './properties';
import { quietWarnings } from '../support/quiet-warnings';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : newSeed();

describe('fuzz: the core on damaged sample files', function () {
  this.timeout(10 * 60_000);
  let restore: () => void;
  before(() => {
    restore = quietWarnings();
  });
  after(() => restore());

  it('every sample file, unmodified, satisfies the properties (and warms the core up)', () => {
    for (const s of loadSamples()) checkInput({ rel: s.rel, kind: s.kind, text: s.text });
  });

  it(`${RUNS} randomly damaged samples: no throw, ≤ 2 s each, every range inside its file, every fix surgical`, () => {
    console.log(`      fuzz seed ${SEED}, ${RUNS} runs (repeat with FUZZ_SEED=${SEED} or: npm run fuzz -- --seed ${SEED} --runs ${RUNS})`);
    const outcome = runFuzz({ runs: RUNS, seed: SEED });
    if (outcome.failed) assert.fail(outcome.report);
  });
});

// ---------------------------------------------------------------------------------------------------

interface Linted {
  file: FileAnalysis;
  diagnostics: Diagnostic[];
  ms: number;
}

/** One file alone in a project (plus an optional vocabulary), linted with the defaults. */
function lintAlone(kind: FileKind, content: string | Uint8Array, vocabulary?: string): Linted {
  const t0 = process.cpuUsage();
  const path = kind === 'playbook' ? '/p/x.playbook.yaml' : kind === 'vocabulary' ? '/p/x.vocabulary.yaml' : '/p/.playbook-lint.yaml';
  const file = typeof content === 'string' ? analyzeText(path, kind, content) : analyzeBytes(path, kind, content);
  const index = new ProjectIndex();
  if (kind !== 'config') index.set(exportsOf(file));
  if (vocabulary !== undefined) index.set(exportsOf(analyzeText('/p/v.vocabulary.yaml', 'vocabulary', vocabulary)));
  const diagnostics = lintFile(file, index, defaultConfig('/p'));
  const cpu = process.cpuUsage(t0);
  const lines = new Lines(file.text);
  for (const d of diagnostics) checkRange(lines, d.range, `${d.ruleId} "${d.message}"`);
  return { file, diagnostics, ms: (cpu.user + cpu.system) / 1000 };
}

function syntax(l: Linted): Diagnostic[] {
  return l.diagnostics.filter((d) => d.ruleId === 'yaml-syntax');
}

const PLAYBOOK_HEAD = 'playbook: P\nstages:\n  - id: s\n    name: S\n    goal: G\n';

describe('fuzz: hostile input at the core gets a diagnostic, in bounded time', function () {
  this.timeout(120_000);
  let restore: () => void;
  before(() => {
    restore = quietWarnings();
  });
  after(() => restore());

  it('an alias bomb (billion laughs) is one clear problem, not an expansion', () => {
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (let i = 1; i < 10; i++)
      bomb += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]\n`;
    const l = lintAlone('playbook', `playbook: P\n${bomb}stages: []\n`);
    assert.ok(l.ms < 2000, `took ${l.ms} ms`);
    assert.equal(syntax(l).length, 1, JSON.stringify(l.diagnostics));
    assert.match(syntax(l)[0].message, /alias/);
  });

  it('a deeply nested flow sequence (100,000 levels) is reported, not a stack overflow', () => {
    const depth = 100_000;
    const l = lintAlone('playbook', `playbook: P\nstages: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    assert.ok(l.ms < 5000, `took ${l.ms} ms`);
    assert.ok(l.diagnostics.length >= 1, 'expected a diagnostic');
  });

  it('deeply nested block mappings (2,000 levels) finish with diagnostics', () => {
    let text = 'playbook: P\nstages:\n';
    for (let i = 0; i < 2000; i++) text += `${' '.repeat(2 + i)}k${i}:\n`;
    const l = lintAlone('playbook', text);
    assert.ok(l.ms < 5000, `took ${l.ms} ms`);
    assert.ok(l.diagnostics.length >= 1);
  });

  it('a huge playbook (8,000 tactics, 2 MB) is checked in seconds', () => {
    let text = PLAYBOOK_HEAD + '    tactics:\n';
    for (let i = 0; i < 8000; i++) {
      text += `      - id: t-${i}\n        tactic: Ask the [[economic buyer]] question ${i}.\n        why: >\n          Because question ${i} exposes the [[pain]] and the [[cost of inaction]] early.\n        deviate-when:\n          - The buyer already answered question ${i} in writing.\n`;
    }
    text += '  - id: t-17\n    name: duplicate\n    goal: G\n';
    const vocabulary =
      'vocabulary: V\nterms:\n  - term: Economic buyer\n    definition: d\n  - term: Pain\n    definition: d\n  - term: Cost of inaction\n    definition: d\n';
    const l = lintAlone('playbook', text, vocabulary);
    assert.ok(text.length > 2_000_000);
    assert.ok(l.ms < 20_000, `took ${l.ms} ms of CPU`);
    assert.deepEqual(
      l.diagnostics.map((d) => d.ruleId),
      ['duplicate-id'],
    );
  });

  it('a 1 MB file of 60,000 wrongly typed entries is checked within 10 s (schema problems and references are capped or linear)', () => {
    // 60,000 tactics that are strings, not mappings, each holding an undefined [[term]].
    const l = lintAlone('playbook', `${PLAYBOOK_HEAD}    tactics: [${'"x [[nothing]] ", '.repeat(60_000)}]\n`);
    assert.ok(l.ms < 10_000, `took ${Math.round(l.ms)} ms of CPU for ${l.diagnostics.length} diagnostics`);
  });

  it('many different undefined [[terms]] against a large vocabulary stay fast ("did you mean" is not a 30 µs-per-pair scan)', () => {
    const n = 600;
    let vocabulary = 'vocabulary: V\nterms:\n';
    for (let i = 0; i < n; i++) vocabulary += `  - term: Term number ${i} of the list\n    definition: d\n`;
    let text = PLAYBOOK_HEAD + '    tactics:\n      - id: t\n        tactic: T\n        why: >\n';
    for (let i = 0; i < n; i++) text += `          see [[term numbr ${i} of the lst]]\n`;
    text += '        deviate-when: [never]\n';
    const l = lintAlone('playbook', text, vocabulary);
    assert.equal(l.diagnostics.filter((d) => d.ruleId === 'undefined-term').length, n);
    assert.ok(l.ms < 3000, `took ${Math.round(l.ms)} ms of CPU for ${n} undefined references against ${n} terms`);
  });

  it('long prose (100 KB in one goal, why and deviate-when) is checked in bounded time by the coaching checks', () => {
    for (const unit of ['a ', 'walk through ', 'when appropriate ', 'because it is best practice ', '[[x]] ', '[[ ', 'economic buyer ', '- ', ', ', 'é😀 ']) {
      const prose = JSON.stringify(unit.repeat(Math.ceil(100_000 / unit.length)));
      const text = `playbook: P\nstages:\n  - id: s\n    name: S\n    goal: ${prose}\n    tactics:\n      - id: t\n        tactic: ${prose}\n        why: ${prose}\n        deviate-when: [${prose}]\n`;
      const vocabulary = 'vocabulary: V\nterms:\n  - term: Economic buyer\n    definition: d\n';
      const l = lintAlone('playbook', text, vocabulary);
      assert.ok(l.ms < 5000, `${JSON.stringify(unit)} × 100 KB took ${Math.round(l.ms)} ms of CPU`);
    }
  });

  it('binary and non-UTF-8 files get one clear problem', () => {
    for (const bytes of [Buffer.from([0x70, 0x6c, 0x00, 0x01]), Buffer.from('playbook: caf\xe9\n', 'latin1'), Buffer.from([0xff, 0xfe, 0x70, 0x00])]) {
      const l = lintAlone('playbook', new Uint8Array(bytes));
      assert.equal(l.diagnostics.length, 1, JSON.stringify(l.diagnostics));
      assert.match(l.diagnostics[0].message, /UTF-8|binary/);
    }
  });

  it('empty, blank, comment-only and BOM-only files are reported plainly', () => {
    for (const text of ['', '\n\n', '   ', '# nothing yet\n', '\ufeff', '\ufeff# c\r\n', '---\n', '...\n', '~\n']) {
      for (const kind of ['playbook', 'vocabulary', 'config'] as const) {
        const l = lintAlone(kind, text);
        if (kind !== 'config') assert.ok(l.diagnostics.length >= 1, `${kind} ${JSON.stringify(text)}: expected a diagnostic`);
      }
    }
  });

  it('extreme indentation (100,000 spaces) and tabs do not hang', () => {
    const l = lintAlone('playbook', `${PLAYBOOK_HEAD}${' '.repeat(100_000)}tactics:\n\t- id: x\n`);
    assert.ok(l.ms < 5000, `took ${l.ms} ms`);
    assert.ok(syntax(l).length >= 1);
  });
});

// ---------------------------------------------------------------------------------------------------

/** Applies one fix's edits on `file` (edits elsewhere are ignored) and returns the new text. */
function applyFix(file: FileAnalysis, d: Diagnostic, title: RegExp): string {
  const fix = d.fixes?.find((f) => title.test(f.title));
  assert.ok(fix, `no fix matching ${title} on ${d.ruleId}: ${JSON.stringify(d.fixes?.map((f) => f.title))}`);
  const lines = new Lines(file.text);
  const placed = fix.edits
    .filter((e) => e.path === file.path)
    .map((edit) => ({ edit, ...checkRange(lines, edit.range, 'edit') }))
    .sort((a, b) => a.start - b.start);
  return applyEdits(file.text, placed);
}

describe('fuzz: regressions found by fuzzing', () => {
  // Each case names the input, what happened and what should happen; see the fuzz report.

  it('a YAML error on an empty CRLF line does not point between \\r and \\n', () => {
    const text = 'playbook: P\r\nstages:\r\n  - id: s\r\n    name: S\r\n\r\n   goal: G\r\n  - x\r\n';
    // lintAlone checks every range against LSP's view of the lines and throws on a position inside "\r\n".
    lintAlone('playbook', text);
  });

  it('the alias-count problem on a CRLF file ends at the end of line 1, not between \\r and \\n', () => {
    lintAlone('playbook', '*a\r\nplaybook: P\r\n');
  });

  it('a YAML error next to an emoji does not split its surrogate pair', () => {
    lintAlone('vocabulary', 'vocabulary: V\nterms:\n  - term: T\n    definition: d\n: 😀😀<<: *a\n');
  });

  it('an alias to an anchor that does not exist is reported at the alias, as an unknown anchor (not as an alias bomb)', () => {
    const text = `${PLAYBOOK_HEAD}    tactics:\n      - id: t\n        tactic: *missing\n        why: W\n        deviate-when: [x]\n`;
    const l = lintAlone('playbook', text);
    const d = syntax(l)[0];
    assert.ok(d, `expected a yaml-syntax diagnostic, got ${JSON.stringify(l.diagnostics)}`);
    assert.doesNotMatch(d.message, /too many aliases/, 'an undefined anchor is not an alias bomb');
    assert.match(d.message, /missing/, 'the message should name the anchor');
    assert.deepEqual(d.range.start, { line: 7, character: 16 }, 'the diagnostic should point at *missing');
  });

  it('"Fill in the empty why" replaces the whole empty value (`why: >`, `why: ~`, `why: null`, `why: &a`), keeps the next key on its own line and keeps a comment', () => {
    const wrong: string[] = [];
    for (const header of ['>', '|', '> # to do', '|-', '~', 'null', '&a', '"" # to do']) {
      const text = `${PLAYBOOK_HEAD}    tactics:\n      - id: t\n        tactic: T\n        why: ${header}\n        deviate-when: [x]\n`;
      const l = lintAlone('playbook', text);
      const d = l.diagnostics.find((x) => x.ruleId === 'tactic-missing-why');
      if (!d) {
        wrong.push(`why: ${header} → no tactic-missing-why diagnostic`);
        continue;
      }
      const fixed = applyFix(l.file, d, /why/i);
      const problems = analyzeText(l.file.path, 'playbook', fixed).syntaxProblems;
      if (problems.length) {
        wrong.push(`why: ${header} → invalid YAML (${problems[0].message}):\n${fixed.split('\n').slice(7, 10).join('\n')}`);
        continue;
      }
      if (header.includes('#') && !fixed.includes('# to do')) wrong.push(`why: ${header} → the comment is gone`);
      const tactic = (parse(fixed) as { stages: { tactics: Record<string, unknown>[] }[] }).stages[0].tactics[0];
      if (JSON.stringify(tactic['deviate-when']) !== '["x"]') wrong.push(`why: ${header} → deviate-when changed: ${JSON.stringify(tactic)}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('"Change to [[Term]]" keeps a single-quoted scalar valid when the term has an apostrophe', () => {
    const vocabulary = "vocabulary: V\nterms:\n  - term: Buyer's journey\n    definition: d\n";
    const l = lintAlone('playbook', `${PLAYBOOK_HEAD.replace('goal: G', "goal: 'Map the [[buyers journey]] first.'")}`, vocabulary);
    const d = l.diagnostics.find((x) => x.ruleId === 'undefined-term');
    assert.ok(d, JSON.stringify(l.diagnostics));
    const fixed = applyFix(l.file, d, /Change to/);
    assert.equal((parse(fixed) as { stages: { goal: string }[] }).stages[0].goal, "Map the [[Buyer's journey]] first.", fixed);
  });

  it('"Change to [[Term]]" keeps a double-quoted scalar valid when the term has a double quote', () => {
    const vocabulary = 'vocabulary: V\nterms:\n  - term: Say "no" early\n    definition: d\n';
    const l = lintAlone('playbook', PLAYBOOK_HEAD.replace('goal: G', 'goal: "Practise [[say no early]] here."'), vocabulary);
    const d = l.diagnostics.find((x) => x.ruleId === 'undefined-term');
    assert.ok(d, JSON.stringify(l.diagnostics));
    const fixed = applyFix(l.file, d, /Change to/);
    assert.equal((parse(fixed) as { stages: { goal: string }[] }).stages[0].goal, 'Practise [[Say "no" early]] here.', fixed);
  });

  it('"Change to <id>" on a see-also entry writes the id as one YAML value (quoted when it must be)', () => {
    const text = `${PLAYBOOK_HEAD}    see-also: [first call]\n  - id: "first, call"\n    name: T\n    goal: G\n`;
    const l = lintAlone('playbook', text);
    const d = l.diagnostics.find((x) => x.ruleId === 'unknown-reference');
    assert.ok(d, JSON.stringify(l.diagnostics));
    if (!d.fixes?.length) return; // not suggesting an invalid id at all is also right
    const fixed = applyFix(l.file, d, /Change to/);
    assert.deepEqual((parse(fixed) as { stages: { 'see-also'?: string[] }[] }).stages[0]['see-also'], ['first, call'], fixed);
  });

  it('a suggested term whose name spans lines is written on one line', () => {
    const vocabulary = 'vocabulary: V\nterms:\n  - term: Pain\n\n      point\n    definition: d\n';
    const l = lintAlone('playbook', PLAYBOOK_HEAD.replace('goal: G', 'goal: Find the [[pain pont]].'), vocabulary);
    const d = l.diagnostics.find((x) => x.ruleId === 'undefined-term');
    assert.ok(d, JSON.stringify(l.diagnostics));
    const change = d.fixes?.find((f) => /Change to/.test(f.title));
    if (!change) return;
    const fixed = applyFix(l.file, d, /Change to/);
    assert.equal(analyzeText(l.file.path, 'playbook', fixed).syntaxProblems.length, 0, fixed);
  });

  it('"Change to [[Term]]" is only offered for a name that can be written between [[ and ]]', () => {
    const vocabulary = 'vocabulary: V\nterms:\n  - term: Cost of inac]]ion\n    definition: d\n';
    const l = lintAlone('playbook', PLAYBOOK_HEAD.replace('goal: G', 'goal: Size the [[cost of inaction]].'), vocabulary);
    const d = l.diagnostics.find((x) => x.ruleId === 'undefined-term');
    assert.ok(d, JSON.stringify(l.diagnostics));
    for (const fix of d.fixes?.filter((f) => /Change to/.test(f.title)) ?? []) {
      const fixed = applyFix(l.file, d, new RegExp(fix.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      const refs = analyzeText(l.file.path, 'playbook', fixed).termRefs.map((r) => r.name);
      assert.ok(refs.includes('Cost of inac]]ion'), `"${fix.title}" writes a reference that reads back as ${JSON.stringify(refs)}`);
    }
  });

  it('every sample saved with CRLF line breaks, or with a BOM, satisfies every property', () => {
    for (const s of loadSamples()) {
      checkInput({ rel: s.rel, kind: s.kind, text: s.text.replace(/\n/g, '\r\n') });
      checkInput({ rel: s.rel, kind: s.kind, text: `\ufeff${s.text}` });
    }
  });
});
