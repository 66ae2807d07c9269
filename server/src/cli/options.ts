import { Command, InvalidArgumentError, Option } from 'commander';
import { RULE_IDS } from '../core/rules';
import type { SeverityLevel } from '../core/types';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
export type FormatName = (typeof FORMATS)[number];
export const LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'info', 'off'];

export interface CliOptions {
  cache?: boolean;
  cacheLocation?: string;
  format: FormatName;
  config?: string;
  /** Undefined when no --rule was given. */
  rule?: { id: string; severity: SeverityLevel }[];
  maxWarnings?: number;
  quiet?: boolean;
  outputFile?: string;
  /** true: --color, false: --no-color, undefined: decide from NO_COLOR / FORCE_COLOR / the terminal. */
  color?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  stdin?: boolean;
  stdinFilename?: string;
  init?: boolean;
  printConfig?: string;
  suppressAll?: boolean;
  suppressRule?: string[];
  pruneSuppressions?: boolean;
  suppressionsLocation?: string;
  reportUnusedDisableDirectives?: boolean;
}

export function parseRule(value: string, previous: CliOptions['rule'] | undefined): CliOptions['rule'] {
  const m = /^([^=]+)=(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected ID=SEVERITY, like tactic-missing-deviation=error (severities: ${LEVELS.join(', ')})`);
  const id = m[1].trim();
  const severity = m[2].trim();
  if (!RULE_IDS.includes(id)) throw new InvalidArgumentError(`"${id}" is not a rule id; rule ids: ${RULE_IDS.join(', ')}`);
  if (!LEVELS.includes(severity as SeverityLevel)) throw new InvalidArgumentError(`"${severity}" is not a severity; severities: ${LEVELS.join(', ')}`);
  return [...(previous ?? []), { id, severity: severity as SeverityLevel }];
}

function parseRuleId(value: string, previous: string[] | undefined): string[] {
  const id = value.trim();
  if (!RULE_IDS.includes(id)) throw new InvalidArgumentError(`"${id}" is not a rule id; rule ids: ${RULE_IDS.join(', ')}`);
  return [...(previous ?? []), id];
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, like 0 or 10');
  return Number(value);
}

export function buildProgram(version: string): Command {
  return new Command('playbook-lint')
    .description('Lint sales playbooks and their coaching vocabulary (*.playbook.yaml, *.vocabulary.yaml).')
    .version(version)
    .argument('[paths...]', 'files, folders or globs to lint (default: the current folder)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('stylish'))
    .option('-c, --config <file>', 'use this config file instead of the nearest .playbook-lint.yaml')
    .option('--rule <id=severity>', "override one rule's severity: error, warning, info or off (repeatable)", parseRule)
    .option('--max-warnings <n>', 'exit 1 when there are more than N warnings (hidden ones count too, as in ESLint)', parseCount)
    .option('-q, --quiet', 'report errors only')
    .option('-o, --output-file <file>', 'write the report to this file instead of standard output')
    .option('--color', 'colour even when not writing to a terminal (also: FORCE_COLOR)')
    .option('--no-color', 'no colour (also: NO_COLOR, or output that is not a terminal)')
    .option('--cache', 'only re-check files whose content or dependencies (config, vocabulary, ids) changed since the last --cache run')
    .option('--cache-location <file>', 'where --cache keeps its data (default: .playbook-lint-cache in the working folder)')
    .option('--fix', "apply the safe fixes (see each rule's page), then report what is left")
    .option('--fix-dry-run', 'list the safe fixes --fix would apply, and report what would be left; write nothing')
    .option('--stdin', 'lint the text on standard input (needs --stdin-filename)')
    .option('--stdin-filename <path>', 'the file the --stdin text stands for: it decides the kind, the project and the config')
    .option('--init', 'create .playbook-lint.yaml, a vocabulary and a playbook to start from (never overwrites)')
    .option('--print-config <file>', 'print the settings that apply to this file, as JSON, and exit')
    .option('--suppress-all', 'record every error and warning of this run in the suppressions file (a baseline), so only new ones fail')
    .option('--suppress-rule <id>', "record this rule's errors and warnings in the suppressions file (repeatable)", parseRuleId)
    .option('--prune-suppressions', 'lower the counts in the suppressions file to the problems that are left')
    .option(
      '--report-unused-disable-directives',
      'report rules named in # playbook-lint-disable comments that silence nothing (setting: inline-control report-unused)',
    )
    .option('--suppressions-location <file>', 'the suppressions file (default: .playbook-lint-suppressions.json in the project root)')
    .addHelpText(
      'after',
      '\nExit codes: 0 no errors (and warnings within --max-warnings), 1 lint errors or too many warnings,\n' +
        '2 the run failed (bad arguments, invalid config, a path that does not exist, nothing matched).\n' +
        'Docs: https://github.com/playbook-lint/playbook-lint/blob/main/docs/cli.md',
    )
    .showHelpAfterError('(run playbook-lint --help for usage)')
    .exitOverride();
}
