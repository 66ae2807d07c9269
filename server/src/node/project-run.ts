import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import { analyzeBytes, analyzeText, MAX_FILE_BYTES } from '../core/analyze';
import { analyzeFailed, analyzeUnreadable, unreadableReason } from '../core/analyze-unreadable';
import { decodeBytes } from '../core/decode';
import { configFromAnalysis, defaultConfig, type ConfigProblem, type LintConfig } from '../core/config';
import { ALWAYS_IGNORED, fileKindOf, LINTABLE_GLOBS } from '../core/file-kind';
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
    const decoded = decodeBytes(readRegularFile(file));
    if (!decoded.ok) throw fileError('EDECODE', decoded.message);
    text = decoded.text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EISDIR' ? 'it is a folder, not a file' : unreadableReason(error);
    throw new ConfigError([{ file: toPosix(file), line: 0, character: 0, message: `cannot read the config file: ${reason}` }]);
  }
  const { config, problems } = configFromAnalysis(toPosix(root), analyzeText(toPosix(file), 'config', text));
  if (problems.length) throw new ConfigError(problems);
  const outside = [...(config.vocabulary ?? []), ...config.ignore].filter((g) => g.startsWith('/') || g.split('/').includes('..'));
  if (outside.length) {
    throw new ConfigError([{ file: toPosix(file), line: 0, character: 0, message: `globs must stay inside the project root; remove or rewrite ${outside.map((g) => `"${g}"`).join(', ')}` }]);
  }
  return config;
}

/**
 * Reads and analyses one file. Whatever is at the path — gone since it was
 * listed, a folder, a pipe, huge, binary — the result is an analysis with a
 * diagnostic, never an exception and never a read that blocks.
 */
export function readAnalysis(file: string, kind: FileKind): FileAnalysis {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(file);
  } catch (error) {
    return analyzeUnreadable(file, kind, error);
  }
  try {
    return analyzeBytes(file, kind, bytes);
  } catch (error) {
    return analyzeFailed(file, kind, error);
  }
}

function fileError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/**
 * The bytes of a regular file. Opened without blocking and checked through
 * the open handle, so a FIFO does not hang the run and a file swapped for
 * something else between the check and the read is still caught.
 */
export function readRegularFile(file: string): Uint8Array {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw fileError('EISDIR', 'is a directory');
    if (!stat.isFile()) throw fileError('ENOTREGULAR', 'not a regular file');
    if (stat.size > MAX_FILE_BYTES) throw Object.assign(fileError('ETOOLARGE', 'file too large'), { size: stat.size });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Folders whose names say playbook or vocabulary: each is reported, since a user expects it to be checked. */
function listLintableFolders(root: string, ignore: readonly string[]): string[] {
  try {
    return globSync([...LINTABLE_GLOBS], {
      cwd: root,
      absolute: true,
      dot: true,
      onlyDirectories: true,
      ignore: [...ALWAYS_IGNORED, ...ignore],
      followSymbolicLinks: false,
      caseSensitiveMatch: false,
    })
      .map((p) => toPosix(path.resolve(p)))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Whether a run that wants `only` covers `folder`: the whole project is
 * wanted, or every file under the folder's parent is (its folder was named).
 */
function coversFolder(folder: string, all: readonly string[], only: ReadonlySet<string>): boolean {
  if (all.every((f) => only.has(f))) return true;
  const parent = `${path.posix.dirname(folder)}/`;
  const under = all.filter((f) => f.startsWith(parent));
  return under.length > 0 && under.every((f) => only.has(f));
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
  const results = analyses.filter((a) => !only || only.has(a.path)).map((a) => ({ path: a.path, diagnostics: lintFile(a, index, config) }));
  results.push(...folderResults(config, files, only, index));
  return results;
}

/**
 * Folders named like a playbook or vocabulary (`x.playbook.yaml/`) under the
 * project root: each gets a "it is a folder, not a file" diagnostic, since the
 * user expects it checked. `files` is the project's file list; `only` the
 * files a run wants (a folder is reported when the run covers its parent).
 * Any project walk (this one, the CLI's engine, the server) should add these.
 */
export function folderResults(config: LintConfig, files: readonly string[], only: ReadonlySet<string> | undefined, index: ProjectIndex): FileResult[] {
  const out: FileResult[] = [];
  for (const folder of listLintableFolders(config.root, config.ignore)) {
    if (only && !only.has(folder) && !coversFolder(folder, files, only)) continue;
    const kind = fileKindOf(folder) ?? 'playbook';
    const analysis = analyzeUnreadable(folder, kind, fileError('EISDIR', 'is a directory'));
    out.push({ path: folder, diagnostics: lintFile(analysis, index, config) });
  }
  return out;
}

export { defaultConfig };
export function rootOf(configFile: string | undefined, cwd: string): string {
  return toPosix(configFile ? path.dirname(path.resolve(configFile)) : path.resolve(cwd));
}
