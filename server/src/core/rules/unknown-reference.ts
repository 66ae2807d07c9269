import { replaceSpan } from '../fixes';
import { termKey } from '../model/terms';
import type { ScalarValue } from '../model/model';
import { defineRule } from '../rule';
import { suggest } from '../suggest';

export default defineRule({
  id: 'unknown-reference',
  defaultSeverity: 'error',
  description: 'Every see-also entry names a tactic or stage (in playbooks) or a term (in vocabularies).',
  appliesTo: ['playbook', 'vocabulary'],
  check({ file, project, report }) {
    const model = file.model;
    const check = (entries: ScalarValue[], exists: (v: string) => boolean, candidates: () => string[], what: string) => {
      for (const entry of entries) {
        if (exists(entry.value)) continue;
        const near = suggest(entry.value, candidates());
        report({
          span: entry.span,
          message: `see-also "${entry.value}" names no ${what}${near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`,
          fixes: near.map((n, i) => ({ title: `Change to "${n}"`, edits: [replaceSpan(file, entry.span, n)], preferred: i === 0 && near.length === 1 })),
        });
      }
    };
    if (model.kind === 'playbook') {
      const ids = () => [...project.ids().keys()];
      const idExists = (v: string) => project.ids().has(v);
      for (const stage of model.stages) {
        check(stage.seeAlso, idExists, ids, 'tactic or stage in the project');
        for (const tactic of stage.tactics) check(tactic.seeAlso, idExists, ids, 'tactic or stage in the project');
      }
    } else if (model.kind === 'vocabulary') {
      const names = () => [...project.terms().values()].map((list) => list[0].name);
      for (const term of model.terms) check(term.seeAlso, (v) => project.terms().has(termKey(v)), names, 'term in the vocabularies in scope');
    }
  },
});
