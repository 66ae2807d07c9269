import { insertWhyStub } from '../fixes';
import { isBlank } from '../model/nodes';
import { placeholderReason } from '../model/placeholder';
import { defineRule } from '../rule';
import { keyWrittenAmiss, tacticName, tacticSpan } from '../model/tactic-location';

export default defineRule({
  id: 'tactic-missing-why',
  defaultSeverity: 'error',
  description: 'Every tactic says why: the principle a coach can reason from.',
  appliesTo: ['playbook'],
  check({ file, report }) {
    if (file.model.kind !== 'playbook') return;
    for (const stage of file.model.stages) {
      for (const tactic of stage.tactics) {
        if (tactic.why?.wrongType) continue;
        const why = tactic.why?.value;
        const placeholder = why && !isBlank(why) ? placeholderReason(why.value) : undefined;
        if (!isBlank(why) && !placeholder) continue;
        if (!tactic.why && keyWrittenAmiss(file, tactic, 'why')) continue;
        if (placeholder) {
          // The stub is already there: offering to insert it again would be no help.
          report({
            span: why!.span,
            message: `${tacticName(tactic)} has a placeholder why (${placeholder}): replace it with the principle behind the tactic, so reps know when it applies`,
          });
          continue;
        }
        const what = tactic.why ? 'has an empty why: write' : 'has no why: add `why:` with';
        const fix = insertWhyStub(file, tactic);
        report({
          span: tacticSpan(file, tactic),
          message: `${tacticName(tactic)} ${what} the principle behind it, so reps know when it applies`,
          fixes: fix ? [fix] : undefined,
        });
      }
    }
  },
});
