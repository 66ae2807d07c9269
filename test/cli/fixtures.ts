/** Small projects the CLI tests lint, written to temporary folders. */

/**
 * A project with one of each kind of problem the formats must render: an error,
 * a warning, an error with a related location (duplicate-id) and a position after
 * an astral character (UTF-16 columns: the emoji counts 2).
 *
 * Expected (1-based):
 *   playbooks/a.playbook.yaml 12:13-12:19 error   tactic-missing-why       (no-why)
 *   playbooks/a.playbook.yaml 16:13-16:25 warning tactic-missing-deviation (no-deviation)
 *   playbooks/b.playbook.yaml  5:19-5:28  error   undefined-term           ([[champ]])
 *   playbooks/b.playbook.yaml  7:13-7:19  error   duplicate-id             (shared; related a.playbook.yaml 7:13)
 */
export const RICH: Record<string, string> = {
  'vocabulary/sales.vocabulary.yaml': `vocabulary: Sales
terms:
  - term: Champion
    definition: Someone inside the buyer who sells for us when we are not in the room.
`,
  'playbooks/a.playbook.yaml': `playbook: A
stages:
  - id: stage-a
    name: Stage A
    goal: The [[champion]] agrees the problem is worth solving.
    tactics:
      - id: shared
        tactic: Ask before showing.
        why: Buyers trust what they said themselves.
        deviate-when:
          - The buyer asks for a demo after finishing discovery elsewhere.
      - id: no-why
        tactic: Send a recap.
        deviate-when:
          - The buyer asked for no email.
      - id: no-deviation
        tactic: Name the next step.
        why: A meeting without a next step lets the deal drift.
`,
  'playbooks/b.playbook.yaml': `playbook: B
stages:
  - id: stage-b
    name: Stage B
    goal: "😀 The [[champ]] agrees."
    tactics:
      - id: shared
        tactic: Ask again.
        why: Buyers trust what they said themselves.
        deviate-when:
          - The buyer asks for a demo after finishing discovery elsewhere.
`,
};

export interface Expected {
  path: string;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export const RICH_EXPECTED: Expected[] = [
  { path: 'playbooks/a.playbook.yaml', rule: 'tactic-missing-why', severity: 'error', line: 12, column: 13, endLine: 12, endColumn: 19 },
  { path: 'playbooks/a.playbook.yaml', rule: 'tactic-missing-deviation', severity: 'warning', line: 16, column: 13, endLine: 16, endColumn: 25 },
  { path: 'playbooks/b.playbook.yaml', rule: 'undefined-term', severity: 'error', line: 5, column: 19, endLine: 5, endColumn: 28 },
  { path: 'playbooks/b.playbook.yaml', rule: 'duplicate-id', severity: 'error', line: 7, column: 13, endLine: 7, endColumn: 19 },
];

/** The rules RICH_EXPECTED covers; other (coaching, info) rules may add advice, which the tests ignore. */
export const RICH_RULES = new Set(RICH_EXPECTED.map((e) => e.rule));

/** A tactic with no deviate-when: exactly one warning (tactic-missing-deviation), no error. */
export const ONE_WARNING = `playbook: W
stages:
  - id: stage-w
    name: Stage W
    goal: The buyer agrees the problem is worth solving.
    tactics:
      - id: warn-me
        tactic: Name the next step.
        why: A meeting without a next step lets the deal drift.
`;

/** No problems from the core rules. */
export function cleanPlaybook(stageId: string, tacticId: string): string {
  return `playbook: Clean ${stageId}
stages:
  - id: ${stageId}
    name: Clean
    goal: The buyer agrees the problem is worth solving.
    tactics:
      - id: ${tacticId}
        tactic: Ask before showing.
        why: Buyers trust what they said themselves.
        deviate-when:
          - The buyer asks for a demo after finishing discovery elsewhere.
`;
}

/** One error (tactic-missing-why) in a tactic with the given id. */
export function brokenPlaybook(stageId: string, tacticId: string): string {
  return `playbook: Broken ${stageId}
stages:
  - id: ${stageId}
    name: Broken
    goal: The buyer agrees the problem is worth solving.
    tactics:
      - id: ${tacticId}
        tactic: Send a recap.
        deviate-when:
          - The buyer asked for no email.
`;
}
