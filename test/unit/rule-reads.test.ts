/**
 * Each rule declares what it reads of other files (`reads`, core/project/project-reads.ts), and
 * the language server re-checks files from those declarations alone
 * (services/workspace-invalidation.ts). Here every rule lints every file of its fixture and of
 * the samples through a view of the real project index that records each read: a read the rule
 * did not declare fails, naming the rule and the file.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, type LintConfig } from '../../server/src/core/config';
import { fileKindOf } from '../../server/src/core/file-kind';
import { lintFile } from '../../server/src/core/lint';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import { recordingView, type RecordedRead } from '../../server/src/core/project/project-reads';
import { defineRule, type Rule } from '../../server/src/core/rule';
import { RULES } from '../../server/src/core/rules';
import { listProjectFiles, matchGlobs, toPosix } from '../../server/src/node/discover';
import { loadConfig } from '../../server/src/node/project-run';
import { readAnalysis } from '../../server/src/node/read-analysis';
import { Project } from '../../server/src/services/workspace-project';
import { dependents, readersOf } from '../../server/src/services/workspace-invalidation';
import { REPO_ROOT } from '../support/paths';

/** Reads a project folder the way the CLI does: config, files, one index of every file's exports. */
function loadProject(folder: string) {
  const root = toPosix(folder);
  const configFile = path.join(folder, '.playbook-lint.yaml');
  const config: LintConfig = existsSync(configFile) ? loadConfig(configFile, folder) : defaultConfig(root);
  const scope = config.vocabulary ? matchGlobs(config.root, config.vocabulary, config.ignore) : undefined;
  const index = new ProjectIndex(scope ? (p) => scope.has(p) : undefined);
  const analyses = listProjectFiles(config.root, config.ignore).map((f) => readAnalysis(f, fileKindOf(f) ?? 'playbook'));
  for (const a of analyses) index.set(exportsOf(a));
  return { config, index, analyses };
}

/** Reads a rule made that it did not declare, over a project folder ("rule on file: read"). */
function undeclaredReads(rule: Rule, folder: string): string[] {
  const { config, index, analyses } = loadProject(folder);
  const out = new Set<string>();
  for (const analysis of analyses) {
    const declared = new Set<RecordedRead>(rule.reads ?? []);
    const view = recordingView(index, analysis.path, (read) => {
      if (!declared.has(read)) out.add(`${rule.id} on ${path.basename(analysis.path)}: ${read}`);
    });
    // Every rule on, whatever the fixture's config says: a rule turned off reads nothing.
    lintFile(analysis, view, { ...config, rules: { ...config.rules, [rule.id]: { ...config.rules[rule.id], severity: rule.defaultSeverity } } }, [rule]);
  }
  return [...out].sort();
}

const FOLDERS = [
  ...RULES.map((r) => path.join(REPO_ROOT, 'test/rules/fixtures', r.id)),
  path.join(REPO_ROOT, 'samples/acme'),
  path.join(REPO_ROOT, 'samples/with-problems'),
].filter((f) => existsSync(f));

