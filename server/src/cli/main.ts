import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CommanderError } from 'commander';
import { createColors } from 'picocolors';
import { analyzeUnreadableFolder } from '../core/analyze-unreadable';
import { lintFile } from '../core/lint';
import { setRuleDocsLink } from '../core/rule';
import { ProjectIndex } from '../core/project/project-index';
import { resolveTargets, unreadableFolders } from '../node/discover';
import { cacheLocationProblem, LintCache } from '../node/lint-cache';
import { type LintPool, lintProjectFast, withEarlyWorkers } from '../node/lint-engine';
import { ConfigError, configWarnings, type FileResult } from '../node/project-run';
import { installedRuleDocs } from '../node/rule-docs';
import { shouldColor } from './color';
import { formatReport } from './formats';
import { buildProgram, type CliOptions } from './options';
import { configErrorMessage, groupByProject, threadsFrom, type Project } from './projects';
import { runRender } from './render';
import { buildReport, countBySeverity, displayPath, plural } from './report';
import { fixAll, withResults } from './fix-report';
import { runInit } from './init';
import { applyBaselines, type BaselineOutcome } from './baseline';
import { SuppressionsError } from '../node/suppressions-file';
import { conflictingOptions, lintStdin, printConfig, settingsFor, UsageError, withUnusedDirectives, type FileSettings } from './single-file';
import { pushAll } from '../core/arrays';

declare const PACKAGE_VERSION: string;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

export interface CliIo {
  cwd: string;
  /** Standard input as text (for --stdin). */
  readStdin?: () => Promise<string>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * The `playbook-lint` command: a thin adapter from arguments to the node/ and
 * core/ layers and back to text. Exit codes per the spec: 0 clean (warnings
 * within --max-warnings), 1 lint errors or too many warnings, 2 the run failed.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  setRuleDocsLink(installedRuleDocs); // rule links point at this installation's pages (they work offline)
  if (argv[0] === 'render') return runRender(argv.slice(1), io, VERSION);
  const program = buildProgram(VERSION).configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = program.opts<CliOptions>();
  const targets = program.args.length ? program.args : ['.'];
  const fail = (message: string) => failure(io, message);
  const shown = (p: string) => displayPath(io.cwd, p);
  const conflict = conflictingOptions(options, program.args.length > 0);
  if (conflict) return fail(conflict);
  if (options.init) return runInit(io);
  if (options.printConfig !== undefined || options.stdin) {
    let settings: FileSettings;
    try {
      settings = settingsFor(path.resolve(io.cwd, options.printConfig ?? options.stdinFilename!), options, io.cwd);
    } catch (error) {
      if (error instanceof ConfigError) return fail(configErrorMessage(error, shown));
      if (error instanceof UsageError) return fail(error.message);
      throw error;
    }
    if (options.printConfig !== undefined) return printConfig(settings, io);
    const text = await (io.readStdin ?? (() => Promise.resolve('')))();
    const stdinResults = lintStdin(settings, text, options, io);
    if (typeof stdinResults === 'number') return stdinResults;
    try {
      const baseline = applyBaselines([{ config: settings.config, files: new Set([settings.file]) }], stdinResults, options, io, shown);
      return finish(baseline.results, options, io, baseline.outdated);
    } catch (error) {
      if (error instanceof SuppressionsError) return fail(error.shownWith(shown));
      throw error;
    }
  }

  // Workers start now and load their code while this thread lists and reads the project. Not with --cache: a warm
  // run needs none, and ending one that is still loading its code cost it 40 ms (10 %).
  return withEarlyWorkers('lint worker', threadsFrom(io.env), !options.cache, (takeEarly) => lintTargets(targets, options, io, takeEarly));
}

