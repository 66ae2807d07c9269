/** --init, --print-config, --stdin and --fix / --fix-dry-run: the real CLI as a process on real files. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { planFixes, writeFixes } from '../../server/src/cli/fix';
import { defaultConfig } from '../../server/src/core/config';
import { lintProject } from '../../server/src/node/project-run';
import { CLI } from '../support/paths';
import { cleanPlaybook } from './fixtures';
import { CLI_TIMEOUT_MS, makeProject, runCli, type Run } from './helpers';

function runWithStdin(args: string[], cwd: string, input: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const VOCAB =
  'vocabulary: Team\nterms:\n  - term: Economic buyer\n    definition: Approves the spend alone.\n  - term: Champion\n    definition: Sells for us inside.\n';
/** Two safe fixes (a close term, a misspelt key), CRLF line breaks, a BOM and comments that must survive. */
const FIXABLE =
  '\uFEFFplaybook: Fixable # title\r\nstages:\r\n  - id: fix-stage\r\n    name: Fix\r\n    goal: The [[econ buyer]] agrees the problem is worth solving.   # keep\r\n    tactics:\r\n      - id: fix-tactic\r\n        tactic: Ask before showing.\r\n        why: Buyers trust what they said themselves, as the [[Champion]] does.\r\n        deviate_when:\r\n          - The buyer asks for a demo after finishing discovery elsewhere.\r\n      - id: no-why\r\n        tactic: Send a recap.\r\n';

describe('--init', function () {
  this.timeout(CLI_TIMEOUT_MS);
  it('scaffolds a config, a vocabulary and a playbook that pass, then refuses to overwrite them', () => {
    const p = makeProject({});
    try {
      const init = runCli(['--init'], { cwd: p.dir });
      assert.equal(init.code, 0, init.stderr);
      assert.match(init.stdout, /Created:\n  \.playbook-lint\.yaml\n  vocabulary\/team\.vocabulary\.yaml\n  playbooks\/first-call\.playbook\.yaml\n/);
      const lint = runCli(['--max-warnings', '0', '--format', 'json'], { cwd: p.dir });
      assert.equal(lint.code, 0, lint.stdout);
      assert.deepEqual(
        JSON.parse(lint.stdout).files.flatMap((f: { diagnostics: unknown[] }) => f.diagnostics),
        [],
        'not even an info',
      );
      const config = readFileSync(path.join(p.dir, '.playbook-lint.yaml'), 'utf8');
      const again = runCli(['--init'], { cwd: p.dir });
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already exist.*nothing was written/);
      assert.equal(readFileSync(path.join(p.dir, '.playbook-lint.yaml'), 'utf8'), config);
    } finally {
      p.cleanup();
    }
  });

  it('in a folder with playbooks writes only the config; with a near-miss config name it writes nothing', () => {
    const p = makeProject({ 'team/a.playbook.yaml': cleanPlaybook('a-stage', 'a-tactic') });
    const q = makeProject({ '.playbook-lint.yml': 'rules: {}\n' });
    try {
      const init = runCli(['--init'], { cwd: p.dir });
      assert.equal(init.code, 0, init.stderr);
      assert.match(init.stdout, /Found 1 playbook and vocabulary file here \(such as team\/a\.playbook\.yaml\), so no examples were added/);
      assert.ok(!existsSync(path.join(p.dir, 'playbooks')));
      assert.equal(runCli([], { cwd: p.dir }).code, 0);
      const near = runCli(['--init'], { cwd: q.dir });
      assert.equal(near.code, 2);
      assert.match(near.stderr, /found \.playbook-lint\.yml, which playbook-lint does not read; rename it to \.playbook-lint\.yaml/);
      assert.ok(!existsSync(path.join(q.dir, '.playbook-lint.yaml')));
    } finally {
      p.cleanup();
      q.cleanup();
    }
  });
});

