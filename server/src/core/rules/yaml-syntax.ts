import { defineRule } from '../rule';

export default defineRule({
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  description: 'The file must be valid YAML (and UTF-8 text): reported at the error\'s own position.',
  appliesTo: ['playbook', 'vocabulary', 'config'],
  runsOnBrokenFiles: true,
  check({ file, report }) {
    for (const problem of file.syntaxProblems) report({ span: problem.span, message: `YAML syntax: ${problem.message}` });
  },
});
