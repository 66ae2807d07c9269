import { Command, InvalidArgumentError, Option } from 'commander';
import { RULE_IDS } from '../core/rules';
import type { SeverityLevel } from '../core/types';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit'] as const;
export type FormatName = (typeof FORMATS)[number];
const LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'info', 'off'];

export interface CliOptions {
  format: FormatName;
  config?: string;
  rule: { id: string; severity: SeverityLevel }[];
  maxWarnings?: number;
  quiet: boolean;
  outputFile?: string;
  color: boolean;
}

function parseRule(value: string, previous: CliOptions['rule']): CliOptions['rule'] {
  const m = /^([^=]+)=(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected ID=SEVERITY, like tactic-missing-deviation=error`);
  const [, id, severity] = m;
  if (!RULE_IDS.includes(id)) throw new InvalidArgumentError(`"${id}" is not a rule id; rules: ${RULE_IDS.join(', ')}`);
  if (!LEVELS.includes(severity as SeverityLevel)) throw new InvalidArgumentError(`"${severity}" is not a severity; use one of ${LEVELS.join(', ')}`);
  return [...previous, { id, severity: severity as SeverityLevel }];
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
    .option('--rule <id=severity>', 'override one rule\'s severity (repeatable)', parseRule, [])
    .option('--max-warnings <n>', 'exit 1 when there are more than N warnings', parseCount)
    .option('-q, --quiet', 'report errors only', false)
    .option('-o, --output-file <file>', 'write the report to this file')
    .option('--no-color', 'no colour (also: NO_COLOR, or output that is not a terminal)')
    .showHelpAfterError('(run playbook-lint --help for usage)')
    .exitOverride();
}
