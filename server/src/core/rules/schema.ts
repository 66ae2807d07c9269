import { replaceSpan } from '../fixes';
import { defineRule } from '../rule';

export default defineRule({
  id: 'schema',
  defaultSeverity: 'error',
  description: 'The document must have the structure of its kind: known keys, right types, required keys present.',
  appliesTo: ['playbook', 'vocabulary', 'config'],
  check({ file, report }) {
    for (const problem of file.schemaProblems) {
      const { meant, rename } = problem;
      // A misspelt key with one close match: renaming it is safe (--fix applies it); the key's value stays as written.
      const fixes =
        rename && meant
          ? [
              {
                title: `Rename "${file.text.slice(problem.span.start, problem.span.end)}" to "${meant}"`,
                edits: [replaceSpan(file, problem.span, meant)],
                preferred: true,
                safe: true,
              },
            ]
          : undefined;
      report({ span: problem.span, message: problem.message, fixes });
    }
  },
});
