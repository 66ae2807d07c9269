/** Files a team believes are checked are never passed over in silence: the real CLI as a process. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanPlaybook } from './fixtures';
import { CLI_TIMEOUT_MS, makeProject, runCli } from './helpers';

describe('no silent skips: misnamed files', function () {
  this.timeout(CLI_TIMEOUT_MS);

  it('a playbook saved as discovery.yaml, a vocabulary as glossary.yml and the config as .playbook-lint.yml are each reported', () => {
    const p = makeProject({
      'ok.playbook.yaml': cleanPlaybook('ok-stage', 'ok-tactic'),
      'playbooks/discovery.yaml': cleanPlaybook('d-stage', 'd-tactic'),
      'glossary.yml': 'vocabulary: Team\nterms:\n  - term: Champion\n    definition: Sells for us.\n',
      '.playbook-lint.yml': 'rules:\n  tactic-missing-deviation: error\n',
      '.github/workflows/ci.yaml': 'name: ci\non: push\n',
    });
    try {
      const run = runCli(['--format', 'json'], { cwd: p.dir });
      assert.equal(run.code, 1, run.stderr);
      const files = (JSON.parse(run.stdout) as { files: { path: string; diagnostics: { rule: string; message: string }[] }[] }).files;
      const misnamed = files.flatMap((f) =>
        f.diagnostics.filter((d) => d.rule === 'misnamed-file').map((d) => `${f.path}: ${d.message.replace(/.*rename it to /, '-> ')}`),
      );
      assert.deepEqual(misnamed, [
        '.playbook-lint.yml: -> .playbook-lint.yaml',
        'glossary.yml: -> glossary.vocabulary.yml',
        'playbooks/discovery.yaml: -> discovery.playbook.yaml',
      ]);
    } finally {
      p.cleanup();
    }
  });

  it('a folder holding only misnamed playbooks fails with the names to use; so does naming one', () => {
    const p = makeProject({ 'discovery.yaml': cleanPlaybook('d-stage', 'd-tactic') });
    try {
      const folder = runCli([], { cwd: p.dir });
      assert.equal(folder.code, 2);
      assert.match(
        folder.stderr,
        /no \*\.playbook\.yaml or \*\.vocabulary\.yaml files in this folder; discovery\.yaml holds a playbook: rename it to discovery\.playbook\.yaml/,
      );
      const file = runCli(['discovery.yaml'], { cwd: p.dir });
      assert.equal(file.code, 2);
      assert.match(file.stderr, /discovery\.yaml: not a playbook or vocabulary file .*; it holds a playbook: rename it to discovery\.playbook\.yaml/);
    } finally {
      p.cleanup();
    }
  });

  it('a disable comment or the ignore globs silence it, as for any rule', () => {
    const p = makeProject({
      'ok.playbook.yaml': cleanPlaybook('ok-stage', 'ok-tactic'),
      'drafts/old.yaml': cleanPlaybook('o-stage', 'o-tactic'),
      'notes.yaml': `# playbook-lint-disable misnamed-file\n${cleanPlaybook('n-stage', 'n-tactic')}`,
      '.playbook-lint.yaml': 'ignore: ["drafts/**"]\n',
    });
    try {
      const run = runCli([], { cwd: p.dir });
      assert.equal(run.code, 0, run.stdout + run.stderr);
    } finally {
      p.cleanup();
    }
  });
});

describe('no silent skips: vocabulary scope', function () {
  this.timeout(CLI_TIMEOUT_MS);

  it('a vocabulary glob that matches nothing is reported at the glob; a term defined in a vocabulary left out says where it is', () => {
    const p = makeProject({
      '.playbook-lint.yaml': 'vocabulary:\n  - "vocab/*.vocabulary.yaml"\n  - "shared/*.vocabulary.yaml"\n',
      'shared/team.vocabulary.yaml': 'vocabulary: Team\nterms:\n  - term: Reframing\n    definition: Changing the frame.\n',
      'vocabulary/sales.vocabulary.yaml': 'vocabulary: Sales\nterms:\n  - term: Champion\n    definition: Sells for us inside.\n',
      'a.playbook.yaml': cleanPlaybook('a-stage', 'a-tactic').replace('goal: The buyer', 'goal: The [[champion]] and the buyer'),
    });
    try {
      const run = runCli(['--format', 'json'], { cwd: p.dir });
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /^playbook-lint: warning: \.playbook-lint\.yaml:2:5: vocabulary\[0\]: "vocab\/\*\.vocabulary\.yaml" matches no file, so no terms come from it/m,
      );
      assert.doesNotMatch(run.stderr, /vocabulary\[1\]/);
      const [message] = (JSON.parse(run.stdout) as { files: { diagnostics: { rule: string; message: string }[] }[] }).files.flatMap((f) =>
        f.diagnostics.filter((d) => d.rule === 'undefined-term').map((d) => d.message),
      );
      assert.equal(
        message,
        '"champion" is not defined in any vocabulary in scope; it is defined in sales.vocabulary.yaml, which the config\'s vocabulary globs leave out: add that file to "vocabulary" in .playbook-lint.yaml',
      );
    } finally {
      p.cleanup();
    }
  });
});

describe('unused disable comments (--report-unused-disable-directives)', function () {
  this.timeout(CLI_TIMEOUT_MS);

  it('are reported with the flag or the setting, and --fix removes them', () => {
    const text = cleanPlaybook('a-stage', 'a-tactic').replace('    tactics:\n', '    tactics:\n      # playbook-lint-disable-next-line tactic-missing-why\n');
    const p = makeProject({ 'a.playbook.yaml': text });
    try {
      assert.equal(runCli([], { cwd: p.dir }).code, 0, 'off by default');
      const flagged = runCli(['--report-unused-disable-directives'], { cwd: p.dir });
      assert.equal(flagged.code, 1);
      assert.match(
        flagged.stdout,
        /7:41 +error +"tactic-missing-why" in this comment silences nothing: no tactic-missing-why problem is reported on the next line; remove it from the comment +inline-control/,
      );
      writeFileSync(path.join(p.dir, '.playbook-lint.yaml'), 'rules:\n  inline-control:\n    severity: warning\n    report-unused: true\n');
      const fixed = runCli(['--fix'], { cwd: p.dir });
      assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
      assert.match(fixed.stderr, /fixed 1 problem in 1 file:\n  a\.playbook\.yaml:7:1  Remove this unused comment/);
      assert.equal(readFileSync(path.join(p.dir, 'a.playbook.yaml'), 'utf8'), cleanPlaybook('a-stage', 'a-tactic'));
    } finally {
      p.cleanup();
    }
  });
});
