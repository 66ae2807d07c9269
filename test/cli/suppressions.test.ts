/** Baseline suppressions (--suppress-all, --suppress-rule, --prune-suppressions): the real CLI on real files. */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanPlaybook } from './fixtures';
import { CLI_TIMEOUT_MS, makeProject, runCli } from './helpers';

/** A playbook with `n` tactics that lack a why (errors) and a deviate-when (warnings). */
function legacy(stage: string, n: number): string {
  const tactics = Array.from({ length: n }, (_, i) => `      - id: ${stage}-t${i}\n        tactic: Send recap number ${i}.\n`).join('');
  return `playbook: Legacy ${stage}\nstages:\n  - id: ${stage}\n    name: Legacy\n    goal: The buyer agrees the problem is worth solving.\n    tactics:\n${tactics}`;
}

const FILE = '.playbook-lint-suppressions.json';

describe('baseline suppressions', function () {
  this.timeout(CLI_TIMEOUT_MS);
  let p: { dir: string; cleanup: () => void };
  const read = () => JSON.parse(readFileSync(path.join(p.dir, FILE), 'utf8'));
  beforeEach(() => {
    p = makeProject({ 'a.playbook.yaml': legacy('a', 2), 'b.playbook.yaml': legacy('b', 1), 'ok.playbook.yaml': cleanPlaybook('ok', 'ok-t') });
  });
  afterEach(() => p.cleanup());

  it('--suppress-all records counts per file and rule; the next run passes; a new problem fails and shows all of its rule in that file', () => {
    const first = runCli(['--suppress-all'], { cwd: p.dir });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stderr, /wrote \.playbook-lint-suppressions\.json: 6 problems suppressed/);
    assert.deepEqual(read(), {
      version: 1,
      suppressions: {
        'a.playbook.yaml': { 'tactic-missing-deviation': { count: 2 }, 'tactic-missing-why': { count: 2 } },
        'b.playbook.yaml': { 'tactic-missing-deviation': { count: 1 }, 'tactic-missing-why': { count: 1 } },
      },
    });
    const clean = runCli([], { cwd: p.dir });
    assert.equal(clean.code, 0, clean.stdout);
    assert.match(clean.stderr, /6 problems not shown: suppressed by \.playbook-lint-suppressions\.json/);

    // Lines move (a comment on top, tactics reordered): the counts still hold.
    writeFileSync(path.join(p.dir, 'a.playbook.yaml'), `# moved down\n\n${legacy('a', 2)}`);
    assert.equal(runCli([], { cwd: p.dir }).code, 0);

    // One more tactic without a why: all three of that rule in a.playbook.yaml are reported.
    writeFileSync(path.join(p.dir, 'a.playbook.yaml'), legacy('a', 3));
    const grown = runCli(['--format', 'json'], { cwd: p.dir });
    assert.equal(grown.code, 1);
    const rows = JSON.parse(grown.stdout).files.flatMap((f: { path: string; diagnostics: { rule: string }[] }) =>
      f.diagnostics.map((d) => `${f.path} ${d.rule}`),
    );
    assert.deepEqual(
      rows.filter((r: string) => r.endsWith('tactic-missing-why')),
      Array(3).fill('a.playbook.yaml tactic-missing-why'),
    );
    assert.equal(rows.filter((r: string) => r.endsWith('tactic-missing-deviation')).length, 3);
  });

  it('--suppress-rule records only that rule; fixed problems fail the run until --prune-suppressions shrinks the file', () => {
    const only = runCli(['--suppress-rule', 'tactic-missing-why'], { cwd: p.dir });
    assert.equal(only.code, 0, 'no errors left, warnings do not fail');
    assert.match(only.stdout, /3 problems \(0 errors, 3 warnings, 0 info\)/);
    assert.deepEqual(Object.keys(read().suppressions['a.playbook.yaml']), ['tactic-missing-why']);
    writeFileSync(path.join(p.dir, 'b.playbook.yaml'), cleanPlaybook('b', 'b-t'));
    rmSync(path.join(p.dir, 'a.playbook.yaml'));
    const outdated = runCli(['--rule', 'tactic-missing-deviation=off'], { cwd: p.dir });
    assert.equal(outdated.code, 1);
    assert.match(
      outdated.stderr,
      /suppresses 1 problem that is gone, .*run playbook-lint --prune-suppressions and commit the file:\n  b\.playbook\.yaml: tactic-missing-why \(1 suppressed, 0 left\)/,
    );
    const pruned = runCli(['--prune-suppressions', '--rule', 'tactic-missing-deviation=off'], { cwd: p.dir });
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.deepEqual(read(), { version: 1, suppressions: {} });
  });

  it('an unusable suppressions file stops the run with the reason and the fix, and is left as it was', () => {
    for (const [text, message] of [
      [
        '{ not json',
        /\.playbook-lint-suppressions\.json:1:3: This suppressions file is not valid JSON .*restore it from version control, or delete it and run playbook-lint --suppress-all/,
      ],
      ['{"version": 2, "suppressions": {}}', /\.json:1:2: This suppressions file has version 2, but this playbook-lint reads version 1/],
      [
        '{"version": 1, "suppressions": {"a.playbook.yaml": {"schema": {"count": -1}}}}',
        /\.json:1:53: This suppressions file "suppressions"\."a\.playbook\.yaml"\."schema" must be \{ "count": N \}/,
      ],
    ] as const) {
      writeFileSync(path.join(p.dir, FILE), text);
      for (const args of [[], ['--suppress-all']]) {
        const run = runCli(args, { cwd: p.dir });
        assert.equal(run.code, 2, text);
        assert.match(run.stderr, message);
        assert.equal(readFileSync(path.join(p.dir, FILE), 'utf8'), text);
      }
    }
  });
});
