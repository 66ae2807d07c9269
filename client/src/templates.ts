/**
 * The text of the files "Playbook Lint: New Playbook" and the walkthrough create.
 * No `vscode` import, so tests lint these skeletons with the real CLI.
 */

/** "New-logo discovery" → "new-logo-discovery" (what the file name and the ids are made of). */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function playbookSkeleton(title: string, slug: string): string {
  return [
    `playbook: ${JSON.stringify(title)}`,
    'stages:',
    `  - id: ${slug}-first-stage`,
    '    name: First stage',
    '    goal: "TODO: the outcome reached with the buyer at the end of this stage"',
    '    tactics:',
    `      - id: ${slug}-first-tactic`,
    '        tactic: "TODO: what the rep does"',
    '        why: "TODO: the principle behind this tactic"',
    '        deviate-when:',
    '          - "TODO: an observable condition under which to do otherwise"',
    '',
  ].join('\n');
}

export function vocabularySkeleton(title: string): string {
  return [
    `vocabulary: ${JSON.stringify(title)}`,
    'terms:',
    '  - term: Economic buyer',
    '    definition: The person who can say yes to the money without asking anyone else.',
    '    aliases: [EB]',
    '',
  ].join('\n');
}
