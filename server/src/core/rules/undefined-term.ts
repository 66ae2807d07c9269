import { addTermFix, eol, replaceSpan } from '../fixes';
import { defineRule } from '../rule';
import { termKey } from '../model/terms';
import { suggest } from '../suggest';
import type { Fix } from '../types';

export default defineRule({
  id: 'undefined-term',
  defaultSeverity: 'error',
  description: 'Every [[term]] is defined in a vocabulary in scope.',
  appliesTo: ['playbook', 'vocabulary'],
  check({ file, project, report }) {
    if (file.termRefs.length === 0) return;
    const terms = project.terms();
    let names: string[] | undefined;
    for (const ref of file.termRefs) {
      if (terms.has(ref.key)) continue;
      names ??= [...terms.values()].map((list) => list[0].name);
      // One suggestion per term: "reframe" (an alias) and "Reframing" are the same advice.
      const near = [...new Set(suggest(ref.name, names, 10).map((n) => terms.get(termKey(n))![0].term))].slice(0, 3);
      const fixes: Fix[] = near.map((name, i) => ({
        title: `Change to [[${name}]]`,
        edits: [replaceSpan(file, ref.span, `[[${name}]]`)],
        preferred: i === 0 && near.length === 1,
      }));
      const target = project.vocabularies().find((v) => v.insertion);
      const add = target && addTermFix(target, ref.name, eol(file.text));
      if (add) fixes.push(add);
      const hint = near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '; define it in a vocabulary file, or fix the spelling';
      report({ span: ref.span, message: `"${ref.name}" is not defined in any vocabulary in scope${hint}`, fixes });
    }
  },
});
