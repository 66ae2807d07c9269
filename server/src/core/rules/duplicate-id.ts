import { defineRule } from '../rule';
import type { ScalarValue } from '../model/model';

export default defineRule({
  id: 'duplicate-id',
  defaultSeverity: 'error',
  description: 'Stage and tactic ids are unique across the project.',
  scope: 'project',
  appliesTo: ['playbook'],
  reads: ['ids', 'idPlaces'],
  // Only an id defined more than once anywhere is reported (on every definition but the first).
  couldReport(own, project) {
    const ids = project.ids();
    return own.ids.some((e) => (ids.get(e.id)?.length ?? 0) > 1);
  },
  check({ file, project, report, range }) {
    if (file.model.kind !== 'playbook') return;
    const ids: { id: ScalarValue; kind: string }[] = [];
    for (const stage of file.model.stages) {
      if (stage.id) ids.push({ id: stage.id, kind: 'stage' });
      for (const tactic of stage.tactics) if (tactic.id) ids.push({ id: tactic.id, kind: 'tactic' });
    }
    for (const { id, kind } of ids) {
      const entries = project.ids().get(id.value);
      if (!entries || entries.length < 2) continue;
      const first = entries[0];
      const here = range(id.span);
      if (
        first.location.path === file.path &&
        first.location.range.start.line === here.start.line &&
        first.location.range.start.character === here.start.character
      )
        continue;
      const where =
        first.location.path === file.path
          ? `line ${first.location.range.start.line + 1}`
          : `${baseName(first.location.path)} line ${first.location.range.start.line + 1}`;
      report({
        span: id.span,
        message: `Id "${id.value}" is already used by the ${first.kind} at ${where}; ids are unique across the project — rename this ${kind}`,
        related: [{ location: first.location, message: `"${id.value}" first used here` }],
      });
    }
  },
});

function baseName(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}