describe('--print-config', function () {
  this.timeout(CLI_TIMEOUT_MS);
  it('prints the effective settings of a file, with the vocabulary files in scope', () => {
    const p = makeProject({
      '.playbook-lint.yaml':
        'vocabulary: ["shared/*.vocabulary.yaml"]\nignore: ["drafts/**"]\nrules:\n  unused-term: off\n  goal-is-activity: { severity: warning }\n',
      'shared/team.vocabulary.yaml': VOCAB,
      'old/legacy.vocabulary.yaml': VOCAB,
      'playbooks/a.playbook.yaml': cleanPlaybook('a-stage', 'a-tactic'),
    });
    try {
      const run = runCli(['--print-config', 'playbooks/a.playbook.yaml', '--rule', 'schema=warning'], { cwd: path.join(p.dir) });
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout);
      assert.equal(out.configFile, '.playbook-lint.yaml');
      assert.equal(out.kind, 'playbook');
      assert.equal(out.checked, true);
      assert.deepEqual(out.vocabularyFiles, ['shared/team.vocabulary.yaml']);
      assert.deepEqual(out.ignore, ['drafts/**']);
      assert.equal(out.rules['unused-term'], 'off');
      assert.equal(out.rules['goal-is-activity'], 'warning');
      assert.equal(out.rules.schema, 'warning');
      assert.equal(out.rules['tactic-missing-why'], 'error');
      const ignored = JSON.parse(runCli(['--print-config', 'drafts/x.playbook.yaml'], { cwd: p.dir }).stdout);
      assert.equal(ignored.checked, false);
    } finally {
      p.cleanup();
    }
  });
});

describe('--stdin', function () {
  this.timeout(CLI_TIMEOUT_MS);
  let p: { dir: string; cleanup: () => void };
  before(() => {
    p = makeProject({
      'team.vocabulary.yaml': VOCAB,
      '.playbook-lint.yaml': 'ignore: ["drafts/**"]\n',
      'a.playbook.yaml': cleanPlaybook('a-stage', 'a-tactic'),
    });
  });
  after(() => p.cleanup());

  it('lints the text as the named file of the project (its terms and ids), even when that file is not saved', () => {
    const text = cleanPlaybook('a-stage', 'new-tactic').replace('goal: The buyer', 'goal: The [[econ buyer]]');
    const run = runWithStdin(['--stdin', '--stdin-filename', 'new.playbook.yaml', '--format', 'json'], p.dir, text);
    assert.equal(run.code, 1, run.stderr);
    const [file] = JSON.parse(run.stdout).files;
    assert.equal(file.path, 'new.playbook.yaml');
    assert.deepEqual(
      file.diagnostics.map((d: { rule: string }) => d.rule),
      ['duplicate-id', 'undefined-term'],
    );
    assert.match(file.diagnostics[1].message, /did you mean "Economic buyer"/);
    assert.equal(readFileSync(path.join(p.dir, 'a.playbook.yaml'), 'utf8'), cleanPlaybook('a-stage', 'a-tactic'));
  });

  it('--fix-dry-run lists the safe fixes and reports what would be left', () => {
    const run = runWithStdin(['--stdin', '--stdin-filename', 'b.playbook.yaml', '--fix-dry-run'], p.dir, FIXABLE);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /would fix 2 problems in 1 file \(nothing written\):\n  b\.playbook\.yaml:5:15  Change to \[\[Economic buyer\]\]\n  b\.playbook\.yaml:10:9  Rename "deviate_when" to "deviate-when"/,
    );
    assert.match(run.stdout, /no-why.*has no why/);
    assert.doesNotMatch(run.stdout, /econ buyer|deviate_when/);
    assert.ok(!existsSync(path.join(p.dir, 'b.playbook.yaml')));
  });

  it('refuses what it cannot do, saying why', () => {
    const cases: [string[], RegExp][] = [
      [['--stdin'], /--stdin needs --stdin-filename <path>/],
      [['--stdin-filename', 'x.playbook.yaml'], /--stdin-filename is only used with --stdin/],
      [['--stdin', '--stdin-filename', 'notes.txt'], /--stdin-filename notes\.txt: not a playbook or vocabulary file name/],
      [['--stdin', '--stdin-filename', 'x.playbook.yaml', 'a.playbook.yaml'], /name no files or folders with it/],
      [['--stdin', '--stdin-filename', 'x.playbook.yaml', '--fix'], /--fix cannot write back to standard input; use --fix-dry-run/],
    ];
    for (const [args, message] of cases) {
      const run = runWithStdin(args, p.dir, 'playbook: X\n');
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message, args.join(' '));
    }
    const ignored = runWithStdin(['--stdin', '--stdin-filename', 'drafts/x.playbook.yaml'], p.dir, 'playbook: X\n');
    assert.equal(ignored.code, 0);
    assert.match(ignored.stderr, /drafts\/x\.playbook\.yaml is not checked: .*ignore globs/);
    const misnamed = runWithStdin(['--stdin', '--stdin-filename', 'discovery.yaml', '--format', 'json'], p.dir, cleanPlaybook('d-stage', 'd-tactic'));
    assert.equal(misnamed.code, 1);
    assert.equal(JSON.parse(misnamed.stdout).files[0].diagnostics[0].rule, 'misnamed-file');
  });
});

