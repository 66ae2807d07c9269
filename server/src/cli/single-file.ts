import * as path from 'node:path';
import { fixToFixedPoint } from '../core/apply-fixes';
import { withSeverity, type LintConfig } from '../core/config';
import { fileKindOf, misnamedKind } from '../core/file-kind';
import { RULES } from '../core/rules';
import { severityOf } from '../core/lint';
import type { FileResult } from '../core/types';
import { findConfigUp, listProjectFiles, matchGlobs, matchPaths, toPosix } from '../node/discover';
import { ProjectTexts } from '../node/lint-texts';
import { defaultConfig, loadConfig } from '../node/project-run';
import type { CliIo } from './main';
import type { CliOptions } from './options';
import { displayPath, plural } from './report';

/** A wrong combination of options: exit 2 with the message. */
export class UsageError extends Error {}

/** Options that cannot go together, or that need another: the message to fail with. */
export function conflictingOptions(o: CliOptions, hasPaths: boolean): string | undefined {
  if (o.stdin && o.stdinFilename === undefined) {
    return '--stdin needs --stdin-filename <path>: the path decides whether the text is a playbook or a vocabulary, and which project and config apply';
  }
  if (o.stdinFilename !== undefined && !o.stdin) return '--stdin-filename is only used with --stdin';
  if (o.stdin && hasPaths) return '--stdin lints standard input: name no files or folders with it';
  if (o.stdin && o.fix) return '--fix cannot write back to standard input; use --fix-dry-run to see what it would change';
  if (o.stdin && (o.suppressAll || o.suppressRule || o.pruneSuppressions))
    return '--suppress-all, --suppress-rule and --prune-suppressions update the baseline from whole files on disk, not from --stdin';
  if (o.fix && o.fixDryRun) return 'use either --fix or --fix-dry-run, not both';
  if (o.init && (hasPaths || o.stdin || o.fix || o.printConfig !== undefined))
    return '--init creates the starter files in the working folder and takes no paths or other actions';
  if (o.printConfig !== undefined && (hasPaths || o.stdin)) return '--print-config takes one file and no other paths';
  return undefined;
}

/** The settings for one file: the project it belongs to and its config, as a run over that file would use them. */
export interface FileSettings {
  file: string;
  root: string;
  configFile?: string;
  config: LintConfig;
}

export function settingsFor(file: string, options: CliOptions, cwd: string): FileSettings {
  const abs = toPosix(path.resolve(cwd, file));
  const inside = (() => {
    const rel = path.relative(cwd, abs);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  })();
  let configFile: string | undefined;
  let base: LintConfig;
  if (options.config) {
    configFile = toPosix(path.resolve(cwd, options.config));
    const root = inside ? toPosix(cwd) : toPosix(path.dirname(abs));
    base = { ...loadConfig(configFile, cwd), root };
  } else {
    configFile = findConfigUp(path.dirname(abs));
    const root = configFile ? toPosix(path.dirname(configFile)) : inside ? toPosix(cwd) : toPosix(path.dirname(abs));
    base = configFile ? loadConfig(configFile, root) : defaultConfig(root);
  }
  const config = withUnusedDirectives(
    (options.rule ?? []).reduce((c, r) => withSeverity(c, r.id, r.severity), base),
    options,
  );
  return { file: abs, root: config.root, configFile: configFile && toPosix(configFile), config };
}

/** Whether the project walk would read this file (not under node_modules, .git or the ignore globs). */
function listed(settings: FileSettings): boolean {
  return matchPaths(settings.root, ['**/*'], settings.config.ignore, [settings.file]).has(settings.file);
}

/** --print-config: the effective settings of one file as JSON, vocabulary files in scope included. */
export function printConfig(settings: FileSettings, io: CliIo): number {
  const { config } = settings;
  const shown = (p: string) => displayPath(io.cwd, p);
  const vocabularies = listProjectFiles(config.root, config.ignore).filter((f) => fileKindOf(f) === 'vocabulary');
  const inScope = config.vocabulary ? matchGlobs(config.root, config.vocabulary, config.ignore) : undefined;
  const rules = Object.fromEntries(
    RULES.map((rule) => {
      const settingsOfRule = config.rules[rule.id]?.settings;
      return [
        rule.id,
        settingsOfRule && Object.keys(settingsOfRule).length ? { severity: severityOf(rule, config), ...settingsOfRule } : severityOf(rule, config),
      ];
    }),
  );
  const out = {
    file: shown(settings.file),
    kind: fileKindOf(settings.file) ?? null,
    checked: listed(settings) && Boolean(fileKindOf(settings.file)),
    projectRoot: config.root === toPosix(io.cwd) ? '.' : shown(config.root),
    configFile: settings.configFile ? shown(settings.configFile) : null,
    vocabulary: config.vocabulary ?? null,
    vocabularyFiles: vocabularies.filter((v) => !inScope || inScope.has(v)).map(shown),
    ignore: config.ignore,
    rules,
  };
  io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  return 0;
}

/**
 * --stdin: the text is linted as the file --stdin-filename names, inside its
 * project (the other files are read from disk). With --fix-dry-run the safe
 * fixes are applied in memory and listed. A number is an exit code (the run
 * stops there); otherwise the results to report.
 */
export function lintStdin(settings: FileSettings, text: string, options: CliOptions, io: CliIo): FileResult[] | number {
  const { file, config } = settings;
  const shown = displayPath(io.cwd, file);
  const kind = fileKindOf(file);
  if (kind !== 'playbook' && kind !== 'vocabulary' && !misnamedKind(file, text)) {
    io.stderr(
      `playbook-lint: --stdin-filename ${shown}: not a playbook or vocabulary file name (expected *.playbook.yaml, *.playbook.yml, *.vocabulary.yaml or *.vocabulary.yml)\n`,
    );
    return 2;
  }
  if (!listed(settings)) {
    io.stderr(`playbook-lint: ${shown} is not checked: it is under node_modules or .git, or the config's ignore globs match it\n`);
    return 0;
  }
  const project = new ProjectTexts(config);
  const lint = (t: string) => project.lint(new Map([[file, t]]), [file])[0]?.diagnostics ?? [];
  if (!options.fixDryRun) return [{ path: file, diagnostics: lint(text) }];
  const fixed = fixToFixedPoint(file, text, lint);
  const lines = fixed.applied.map((f) => `  ${shown}:${f.edits[0].range.start.line + 1}:${f.edits[0].range.start.character + 1}  ${f.title}`);
  io.stderr(
    fixed.applied.length
      ? `playbook-lint: --fix-dry-run: would fix ${plural(fixed.applied.length, 'problem')} in 1 file (nothing written):\n${lines.join('\n')}\n`
      : 'playbook-lint: no safe fixes to apply\n',
  );
  return [{ path: file, diagnostics: fixed.remaining }];
}

/** --report-unused-disable-directives: the inline-control rule's report-unused setting, on for this run. */
export function withUnusedDirectives(config: LintConfig, options: CliOptions): LintConfig {
  if (!options.reportUnusedDisableDirectives) return config;
  const current = config.rules['inline-control'] ?? { settings: {} };
  return { ...config, rules: { ...config.rules, 'inline-control': { ...current, settings: { ...current.settings, 'report-unused': true } } } };
}
