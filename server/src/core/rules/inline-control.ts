import { DIRECTIVE_KINDS, parseDirectives, unknownDirectives } from '../inline-control';
import { defineRule } from '../rule';
import { suggest } from '../suggest';
import { RULE_IDS } from './index';

export default defineRule({
  id: 'inline-control',
  defaultSeverity: 'error',
  description: 'A `# playbook-lint-…` comment is a known directive and names only rules that exist.',
  appliesTo: ['playbook', 'vocabulary', 'config'],
  runsOnBrokenFiles: true,
  settings: {
    'report-unused': {
      type: 'boolean',
      description:
        "Also report each rule named in a disable comment, and each comment naming no rule, that silences nothing (like ESLint's reportUnusedDisableDirectives). Default: false.",
    },
  },
  check({ file, report }) {
    for (const directive of parseDirectives(file.comments)) {
      for (const rule of directive.rules) {
        if (RULE_IDS.includes(rule.id)) continue;
        const near = suggest(rule.id, RULE_IDS, 1);
        const fix = near.length ? `did you mean "${near[0]}"?` : `use one of ${RULE_IDS.join(', ')} (separate several with commas; put a reason after " -- ")`;
        report({ span: rule.span, message: `"${rule.id}" is not a playbook-lint rule, so nothing is silenced for it; ${fix}` });
      }
    }
    for (const unknown of unknownDirectives(file.comments)) {
      const names = DIRECTIVE_KINDS.map((k) => `playbook-lint-${k}`);
      const near = suggest(unknown.name, names, 1);
      report({
        span: unknown.span,
        message: `"${unknown.name}" is not a playbook-lint comment, so it silences nothing; ${near.length ? `did you mean "${near[0]}"? ` : ''}(the comments are ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]})`,
      });
    }
  },
});
