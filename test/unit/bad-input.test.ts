/**
 * Bad input (spec "Bad input"): the REAL built CLI (`node dist/cli.js`) runs as
 * a process on real files in a temporary project. For each kind of bad file:
 * no crash, no hang (a time bound), a diagnostic naming the file, the other
 * files of the same run still reported, and exit code 1 (an error diagnostic).
 * Needs `npm run build` first.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/paths';

interface JsonDiagnostic {
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
}
interface JsonReport {
  summary: { files: number; errors: number; warnings: number };
  files: { path: string; diagnostics: JsonDiagnostic[] }[];
}

/** A valid playbook whose one tactic lacks deviate-when: its warning proves the file was checked. */
const COMPANION = `playbook: Companion
stages:
  - id: first-call
    name: First call
    goal: The buyer agrees the problem is worth solving.
    tactics:
      - id: ask-impact
        tactic: Ask what the problem costs them each month.
        why: A cost the buyer states themselves is one they defend.
`;

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  report: JsonReport;
}

function runCli(cwd: string, timeoutMs: number, nodeArgs: string[] = [], args: string[] = []): Run {
  const started = Date.now();
  const r = spawnSync(process.execPath, [...nodeArgs, CLI, '--format', 'json', '--no-color', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const ms = Date.now() - started;
  assert.ok(!r.error, `the CLI did not finish within ${timeoutMs} ms (${r.error?.message})`);
  assert.equal(r.signal, null, `the CLI was killed by ${r.signal}\n${r.stderr}`);
  let report: JsonReport;
  try {
    report = JSON.parse(r.stdout) as JsonReport;
  } catch {
    assert.fail(`the CLI printed no JSON report (exit ${r.status})\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`);
  }
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms, report };
}

function diagnosticsOf(run: Run, file: string): JsonDiagnostic[] {
  const entry = run.report.files.find((f) => f.path === file);
  assert.ok(entry, `the report does not name ${file}; it names ${run.report.files.map((f) => f.path).join(', ')}`);
  return entry.diagnostics;
}

/** The checks every bad input must pass. */
function assertHandled(run: Run, badFile: string, expected: { rule: string; message: RegExp }): JsonDiagnostic {
  assert.equal(run.stderr, '', 'nothing on stderr: no crash, no stack trace');
  assert.equal(run.status, 1, 'exit 1: the bad file is an error diagnostic');
  const bad = diagnosticsOf(run, badFile);
  const hit = bad.find((d) => d.rule === expected.rule && expected.message.test(d.message));
  assert.ok(hit, `${badFile}: expected a ${expected.rule} diagnostic matching ${expected.message}, got ${JSON.stringify(bad, null, 2)}`);
  assert.equal(hit.severity, 'error');
  const companion = diagnosticsOf(run, 'companion.playbook.yaml');
  assert.deepEqual(
    companion.map((d) => `${d.rule}@${d.line}:${d.column}`),
    ['tactic-missing-deviation@7:13'],
    'the other file of the run is still checked',
  );
  return hit;
}

describe('bad input, through the built CLI', function () {
  this.timeout(180_000);
  let dir: string;

  before(function () {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'playbook-lint-bad-'));
    writeFileSync(path.join(dir, 'companion.playbook.yaml'), COMPANION);
  });

  afterEach(() => {
    try {
      chmodSync(dir, 0o755);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('an alias bomb (billion laughs)', () => {
    let text = 'playbook: Laughs\nlol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    for (let i = 1; i <= 9; i++)
      text += `lol${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    text += 'stages: *a9\n';
    writeFileSync(path.join(dir, 'laughs.playbook.yaml'), text);
    const run = runCli(dir, 60_000);
    const d = assertHandled(run, 'laughs.playbook.yaml', { rule: 'yaml-syntax', message: /aliases in this file .* expand to too many values/ });
    assert.deepEqual([d.line, d.column], [3, 12], 'at the first alias');
  });

  it('a binary file named x.playbook.yaml', () => {
    const png = Buffer.from([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      0,
      0,
      0,
      0x0d,
      0x49,
      0x48,
      0x44,
      0x52,
      ...Array.from({ length: 4096 }, (_, i) => (i * 37) % 256),
    ]);
    writeFileSync(path.join(dir, 'x.playbook.yaml'), png);
    const run = runCli(dir, 60_000);
    assertHandled(run, 'x.playbook.yaml', { rule: 'yaml-syntax', message: /^This looks like a binary file, not text/ });
  });

  it('5,000-deep flow nesting', () => {
    writeFileSync(path.join(dir, 'deep-flow.playbook.yaml'), `playbook: Deep\nstages: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const run = runCli(dir, 60_000);
    assertHandled(run, 'deep-flow.playbook.yaml', { rule: 'yaml-syntax', message: /nests lists or mappings inside each other too deeply/ });
  });

  it('5,000-deep block nesting (lists and mappings)', () => {
    // Compact block lists: "- - - …" opens one level per "- ".
    writeFileSync(path.join(dir, 'deep-list.playbook.yaml'), `playbook: Deep\nstages:\n  ${'- '.repeat(5000)}x\n`);
    // Block mappings, one space deeper per level.
    let map = 'playbook: Deep\nstages:\n';
    for (let i = 0; i < 5000; i++) map += `${' '.repeat(i + 1)}k${i}:\n`;
    writeFileSync(path.join(dir, 'deep-map.playbook.yaml'), map);
    const run = runCli(dir, 90_000);
    assertHandled(run, 'deep-list.playbook.yaml', { rule: 'yaml-syntax', message: /too deeply/ });
    assertHandled(run, 'deep-map.playbook.yaml', { rule: 'yaml-syntax', message: /too deeply/ });
  });

  it('an empty file', () => {
    writeFileSync(path.join(dir, 'empty.playbook.yaml'), '');
    writeFileSync(path.join(dir, 'blank.vocabulary.yaml'), '\n\n   \n');
    const run = runCli(dir, 60_000);
    const d = assertHandled(run, 'empty.playbook.yaml', { rule: 'schema', message: /^the file is empty; the playbook must be a mapping of keys/ });
    assert.deepEqual([d.line, d.column], [1, 1]);
    assert.match(diagnosticsOf(run, 'blank.vocabulary.yaml')[0].message, /^the file is empty; the vocabulary must be/);
  });

  it('a 20 MB playbook is checked completely (a problem near its end is found)', () => {
    const parts = ['playbook: Huge generated playbook\nstages:\n'];
    let size = 0;
    let n = 0;
    while (size < 20 * 1024 * 1024) {
      const stage = `  - id: stage-${n}
    name: Stage ${n}
    goal: The buyer agrees on outcome ${n}, written out in a sentence long enough to look like real prose.
    tactics:
      - id: tactic-${n}
        tactic: Ask about the impact of problem ${n} on the quarter, in the buyer's own words.
        why: >
          Buyers who state the impact themselves believe it and defend it internally; case ${n}.
        deviate-when:
          - The buyer has already quantified the impact of problem ${n} in writing.
`;
      parts.push(stage);
      size += stage.length;
      n++;
    }
    parts.push(
      '  - id: the-last-stage\n    name: Last\n    goal: The buyer signs.\n    tactics:\n      - id: tactic-0\n        tactic: Repeat an id.\n        why: To prove the end of the file was read.\n        deviate-when: [Never.]\n',
    );
    const text = parts.join('');
    writeFileSync(path.join(dir, 'huge.playbook.yaml'), text);
    const lastLine = text.split('\n').length - 4; // the "- id: tactic-0" line
    const run = runCli(dir, 170_000);
    const d = assertHandled(run, 'huge.playbook.yaml', { rule: 'duplicate-id', message: /^Id "tactic-0" is already used/ });
    assert.deepEqual([d.line, d.column], [lastLine, 13]);
  });

  it('a mapping with 200,000 keys and one repeated key at its end (no quadratic duplicate-key check)', () => {
    const lines = ['playbook: Keys', 'stages: []'];
    for (let i = 0; i < 200_000; i++) lines.push(`key-${i}: value ${i}`);
    lines.push('key-7: again', '');
    writeFileSync(path.join(dir, 'keys.playbook.yaml'), lines.join('\n'));
    const run = runCli(dir, 120_000);
    const d = assertHandled(run, 'keys.playbook.yaml', { rule: 'yaml-syntax', message: /^YAML syntax: the key "key-7" appears twice in the same mapping/ });
    assert.deepEqual([d.line, d.column], [200_003, 1]);
  });

  it('a file larger than the 32 MB limit is reported, not read', () => {
    writeFileSync(path.join(dir, 'giant.playbook.yaml'), Buffer.alloc(33 * 1024 * 1024, 0x61));
    const run = runCli(dir, 60_000);
    assertHandled(run, 'giant.playbook.yaml', { rule: 'yaml-syntax', message: /^Cannot read this file: it is 33\.0 MB, more than the 32 MB/ });
  });

  it('non-UTF-8 bytes', () => {
    writeFileSync(
      path.join(dir, 'latin1.playbook.yaml'),
      Buffer.concat([Buffer.from('playbook: Caf'), Buffer.from([0xe9]), Buffer.from(' pricing\nstages: []\n')]),
    );
    writeFileSync(path.join(dir, 'utf16.vocabulary.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('vocabulary: V\n', 'utf16le')]));
    const run = runCli(dir, 60_000);
    assertHandled(run, 'latin1.playbook.yaml', {
      rule: 'yaml-syntax',
      message: /^This file is not valid UTF-8 text \(the first bad byte, 0xE9, is on line 1, byte 13\)/,
    });
    assertHandled(run, 'utf16.vocabulary.yaml', { rule: 'yaml-syntax', message: /saved as UTF-16 text/ });
  });

  it('a file deleted between listing and reading (a preload hook deletes it the moment the CLI opens it)', () => {
    for (let i = 0; i < 200; i++) {
      writeFileSync(
        path.join(dir, `p${String(i).padStart(3, '0')}.playbook.yaml`),
        COMPANION.replace(/first-call/g, `stage-${i}`).replace(/ask-impact/g, `ask-${i}`),
      );
    }
    const victim = path.join(dir, 'p100.playbook.yaml');
    const hook = path.join(dir, 'delete-on-open.cjs');
    // Patch fs in the CLI process: the first time anything opens or reads the victim by path, it vanishes first.
    writeFileSync(
      hook,
      `const fs = require('fs');
const victim = ${JSON.stringify(victim)};
let done = false;
for (const name of ['openSync', 'readFileSync']) {
  const original = fs[name];
  fs[name] = function (file, ...rest) {
    if (!done && typeof file === 'string' && require('path').resolve(file) === victim) {
      done = true;
      fs.unlinkSync(victim);
    }
    return original.call(this, file, ...rest);
  };
}
`,
    );
    const run = runCli(dir, 120_000, ['--require', hook]);
    assert.equal(existsSync(victim), false, 'the hook deleted the file during the run');
    assertHandled(run, 'p100.playbook.yaml', { rule: 'yaml-syntax', message: /^Cannot read this file: it was deleted or moved while being checked/ });
    for (const other of ['p000.playbook.yaml', 'p099.playbook.yaml', 'p101.playbook.yaml', 'p199.playbook.yaml']) {
      assert.deepEqual(
        diagnosticsOf(run, other).map((d) => d.rule),
        ['tactic-missing-deviation'],
        other,
      );
    }
    assert.equal(run.report.summary.files, 201); // 200 + the companion
  });

  // Needs the CLI's project walk (server/src/node/lint-engine.ts) to add project-run's folderResults().
  it('a directory named x.playbook.yaml', () => {
    mkdirSync(path.join(dir, 'x.playbook.yaml'));
    mkdirSync(path.join(dir, 'empty-dir.vocabulary.yaml'));
    const run = runCli(dir, 60_000);
    assertHandled(run, 'x.playbook.yaml', { rule: 'yaml-syntax', message: /^Cannot read this file: it is a folder, not a file/ });
    assertHandled(run, 'empty-dir.vocabulary.yaml', { rule: 'yaml-syntax', message: /folder/ });
  });

  it('a named pipe called x.playbook.yaml does not hang the run', function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(dir, 'x.playbook.yaml');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) this.skip(); // no mkfifo here
    const run = runCli(dir, 60_000);
    // A pipe is not a file to check: the run ends, and the other file is reported.
    assert.equal(run.stderr, '');
    assert.deepEqual(
      diagnosticsOf(run, 'companion.playbook.yaml').map((d) => d.rule),
      ['tactic-missing-deviation'],
    );
    const named = runCli(dir, 60_000, [], ['x.playbook.yaml', 'companion.playbook.yaml']);
    assert.equal(named.stderr, '');
  });

  it('an unreadable file (chmod 000)', function () {
    if (process.platform === 'win32') this.skip();
    if (process.getuid?.() === 0) {
      // Root reads any file whatever its mode, so there is nothing to provoke; say so instead of passing silently.
      console.log('      (skipped: tests run as root, for whom chmod 000 does not make a file unreadable)');
      this.skip();
    }
    const file = path.join(dir, 'locked.playbook.yaml');
    writeFileSync(file, COMPANION);
    chmodSync(file, 0o000);
    const run = runCli(dir, 60_000);
    assertHandled(run, 'locked.playbook.yaml', { rule: 'yaml-syntax', message: /^Cannot read this file: permission denied/ });
  });

  it('all of it in one run: every bad file is named, the good one still checked', () => {
    writeFileSync(path.join(dir, 'empty.playbook.yaml'), '');
    writeFileSync(path.join(dir, 'bin.playbook.yaml'), Buffer.from([0, 1, 2, 3]));
    writeFileSync(path.join(dir, 'flow.playbook.yaml'), `playbook: x\nstages: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    writeFileSync(path.join(dir, 'broken.playbook.yaml'), readFileSync(path.join(__dirname, '../../samples/with-problems/playbooks/broken.playbook.yaml')));
    writeFileSync(path.join(dir, 'latin1.vocabulary.yaml'), Buffer.from([0x76, 0x3a, 0x20, 0xe9, 0x0a]));
    const run = runCli(dir, 60_000);
    for (const f of ['empty.playbook.yaml', 'bin.playbook.yaml', 'flow.playbook.yaml', 'broken.playbook.yaml', 'latin1.vocabulary.yaml']) {
      assert.ok(
        diagnosticsOf(run, f).some((d) => d.severity === 'error'),
        f,
      );
    }
    assert.match(diagnosticsOf(run, 'broken.playbook.yaml')[0].message, /opened at line 7, column 11 is never closed/);
    assert.equal(run.status, 1);
    assert.deepEqual(
      diagnosticsOf(run, 'companion.playbook.yaml').map((d) => d.rule),
      ['tactic-missing-deviation'],
    );
  });
});
