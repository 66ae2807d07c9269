import { insertDeviationStub } from '../fixes';
import { placeholderReason } from '../model/placeholder';
import { defineRule } from '../rule';
import { keyWrittenAmiss, tacticName, tacticSpan } from '../model/tactic-location';

export default defineRule({
  id: 'tactic-missing-deviation',
  defaultSeverity: 'warning',
  description: 'Every tactic says when it is smart to deviate from it.',
  appliesTo: ['playbook'],
  check({ file, report }) {
    if (file.model.kind !== 'playbook') return;
    for (const stage of file.model.stages) {
      for (const tactic of stage.tactics) {
        const dev = tactic.deviateWhen;
        if (dev?.wrongType) continue;
        const written = dev?.value.filter((entry) => entry.value.trim() !== '') ?? [];
        const placeholders = written.filter((entry) => placeholderReason(entry.value));
        if (written.length > placeholders.length) continue;
        if (placeholders.length) {
          report({
            span: placeholders[0].span,
            message: `${tacticName(tactic)} has only a placeholder deviate-when (${placeholderReason(placeholders[0].value)}): replace it with an observable condition under which a rep should do otherwise`,
          });
          continue;
        }
        if (!dev && keyWrittenAmiss(file, tactic, 'deviate-when')) continue;
        const what = dev
          ? 'has an empty deviate-when: write at least one observable condition'
          : 'has no deviate-when: add `deviate-when:` with the observable conditions';
        const fix = insertDeviationStub(file, tactic);
        report({
          span: tacticSpan(file, tactic),
          message: `${tacticName(tactic)} ${what} under which a rep should do otherwise`,
          fixes: fix ? [fix] : undefined,
        });
      }
    }
  },
});
