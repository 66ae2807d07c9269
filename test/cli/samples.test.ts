/**
 * The shipped samples through the real CLI: samples/acme is clean (exit 0),
 * samples/with-problems has problems (exit 1) exactly as its EXPECTED.md says.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { REPO_ROOT, SAMPLES } from '../support/paths';
import { CLI_TIMEOUT_MS, runCli } from './helpers';

interface JsonReport {
  summary: { files: number; errors: number; warnings: number; infos: number };
  files: { path: string; diagnostics: { rule: string; severity: string; line: number; column: number }[] }[];
}

describe('samples', function () {
  this.timeout(CLI_TIMEOUT_MS);
  it('samples/acme is clean: exit 0', () => {
    const run = runCli(['samples/acme'], { cwd: REPO_ROOT });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /no problems \(5 files checked\)|\(0 errors, 0 warnings, \d+ info\) in 5 files/);
  });

  it('samples/acme from inside the folder, with no arguments: exit 0', () => {
    const run = runCli([], { cwd: path.join(SAMPLES, 'acme') });
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  // samples/with-problems/.playbook-lint.yaml sets `vague-deviation: warning`. Until that
  // rule is registered the config is invalid and the CLI rightly exits 2.
  it('samples/with-problems has problems: exit 1, with the totals of its EXPECTED.md', () => {
    const run = runCli(['samples/with-problems', '--format', 'json'], { cwd: REPO_ROOT });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '');
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(report.summary, { files: 5, errors: 12, warnings: 2, infos: 4 });
    const at = (file: string, rule: string) =>
      report.files
        .find((f) => f.path === `samples/with-problems/${file}`)!
        .diagnostics.filter((d) => d.rule === rule)
        .map((d) => `${d.severity} ${d.line}:${d.column}`);
    // The config raises vague-deviation to a warning.
    assert.deepEqual(at('playbooks/renewal.playbook.yaml', 'vague-deviation'), ['warning 32:13']);
    assert.deepEqual(at('playbooks/renewal.playbook.yaml', 'undefined-term'), ['error 27:54', 'error 45:21']);
    assert.deepEqual(at('playbooks/team-expansion.playbook.yaml', 'duplicate-id'), ['error 19:13']);
    assert.ok(
      ['error 7:11', 'error 14:1'].includes(at('playbooks/broken.playbook.yaml', 'yaml-syntax').join()),
      'yaml-syntax at the quote or where the parser gives up',
    );
  });

  it('samples/with-problems from inside the folder: exit 1', () => {
    const run = runCli([], { cwd: path.join(SAMPLES, 'with-problems') });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /✖ 18 problems \(12 errors, 2 warnings, 4 info\) in 5 files/);
  });
});
