/**
 * What gets linted: files, folders and globs on the command line; node_modules,
 * .git and the config's ignore globs never read; the project root (and so the
 * vocabulary scope) from the config file or the working folder.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { brokenPlaybook, cleanPlaybook } from './fixtures';
import { CLI_TIMEOUT_MS, makeProject, runCli } from './helpers';

interface JsonReport {
  files: { path: string; diagnostics: { rule: string; severity: string; message: string }[] }[];
}

function paths(stdout: string): string[] {
  return (JSON.parse(stdout) as JsonReport).files.map((f) => f.path);
}

function rules(stdout: string): string[] {
  return (JSON.parse(stdout) as JsonReport).files.flatMap((f) => f.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${f.path} ${d.rule}`));
}

const VOCAB = `vocabulary: Team
terms:
  - term: Champion
    definition: Someone inside the buyer who sells for us when we are not in the room.
`;

/** A clean playbook that references [[champion]]: clean only when the vocabulary above is in scope. */
function usesChampion(stageId: string, tacticId: string): string {
  return cleanPlaybook(stageId, tacticId).replace('goal: The buyer agrees', 'goal: The [[champion]] agrees');
}

describe('targets', function () {
  this.timeout(CLI_TIMEOUT_MS);
  let p: { dir: string; cleanup: () => void };
  before(() => {
    p = makeProject({
      'playbooks/a.playbook.yaml': cleanPlaybook('a-stage', 'a-tactic'),
      'playbooks/b.playbook.yml': cleanPlaybook('b-stage', 'b-tactic'),
      'playbooks/nested/c.PLAYBOOK.yaml': cleanPlaybook('c-stage', 'c-tactic'),
      'vocabulary/team.vocabulary.yaml': VOCAB,
      'vocabulary/other.vocabulary.yml': VOCAB.replace('Champion', 'Economic buyer'),
      'node_modules/pkg/x.playbook.yaml': brokenPlaybook('nm-stage', 'nm-tactic'),
      '.git/y.playbook.yaml': brokenPlaybook('git-stage', 'git-tactic'),
      'sub/node_modules/z.playbook.yaml': brokenPlaybook('nm2-stage', 'nm2-tactic'),
      'notes.yaml': 'not: linted\n',
    });
  });
  after(() => p.cleanup());

  it('the current folder by default: every playbook and vocabulary (.yaml and .yml), skipping node_modules and .git', () => {
    const run = runCli(['-f', 'json'], { cwd: p.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(paths(run.stdout), [
      'playbooks/a.playbook.yaml',
      'playbooks/b.playbook.yml',
      'playbooks/nested/c.PLAYBOOK.yaml',
      'vocabulary/other.vocabulary.yml',
      'vocabulary/team.vocabulary.yaml',
    ]);
  });

  it('a folder: every lintable file below it', () => {
    const run = runCli(['-f', 'json', 'playbooks/nested', 'vocabulary'], { cwd: p.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(paths(run.stdout), ['playbooks/nested/c.PLAYBOOK.yaml', 'vocabulary/other.vocabulary.yml', 'vocabulary/team.vocabulary.yaml']);
  });

  it('files, named once even when named twice', () => {
    const run = runCli(['-f', 'json', 'playbooks/a.playbook.yaml', './playbooks/a.playbook.yaml', path.join(p.dir, 'playbooks/b.playbook.yml')], {
      cwd: p.dir,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(paths(run.stdout), ['playbooks/a.playbook.yaml', 'playbooks/b.playbook.yml']);
  });

  it('globs (quoted, so the CLI expands them), only playbook and vocabulary files, never node_modules or .git', () => {
    const run = runCli(['-f', 'json', '**/*.yaml'], { cwd: p.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(paths(run.stdout), ['playbooks/a.playbook.yaml', 'playbooks/nested/c.PLAYBOOK.yaml', 'vocabulary/team.vocabulary.yaml']);
    const braces = runCli(['-f', 'json', 'playbooks/{a,b}.*'], { cwd: p.dir });
    assert.equal(braces.code, 0, braces.stderr);
    assert.deepEqual(paths(braces.stdout), ['playbooks/a.playbook.yaml', 'playbooks/b.playbook.yml']);
  });

  it('a glob that matches only other files is "nothing matched" (exit 2)', () => {
    const run = runCli(['*.yaml'], { cwd: p.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /\*\.yaml: the pattern matched no playbook or vocabulary file/);
  });
});

describe('config ignore globs', function () {
  this.timeout(CLI_TIMEOUT_MS);
  let p: { dir: string; cleanup: () => void };
  before(() => {
    p = makeProject({
      '.playbook-lint.yaml': 'ignore: ["drafts/**", "**/*.old.playbook.yaml"]\n',
      'a.playbook.yaml': cleanPlaybook('a-stage', 'a-tactic'),
      'drafts/d.playbook.yaml': brokenPlaybook('d-stage', 'd-tactic'),
      'team/x.old.playbook.yaml': brokenPlaybook('x-stage', 'x-tactic'),
      // Would be a duplicate id of a-tactic if it were read.
      'drafts/dup.playbook.yaml': cleanPlaybook('dup-stage', 'a-tactic'),
    });
  });
  after(() => p.cleanup());

  it('are never read: not linted, and not part of the project (no duplicate-id from them)', () => {
    const run = runCli(['-f', 'json'], { cwd: p.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(paths(run.stdout), ['a.playbook.yaml']);
  });

  it('apply to named folders, files and globs too', () => {
    const run = runCli(['-f', 'json', 'drafts/d.playbook.yaml', 'team', '**/*.playbook.yaml'], { cwd: p.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(paths(run.stdout), ['a.playbook.yaml']);
  });

  it('exit 2 when everything named is ignored', () => {
    const run = runCli(['drafts'], { cwd: p.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /nothing to lint: every matched file is ignored/);
  });
});

describe('project root', function () {
  this.timeout(CLI_TIMEOUT_MS);
  it('is the folder of the nearest .playbook-lint.yaml, even when linting from a subfolder or naming one file', () => {
    const p = makeProject({
      'project/.playbook-lint.yaml': 'rules: {}\n',
      'project/vocabulary/team.vocabulary.yaml': VOCAB,
      'project/playbooks/a.playbook.yaml': usesChampion('a-stage', 'a-tactic'),
    });
    try {
      const fromSub = runCli(['-f', 'json'], { cwd: path.join(p.dir, 'project/playbooks') });
      assert.equal(fromSub.code, 0, fromSub.stdout);
      assert.deepEqual(paths(fromSub.stdout), ['a.playbook.yaml']);
      const named = runCli(['-f', 'json', 'project/playbooks/a.playbook.yaml'], { cwd: p.dir });
      assert.equal(named.code, 0, named.stdout);
    } finally {
      p.cleanup();
    }
  });

  it('is the working folder without a config: vocabularies outside it are not in scope', () => {
    const p = makeProject({ 'vocabulary/team.vocabulary.yaml': VOCAB, 'playbooks/a.playbook.yaml': usesChampion('a-stage', 'a-tactic') });
    try {
      assert.equal(runCli([], { cwd: p.dir }).code, 0);
      const sub = runCli(['-f', 'json'], { cwd: path.join(p.dir, 'playbooks') });
      assert.equal(sub.code, 1);
      assert.deepEqual(rules(sub.stdout), ['a.playbook.yaml undefined-term']);
    } finally {
      p.cleanup();
    }
  });

  it('is the named folder for a project outside the working folder without a config', () => {
    const p = makeProject({
      'elsewhere/vocabulary/team.vocabulary.yaml': VOCAB,
      'elsewhere/playbooks/a.playbook.yaml': usesChampion('a-stage', 'a-tactic'),
      'here/.keep': '',
    });
    try {
      const run = runCli(['-f', 'json', '../elsewhere'], { cwd: path.join(p.dir, 'here') });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.deepEqual(
        paths(run.stdout),
        [path.join(p.dir, 'elsewhere/playbooks/a.playbook.yaml'), path.join(p.dir, 'elsewhere/vocabulary/team.vocabulary.yaml')],
        'absolute paths outside the working folder',
      );
      const glob = runCli(['-f', 'json', '../elsewhere/**/*.yaml'], { cwd: path.join(p.dir, 'here') });
      assert.equal(glob.code, 0, glob.stdout + glob.stderr);
    } finally {
      p.cleanup();
    }
  });

  it('keeps separate projects apart: each with its own config, vocabulary and ids', () => {
    const p = makeProject({
      'one/.playbook-lint.yaml': 'rules:\n  tactic-missing-why: warning\n',
      'one/b.playbook.yaml': brokenPlaybook('b-stage', 'same-id'),
      'two/.playbook-lint.yaml': 'rules: {}\n',
      'two/b.playbook.yaml': brokenPlaybook('b-stage', 'same-id'),
    });
    try {
      const run = runCli(['-f', 'json', 'one', 'two'], { cwd: p.dir });
      assert.equal(run.code, 1);
      const report = JSON.parse(run.stdout) as JsonReport;
      const found = report.files.flatMap((f) => f.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${f.path} ${d.rule} ${d.severity}`));
      assert.deepEqual(
        found,
        ['one/b.playbook.yaml tactic-missing-why warning', 'two/b.playbook.yaml tactic-missing-why error'],
        'no duplicate-id across projects',
      );
    } finally {
      p.cleanup();
    }
  });
});
