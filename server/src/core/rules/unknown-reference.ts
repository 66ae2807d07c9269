import { replaceSpan, yamlScalar } from '../fixes';
import { displayName, termKey } from '../model/terms';
import type { ScalarValue } from '../model/model';
import { defineRule } from '../rule';

const MAX_GUESSES = 200;

export default defineRule({
  id: 'unknown-reference',
  defaultSeverity: 'error',
  description: 'Every see-also entry names a tactic or stage (in playbooks) or a term (in vocabularies).',
  scope: 'project',
  appliesTo: ['playbook', 'vocabulary'],
  reads: ['ids', 'terms'],
  // A playbook's see-also entries (its exports list them all) that every one resolve cannot be reported.
  couldReport(own, project) {
    if (own.kind !== 'playbook') return true;
    const ids = project.ids();
    return own.seeAlso.some((v) => !ids.has(v));
  },
  check({ file, project, report, suggest }) {
    const model = file.model;
    // "Did you mean" compares with every id: past this many in one file (a generated file), stop guessing.
    let guesses = suggest ? MAX_GUESSES : 0;
    const check = (entries: ScalarValue[], exists: (v: string) => boolean, candidates: (v: string) => string[], what: string, otherwise: string) => {
      for (const entry of entries) {
        if (exists(entry.value)) continue;
        const near = guesses-- > 0 ? candidates(entry.value) : [];
        report({
          span: entry.span,
          message: `see-also "${entry.value}" names no ${what}; ${near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : otherwise}`,
          // The one close name is safe for --fix; among several, choosing is the writer's call.
          fixes: near.map((n, i) => ({
            title: `Change to "${n}"`,
            edits: [replaceSpan(file, entry.span, yamlScalar(n))],
            preferred: i === 0 && near.length === 1,
            safe: near.length === 1 || undefined,
          })),
        });
      }
    };
    if (model.kind === 'playbook') {
      const ids = project.ids();
      const nearIds = (v: string) => project.idSuggester()(v);
      const what = 'tactic or stage in the project';
      const otherwise = 'write the id of an existing tactic or stage, or remove the entry';
      for (const stage of model.stages) {
        check(stage.seeAlso, (v) => ids.has(v), nearIds, what, otherwise);
        for (const tactic of stage.tactics) check(tactic.seeAlso, (v) => ids.has(v), nearIds, what, otherwise);
      }
    } else if (model.kind === 'vocabulary' && project.vocabularyInScope(file.path)) {
      // A vocabulary outside the config's `vocabulary` globs defines nothing in scope, so its see-also cannot be judged.
      const terms = project.terms();
      // One suggestion per term: an alias and its term are the same advice.
      const nearTerms = (v: string) =>
        [
          ...new Set(
            project
              .termSuggester()(v, 10)
              .map((n) => displayName(terms.get(termKey(n))![0].term)),
          ),
        ].slice(0, 3);
      const otherwise = 'name a term or alias defined in a vocabulary in scope, define this term, or remove the entry';
      for (const term of model.terms) check(term.seeAlso, (v) => terms.has(termKey(v)), nearTerms, 'term in the vocabularies in scope', otherwise);
    }
  },
});