describe('--fix', function () {
  this.timeout(CLI_TIMEOUT_MS);

  it('applies the safe fixes only, keeps every other byte, lints again and reports what is left', () => {
    const p = makeProject({ 'team.vocabulary.yaml': VOCAB, 'f.playbook.yaml': FIXABLE });
    try {
      const dry = runCli(['--fix-dry-run'], { cwd: p.dir });
      assert.equal(readFileSync(path.join(p.dir, 'f.playbook.yaml'), 'utf8'), FIXABLE, '--fix-dry-run writes nothing');
      assert.match(dry.stderr, /would fix 2 problems/);
      const run = runCli(['--fix', '--format', 'json'], { cwd: p.dir });
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /fixed 2 problems in 1 file:\n  f\.playbook\.yaml:5:15  Change to \[\[Economic buyer\]\]\n  f\.playbook\.yaml:10:9  Rename "deviate_when" to "deviate-when"\n/,
      );
      const fixed = readFileSync(path.join(p.dir, 'f.playbook.yaml'), 'utf8');
      assert.equal(fixed, FIXABLE.replace('[[econ buyer]]', '[[Economic buyer]]').replace('deviate_when', 'deviate-when'));
      const left = JSON.parse(run.stdout).files.flatMap((f: { diagnostics: { rule: string }[] }) => f.diagnostics.map((d) => d.rule));
      assert.deepEqual(left.sort(), ['tactic-missing-deviation', 'tactic-missing-why'], 'the tactic with no why is left for a person');
      const again = runCli(['--fix'], { cwd: p.dir });
      assert.match(again.stderr, /no safe fixes to apply/);
      assert.equal(readFileSync(path.join(p.dir, 'f.playbook.yaml'), 'utf8'), fixed);
    } finally {
      p.cleanup();
    }
  });

  it('a file that changes after its fixes were worked out is not written over', async () => {
    const p = makeProject({ 'team.vocabulary.yaml': VOCAB, 'f.playbook.yaml': FIXABLE });
    try {
      const config = defaultConfig(p.dir);
      const plan = planFixes(config, await lintProject(config));
      assert.equal(plan.applied.length, 2);
      const edited = FIXABLE.replace('Send a recap.', 'Send a recap the same day.');
      writeFileSync(path.join(p.dir, 'f.playbook.yaml'), edited);
      writeFixes(plan);
      assert.equal(readFileSync(path.join(p.dir, 'f.playbook.yaml'), 'utf8'), edited);
      assert.deepEqual(
        plan.skipped.map((s) => path.basename(s.path) + ': ' + s.reason),
        ['f.playbook.yaml: it changed on disk during the run, so its fixes were not written (run again)'],
      );
    } finally {
      p.cleanup();
    }
  });
});
