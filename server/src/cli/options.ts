import { Command, InvalidArgumentError, Option } from 'commander';
import { RULE_IDS } from '../core/rules';
import type { SeverityLevel } from '../core/types';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit'] as const;
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
    .option('--rule <id=severity>', 'override one rule\'s severity: error, warning, info or off (repeatable)', parseRule)
    .option('--max-warnings <n>', 'exit 1 when there are more than N warnings (hidden ones count too, as in ESLint)', parseCount)
    .option('-q, --quiet', 'report errors only')
    .option('-o, --output-file <file>', 'write the report to this file instead of standard output')
    .option('--color', 'colour even when not writing to a terminal (also: FORCE_COLOR)')
    .option('--no-color', 'no colour (also: NO_COLOR, or output that is not a terminal)')
    .option('--cache', 'only re-check files whose content or dependencies (config, vocabulary, ids) changed since the last --cache run')
    .option('--cache-location <file>', 'where --cache keeps its data (default: .playbook-lint-cache in the working folder)')
    .addHelpText(
      'after',
      '\nExit codes: 0 no errors (and warnings within --max-warnings), 1 lint errors or too many warnings,\n' +
        '2 the run failed (bad arguments, invalid config, a path that does not exist, nothing matched).\n' +
        'Docs: https://github.com/playbook-lint/playbook-lint/blob/main/docs/cli.md',
    )
    .showHelpAfterError('(run playbook-lint --help for usage)')
    .exitOverride();
}
