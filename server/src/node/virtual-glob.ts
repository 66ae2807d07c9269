/**
 * The one walk of the tools (used by node/discover.ts over the disk) and the same walk
 * over a list of paths instead of the disk: the same globs, ignore rules and case rules
 * decide which files belong to a project, whether the paths come from the disk (an unsaved
 * editor document) or from the editor's file system in the browser, which has no disk
 * (server/src/web). Reads nothing: no file system access here.
 */
import * as path from 'node:path';
import { ALWAYS_IGNORED, LINTABLE_GLOBS } from '../core/file-kind';
import { GlobList } from '../core/glob';

/** An entry of a listed folder: as readdirSync(dir, { withFileTypes: true }) gives it. */
export interface ListedEntry {
  name: string;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** What a walk lists a folder with. */
export type ListFolder = (dir: string) => ListedEntry[];

export function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}

const posixOf = (p: string) => (path.sep === '/' ? p : p.split(path.sep).join('/'));

/**
 * The one walk under a folder: lists only folders the patterns could match
 * below, skips the ignored ones without listing them, never follows a symlink.
 * Returns the matching entries that are not folders (regular files, and also
 * pipes, sockets and devices named like a playbook, which the reading step
 * reports by what they are) or, with `folders`, the matching folders. Glob matching is linear-time (core/glob.ts), whatever the globs.
 */
export function walk(top: string, patterns: GlobList, ignore: GlobList, list: ListFolder, folders: boolean): string[] {
  const found = walkFor(top, folders ? { folders: patterns } : { files: patterns }, ignore, list);
  return folders ? found.folders : found.files;
}

/** The same walk looking for files and folders by patterns of their own at once: each folder is listed once for both. */
export function walkFor(
  top: string,
  wanted: { files?: GlobList; folders?: GlobList },
  ignore: GlobList,
  list: ListFolder,
): { files: string[]; folders: string[] } {
  const found = { files: [] as string[], folders: [] as string[] };
  const pending = [''];
  while (pending.length) {
    const dir = pending.pop()!;
    let entries: ListedEntry[];
    try {
      entries = list(dir ? `${top}/${dir}` : top);
    } catch {
      continue; // recorded by the lister when it matters
    }
    for (const entry of entries) {
      if (entry.isSymbolicLink()) continue; // not followed, not listed: nothing outside the project is read
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (ignore.matches(rel)) continue;
      if (entry.isDirectory()) {
        if (wanted.folders?.matches(rel)) found.folders.push(`${top}/${rel}`);
        if (wanted.files?.mayMatchBelow(rel) || wanted.folders?.mayMatchBelow(rel)) pending.push(rel);
      } else if (wanted.files?.matches(rel)) found.files.push(`${top}/${rel}`);
    }
  }
  return found;
}

/**
 * A lister that holds only the given files (and their folders), for asking
 * whether a path the disk does not have (an unsaved editor document, a file of the
 * browser's workspace) would be listed: the same walk, globs and ignore rules decide,
 * so the editor and the CLI never disagree on which files belong to a project.
 */
export function virtualLister(top: string, files: readonly string[]): ListFolder {
  const children = new Map<string, Map<string, boolean>>(); // folder → name → is a folder
  for (const file of files) {
    let child = posixOf(path.resolve(file));
    if (!child.startsWith(withSlash(top))) continue;
    let isFolder = false;
    while (child !== top) {
      const parent = path.posix.dirname(child);
      if (!children.has(parent)) children.set(parent, new Map());
      children.get(parent)!.set(path.posix.basename(child), isFolder);
      child = parent;
      isFolder = true;
    }
  }
  return (dir) =>
    [...(children.get(posixOf(path.resolve(dir))) ?? [])].map(([name, isFolder]) => ({ name, isDirectory: () => isFolder, isSymbolicLink: () => false }));
}

/** The walk under root over these files (absolute, posix) instead of the disk: absolute posix paths, sorted. */
export function globFiles(
  root: string,
  patterns: readonly string[],
  ignore: readonly string[],
  files: readonly string[],
  options: { caseSensitiveMatch?: boolean; onlyDirectories?: boolean } = {},
): string[] {
  const top = posixOf(path.resolve(root));
  const nocase = !(options.caseSensitiveMatch ?? true);
  return walk(
    top,
    new GlobList(patterns, { nocase }),
    new GlobList([...ALWAYS_IGNORED, ...ignore], { nocase }),
    virtualLister(top, files),
    options.onlyDirectories ?? false,
  ).sort();
}

/**
 * Which of `paths` (absolute, posix) the project walk would list if they were on
 * disk, by the same globs and ignore rules, without reading the disk. `'lintable'`
 * means the lintable files (LINTABLE_GLOBS, any case).
 */
export function matchPaths(root: string, patterns: readonly string[] | 'lintable', ignore: readonly string[], paths: readonly string[]): Set<string> {
  if (!paths.length) return new Set();
  const lintable = patterns === 'lintable';
  return new Set(globFiles(root, lintable ? LINTABLE_GLOBS : patterns, ignore, paths, { caseSensitiveMatch: !lintable }));
}
