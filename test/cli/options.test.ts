/**
 * Every option and exit code of the spec's "Command line" section, through the
 * real CLI: --config, --rule, --max-warnings, --quiet, --output-file, colour
 * (--no-color, NO_COLOR, FORCE_COLOR, terminal or not), bad arguments.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RULE_IDS } from '../../server/src/core/rules';
import { CLI } from '../support/paths';
import { brokenPlaybook, cleanPlaybook, ONE_WARNING } from './fixtures';
import { CLI_TIMEOUT_MS, hasScript, makeProject, runCli, runCliInTty, writeFiles } from './helpers';

const ANSI = /\u001b\[\d+m/;

interface JsonReport {
  summary: { files: number; errors: number; warnings: number; infos: number };
  files: { path: string; diagnostics: { rule: string; severity: string }[] }[];
}

function json(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

function severities(report: JsonReport, rule: string): string[] {
  return report.files.flatMap((f) => f.diagnostics.filter((d) => d.rule === rule).map((d) => d.severity));
}

describe('exit codes', function () {
  this.timeout(CLI_TIMEOUT_MS);
  let p: { dir: string; cleanup: () => void };
  before(() => {
    p = makeProject({
      'clean/ok.playbook.yaml': cleanPlaybook('ok-stage', 'ok-tactic'),
      'warn/w.playbook.yaml': ONE_WARNING,
      'broken/b.playbook.yaml': brokenPlaybook('b-stage', 'b-tactic'),
    });
  });
  after(() => p.cleanup());

  it('0 when there are no errors', () => {
    const run = runCli(['clean'], { cwd: p.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
  });

  it('0 with warnings only', () => {
    const run = runCli(['warn'], { cwd: p.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /warning .* tactic-missing-deviation/);
  });

  it('1 with lint errors', () => {
    const run = runCli(['broken', 'clean'], { cwd: p.dir });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /broken\/b\.playbook\.yaml:7:13 +error +.* tactic-missing-why/);
    assert.equal(run.stderr, '');
  });

  it('2 for a named path that does not exist, naming it', () => {
    const run = runCli(['clean', 'nope', 'missing.playbook.yaml'], { cwd: p.dir });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /nope: no such file or folder/);
    assert.match(run.stderr, /missing\.playbook\.yaml: no such file or folder/);
  });

  it('2 for a glob that matches nothing', () => {
    const run = runCli(['drafts/**/*.playbook.yaml'], { cwd: p.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /drafts\/\*\*\/\*\.playbook\.yaml: the pattern matched no playbook or vocabulary file/);
  });

  it('2 for a folder without playbooks or vocabularies, and for an empty working folder', () => {
    const empty = makeProject({ 'notes/readme.md': '# nothing\n' });
    try {
      const named = runCli(['notes'], { cwd: empty.dir });
      assert.equal(named.code, 2);
      assert.match(named.stderr, /notes: no \*\.playbook\.yaml or \*\.vocabulary\.yaml files in this folder/);
      const bare = runCli([], { cwd: empty.dir });
      assert.equal(bare.code, 2);
      assert.match(bare.stderr, /\.: no \*\.playbook\.yaml or \*\.vocabulary\.yaml files/);
    } finally {
      empty.cleanup();
    }
  });

  it('2 for a named file that is not a playbook or vocabulary', () => {
    writeFiles(p.dir, { 'notes.yaml': 'a: 1\n' });
    const run = runCli(['notes.yaml'], { cwd: p.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /notes\.yaml: not a playbook or vocabulary file/);
  });

  it('2 for bad arguments: unknown option, unknown format, bad --max-warnings', () => {
    for (const args of [['--bogus'], ['--format', 'xml'], ['--max-warnings', 'many'], ['--max-warnings', '-1'], ['--format']]) {
      const run = runCli([...args, 'clean'], { cwd: p.dir });
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.ok(run.stderr.length > 0);
    }
    const format = runCli(['--format', 'xml'], { cwd: p.dir });
    assert.match(format.stderr, /stylish, json, sarif, github, junit/, 'the allowed formats are listed');
  });

  it('0 for --help and --version', () => {
    const help = runCli(['--help'], { cwd: p.dir });
    assert.equal(help.code, 0);
    for (const option of ['--format', '--config', '--rule', '--max-warnings', '--quiet', '--output-file', '--no-color'])
      assert.ok(help.stdout.includes(option), option);
    const version = runCli(['--version'], { cwd: p.dir });
    assert.equal(version.code, 0);
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), pkg.version);
  });
});

