import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, isNearMissConfigName } from '../core/file-kind';
import { listProjectFiles, toPosix } from '../node/discover';
import type { CliIo } from './main';

const DOCS = 'https://github.com/playbook-lint/playbook-lint/blob/main/docs';

const CONFIG = `# playbook-lint settings. Reference: ${DOCS}/format.md#the-config-file
# Vocabulary files whose terms playbooks may use (default: every *.vocabulary.yaml).
vocabulary: ["vocabulary/**/*.vocabulary.yaml"]
# Files never checked.
ignore: []
rules:
  # Every rule is on at its default severity; change one like this:
  tactic-missing-deviation: warning
`;

const CONFIG_FOR_EXISTING = `# playbook-lint settings. Reference: ${DOCS}/format.md#the-config-file
# Every *.vocabulary.yaml under this folder is in scope; to narrow it down:
# vocabulary: ["vocabulary/**/*.vocabulary.yaml"]
ignore: []
rules:
  # Every rule is on at its default severity; change one like this:
  tactic-missing-deviation: warning
`;

const VOCABULARY = `vocabulary: Team sales vocabulary
terms:
  - term: Economic buyer
    definition: The person who can approve the spend without asking anyone else.
    aliases: [economic buyers]
  - term: Champion
    definition: Someone inside the buyer's company who sells for us when we are not in the room.
    example: "Our champion booked the meeting with finance herself."
`;

const PLAYBOOK = `playbook: First call
summary: How we run the first call with a new prospect.
stages:
  - id: first-call
    name: First call
    goal: The [[economic buyer]] agrees there is a problem worth solving this quarter.
    tactics:
      - id: ask-before-showing
        tactic: Ask about the problem before showing the product.
        why: >
          Buyers trust conclusions they reach themselves, and a [[champion]]
          retells the problem in their own words, not our feature list.
        deviate-when:
          - The buyer has finished discovery with a partner and asks for a demo in writing.
`;

/**
 * --init: scaffolds a config, a vocabulary and a playbook that pass, in the
 * working folder. Never overwrites: when any of them exists, writes nothing.
 * In a folder that already has playbooks or vocabularies, writes only the
 * config (examples would add ids and terms to a real project).
 */
export function runInit(io: CliIo): number {
  const here = io.cwd;
  const nearMiss = safeList(here).filter((name) => isNearMissConfigName(name));
  if (nearMiss.length) {
    io.stderr(
      `playbook-lint: --init: found ${nearMiss.join(', ')}, which playbook-lint does not read; rename it to ${CONFIG_FILE_NAME} instead of creating a second config\n`,
    );
    return 2;
  }
  const existing = listProjectFiles(here, []);
  const files: [string, string][] = existing.length
    ? [[CONFIG_FILE_NAME, CONFIG_FOR_EXISTING]]
    : [
        [CONFIG_FILE_NAME, CONFIG],
        ['vocabulary/team.vocabulary.yaml', VOCABULARY],
        ['playbooks/first-call.playbook.yaml', PLAYBOOK],
      ];
  const taken = files.filter(([rel]) => existsSync(path.join(here, rel))).map(([rel]) => rel);
  if (taken.length) {
    io.stderr(
      `playbook-lint: --init: ${taken.join(', ')} already ${taken.length === 1 ? 'exists' : 'exist'}; nothing was written (remove or rename ${taken.length === 1 ? 'it' : 'them'} to start again)\n`,
    );
    return 2;
  }
  for (const [rel, text] of files) {
    const file = path.join(here, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' });
  }
  const lines = files.map(([rel]) => `  ${rel}`).join('\n');
  const note = existing.length
    ? `\nFound ${existing.length} playbook and vocabulary file${existing.length === 1 ? '' : 's'} here (such as ${toPosix(path.relative(here, existing[0]))}), so no examples were added.`
    : '';
  io.stdout(`Created:\n${lines}${note}\nNext: run playbook-lint to check them, and see ${DOCS}/format.md for the format.\n`);
  return 0;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
