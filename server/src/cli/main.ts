import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CommanderError } from 'commander';
import { createColors } from 'picocolors';
import { withSeverity, type LintConfig } from '../core/config';
import { findConfigUp, resolveTargets, toPosix } from '../node/discover';
import { ConfigError, defaultConfig, lintProject, loadConfig, type FileResult } from '../node/project-run';
import { formatReport } from './formats';
import { buildProgram, type CliOptions } from './options';
import { buildReport } from './report';

declare const PACKAGE_VERSION: string;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

export interface CliIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** Exit codes per the spec: 0 clean, 1 lint errors or too many warnings, 2 the run itself failed. */
export function runCli(argv: string[], io: CliIo): number {
  const program = buildProgram(VERSION).configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = program.opts<CliOptions>();
  const targets = program.args.length ? program.args : ['.'];
  const fail = (message: string) => {
    io.stderr(`playbook-lint: ${message}\n`);
    return 2;
  };

  const { files, problems } = resolveTargets(targets, io.cwd);
  if (problems.length) return fail(problems.join('\n'));
  if (files.length === 0) return fail('nothing to lint: no *.playbook.yaml or *.vocabulary.yaml files matched');

  // Group the targets by project: the config in use decides the root and the vocabulary scope.
  const projects = new Map<string, { config: LintConfig; files: Set<string> }>();
  try {
    const explicit = options.config ? loadConfig(path.resolve(io.cwd, options.config), io.cwd) : undefined;
    for (const file of files) {
      const configFile = explicit ? undefined : findConfigUp(path.dirname(file));
      // Without a config, the root is the working folder, or the file's own folder when it lies outside.
      const bareRoot = isInside(io.cwd, file) ? toPosix(io.cwd) : toPosix(path.dirname(file));
      const key = explicit ? 'explicit' : (configFile ?? bareRoot);
      let project = projects.get(key);
      if (!project) {
        const config = explicit ?? (configFile ? loadConfig(configFile, path.dirname(configFile)) : defaultConfig(bareRoot));
        project = { config: options.rule.reduce((c, r) => withSeverity(c, r.id, r.severity), config), files: new Set() };
        projects.set(key, project);
      }
      project.files.add(file);
    }
  } catch (error) {
    if (error instanceof ConfigError) return fail(`invalid config\n${error.message}`);
    throw error;
  }

  const results: FileResult[] = [];
  for (const { config, files: wanted } of projects.values()) {
    // Named files the project walk skips (ignored by config) are not read, per the spec.
    results.push(...lintProject(config, wanted));
  }
  if (results.length === 0) return fail('nothing to lint: every matched file is ignored by the config');
  if (options.quiet) for (const r of results) r.diagnostics = r.diagnostics.filter((d) => d.severity === 'error');

  const report = buildReport(io.cwd, results);
  const useColor = options.color && !options.outputFile && io.isTTY && !io.env.NO_COLOR && options.format === 'stylish';
  const text = formatReport(options.format, report, { version: VERSION, colors: createColors(useColor) });
  if (options.outputFile) {
    const out = path.resolve(io.cwd, options.outputFile);
    try {
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, text);
    } catch (error) {
      return fail(`cannot write ${options.outputFile}: ${(error as Error).message}`);
    }
  } else io.stdout(text);

  const tooManyWarnings = options.maxWarnings !== undefined && report.counts.warning > options.maxWarnings;
  if (tooManyWarnings) io.stderr(`playbook-lint: ${report.counts.warning} warnings is more than --max-warnings ${options.maxWarnings}\n`);
  return report.counts.error > 0 || tooManyWarnings ? 1 : 0;
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
