/**
 * `--cache` must never serve stale results, and the worker-thread path must
 * report exactly what the single-thread path does. Each case compares a run's
 * JSON report with a fresh, uncached, single-thread run on the same files.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI_TIMEOUT_MS, makeProject, runCli } from './helpers';

const VOCABULARY = `vocabulary: Team terms
terms:
  - term: Champion
    definition: A buyer-side person who sells for us when we are not in the room.
  - term: Economic buyer
    definition: The person who can say yes to the money.
`;

function playbook(n: number, extra = ''): string {
  return `playbook: Playbook ${n}
stages:
  - id: stage-${n}
    name: Stage ${n}
    goal: The [[economic buyer]] agrees the problem is worth solving.
    tactics:
      - id: tactic-${n}
        tactic: Ask the [[champion]] who signs.
        why: Knowing the signer early stops late surprises.
        deviate-when: [The buyer volunteers the signer.]
      - id: shared-${n % 3}
        tactic: Confirm the [[champ]] can reach the budget owner.
        see-also: [tactic-${(n + 1) % 7}]
${extra}`;
}

function project(count: number): Record<string, string> {
  const files: Record<string, string> = { '.playbook-lint.yaml': 'rules: {}\n', 'terms.vocabulary.yaml': VOCABULARY };
  for (let n = 0; n < count; n++) files[`playbooks/p${n}.playbook.yaml`] = playbook(n);
  return files;
}

/** The report without the parts that legitimately differ between runs. */
function report(args: string[], cwd: string, env: Record<string, string> = {}): unknown {
  const run = runCli(['-f', 'json', ...args], { cwd, env });
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout).files;
}

