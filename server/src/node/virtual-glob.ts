/**
 * Globbing over a list of paths instead of the disk, with the very options of the
 * disk walk (node/discover.ts): the same globs, ignore rules, dot files and case
 * rules decide which files belong to a project, whether the paths come from the disk
 * (an unsaved editor document) or from the editor's file system in the browser,
 * which has no disk (server/src/web). Reads nothing: no file system access here.
 */
import * as path from 'node:path';
import { globSync, type FileSystemAdapter, type GlobOptions as TinyGlobOptions } from 'tinyglobby';
import { ALWAYS_IGNORED, LINTABLE_GLOBS } from '../core/file-kind';

export interface GlobOptions {
  onlyDirectories?: boolean;
  caseSensitiveMatch?: boolean;
}

export function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}

const posixOf = (p: string) => (path.sep === '/' ? p : p.split(path.sep).join('/'));

/** The walk's options, whatever lists the folders. */
export function globOptions(root: string, ignore: readonly string[], options: GlobOptions = {}): TinyGlobOptions {
  return {
    cwd: root,
    absolute: true,
    dot: true,
    ignore: [...ALWAYS_IGNORED, ...ignore],
    followSymbolicLinks: false,
    caseSensitiveMatch: options.caseSensitiveMatch ?? true,
    onlyDirectories: options.onlyDirectories ?? false,
  };
}

/** The walk of node/discover.ts over these files (absolute, posix) instead of the disk. Absolute posix paths, sorted. */
export function globFiles(root: string, patterns: readonly string[], ignore: readonly string[], files: readonly string[], options: GlobOptions = {}): string[] {
  return globSync([...patterns], { ...globOptions(root, ignore, options), fs: virtualFs(root, files) })
    .map((p) => posixOf(path.resolve(p)))
    .sort();
}

/** A file system that holds only the given files (and their folders). */
function virtualFs(root: string, files: readonly string[]): FileSystemAdapter {
  const children = new Map<string, Map<string, boolean>>(); // folder → name → is a folder
  const top = posixOf(path.resolve(root));
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
  const list = (dir: string): unknown =>
    [...(children.get(posixOf(path.resolve(dir))) ?? [])].map(([name, isFolder]) => ({
      name,
      isFile: () => !isFolder,
      isDirectory: () => isFolder,
      isSymbolicLink: () => false,
    }));
  return { readdirSync: list as FileSystemAdapter['readdirSync'] };
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
