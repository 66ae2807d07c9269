import { defineRule } from '../rule';

export default defineRule({
  id: 'duplicate-term',
  defaultSeverity: 'error',
  description: 'Each term and alias is defined once across the vocabularies in scope (ignoring case).',
  scope: 'project',
  appliesTo: ['vocabulary'],
  reads: ['terms', 'termPlaces'],
  check({ file, project, report }) {
    const exports = project.get(file.path);
    if (!exports || !project.vocabularyInScope(file.path)) return;
    const table = project.terms();
    for (const entry of exports.terms) {
      const list = table.get(entry.key);
      if (!list || list.length < 2 || list[0] === entry) continue;
      const first = list[0];
      const sameFile = first.location.path === file.path;
      const where = `${sameFile ? '' : `${first.location.path.slice(first.location.path.replace(/\\/g, '/').lastIndexOf('/') + 1)} `}line ${first.location.range.start.line + 1}`;
      const firstWhat = first.isAlias ? `as an alias of "${first.term}"` : 'as a term';
      const span = { start: file.lines.offset(entry.location.range.start), end: file.lines.offset(entry.location.range.end) };
      report({
        span,
        message: `"${entry.name}" is already defined ${firstWhat} at ${where}; define each term once and reference it, or remove this ${entry.isAlias ? 'alias' : 'entry'}`,
        related: [{ location: first.location, message: `"${first.name}" first defined here` }],
      });
    }
  },
});