describe('a reader that stops early (`playbook-lint | head`)', function () {
  this.timeout(CLI_TIMEOUT_MS);

  it('is not a crash: no EPIPE stack trace, the exit code of the lint', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`p${i}.playbook.yaml`] = brokenPlaybook(`stage-${i}`, `tactic-${i}`);
    const p = makeProject(files);
    try {
      const child = spawn(process.execPath, [CLI, '--format', 'json'], { cwd: p.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.doesNotMatch(stderr, /EPIPE|Unhandled|internal error/);
      assert.equal(code, 1);
    } finally {
      p.cleanup();
    }
  });
});

describe('--rule ID=SEVERITY', function () {
  this.timeout(CLI_TIMEOUT_MS);
  let p: { dir: string; cleanup: () => void };
  before(() => {
    p = makeProject({ 'w.playbook.yaml': ONE_WARNING, 'b.playbook.yaml': brokenPlaybook('b-stage', 'b-tactic') });
  });
  after(() => p.cleanup());

  it('overrides a rule, and is repeatable', () => {
    const run = runCli(['-f', 'json', '--rule', 'tactic-missing-deviation=error', '--rule', 'tactic-missing-why=off'], { cwd: p.dir });
    assert.equal(run.code, 1, run.stderr);
    const report = json(run.stdout);
    assert.deepEqual(severities(report, 'tactic-missing-deviation'), ['error']);
    assert.deepEqual(severities(report, 'tactic-missing-why'), []);
  });

  it('turns an error into a warning (exit 0)', () => {
    const run = runCli(['-f', 'json', '--rule', 'tactic-missing-why=warning'], { cwd: p.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(severities(json(run.stdout), 'tactic-missing-why'), ['warning']);
  });

  it('wins over the config file', () => {
    writeFiles(p.dir, { 'cfg/strict.yaml': 'rules:\n  tactic-missing-deviation: error\n' });
    const run = runCli(['-f', 'json', '--config', 'cfg/strict.yaml', '--rule', 'tactic-missing-deviation=info', 'w.playbook.yaml'], { cwd: p.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(severities(json(run.stdout), 'tactic-missing-deviation'), ['info']);
  });

  it('exits 2 on an unknown rule id, listing the rule ids', () => {
    const run = runCli(['--rule', 'no-such-rule=error'], { cwd: p.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /"no-such-rule" is not a rule id/);
    for (const id of RULE_IDS) assert.ok(run.stderr.includes(id), `lists ${id}`);
  });

  it('exits 2 on an unknown severity or a malformed value, listing the severities', () => {
    const bad = runCli(['--rule', 'tactic-missing-why=fatal'], { cwd: p.dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"fatal" is not a severity; severities: error, warning, info, off/);
    const malformed = runCli(['--rule', 'tactic-missing-why'], { cwd: p.dir });
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /expected ID=SEVERITY/);
  });
});

describe('--max-warnings N and --quiet', function () {
  this.timeout(CLI_TIMEOUT_MS);
  let p: { dir: string; cleanup: () => void };
  before(() => {
    // Two warnings (tactic-missing-deviation), no error.
    p = makeProject({ 'w1.playbook.yaml': ONE_WARNING, 'w2.playbook.yaml': ONE_WARNING.replace(/stage-w/, 'stage-w2').replace(/warn-me/, 'warn-me-too') });
  });
  after(() => p.cleanup());

  it('exits 0 when warnings do not exceed N', () => {
    assert.equal(runCli(['--max-warnings', '2'], { cwd: p.dir }).code, 0);
  });

  it('exits 1 when warnings exceed N, saying so on stderr', () => {
    const run = runCli(['--max-warnings', '1'], { cwd: p.dir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /2 warnings, more than --max-warnings 1/);
    const zero = runCli(['--max-warnings', '0'], { cwd: p.dir });
    assert.equal(zero.code, 1);
  });

  it('--quiet reports errors only', () => {
    const b = makeProject({ 'w.playbook.yaml': ONE_WARNING, 'b.playbook.yaml': brokenPlaybook('b-stage', 'b-tactic') });
    try {
      const run = runCli(['-f', 'json', '--quiet'], { cwd: b.dir });
      assert.equal(run.code, 1, run.stderr);
      const report = json(run.stdout);
      assert.ok(report.files.every((f) => f.diagnostics.every((d) => d.severity === 'error')));
      assert.deepEqual(severities(report, 'tactic-missing-why'), ['error']);
      assert.equal(report.summary.warnings, 0);
      assert.equal(report.summary.infos, 0);
      assert.equal(report.summary.files, 2, 'every file checked is still listed');
    } finally {
      b.cleanup();
    }
  });

  it('--quiet hides warnings, but they still count towards --max-warnings (as in ESLint)', () => {
    const quiet = runCli(['--quiet'], { cwd: p.dir });
    assert.equal(quiet.code, 0);
    assert.doesNotMatch(quiet.stdout, /warning/);
    const run = runCli(['--quiet', '--max-warnings', '1'], { cwd: p.dir });
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stdout, /tactic-missing-deviation/);
    assert.match(run.stderr, /2 warnings \(not shown because of --quiet\), more than --max-warnings 1/);
  });
});

describe('--config FILE', function () {
  this.timeout(CLI_TIMEOUT_MS);
  it('uses that file instead of the nearest .playbook-lint.yaml; its globs are relative to the working folder', () => {
    const p = makeProject({
      '.playbook-lint.yaml': 'rules:\n  tactic-missing-deviation: error\n',
      'ci/lenient.yaml': 'ignore: ["drafts/**"]\nrules:\n  tactic-missing-deviation: off\n',
      'w.playbook.yaml': ONE_WARNING,
      'drafts/b.playbook.yaml': brokenPlaybook('b-stage', 'b-tactic'),
    });
    try {
      const nearest = runCli(['-f', 'json'], { cwd: p.dir });
      assert.equal(nearest.code, 1);
      assert.deepEqual(severities(json(nearest.stdout), 'tactic-missing-deviation'), ['error']);
      const other = runCli(['-f', 'json', '--config', 'ci/lenient.yaml'], { cwd: p.dir });
      assert.equal(other.code, 0, other.stderr);
      const report = json(other.stdout);
      assert.deepEqual(
        report.files.map((f) => f.path),
        ['w.playbook.yaml'],
        'drafts/** is ignored relative to the working folder',
      );
      assert.deepEqual(severities(report, 'tactic-missing-deviation'), []);
    } finally {
      p.cleanup();
    }
  });

  it('exits 2 when the file does not exist', () => {
    const p = makeProject({ 'w.playbook.yaml': ONE_WARNING });
    try {
      const run = runCli(['--config', 'nope.yaml'], { cwd: p.dir });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--config nope\.yaml: no such file/);
    } finally {
      p.cleanup();
    }
  });

  it('exits 2 on an invalid config, naming the file, the key and what is allowed', () => {
    const p = makeProject({
      'w.playbook.yaml': ONE_WARNING,
      'bad.yaml': 'rules:\n  tactic-missing-why: fatal\n  no-such-rule: error\nextra: 1\n',
    });
    try {
      const run = runCli(['--config', 'bad.yaml'], { cwd: p.dir });
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /invalid config bad\.yaml/);
      assert.match(run.stderr, /bad\.yaml:2:\d+: rules\.tactic-missing-why: "fatal" .*error, warning, info, off/);
      assert.match(run.stderr, /bad\.yaml:3:3: rules: .*"no-such-rule".*tactic-missing-why/);
      assert.match(run.stderr, /bad\.yaml:4:1: .*unknown key "extra"; allowed keys are .*vocabulary/);
    } finally {
      p.cleanup();
    }
  });

  it('exits 2 on an invalid discovered .playbook-lint.yaml too, and on YAML syntax errors in it', () => {
    const p = makeProject({ 'w.playbook.yaml': ONE_WARNING, '.playbook-lint.yaml': 'rules: [unclosed\n' });
    try {
      const run = runCli([], { cwd: p.dir });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /invalid config \.playbook-lint\.yaml\n {2}\.playbook-lint\.yaml:\d+:\d+: /);
    } finally {
      p.cleanup();
    }
  });
});

describe('--output-file FILE', function () {
  this.timeout(CLI_TIMEOUT_MS);
  it('writes the report there (creating folders), prints nothing, keeps the exit code, never colours', () => {
    const p = makeProject({ 'b.playbook.yaml': brokenPlaybook('b-stage', 'b-tactic') });
    try {
      for (const format of ['stylish', 'json', 'sarif', 'github', 'junit']) {
        const out = `reports/${format}/report.txt`;
        const run = runCli(['-f', format, '-o', out, '--color'], { cwd: p.dir, env: { FORCE_COLOR: '1' } });
        assert.equal(run.code, 1, run.stderr);
        assert.equal(run.stdout, '');
        const text = readFileSync(path.join(p.dir, out), 'utf8');
        assert.ok(text.includes('tactic-missing-why'), format);
        assert.doesNotMatch(text, ANSI);
        const direct = runCli(['-f', format], { cwd: p.dir });
        if (format !== 'sarif') assert.equal(text, direct.stdout, `${format}: same report as on stdout`);
      }
    } finally {
      p.cleanup();
    }
  });

  it('exits 2 when the file cannot be written', () => {
    const p = makeProject({ 'w.playbook.yaml': ONE_WARNING, 'taken/file': 'x' });
    try {
      const run = runCli(['--output-file', 'taken/file/report.json'], { cwd: p.dir });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /cannot write --output-file taken\/file\/report\.json/);
      assert.ok(!existsSync(path.join(p.dir, 'taken/file/report.json')));
    } finally {
      p.cleanup();
    }
  });
});

describe('colour', function () {
  this.timeout(CLI_TIMEOUT_MS);
  let p: { dir: string; cleanup: () => void };
  before(() => {
    p = makeProject({ 'b.playbook.yaml': brokenPlaybook('b-stage', 'b-tactic') });
  });
  after(() => p.cleanup());

  it('none when stdout is not a terminal', () => {
    assert.doesNotMatch(runCli([], { cwd: p.dir }).stdout, ANSI);
  });

  it('FORCE_COLOR and --color turn it on; FORCE_COLOR=0 does not', () => {
    assert.match(runCli([], { cwd: p.dir, env: { FORCE_COLOR: '1' } }).stdout, ANSI);
    assert.match(runCli(['--color'], { cwd: p.dir }).stdout, ANSI);
    assert.doesNotMatch(runCli([], { cwd: p.dir, env: { FORCE_COLOR: '0' } }).stdout, ANSI);
  });

  it('--no-color and NO_COLOR win over FORCE_COLOR', () => {
    assert.doesNotMatch(runCli(['--no-color'], { cwd: p.dir, env: { FORCE_COLOR: '1' } }).stdout, ANSI);
    assert.doesNotMatch(runCli([], { cwd: p.dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout, ANSI);
  });

  it('machine formats are never coloured', () => {
    for (const format of ['json', 'sarif', 'github', 'junit']) {
      assert.doesNotMatch(runCli(['-f', format, '--color'], { cwd: p.dir, env: { FORCE_COLOR: '1' } }).stdout, ANSI, format);
    }
  });

  describe('in a terminal (under `script`)', function () {
    before(function () {
      if (!hasScript()) this.skip();
    });

    it('colours by default', () => {
      const run = runCliInTty([], { cwd: p.dir });
      assert.equal(run.code, 1);
      assert.match(run.stdout, ANSI);
      assert.match(run.stdout, /b\.playbook\.yaml:7:13/);
    });

    it('but not with --no-color, NO_COLOR or TERM=dumb', () => {
      assert.doesNotMatch(runCliInTty(['--no-color'], { cwd: p.dir }).stdout, ANSI);
      assert.doesNotMatch(runCliInTty([], { cwd: p.dir, env: { NO_COLOR: '1' } }).stdout, ANSI);
      assert.doesNotMatch(runCliInTty([], { cwd: p.dir, env: { TERM: 'dumb' } }).stdout, ANSI);
    });
  });
});