describe('rules read only what they declare of other files', () => {
  it('catches a rule that reads ids, places or another file without declaring them', () => {
    const sneaky = defineRule({
      id: 'sneaky',
      defaultSeverity: 'warning',
      description: 'reads every id and where the first one is',
      appliesTo: ['playbook'],
      reads: ['terms'],
      check({ project }) {
        const [first] = project.ids().values();
        void first?.[0]?.location;
        void project.get('/elsewhere.playbook.yaml');
      },
    });
    const found = undeclaredReads(sneaky, path.join(REPO_ROOT, 'test/rules/fixtures/duplicate-id'));
    assert.ok(
      found.some((r) => r.endsWith(': ids')),
      found.join('\n'),
    );
    assert.ok(
      found.some((r) => r.endsWith(': otherFile')),
      found.join('\n'),
    );
  });

  it("a rule that reads other playbooks (ids, their places, term uses) says scope: 'project' (the CLI runs it once every file is known)", () => {
    const wholeProject = new Set(['ids', 'idPlaces', 'termUses']);
    const wrong = RULES.filter((r) => (r.reads ?? []).some((x) => wholeProject.has(x)) && r.scope !== 'project').map((r) => r.id);
    assert.deepEqual(wrong, []);
  });

  for (const rule of RULES) {
    it(`${rule.id} (declares: ${(rule.reads ?? []).join(', ') || 'nothing'})`, () => {
      const found = FOLDERS.flatMap((f) => undeclaredReads(rule, f));
      assert.deepEqual(found, [], `declare these in server/src/core/rules/${rule.id}.ts (reads: [...])`);
    });
  }

  // couldReport lets the two-phase lint skip phase 2 (core/two-phase-lint.ts): it reads only what
  // the rule declares, and never says no where check reports (else a finding would be lost).
  for (const rule of RULES.filter((r) => r.couldReport)) {
    it(`${rule.id}: couldReport reads only what it declares, and says yes wherever check reports`, () => {
      const undeclared = new Set<string>();
      const missed: string[] = [];
      let no = 0;
      let yesAndReported = 0;
      for (const folder of FOLDERS) {
        const { config, index, analyses } = loadProject(folder);
        const on = { ...config, rules: { ...config.rules, [rule.id]: { ...config.rules[rule.id], severity: rule.defaultSeverity } } };
        for (const analysis of analyses) {
          if (!rule.appliesTo.includes(analysis.kind)) continue;
          const declared = new Set<RecordedRead>(rule.reads ?? []);
          const view = recordingView(index, analysis.path, (read) => {
            if (!declared.has(read)) undeclared.add(`${path.basename(analysis.path)}: ${read}`);
          });
          const could = rule.couldReport!(index.get(analysis.path)!, view);
          const reported = lintFile(analysis, index, on, [rule]).filter((d) => d.ruleId === rule.id).length;
          if (!could) no++;
          if (!could && reported) missed.push(`${path.basename(analysis.path)}: ${reported} finding(s)`);
          if (could && reported) yesAndReported++;
        }
      }
      assert.deepEqual([...undeclared].sort(), [], `declare these in server/src/core/rules/${rule.id}.ts (reads: [...])`);
      assert.deepEqual(missed, [], 'couldReport said no where check reports');
      assert.ok(no > 0 && yesAndReported > 0, `the fixtures exercise both answers (no: ${no}, yes with findings: ${yesAndReported})`);
    });
  }
});

describe('re-checking follows the declarations (workspace-invalidation.ts)', () => {
  /** A project of two playbooks and a vocabulary, in memory (paths only matter by their names). */
  function project() {
    const p = new Project('/w', '/w', false);
    const pb = (file: string, ids: string[], seeAlso: string[] = []) => ({
      path: `/w/${file}`,
      kind: 'playbook' as const,
      terms: [],
      ids: ids.map((id, i) => ({
        id,
        kind: 'tactic' as const,
        label: id,
        location: { path: `/w/${file}`, range: { start: { line: i, character: 4 }, end: { line: i, character: 10 } } },
      })),
      termUses: [],
      seeAlso,
    });
    const vocab = { path: '/w/v.vocabulary.yaml', kind: 'vocabulary' as const, terms: [], ids: [], termUses: [], seeAlso: [] };
    for (const e of [pb('a.playbook.yaml', ['x']), pb('b.playbook.yaml', ['y'], ['x']), vocab]) {
      p.files.add(e.path);
      p.index.set(e);
    }
    return { p, pb };
  }

  it('a new id re-checks the playbook naming it; a rule that declares no read adds nothing', () => {
    const { p, pb } = project();
    const old = p.index.get('/w/a.playbook.yaml');
    const next = pb('a.playbook.yaml', ['z']);
    p.index.set(next);
    assert.deepEqual([...dependents(p, old, next)].sort(), ['/w/b.playbook.yaml']);
    assert.deepEqual([...dependents(p, old, next, readersOf([]))], []);
  });

  it('a new rule on vocabularies that reads ids: vocabularies are re-checked when ids change, with no other change', () => {
    const { p, pb } = project();
    const idsInVocabularies = defineRule({
      id: 'ids-in-vocabularies',
      defaultSeverity: 'info',
      description: 'x',
      appliesTo: ['vocabulary'],
      reads: ['idPlaces'],
      check() {},
    });
    const old = p.index.get('/w/a.playbook.yaml');
    const next = pb('a.playbook.yaml', ['x', 'y']);
    p.index.set(next);
    assert.deepEqual([...dependents(p, old, next, readersOf([idsInVocabularies]))], []);
    const readsIds = { ...idsInVocabularies, reads: ['ids', 'idPlaces'] as const };
    p.index.set({ ...p.index.get('/w/v.vocabulary.yaml')!, seeAlso: ['nowhere'] });
    assert.deepEqual([...dependents(p, old, next, readersOf([readsIds]))], ['/w/v.vocabulary.yaml']);
  });
});
