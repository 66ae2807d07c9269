import type { Rule } from '../rule';

/**
 * The config schema, built from the rule registry so a new rule (and its
 * settings) is valid config without editing a schema by hand.
 * schemas/config.schema.json is this object, written by `npm run generate`.
 */
export function buildConfigSchema(rules: readonly Rule[]): object {
  const ruleProperties: Record<string, object> = {};
  for (const rule of rules) {
    const settingKeys = Object.keys(rule.settings ?? {});
    ruleProperties[rule.id] = {
      description: `${rule.description} Default: ${rule.defaultSeverity}.${settingKeys.length ? ` Settings: ${settingKeys.join(', ')}.` : ''} Docs: ${rule.docsUrl}`,
      type: ['string', 'object'],
      if: { type: 'string' },
      then: { $ref: '#/definitions/severity' },
      properties: { severity: { $ref: '#/definitions/severity' }, ...rule.settings },
      additionalProperties: false,
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://playbook-lint.dev/schemas/config.schema.json',
    title: 'playbook-lint configuration (.playbook-lint.yaml)',
    description: 'Project settings for playbook-lint. The folder holding this file is the project root.',
    type: ['object', 'null'],
    additionalProperties: false,
    properties: {
      vocabulary: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description:
          'Globs (relative to the project root) naming the vocabulary files in scope. Default: every *.vocabulary.yaml / *.vocabulary.yml file under the root.',
      },
      ignore: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Globs (relative to the project root) of files and folders never read. node_modules and .git are always ignored.',
      },
      rules: {
        type: ['object', 'null'],
        additionalProperties: false,
        description: "Severity per rule id (error, warning, info or off), or a mapping with `severity` and the rule's own settings.",
        properties: ruleProperties,
      },
    },
    definitions: {
      severity: {
        type: 'string',
        enum: ['error', 'warning', 'info', 'off'],
        description: 'error fails the CLI run (exit 1); warning counts toward --max-warnings; info is advice; off disables the rule.',
      },
    },
  };
}