describe('--cache and worker threads', function () {
  this.timeout(CLI_TIMEOUT_MS);

  it('worker threads report exactly what one thread reports', () => {
    const p = makeProject(project(12));
    try {
      const single = report([], p.dir, { PLAYBOOK_LINT_THREADS: '1' });
      const parallel = report([], p.dir, { PLAYBOOK_LINT_THREADS: '2' });
      assert.deepEqual(parallel, single);
      assert.ok(JSON.stringify(single).includes('duplicate-id'), 'the fixture plants cross-file duplicates');
    } finally {
      p.cleanup();
    }
  });

  it('worker threads judge inline-control comments as one thread does (project findings silenced, unused comments reported)', () => {
    const files = project(12);
    files['.playbook-lint.yaml'] = 'rules:\n  inline-control: { report-unused: true }\n';
    // p3 silences its duplicate id; p4's bare comment and p5's comment naming a project rule silence nothing.
    files['playbooks/p3.playbook.yaml'] = playbook(3).replace(
      '      - id: shared-0',
      '      # playbook-lint-disable-next-line duplicate-id\n      - id: shared-0',
    );
    files['playbooks/p4.playbook.yaml'] = playbook(4).replace('      - id: tactic-4', '      # playbook-lint-disable-next-line\n      - id: tactic-4');
    files['playbooks/p5.playbook.yaml'] = playbook(5).replace(
      '      - id: tactic-5',
      '      # playbook-lint-disable-next-line unknown-reference\n      - id: tactic-5',
    );
    const p = makeProject(files);
    try {
      const single = report([], p.dir, { PLAYBOOK_LINT_THREADS: '1' });
      assert.deepEqual(report([], p.dir, { PLAYBOOK_LINT_THREADS: '2' }), single);
      const text = JSON.stringify(single);
      assert.ok(text.includes('silences nothing') && text.includes('"unknown-reference\\" in this comment'), text);
    } finally {
      p.cleanup();
    }
  });

  it('a warm cache run equals a cold run, and the cache file is written', () => {
    const p = makeProject(project(8));
    try {
      const cold = report(['--cache'], p.dir);
      assert.ok(existsSync(path.join(p.dir, '.playbook-lint-cache')));
      assert.deepEqual(report(['--cache'], p.dir), cold);
      assert.deepEqual(report([], p.dir), cold);
    } finally {
      p.cleanup();
    }
  });

  const edits: [string, (dir: string) => void][] = [
    [
      'a vocabulary change defines a term a playbook uses',
      (dir) => writeFileSync(path.join(dir, 'terms.vocabulary.yaml'), VOCABULARY + '  - term: Champ\n    definition: Short for champion.\n'),
    ],
    [
      'a vocabulary change removes a term playbooks use',
      (dir) => writeFileSync(path.join(dir, 'terms.vocabulary.yaml'), VOCABULARY.replace(/  - term: Champion\n.*\n/, '')),
    ],
    ['a config change switches a rule off', (dir) => writeFileSync(path.join(dir, '.playbook-lint.yaml'), 'rules:\n  undefined-term: off\n')],
    ['a config change changes a severity', (dir) => writeFileSync(path.join(dir, '.playbook-lint.yaml'), 'rules:\n  tactic-missing-why: warning\n')],
    [
      'another playbook takes an id this one defines',
      (dir) => writeFileSync(path.join(dir, 'playbooks/a-first.playbook.yaml'), playbook(100).replace('tactic-100', 'tactic-5')),
    ],
    [
      'the first holder of a duplicated id moves lines',
      (dir) => writeFileSync(path.join(dir, 'playbooks/p0.playbook.yaml'), '# moved down\n# again\n' + playbook(0)),
    ],
    ['a see-also target is deleted', (dir) => writeFileSync(path.join(dir, 'playbooks/p1.playbook.yaml'), playbook(1).replace('tactic-1\n', 'renamed-1\n'))],
    [
      'a file is edited',
      (dir) => writeFileSync(path.join(dir, 'playbooks/p2.playbook.yaml'), playbook(2).replace('why: Knowing', 'why: ""\n        # Knowing')),
    ],
  ];
  for (const [name, edit] of edits) {
    it(`stays correct when ${name}`, () => {
      const p = makeProject(project(8));
      try {
        report(['--cache'], p.dir);
        const before = readFileSync(path.join(p.dir, '.playbook-lint-cache'));
        edit(p.dir);
        const cached = report(['--cache'], p.dir);
        const fresh = report([], p.dir, { PLAYBOOK_LINT_THREADS: '1' });
        assert.deepEqual(cached, fresh);
        assert.ok(before.length > 0);
      } finally {
        p.cleanup();
      }
    });
  }

  it('stays correct with worker threads (their exports are kept in the cache and read back) when files are edited', () => {
    const p = makeProject(project(8));
    const threads = { PLAYBOOK_LINT_THREADS: '2' };
    try {
      report(['--cache'], p.dir, threads);
      for (const [, edit] of edits.slice(4)) {
        edit(p.dir);
        assert.deepEqual(report(['--cache'], p.dir, threads), report([], p.dir, { PLAYBOOK_LINT_THREADS: '1' }));
      }
    } finally {
      p.cleanup();
    }
  });

  it('sees an edit that keeps the size and the modification time (the file is read when its change time moved)', async () => {
    const p = makeProject(project(4));
    try {
      // Files older than the cache's margin are trusted by their stat: let the project settle first.
      const file = path.join(p.dir, 'playbooks/p1.playbook.yaml');
      const anHourAgo = Math.floor(Date.now() / 1000) - 3600; // whole seconds: restored exactly below
      utimesSync(file, anHourAgo, anHourAgo);
      await new Promise((r) => setTimeout(r, 2_100));
      report(['--cache'], p.dir);
      const text = readFileSync(file, 'utf8');
      const edited = text.replace('why: Knowing', 'why: "" #ing'); // same length, why now blank
      assert.equal(edited.length, text.length);
      writeFileSync(file, edited);
      utimesSync(file, anHourAgo, anHourAgo);
      assert.equal(statSync(file).mtimeMs, anHourAgo * 1000);
      assert.deepEqual(report(['--cache'], p.dir), report([], p.dir, { PLAYBOOK_LINT_THREADS: '1' }));
    } finally {
      p.cleanup();
    }
  });

  it('a file touched but not changed is answered from the cache, and the cache stays right after it is rewritten', () => {
    const p = makeProject(project(5));
    try {
      const fresh = report([], p.dir);
      report(['--cache'], p.dir);
      const file = path.join(p.dir, 'playbooks/p3.playbook.yaml');
      const later = new Date(Date.now() + 5_000);
      utimesSync(file, later, later); // new stat, same content: the cache records the new stat and is written again
      const before = readFileSync(path.join(p.dir, '.playbook-lint-cache'));
      assert.deepEqual(report(['--cache'], p.dir), fresh);
      assert.notDeepEqual(readFileSync(path.join(p.dir, '.playbook-lint-cache')), before, 'the cache was rewritten');
      assert.deepEqual(report(['--cache'], p.dir), fresh);
    } finally {
      p.cleanup();
    }
  });

  it('a run of some files after a whole run reports just those files, as an uncached run does', () => {
    const p = makeProject(project(6));
    try {
      report(['--cache'], p.dir);
      const some = ['playbooks/p2.playbook.yaml', 'terms.vocabulary.yaml'];
      assert.deepEqual(report(['--cache', ...some], p.dir), report(some, p.dir));
      assert.deepEqual(report(['--cache'], p.dir), report([], p.dir));
    } finally {
      p.cleanup();
    }
  });

  it('a nested project keeps its own results when both are run from one cache', () => {
    const files = project(4);
    Object.assign(files, {
      'team/.playbook-lint.yaml': 'rules:\n  tactic-missing-why: warning\n',
      'team/t.vocabulary.yaml': VOCABULARY,
      'team/q.playbook.yaml': playbook(9).replace('why: Knowing the signer early stops late surprises.', 'why: ""'),
    });
    const p = makeProject(files);
    try {
      const fresh = report([], p.dir);
      report(['--cache'], p.dir);
      report(['--cache', 'team'], p.dir);
      assert.deepEqual(report(['--cache'], p.dir), fresh);
      assert.deepEqual(report(['--cache', 'team'], p.dir), report(['team'], p.dir));
    } finally {
      p.cleanup();
    }
  });

  it('a corrupt cache file is ignored, not an error', () => {
    const p = makeProject(project(3));
    try {
      writeFileSync(path.join(p.dir, '.playbook-lint-cache'), 'not a cache');
      assert.deepEqual(report(['--cache'], p.dir), report([], p.dir));
    } finally {
      p.cleanup();
    }
  });

  it('a cache file signed elsewhere (say, committed to the repository) is not trusted', () => {
    const p = makeProject(project(4));
    const forger = mkdtempSync(path.join(tmpdir(), 'forger-'));
    const victim = mkdtempSync(path.join(tmpdir(), 'victim-'));
    try {
      const truth = report([], p.dir);
      // The forger runs with its own key, then rewrites every entry as clean and re-signs it.
      report(['--cache'], p.dir, { XDG_CACHE_HOME: forger });
      const file = path.join(p.dir, '.playbook-lint-cache');
      // Layout: HMAC of the header, header length (uint32 BE), header (JSON), exports.
      const bytes = readFileSync(file);
      const length = bytes.readUInt32BE(32);
      const header = JSON.parse(bytes.subarray(36, 36 + length).toString('utf8')) as {
        entries: Record<string, { diagnostics?: unknown[] }>;
        projects: Record<string, { vocabularies: Record<string, unknown[]> }>;
      };
      for (const entry of Object.values(header.entries)) entry.diagnostics = [];
      for (const project of Object.values(header.projects)) for (const v of Object.keys(project.vocabularies)) project.vocabularies[v] = [];
      const body = Buffer.from(JSON.stringify(header));
      const size = Buffer.alloc(4);
      size.writeUInt32BE(body.length);
      const key = readFileSync(path.join(forger, 'playbook-lint', 'cache-signing-key'));
      writeFileSync(file, Buffer.concat([createHmac('sha256', key).update(body).digest(), size, body, bytes.subarray(36 + length)]));
      // Signed with the forger's key, the forged cache fools only the forger's machine...
      assert.notDeepEqual(report(['--cache'], p.dir, { XDG_CACHE_HOME: forger }), truth);
      // ...and never another one.
      assert.deepEqual(report(['--cache'], p.dir, { XDG_CACHE_HOME: victim }), truth);
    } finally {
      p.cleanup();
      rmSync(forger, { recursive: true, force: true });
      rmSync(victim, { recursive: true, force: true });
    }
  });

  it('--cache-location puts the cache where asked', () => {
    const p = makeProject(project(3));
    try {
      report(['--cache', '--cache-location', 'tmp/lint.cache'], p.dir);
      assert.ok(existsSync(path.join(p.dir, 'tmp/lint.cache')));
      assert.ok(!existsSync(path.join(p.dir, '.playbook-lint-cache')));
    } finally {
      p.cleanup();
    }
  });
});
