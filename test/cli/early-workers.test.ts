/**
 * The CLI starts its worker threads before it lists the project (so they have loaded their code by the first
 * batch), and the run takes them or closes them. These cases check what that must not change: several projects in
 * one run (only the first takes the early workers), a run that needs more workers than started early (4 threads:
 * two start early, the run starts the third), a run that fails before it lints anything, and a render.
 * Each runs the real CLI as a process with threads forced by PLAYBOOK_LINT_THREADS (1: no worker at all).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLI_TIMEOUT_MS, makeProject, runCli } from './helpers';

const VOCABULARY = 'terms:\n  - term: Champion\n    definition: A buyer-side person who sells for us when we are not in the room.\n';

function playbook(project: string, n: number): string {
  return `playbook: ${project} ${n}
stages:
  - id: ${project}-stage-${n}
    name: Stage ${n}
    goal: The [[champion]] agrees the problem is worth solving.
    tactics:
      - id: ${project}-tactic-${n}
        tactic: Ask the [[champion]] who signs.
        why: Knowing the signer early stops late surprises.
        see-also: [${project}-tactic-${(n + 1) % 5}, ${project}-missing-${n}]
      - id: ${project}-shared
        tactic: Confirm the [[champ]] can reach the budget owner.
`;
}

/** Two projects (each folder has its own config), five playbooks each, with findings in every file. */
function twoProjects(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const project of ['north', 'south']) {
    files[`${project}/.playbook-lint.yaml`] = 'rules: {}\n';
    files[`${project}/terms.vocabulary.yaml`] = VOCABULARY;
    for (let n = 0; n < 5; n++) files[`${project}/playbooks/p${n}.playbook.yaml`] = playbook(project, n);
  }
  return files;
}

describe('worker threads started before the project is read', function () {
  this.timeout(CLI_TIMEOUT_MS);

  it('two projects in one run report exactly what one thread reports (the second starts its own workers)', () => {
    const p = makeProject(twoProjects());
    try {
      const run = (threads: string) => runCli(['-f', 'json', 'north', 'south'], { cwd: p.dir, env: { PLAYBOOK_LINT_THREADS: threads } });
      const single = run('1');
      assert.equal(single.code, 1, single.stderr);
      const files = JSON.parse(single.stdout).files as { path: string; messages: unknown[] }[];
      assert.equal(files.length, 12);
      assert.ok(single.stdout.includes('north-missing-0') && single.stdout.includes('south-missing-0'), 'both projects are linted');
      for (const threads of ['2', '3', '4']) {
        const parallel = run(threads);
        assert.equal(parallel.code, 1, parallel.stderr);
        assert.deepEqual(JSON.parse(parallel.stdout).files, JSON.parse(single.stdout).files, `${threads} threads`);
      }
    } finally {
      p.cleanup();
    }
  });

  it('a run that fails before linting ends at once with exit 2 (idle workers do not keep it alive)', () => {
    const p = makeProject({ ...twoProjects(), 'north/.playbook-lint.yaml': 'rules: [not, a, map]\n' });
    try {
      const started = Date.now();
      const run = runCli(['north'], { cwd: p.dir, env: { PLAYBOOK_LINT_THREADS: '3' } });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /\.playbook-lint\.yaml/);
      assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
      const missing = runCli(['no-such-folder'], { cwd: p.dir, env: { PLAYBOOK_LINT_THREADS: '3' } });
      assert.equal(missing.code, 2, missing.stderr);
    } finally {
      p.cleanup();
    }
  });

  it('render writes the same pages with workers as with one thread, for two projects', () => {
    const p = makeProject(twoProjects());
    try {
      const render = (threads: string, out: string) => {
        const run = runCli(['render', 'north', 'south', '--out', out], { cwd: p.dir, env: { PLAYBOOK_LINT_THREADS: threads } });
        assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
        return path.join(p.dir, out);
      };
      const pages = (dir: string): Map<string, string> => {
        const out = new Map<string, string>();
        for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
          if (entry.isFile() && entry.name.endsWith('.html')) {
            const file = path.join(entry.parentPath ?? entry.path, entry.name);
            out.set(path.relative(dir, file), readFileSync(file, 'utf8'));
          }
        return out;
      };
      const single = pages(render('1', 'site-1'));
      assert.ok(single.size >= 2 * (5 + 3), `${single.size} pages`);
      assert.deepEqual(pages(render('3', 'site-3')), single);
    } finally {
      p.cleanup();
    }
  });
});
