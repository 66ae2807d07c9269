import { replaceSpan } from '../fixes';
import type { FileAnalysis, SchemaProblem } from '../model/model';
import { defineRule } from '../rule';
import type { Fix } from '../types';

export default defineRule({
  id: 'schema',
  defaultSeverity: 'error',
  description: 'The document must have the structure of its kind: known keys, right types, required keys present.',
  appliesTo: ['playbook', 'vocabulary', 'config'],
  check({ file, report }) {
    for (const problem of file.schemaProblems) {
      const fixes = fixesOf(file, problem);
      report({ span: problem.span, message: problem.message, fixes });
    }
  },
});

/**
 * Safe fixes (--fix applies them): a misspelt key with one close match is renamed (its value
 * stays as written); a value YAML read as an anchor or tag plus text is put in quotes.
 */
function fixesOf(file: FileAnalysis, problem: SchemaProblem): Fix[] | undefined {
  const { meant, rename, quoted } = problem;
  if (quoted) return [{ title: `Put the value in quotes: ${quoted}`, edits: [replaceSpan(file, problem.span, quoted)], preferred: true, safe: true }];
  if (!rename || !meant) return undefined;
  const title = `Rename "${file.text.slice(problem.span.start, problem.span.end)}" to "${meant}"`;
  return [{ title, edits: [replaceSpan(file, problem.span, meant)], preferred: true, safe: true }];
}
