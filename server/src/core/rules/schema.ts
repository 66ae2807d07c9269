import { defineRule } from '../rule';

export default defineRule({
  id: 'schema',
  defaultSeverity: 'error',
  description: 'The document must have the structure of its kind: known keys, right types, required keys present.',
  appliesTo: ['playbook', 'vocabulary', 'config'],
  check({ file, report }) {
    for (const problem of file.schemaProblems) report({ span: problem.span, message: problem.message });
  },
});
