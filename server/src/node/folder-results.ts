import * as path from 'node:path';
import { analyzeUnreadable } from '../core/analyze-unreadable';
import type { LintConfig } from '../core/config';
import { fileKindOf, LINTABLE_GLOBS } from '../core/file-kind';
import { lintFile } from '../core/lint';
import { lintMisnamedText } from '../core/misnamed';
import type { ProjectIndex } from '../core/project/project-index';
import type { FileResult } from '../core/types';
import { type BesideCandidates, globUnderRoot, listFoldersAndMisnamed, misnamedAmong } from './discover';
import { fileError } from './read-analysis';

/** Folders whose names say playbook or vocabulary: each is reported, since a user expects it to be checked. */
function listLintableFolders(root: string, ignore: readonly string[]): string[] {
  try {
    return globUnderRoot(root, LINTABLE_GLOBS, ignore, { onlyDirectories: true, caseSensitiveMatch: false });
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

/**
 * Folders named like a playbook or vocabulary (`x.playbook.yaml/`) under the
 * project root: each gets a "it is a folder, not a file" diagnostic, since the
 * user expects it checked. `files` is the project's file list; `only` the
 * files a run wants (a folder is reported when the run covers its parent).
 * Any project walk (this one, the CLI's engine, the server) should add these.
 */
export function folderResults(config: LintConfig, files: readonly string[], only: ReadonlySet<string> | undefined, index: ProjectIndex): FileResult[] {
  return resultsOfFolders(config, listLintableFolders(config.root, config.ignore), files, only, index);
}

/** folderResults and the misnamed-file diagnostics of a project run (for the files the run covers, as folderResults decides), from one walk. */
export function besideResults(
  config: LintConfig,
  files: readonly string[],
  only: ReadonlySet<string> | undefined,
  index: ProjectIndex,
  walked?: BesideCandidates,
): FileResult[] {
  // `walked`: what the caller's walk of the root (with these ignore globs) found already.
  const { folders, misnamed } = walked
    ? { folders: walked.folders, misnamed: misnamedAmong(walked.candidates) }
    : listFoldersAndMisnamed(config.root, config.ignore);
  const out = resultsOfFolders(config, folders, files, only, index);
  for (const { path: file, text } of misnamed) {
    if (only && !only.has(file) && !coversFolder(file, files, only)) continue;
    const diagnostics = lintMisnamedText(file, text, config);
    if (diagnostics.length) out.push({ path: file, diagnostics });
  }
  return out;
}

function resultsOfFolders(
  config: LintConfig,
  folders: readonly string[],
  files: readonly string[],
  only: ReadonlySet<string> | undefined,
  index: ProjectIndex,
): FileResult[] {
  const out: FileResult[] = [];
  for (const folder of folders) {
    if (only && !only.has(folder) && !coversFolder(folder, files, only)) continue;
    const kind = fileKindOf(folder) ?? 'playbook';
    const analysis = analyzeUnreadable(folder, kind, fileError('EISDIR', 'is a directory'));
    out.push({ path: folder, diagnostics: lintFile(analysis, index, config) });
  }
  return out;
}
