import { parseDirectives } from '../inline-control';
import { defineRule } from '../rule';
import { suggest } from '../suggest';
import { RULE_IDS } from './index';

export default defineRule({
  id: 'inline-control',
  defaultSeverity: 'error',
  description: 'A `# playbook-lint-…` comment names only rules that exist.',
  appliesTo: ['playbook', 'vocabulary', 'config'],
  runsOnBrokenFiles: true,
  check({ file, report }) {
    for (const directive of parseDirectives(file.comments)) {
      for (const rule of directive.rules) {
        if (RULE_IDS.includes(rule.id)) continue;
        const near = suggest(rule.id, RULE_IDS, 1);
        report({
          span: rule.span,
          message: `"${rule.id}" is not a playbook-lint rule${near.length ? `; did you mean "${near[0]}"?` : ''} (rule ids: see the README's rule table)`,
        });
      }
    }
  },
});
