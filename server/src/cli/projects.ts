import { statSync } from 'node:fs';
import * as path from 'node:path';
import { withSeverity, type LintConfig } from '../core/config';
import type { SeverityLevel } from '../core/types';
import { findConfigUp, toPosix } from '../node/discover';
import { plainlyUnder } from '../core/paths';
import { type ConfigError, defaultConfig, loadConfig } from '../node/project-run';

export interface Project {
  config: LintConfig;
  files: Set<string>;
}

/**
 * Groups the files of a run by project. The root is the folder of the config
 * found at or above the file; without one (or with --config, which replaces
 * the settings but not the project) it is the working folder, or the named
 * target's folder for a file outside the working folder. --rule overrides
 * apply to every project. Throws ConfigError for an invalid config; a string
 * is a message for a --config that names no file.
 */
export function groupByProject(
  files: readonly string[],
  baseOf: ReadonlyMap<string, string>,
  options: { config?: string; rule?: { id: string; severity: SeverityLevel }[] },
  cwd: string,
): Project[] | string {
  const projects = new Map<string, Project>();
  let explicit: LintConfig | undefined;
  if (options.config) {
    const file = path.resolve(cwd, options.config);
    if (!isFile(file)) return `--config ${options.config}: no such file`;
    explicit = loadConfig(file, cwd);
  }
  const configIn = new Map<string, string | undefined>(); // folder → nearest config, looked up once per folder
  for (const file of files) {
    const dir = path.dirname(file);
    if (!explicit && !configIn.has(dir)) configIn.set(dir, findConfigUp(dir));
    const configFile = explicit ? undefined : configIn.get(dir);
    const root = configFile ? toPosix(path.dirname(configFile)) : isInside(cwd, file) ? toPosix(cwd) : baseOf.get(file)!;
    const key = `${configFile ?? ''}|${root}`;
    let project = projects.get(key);
    if (!project) {
      const base = explicit ? { ...explicit, root } : configFile ? loadConfig(configFile, root) : defaultConfig(root);
      project = { config: (options.rule ?? []).reduce((c, r) => withSeverity(c, r.id, r.severity), base), files: new Set() };
      projects.set(key, project);
    }
    project.files.add(file);
  }
  return [...projects.values()];
}

function isInside(dir: string, file: string): boolean {
  if (path.sep === '/' && plainlyUnder(dir, file)) return true; // what the walk lists, without path.relative for each
  const rel = path.relative(dir, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** An invalid config as the CLI reports it: every file, then each problem at its line and column. */
export function configErrorMessage(error: ConfigError, shown: (p: string) => string): string {
  const where = [...new Set(error.problems.map((p) => shown(p.file)))].join(', ');
  const lines = error.problems.map((p) => `  ${shown(p.file)}:${p.line + 1}:${p.character + 1}: ${p.message}`);
  return `invalid config ${where}\n${lines.join('\n')}`;
}

/** PLAYBOOK_LINT_THREADS=N forces N lint threads (1: none); unset, the engine decides by project size. */
export function threadsFrom(env: NodeJS.ProcessEnv): number | undefined {
  const n = Number(env.PLAYBOOK_LINT_THREADS);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}
