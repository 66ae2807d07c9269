/**
 * `npm install git+file://…` of a clean clone, as a team trying an unreleased version
 * would: npm installs the clone's dev dependencies (from its cache: offline here), runs
 * `prepare` (the production build), packs and installs the result. The bin must work.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/paths';
import { cleanCopy, run } from './package-helpers';

describe('npm install git+file:// of a clean clone', function () {
  this.timeout(900_000);
  let work: string;

  before(function () {
    if (run('npm', ['--version'], REPO_ROOT).code !== 0 || run('git', ['--version'], REPO_ROOT).code !== 0) this.skip();
    work = realpathSync(mkdtempSync(path.join(tmpdir(), 'playbook-lint-git-')));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('builds dist/ through prepare, offline, and npx playbook-lint runs in the team repository', () => {
    const clone = path.join(work, 'playbook-lint');
    mkdirSync(clone);
    cleanCopy(clone, false);
    const git = (...args: string[]) => run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], clone);
    for (const args of [
      ['init', '-q'],
      ['add', '-A'],
      ['commit', '-q', '-m', 'clean clone'],
    ])
      assert.equal(git(...args).code, 0, args.join(' '));
    assert.ok(!existsSync(path.join(clone, 'dist')), 'the clone has no dist/');

    const team = path.join(work, 'team-playbooks');
    mkdirSync(team);
    writeFileSync(path.join(team, 'package.json'), '{ "name": "team-playbooks", "version": "1.0.0", "private": true }\n');
    const installed = run('npm', ['install', '-D', '--offline', `git+${pathToFileURL(clone).href}`], team);
    assert.equal(installed.code, 0, `npm install git+file:// failed:\n${installed.stderr}`);
    for (const bin of ['cli.js', 'server.js', 'lint-worker.js'])
      assert.ok(existsSync(path.join(team, 'node_modules/playbook-lint/dist', bin)), `dist/${bin} was built`);
    const manifest = readFileSync(path.join(team, 'package.json'), 'utf8');
    assert.match(manifest, /"playbook-lint": ?"git\+file:/, manifest);

    const version = run('npx', ['--offline', 'playbook-lint', '--version'], team);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    assert.equal(run('npx', ['--offline', 'playbook-lint', '--init'], team).code, 0);
    const lint = run('npx', ['--offline', 'playbook-lint'], team);
    assert.equal(lint.code, 0, lint.stdout + lint.stderr);
    assert.match(lint.stdout, /no problems \(2 files checked\)/);
  });
});
