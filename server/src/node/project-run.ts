import { analyzeText } from '../core/analyze';
import { unreadableReason } from '../core/analyze-unreadable';
import { decodeBytes } from '../core/decode';
import { configFromAnalysis, defaultConfig, unmatchedVocabularyGlobs, type ConfigProblem, type LintConfig } from '../core/config';
import { matchGlobs, toPosix } from './discover';
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
/**
 * What is wrong with a valid config but would skip something in silence: each
 * `vocabulary` glob that matches no file. Read from the config file again
 * (only when it has vocabulary globs); shared by the CLI and the server.
 */
export function configWarnings(config: LintConfig): ConfigProblem[] {
  if (!config.file || !config.vocabulary?.length) return [];
  let text: string;
  try {
    const decoded = decodeBytes(readRegularFile(config.file));
    if (!decoded.ok) return [];
    text = decoded.text;
  } catch {
    return [];
  }
  const analysis = analyzeText(config.file, 'config', text);
  return unmatchedVocabularyGlobs(analysis, (glob) => matchGlobs(config.root, [glob], config.ignore).size > 0).map((p) => {
    const at = analysis.lines.position(p.span.start);
    return { file: config.file!, line: at.line, character: at.character, message: p.message };
  });
}
