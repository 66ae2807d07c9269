import { defineRule } from '../rule';

export default defineRule({
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  description: "The file must be readable UTF-8 text and valid YAML: reported at the error's own position.",
  appliesTo: ['playbook', 'vocabulary', 'config'],
  runsOnBrokenFiles: true,
  check({ file, report }) {
    for (const problem of file.syntaxProblems) {
      report({ span: problem.span, message: problem.unreadable ? problem.message : `YAML syntax: ${problem.message}` });
    }
  },
});
