import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeBytes, analyzeText } from '../core/analyze';
import { analyzeUnreadable } from '../core/analyze-unreadable';
import { configFromAnalysis, defaultConfig, type ConfigProblem, type LintConfig } from '../core/config';
import { fileKindOf } from '../core/file-kind';
import { lintFile } from '../core/lint';
import type { FileAnalysis } from '../core/model/model';
import { exportsOf } from '../core/project/exports';
import { ProjectIndex } from '../core/project/project-index';
import type { Diagnostic, FileKind } from '../core/types';
import { listProjectFiles, matchGlobs, toPosix } from './discover';

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line + 1}:${p.character + 1}: ${p.message}`).join('\n'));
  }
}

/** Reads and validates a config file; throws ConfigError naming file, place and fix. */
export function loadConfig(file: string, root: string): LintConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ file: toPosix(file), line: 0, character: 0, message: `cannot read the config file (${(error as NodeJS.ErrnoException).code ?? error})` }]);
  }
  const { config, problems } = configFromAnalysis(toPosix(root), analyzeText(toPosix(file), 'config', text));
  if (problems.length) throw new ConfigError(problems);
  const outside = [...(config.vocabulary ?? []), ...config.ignore].filter((g) => g.startsWith('/') || g.split('/').includes('..'));
  if (outside.length) {
    throw new ConfigError([{ file: toPosix(file), line: 0, character: 0, message: `globs must stay inside the project root; remove or rewrite ${outside.map((g) => `"${g}"`).join(', ')}` }]);
  }
  return config;
}

export function readAnalysis(file: string, kind: FileKind): FileAnalysis {
  try {
    return analyzeBytes(file, kind, readFileSync(file));
  } catch (error) {
    return analyzeUnreadable(file, kind, error);
  }
}

/** Which vocabulary files define terms for the project's playbooks. */
export function vocabularyScope(config: LintConfig): (p: string) => boolean {
  if (!config.vocabulary) return () => true;
  const inScope = matchGlobs(config.root, config.vocabulary, config.ignore);
  return (p) => inScope.has(p);
}

export interface FileResult {
  path: string;
  diagnostics: Diagnostic[];
}

/**
 * Lints one project: every file under its root is analysed once (ids, terms
 * and uses are project-wide), then the requested files are checked.
 */
export function lintProject(config: LintConfig, only?: ReadonlySet<string>): FileResult[] {
  const files = listProjectFiles(config.root, config.ignore);
  const index = new ProjectIndex(vocabularyScope(config));
  const analyses: FileAnalysis[] = [];
  for (const file of files) {
    const kind = fileKindOf(file);
    if (!kind || kind === 'config') continue;
    const analysis = readAnalysis(file, kind);
    analyses.push(analysis);
    index.set(exportsOf(analysis));
  }
  return analyses.filter((a) => !only || only.has(a.path)).map((a) => ({ path: a.path, diagnostics: lintFile(a, index, config) }));
}

export { defaultConfig };
export function rootOf(configFile: string | undefined, cwd: string): string {
  return toPosix(configFile ? path.dirname(path.resolve(configFile)) : path.resolve(cwd));
}
