/**
 * A RuleTester (after ESLint's): one rule's finer cases, each a small project held in memory,
 * linted by the real core with that rule alone. Cases live in test/rules/fixtures/<rule>/
 * cases.test.ts, next to the rule's fixture project:
 *
 *   testRule('unknown-reference', {
 *     valid: [{ name: 'an id of another playbook', files: { ... } }],
 *     invalid: [{ name: '...', files: { ... }, errors: [{ file: 'p.playbook.yaml', at: '6:16-6:26', message: /did you mean/ }] }],
 *   });
 *
 * Each case also goes through a recording view of the project index: a read of other files the
 * rule did not declare (`reads`) fails the case.
 */
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';
import { defaultConfig, type LintConfig } from '../../server/src/core/config';
import { fileKindOf } from '../../server/src/core/file-kind';
import { lintFile } from '../../server/src/core/lint';
import { exportsOf } from '../../server/src/core/project/exports';
import { ProjectIndex } from '../../server/src/core/project/project-index';
import { recordingView, type RecordedRead } from '../../server/src/core/project/project-reads';
import { ruleById } from '../../server/src/core/rules';
import type { Diagnostic } from '../../server/src/core/types';

const ROOT = '/project';

export interface RuleCase {
  name: string;
  /** Files by path relative to the project root. */
  files: Record<string, string>;
  /** Settings over the defaults (`rules: { <id>: { settings } }` for the rule's own). */
  config?: Partial<LintConfig>;
  /** Which vocabularies are in scope (default: all), by path relative to the root. */
  vocabularyInScope?: (relativePath: string) => boolean;
}

export interface ExpectedProblem {
  file: string;
  /** `line:col-line:col`, 1-based like the CLI. */
  at?: string;
  message: string | RegExp;
  /** Related places as `file@line:col-line:col`. */
  related?: string[];
  /** Fix titles in order; the preferred one marked with a leading `*`. */
  fixes?: string[];
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedProblem[];
}

const rel = (path: string) => path.slice(ROOT.length + 1);
const where = ({ start, end }: Diagnostic['range']) => `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;

/** Lints a case's files with one rule; undeclared reads are collected. */
export function runCase(ruleId: string, c: RuleCase): { diagnostics: Diagnostic[]; undeclared: string[] } {
  const rule = ruleById(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const config: LintConfig = { ...defaultConfig(ROOT), ...c.config };
  const inScope = c.vocabularyInScope;
  const index = new ProjectIndex(inScope ? (p) => inScope(rel(p)) : undefined);
  const analyses = Object.entries(c.files).map(([file, text]) => {
    const path = `${ROOT}/${file}`;
    const analysis = analyzeText(path, fileKindOf(path) ?? 'playbook', text);
    index.set(exportsOf(analysis));
    return analysis;
  });
  const declared = new Set<RecordedRead>(rule.reads ?? []);
  const undeclared = new Set<string>();
  const diagnostics = analyses.flatMap((a) => {
    const view = recordingView(index, a.path, (read) => declared.has(read) || undeclared.add(`${read} (linting ${rel(a.path)})`));
    return lintFile(a, view, config, [rule]);
  });
  return { diagnostics, undeclared: [...undeclared] };
}

function shape(d: Diagnostic, expected: ExpectedProblem): ExpectedProblem {
  const out: ExpectedProblem = { file: rel(d.path), message: d.message };
  if (expected.at !== undefined) out.at = where(d.range);
  if (expected.related) out.related = (d.related ?? []).map((r) => `${rel(r.location.path)}@${where(r.location.range)}`);
  if (expected.fixes) out.fixes = (d.fixes ?? []).map((f) => `${f.preferred ? '*' : ''}${f.title}`);
  return out;
}

export function testRule(ruleId: string, cases: { valid?: RuleCase[]; invalid?: InvalidCase[] }): void {
  describe(`${ruleId}: cases`, () => {
    for (const c of cases.valid ?? []) {
      it(`valid: ${c.name}`, () => {
        const { diagnostics, undeclared } = runCase(ruleId, c);
        assert.deepEqual(undeclared, [], 'reads of other files the rule did not declare');
        assert.deepEqual(
          diagnostics.map((d) => `${rel(d.path)}@${where(d.range)}: ${d.message}`),
          [],
        );
      });
    }
    for (const c of cases.invalid ?? []) {
      it(`invalid: ${c.name}`, () => {
        const { diagnostics, undeclared } = runCase(ruleId, c);
        assert.deepEqual(undeclared, [], 'reads of other files the rule did not declare');
        assert.equal(diagnostics.length, c.errors.length, diagnostics.map((d) => `${rel(d.path)}@${where(d.range)}: ${d.message}`).join('\n'));
        diagnostics.forEach((d, i) => {
          const expected = c.errors[i];
          const actual = shape(d, expected);
          if (expected.message instanceof RegExp) {
            assert.match(actual.message as string, expected.message);
            actual.message = expected.message;
          }
          assert.deepEqual(actual, expected);
        });
      });
    }
  });
}
