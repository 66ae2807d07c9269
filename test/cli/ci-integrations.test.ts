/**
 * The CI integrations as documented: action.yml's steps run the way GitHub runs
 * them (inputs substituted, GITHUB_* set) on a fixture repository, and the
 * pre-commit hook through Debian's real `pre-commit` when it is installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { CLI, REPO_ROOT } from '../support/paths';
import { cleanPlaybook } from './fixtures';
import { CLI_TIMEOUT_MS, makeProject, runCli } from './helpers';

interface ActionStep {
  id?: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
}

interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.x }}` as GitHub substitutes it: the given value, else the input's default. */
function substitute(text: string, given: Record<string, string>): string {
  return text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => {
    assert.ok(name in action.inputs, `action.yml uses an undeclared input "${name}"`);
    return given[name] ?? action.inputs[name].default ?? '';
  });
}

/** Runs every step of the composite action in `repo` with a simulated GitHub Actions environment. */
function runAction(repo: string, given: Record<string, string>) {
  assert.equal(action.runs.using, 'composite');
  const outputFile = path.join(repo, '.github-output');
  writeFileSync(outputFile, '');
  let last = { code: 0 as number | null, stdout: '', stderr: '' };
  for (const step of action.runs.steps) {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: repo,
      GITHUB_ACTION_PATH: REPO_ROOT,
      GITHUB_OUTPUT: outputFile,
      GITHUB_REPOSITORY: 'acme/team-playbooks',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REF: 'refs/pull/7/merge',
    };
    for (const [key, value] of Object.entries(step.env ?? {})) env[key] = substitute(value, given);
    const r = spawnSync(step.shell, ['-e', '-c', substitute(step.run, given)], { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
    last = { code: r.status, stdout: r.stdout, stderr: r.stderr };
    if (r.status !== 0) break;
  }
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=') as [string, string]),
  );
  return { ...last, outputs };
}

