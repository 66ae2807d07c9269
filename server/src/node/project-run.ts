import { analyzeText } from '../core/analyze';
import { unreadableReason } from '../core/analyze-unreadable';
import { decodeBytes } from '../core/decode';
import { configFromAnalysis, defaultConfig, type ConfigProblem, type LintConfig } from '../core/config';
import { toPosix } from './discover';
import { lintProjectFast, type FileResult } from './lint-engine';
import { fileError, readRegularFile } from './read-analysis';

export { readAnalysis, readRegularFile } from './read-analysis';

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line + 1}:${p.character + 1}: ${p.message}`).join('\n'));
  }
}

/** Reads and validates a config file; throws ConfigError naming file, place and fix. */
export function loadConfig(file: string, root: string): LintConfig {
  let text: string;
  try {
    const decoded = decodeBytes(readRegularFile(file));
    if (!decoded.ok) throw fileError('EDECODE', decoded.message);
    text = decoded.text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EISDIR' ? 'it is a folder, not a file' : unreadableReason(error);
    throw new ConfigError([{ file: toPosix(file), line: 0, character: 0, message: `cannot read the config file: ${reason}` }]);
  }
  // configFromAnalysis refuses globs that could leave the root (the one check, shared with the language server).
  const { config, problems } = configFromAnalysis(toPosix(root), analyzeText(toPosix(file), 'config', text));
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export type { FileResult };

/**
 * Lints one project in this thread (tests and small tools); the CLI uses the
 * same engine with worker threads and the cache.
 */
export function lintProject(config: LintConfig, only?: ReadonlySet<string>): Promise<FileResult[]> {
  return lintProjectFast(config, only, { threads: 1 });
}


export { defaultConfig };
