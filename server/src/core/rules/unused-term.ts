import { defineRule } from '../rule';

export default defineRule({
  id: 'unused-term',
  defaultSeverity: 'info',
  description: 'A vocabulary term that no playbook in scope references.',
  scope: 'project',
  appliesTo: ['vocabulary'],
  reads: ['terms', 'termUses'],
  check({ file, project, report }) {
    const exports = project.get(file.path);
    if (!exports || !project.vocabularyInScope(file.path)) return;
    for (const entry of exports.terms) {
      if (entry.isAlias) continue;
      // Only the definition that references resolve to can be used; duplicates are duplicate-term's business.
      if (project.lookupTerm(entry.key) !== entry) continue;
      if (project.playbookUses(entry.termKey).length > 0) continue;
      const span = { start: file.lines.offset(entry.location.range.start), end: file.lines.offset(entry.location.range.end) };
      report({
        span,
        message: `No playbook references "${entry.name}"${entry.aliases.length ? ' or its aliases' : ''}; link it where playbooks lean on it ([[${entry.name}]]), or remove it from the vocabulary`,
      });
    }
  },
});
