import { addTermFixes, eol, replaceSpan, termLinkText } from '../fixes';
import { defineRule } from '../rule';
import { displayName, termKey } from '../model/terms';
import type { Fix } from '../types';

export default defineRule({
  id: 'undefined-term',
  defaultSeverity: 'error',
  description: 'Every [[term]] is defined in a vocabulary in scope.',
  appliesTo: ['playbook', 'vocabulary'],
  reads: ['terms', 'vocabularies'],
  check({ file, project, report, suggest }) {
    if (file.termRefs.length === 0) return;
    // A vocabulary outside the config's `vocabulary` globs is not part of the project's vocabulary: not judged.
    if (file.kind === 'vocabulary' && !project.vocabularyInScope(file.path)) return;
    const terms = project.terms();
    const lineBreak = eol(file);
    // "Did you mean" compares with every term: past this many in one file (a generated file), stop guessing.
    let guesses = suggest ? 200 : 0;
    const nearCache = new Map<string, string[]>();
    for (const ref of file.termRefs) {
      if (terms.has(ref.key)) continue;
      // One suggestion per term: "reframe" (an alias) and "Reframing" are the same advice.
      let close = nearCache.get(ref.key);
      if (!close) {
        if (guesses-- > 0) {
          // A term written over several lines is suggested the way a reference reads it: on one line.
          close = [
            ...new Set(
              project
                .termSuggester()(ref.name, 10)
                .map((n) => displayName(terms.get(termKey(n))![0].term)),
            ),
          ].slice(0, 3);
        } else close = [];
        nearCache.set(ref.key, close);
      }
      // Each suggestion written for the scalar it goes into (quotes escaped); a name no reference can hold is not offered.
      const changes = close.flatMap((name) => {
        const link = termLinkText(name, ref.style);
        return link ? [{ name, link }] : [];
      });
      // Safe (applied by --fix) only when the suggestion is the one close term: with two, choosing is the writer's call.
      // A term defined in a vocabulary out of scope was spelt right: changing it to another term is not safe.
      const elsewhere = project.outOfScopeDefinitions(ref.key);
      const unambiguous = changes.length === 1 && close.length === 1 && elsewhere.length === 0;
      // Defining the typo is the last resort, in the vocabulary of the term it resembles.
      const nearTerm = close.length ? terms.get(termKey(close[0]))?.[0] : undefined;
      // One new array, filled in order (appending to the mapped one gave its optimised code arrays of changing kinds).
      const fixes: Fix[] = [];
      changes.forEach(({ name, link }, i) => {
        fixes.push({
          title: `Change to [[${name}]]`,
          edits: [replaceSpan(file, ref.span, link)],
          preferred: i === 0 && unambiguous,
          safe: unambiguous || undefined,
        });
      });
      for (const fix of addTermFixes(project.vocabularies(), ref.name, nearTerm?.entryLocation.path, lineBreak)) fixes.push(fix);
      const hint = elsewhere.length
        ? `; it is defined in ${elsewhere.map(baseName).join(' and ')}, which the config's vocabulary globs leave out: add that file to "vocabulary" in .playbook-lint.yaml`
        : close.length
          ? `; did you mean ${close.map((n) => `"${n}"`).join(' or ')}?`
          : '; define it in a vocabulary file, or fix the spelling';
      report({ span: ref.span, message: `"${ref.name}" is not defined in any vocabulary in scope${hint}`, fixes });
    }
  },
});

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