/** A team repository with playbook-lint installed the way the docs say (node_modules/.bin), here linked to the built CLI. */
function teamRepo(files: Record<string, string>) {
  const p = makeProject(files);
  mkdirSync(path.join(p.dir, 'node_modules/.bin'), { recursive: true });
  // What npm writes for a package's bin on install: an executable that runs the CLI with node.
  writeFileSync(path.join(p.dir, 'node_modules/.bin/playbook-lint'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  return p;
}

const BROKEN =
  'playbook: Broken\nstages:\n  - id: broken\n    name: Broken\n    goal: The buyer agrees the price fits the budget.\n    tactics:\n      - id: send-recap\n        tactic: Send a recap.\n';

describe('GitHub Action (action.yml) in a simulated GitHub Actions run', function () {
  this.timeout(CLI_TIMEOUT_MS);

  it('prints annotations, writes a valid SARIF file, fails the job and sets exit-code', () => {
    const p = teamRepo({ 'playbooks/ok.playbook.yaml': cleanPlaybook('ok', 'ok-t'), 'playbooks/broken.playbook.yaml': BROKEN });
    try {
      const run = runAction(p.dir, { 'sarif-file': 'reports/playbook-lint.sarif' });
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.outputs['exit-code'], '1');
      assert.match(run.stdout, /^::error file=playbooks\/broken\.playbook\.yaml,line=7,col=13,endLine=7,endColumn=23,title=tactic-missing-why::/m);
      assert.match(run.stdout, /^::warning file=playbooks\/broken\.playbook\.yaml,line=7,.*title=tactic-missing-deviation::/m);
      const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
      const validate = new Ajv({ validateFormats: false }).compile(schema);
      const sarif = JSON.parse(readFileSync(path.join(p.dir, 'reports/playbook-lint.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
      assert.ok(validate(sarif), JSON.stringify(validate.errors));
      assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort(), ['tactic-missing-deviation', 'tactic-missing-why']);
    } finally {
      p.cleanup();
    }
  });

  it('passes on a clean repository, and max-warnings turns warnings into a failure', () => {
    const warningOnly = BROKEN.replace(
      'tactic: Send a recap.',
      'tactic: Send a recap.\n        why: Buyers forget what they agreed within a day, and the recap is the record.',
    );
    const p = teamRepo({ 'a.playbook.yaml': cleanPlaybook('ok', 'ok-t'), 'b.playbook.yaml': warningOnly });
    try {
      const lenient = runAction(p.dir, {});
      assert.equal(lenient.code, 0, lenient.stdout + lenient.stderr);
      assert.match(lenient.stdout, /^::warning file=b\.playbook\.yaml/m);
      const strict = runAction(p.dir, { 'max-warnings': '0', paths: 'a.playbook.yaml b.playbook.yaml' });
      assert.equal(strict.code, 1);
      assert.equal(strict.outputs['exit-code'], '1');
      assert.match(strict.stderr, /1 warning, more than --max-warnings 0/);
    } finally {
      p.cleanup();
    }
  });

  it('a run that cannot start (invalid config) fails with exit-code 2 and the reason', () => {
    const p = teamRepo({ 'a.playbook.yaml': cleanPlaybook('ok', 'ok-t'), '.playbook-lint.yaml': 'rules:\n  tactic-missing-why: fatal\n' });
    try {
      const run = runAction(p.dir, { 'sarif-file': 'out.sarif' });
      assert.equal(run.code, 2);
      assert.equal(run.outputs['exit-code'], '2');
      assert.match(run.stderr, /invalid config \.playbook-lint\.yaml/);
    } finally {
      p.cleanup();
    }
  });
});

describe('GitLab code quality report (--format gitlab)', function () {
  this.timeout(CLI_TIMEOUT_MS);

  it('lists one issue per problem with GitLab severities, and fingerprints that survive moved lines', () => {
    const p = makeProject({ 'broken.playbook.yaml': BROKEN });
    try {
      const first = runCli(['--format', 'gitlab', '--output-file', 'gl-code-quality.json'], { cwd: p.dir });
      assert.equal(first.code, 1);
      type Issue = { check_name: string; severity: string; fingerprint: string; description: string; location: { path: string; lines: { begin: number } } };
      const issues = JSON.parse(readFileSync(path.join(p.dir, 'gl-code-quality.json'), 'utf8')) as Issue[];
      assert.deepEqual(
        issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]),
        [
          ['tactic-missing-deviation', 'minor', 'broken.playbook.yaml', 7],
          ['tactic-missing-why', 'major', 'broken.playbook.yaml', 7],
        ],
      );
      for (const i of issues) assert.match(i.fingerprint, /^[0-9a-f]{32}$/);
      writeFileSync(path.join(p.dir, 'broken.playbook.yaml'), `# moved\n${BROKEN}`);
      const moved = JSON.parse(runCli(['--format', 'gitlab'], { cwd: p.dir }).stdout) as Issue[];
      assert.equal(moved[0].location.lines.begin, 8);
      assert.deepEqual(
        moved.map((i) => i.fingerprint),
        issues.map((i) => i.fingerprint),
      );
    } finally {
      p.cleanup();
    }
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml) with the real pre-commit', function () {
  this.timeout(CLI_TIMEOUT_MS);

  it('blocks a commit with a playbook error and lets a clean one through', function () {
    const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    if (version.status !== 0) {
      console.log('      SKIPPED: pre-commit is not installed (Debian: apt-get install pre-commit; .ci/run installs it)');
      this.skip();
    }
    const p = teamRepo({ 'playbooks/ok.playbook.yaml': cleanPlaybook('ok', 'ok-t') });
    const git = (...args: string[]) =>
      spawnSync('git', args, {
        cwd: p.dir,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
      });
    try {
      // The hook as a team uses it from this repository: a local copy of .pre-commit-hooks.yaml's entry.
      const [hook] = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
      writeFileSync(path.join(p.dir, '.pre-commit-config.yaml'), `repos:\n  - repo: local\n    hooks:\n      - ${JSON.stringify(hook)}\n`);
      writeFileSync(path.join(p.dir, '.gitignore'), 'node_modules/\n');
      assert.equal(git('init', '-q').status, 0);
      git('add', '.');
      const env = {
        ...process.env,
        PRE_COMMIT_HOME: path.join(p.dir, '.pre-commit-cache'),
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
      };
      const clean = spawnSync('pre-commit', ['run', '--all-files'], { cwd: p.dir, encoding: 'utf8', env });
      assert.equal(clean.status, 0, clean.stdout + clean.stderr);
      assert.match(clean.stdout, /playbook-lint\.+Passed/);
      writeFileSync(path.join(p.dir, 'playbooks/broken.playbook.yaml'), BROKEN);
      git('add', '.');
      const blocked = spawnSync('pre-commit', ['run', '--all-files'], { cwd: p.dir, encoding: 'utf8', env });
      assert.equal(blocked.status, 1, blocked.stdout + blocked.stderr);
      assert.match(blocked.stdout, /playbook-lint\.+Failed/);
      assert.match(blocked.stdout, /broken\.playbook\.yaml[\s\S]*tactic-missing-why/);
    } finally {
      p.cleanup();
    }
  });
});