/** The run on files and folders: list, group by project, lint (the first project's run takes the early workers), report. */
async function lintTargets(targets: string[], options: CliOptions, io: CliIo, takeEarly: () => LintPool | undefined): Promise<number> {
  const fail = (message: string) => failure(io, message);
  const shown = (p: string) => displayPath(io.cwd, p);
  const { files, baseOf, problems, unreadable, walks } = resolveTargets(targets, io.cwd);
  if (problems.length) return fail(problems.join('\nplaybook-lint: '));
  if (files.length === 0) return fail('nothing to lint: no *.playbook.yaml or *.vocabulary.yaml files matched');

  let projects: Project[];
  try {
    const grouped = groupByProject(files, baseOf, options, io.cwd);
    if (typeof grouped === 'string') return fail(grouped);
    projects = grouped.map((p) => ({ ...p, config: withUnusedDirectives(p.config, options) }));
    // Not failures, but never silent: a vocabulary glob that matches nothing.
    for (const w of projects.flatMap((p) => configWarnings(p.config)))
      io.stderr(`playbook-lint: warning: ${shown(w.file)}:${w.line + 1}:${w.character + 1}: ${w.message}\n`);
  } catch (error) {
    if (error instanceof ConfigError) return fail(configErrorMessage(error, shown));
    throw error;
  }

  // The cache is keyed by tool version; its entries by absolute path, so one file serves every project of a run.
  const cacheFile = path.resolve(io.cwd, options.cacheLocation ?? '.playbook-lint-cache');
  const cacheProblem = options.cache ? cacheLocationProblem(cacheFile) : undefined;
  if (cacheProblem) return fail(`--cache: ${cacheProblem}`);
  const cache = options.cache ? LintCache.load(cacheFile, VERSION) : undefined;
  const lintAll = async (): Promise<FileResult[]> => {
    const results: FileResult[] = [];
    // Files the project walk skips (the config's ignore globs) are never read, per the spec.
    // Folders the walk could not list (permission denied) are reported, not skipped in silence: those under the
    // named targets that the project walk (which honours the config's ignore globs) could not list either.
    const missed = new Set(unreadable.map((u) => u.path));
    for (const { config, files: wanted } of projects) {
      // A target folder that is the project root, with no ignore globs, was walked just now: not twice.
      const walked = config.ignore.length === 0 ? walks.get(config.root) : undefined;
      const pool = takeEarly();
      pushAll(results, await lintProjectFast(config, wanted, { cache, threads: threadsFrom(io.env), files: walked?.files, beside: walked?.beside, pool }));
      for (const folder of walked?.unreadable ?? unreadableFolders(config.root, config.ignore)) {
        if (!missed.delete(folder.path)) continue;
        results.push({
          path: folder.path,
          diagnostics: lintFile(analyzeUnreadableFolder(folder.path, Object.assign(new Error(folder.code), { code: folder.code })), new ProjectIndex(), config),
        });
      }
    }
    return results;
  };
  let results = await lintAll();
  if (options.fix || options.fixDryRun) {
    const fixed = fixAll(projects, results, Boolean(options.fixDryRun), shown, io);
    // Fixes in one file change what others report (a term now used): --fix lints the project again, as written.
    if (options.fix && fixed) results = await lintAll();
    else if (options.fixDryRun) results = withResults(results, fixed);
  }
  if (cache) {
    try {
      cache.save();
    } catch (error) {
      io.stderr(
        `playbook-lint: could not write the cache ${shown(cache.location)} (${(error as NodeJS.ErrnoException).code ?? error}); results are complete, the next run will not be faster\n`,
      );
    }
  }
  if (results.length === 0) return fail('nothing to lint: every matched file is ignored (node_modules, .git or the ignore globs of the config)');
  let baseline: BaselineOutcome;
  try {
    baseline = applyBaselines(projects, results, options, io, shown);
  } catch (error) {
    if (error instanceof SuppressionsError) return fail(error.shownWith(shown));
    throw error;
  }
  return finish(baseline.results, options, io, baseline.outdated);
}

/** Says why the run failed, on stderr; the exit code of a failed run (2). */
function failure(io: CliIo, message: string): number {
  io.stderr(`playbook-lint: ${message}\n`);
  return 2;
}

/** Reports the results in the chosen format and decides the exit code (0, 1, or 2 when the report cannot be written). */
function finish(results: FileResult[], options: CliOptions, io: CliIo, outdatedBaseline = false): number {
  // Like ESLint: --quiet hides warnings and infos, but hidden warnings still count towards --max-warnings.
  const totals = countBySeverity(results);
  const reported = options.quiet ? results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') })) : results;
  const report = buildReport(io.cwd, reported);
  const colors = createColors(
    options.format === 'stylish' && shouldColor({ flag: options.color, toFile: Boolean(options.outputFile), isTTY: io.isTTY, env: io.env }),
  );
  const text = formatReport(options.format, report, { version: VERSION, colors });
  if (options.outputFile) {
    const out = path.resolve(io.cwd, options.outputFile);
    try {
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, text);
    } catch (error) {
      io.stderr(`playbook-lint: cannot write --output-file ${options.outputFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return 2;
    }
  } else io.stdout(text);

  const tooManyWarnings = options.maxWarnings !== undefined && totals.warning > options.maxWarnings;
  if (tooManyWarnings) {
    const hidden = options.quiet ? ' (not shown because of --quiet)' : '';
    io.stderr(`playbook-lint: ${plural(totals.warning, 'warning')}${hidden}, more than --max-warnings ${options.maxWarnings}\n`);
  }
  return totals.error > 0 || tooManyWarnings || outdatedBaseline ? 1 : 0;
}
