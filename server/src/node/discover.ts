import { lstatSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { byPath, pushAll } from '../core/arrays';
import { decodeBytes } from '../core/decode';
import { ALWAYS_IGNORED, CONFIG_FILE_NAME, fileKindOf, LINTABLE_GLOBS, MISNAMED_CANDIDATE_GLOBS, misnamedKind, properName } from '../core/file-kind';
import { GlobError, GlobList, isDynamicGlob } from '../core/glob';
import { readRegularFile } from './read-analysis';
import { globFiles, matchPaths, walk, walkFor, withSlash, type ListFolder } from './virtual-glob';

export { matchPaths };

/** Forward slashes everywhere: globs, reports and the index agree on one spelling of a path. */
export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** A folder a walk could not list (permission denied and the like): the files in it were not checked. */
export interface UnreadableFolder {
  /** Absolute, posix. */
  path: string;
  /** The error code (EACCES, EPERM, …). */
  code: string;
}

/** Codes of folders that are simply gone (deleted during the walk): nothing to report. */
const GONE = new Set(['ENOENT', 'ENOTDIR']);

/**
 * Lists folders from the disk, but (1) when `root` is given, refuses to list
 * any folder outside it, whatever the globs say (the config check refuses
 * escaping globs first; this is the second lock), and (2) records each folder
 * it could not list, which a walk would otherwise skip in silence.
 */
function diskLister(root: string | undefined, unreadable: UnreadableFolder[]): ListFolder {
  const inside = root === undefined ? undefined : withSlash(toPosix(path.resolve(root)));
  return (dir) => {
    const abs = toPosix(path.resolve(dir));
    if (inside !== undefined && !withSlash(abs).startsWith(inside)) {
      throw Object.assign(new Error(`${abs} is outside the project root`), { code: 'EOUTSIDE' });
    }
    try {
      return readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const code = String((error as NodeJS.ErrnoException).code ?? 'EUNKNOWN');
      if (!GONE.has(code)) unreadable.push({ path: abs, code });
      throw error;
    }
  };
}

/** What the last listProjectFiles of a root (with those ignore globs) could not list; kept only when not empty. */
const unreadableOfListing = new Map<string, UnreadableFolder[]>();

function listingKey(root: string, ignore: readonly string[]): string {
  return [toPosix(path.resolve(root)), ...ignore].join('\0');
}

/**
 * Every playbook and vocabulary file under a root, minus node_modules, .git and
 * the ignore globs. Symlinks are not followed and no folder outside the root is
 * listed: nothing outside the root is read. Folders it cannot list are
 * remembered: see unreadableFolders.
 */
export function listProjectFiles(root: string, ignore: readonly string[]): string[] {
  const unreadable: UnreadableFolder[] = [];
  const files = walkProject(root, ignore, unreadable);
  const key = listingKey(root, ignore);
  if (unreadable.length) unreadableOfListing.set(key, unreadable);
  else unreadableOfListing.delete(key);
  return files;
}

/**
 * The folders that the last listProjectFiles(root, ignore) could not list
 * (permission denied, …), sorted: their files were not checked, and a run that
 * covers them should say so. Ignored folders are never listed, so never here.
 */
export function unreadableFolders(root: string, ignore: readonly string[]): UnreadableFolder[] {
  return [...(unreadableOfListing.get(listingKey(root, ignore)) ?? [])].sort(byPath);
}

/**
 * The one way the tools glob under a project root: relative to the root, dot files
 * included, node_modules/.git and the ignore globs skipped, symlinks not followed,
 * never listing a folder outside the root. Absolute posix paths, sorted.
 */
export function globUnderRoot(
  root: string,
  patterns: readonly string[],
  ignore: readonly string[],
  options: {
    onlyDirectories?: boolean;
    caseSensitiveMatch?: boolean;
    unreadable?: UnreadableFolder[];
    /** Walk these files (absolute, under root) instead of the disk: see matchPaths. */
    virtualFiles?: readonly string[];
  } = {},
): string[] {
  if (options.virtualFiles) return globFiles(root, patterns, ignore, options.virtualFiles, options);
  const top = toPosix(path.resolve(root));
  const nocase = !(options.caseSensitiveMatch ?? true);
  const list = diskLister(top, options.unreadable ?? []);
  return walk(top, new GlobList(patterns, { nocase }), new GlobList([...ALWAYS_IGNORED, ...ignore], { nocase }), list, options.onlyDirectories ?? false).sort();
}

function walkProject(root: string, ignore: readonly string[], unreadable: UnreadableFolder[]): string[] {
  return globUnderRoot(root, LINTABLE_GLOBS, ignore, { caseSensitiveMatch: false, unreadable });
}

/** A misnamed file's text, or undefined when it cannot be read as text (then it is no playbook we could check anyway). */
function textOf(file: string): string | undefined {
  try {
    const decoded = decodeBytes(readRegularFile(file));
    return decoded.ok ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * YAML files under `root` (minus node_modules, .git and the ignore globs) that
 * hold a playbook or vocabulary under another name, and near-miss config names:
 * what the walk for *.playbook.yaml would pass over in silence. Absolute, posix, sorted.
 */
export function listMisnamedFiles(root: string, ignore: readonly string[]): { path: string; text: string }[] {
  let candidates: string[];
  try {
    candidates = globUnderRoot(root, MISNAMED_CANDIDATE_GLOBS, ignore, { caseSensitiveMatch: false });
  } catch {
    return [];
  }
  return misnamedAmong(candidates);
}

/**
 * A project's files (walkProject) and what its run reports beside them (listFoldersAndMisnamed),
 * from one walk: each folder is listed once for both. Every lintable name is also a misnamed-file
 * candidate (a .yaml or .yml name), so the candidates are the walk's files and the lintable files a part of them.
 */
function walkProjectAndBeside(root: string, ignore: readonly string[], unreadable: UnreadableFolder[]): { files: string[]; beside: BesideCandidates } {
  const top = toPosix(path.resolve(root));
  const nocase = { nocase: true };
  const lintable = new GlobList(LINTABLE_GLOBS, nocase);
  const found = walkFor(
    top,
    { files: new GlobList([...MISNAMED_CANDIDATE_GLOBS, ...LINTABLE_GLOBS], nocase), folders: lintable },
    new GlobList([...ALWAYS_IGNORED, ...ignore], nocase),
    diskLister(top, unreadable),
  );
  const candidate = new GlobList(MISNAMED_CANDIDATE_GLOBS, nocase);
  const files = found.files.sort();
  const under = (file: string) => file.slice(top.length + 1);
  return {
    files: files.filter((f) => lintable.matches(under(f))),
    beside: { folders: found.folders.sort(), candidates: files.filter((f) => candidate.matches(under(f))) },
  };
}

/**
 * What a project run reports beside its files, from one walk: the folders named like a
 * playbook or vocabulary (LINTABLE_GLOBS, any case) and the misnamed files (listMisnamedFiles).
 */
export function listFoldersAndMisnamed(root: string, ignore: readonly string[]): { folders: string[]; misnamed: { path: string; text: string }[] } {
  try {
    const { beside } = walkProjectAndBeside(root, ignore, []);
    return { folders: beside.folders, misnamed: misnamedAmong(beside.candidates) };
  } catch {
    return { folders: [], misnamed: [] };
  }
}

export function misnamedAmong(candidates: readonly string[]): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const file of candidates) {
    if (fileKindOf(file)) continue;
    const text = textOf(file);
    if (text !== undefined && misnamedKind(file, text)) out.push({ path: file, text });
  }
  return out;
}

/** Files matched by globs relative to a root (used for the config's `vocabulary` list); never lists a folder outside the root. */
export function matchGlobs(root: string, globs: readonly string[], ignore: readonly string[]): Set<string> {
  return new Set(globUnderRoot(root, globs, ignore));
}

/** Whether something is at `file`, without following a link (a linked config is found, and refused when read). */
function entryExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The folder of the nearest `.playbook-lint.yaml` at or above `dir`, if any. */
export function findConfigUp(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (entryExists(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

export interface TargetResolution {
  /** Every lintable file the targets name, absolute, posix, sorted. */
  files: string[];
  /**
   * For each file, the folder its target started from: the folder itself, a
   * file's own folder, or a glob's static prefix (`../team/**` → `../team`).
   * The CLI uses it as the project root of files outside the working folder.
   */
  baseOf: Map<string, string>;
  problems: string[];
  /** Folders under the targets that could not be listed (their files are missing from `files`). */
  unreadable: UnreadableFolder[];
  /**
   * Each folder target's walk (absolute, posix): the same as listProjectFiles(folder, []),
   * so a project rooted there without ignore globs need not walk it again.
   */
  walks: Map<string, { files: string[]; unreadable: UnreadableFolder[]; beside: BesideCandidates }>;
}

/** What a project run reports beside its files, as one walk found it: see listFoldersAndMisnamed. */
export interface BesideCandidates {
  /** Folders named like a playbook or vocabulary, absolute, posix, sorted. */
  folders: string[];
  /** YAML files (and near-miss config names) that may hold a playbook under another name: misnamedAmong reads them. */
  candidates: string[];
}

/**
 * Which part of a named path is a symbolic link, if any: the path itself, or
 * for a relative path a folder it names on the way (`linked/x.playbook.yaml`).
 * Links are not followed, on the command line either.
 */
function symlinkIn(target: string, cwd: string): string | undefined {
  const abs = path.resolve(cwd, target);
  const candidates = [abs];
  if (!path.isAbsolute(target)) {
    const top = withSlash(toPosix(path.resolve(cwd)));
    for (let dir = path.dirname(abs); withSlash(toPosix(dir)).startsWith(top) && withSlash(toPosix(dir)) !== top; dir = path.dirname(dir)) candidates.push(dir);
  }
  for (const candidate of candidates) {
    try {
      if (lstatSync(candidate).isSymbolicLink()) return candidate;
    } catch {
      // missing: reported as such below
    }
  }
  return undefined;
}

function describeUnreadable(folders: readonly UnreadableFolder[], cwd: string): string {
  const shown = folders
    .slice(0, 5)
    .map((f) => `${toPosix(path.relative(cwd, f.path)) || '.'} (${f.code === 'EACCES' || f.code === 'EPERM' ? 'permission denied' : f.code})`);
  return `${shown.join(', ')}${folders.length > 5 ? ` and ${folders.length - 5} more` : ''}`;
}

/**
 * Command-line targets to files: a file is itself, a folder is every lintable
 * file below it, anything else is a glob. A named path that does not exist, a
 * named file that is no playbook or vocabulary, a folder without any and a glob
 * that matches nothing are problems (exit 2), as the spec says. Config `ignore`
 * globs are applied later, per project (they are relative to its root).
 */
export function resolveTargets(targets: readonly string[], cwd: string): TargetResolution {
  const baseOf = new Map<string, string>();
  const problems: string[] = [];
  const unreadable: UnreadableFolder[] = [];
  const walks: TargetResolution['walks'] = new Map();
  const add = (file: string, base: string) => {
    if (!baseOf.has(file)) baseOf.set(file, toPosix(base));
  };
  for (const target of targets) {
    const abs = path.resolve(cwd, target);
    const link = symlinkIn(target, cwd);
    if (link !== undefined) {
      const which = link === abs ? 'it is a symbolic link' : `${toPosix(path.relative(cwd, link))} is a symbolic link`;
      problems.push(`${target}: ${which}, and links are not followed (so nothing outside the project is read); name the file or folder itself`);
      continue;
    }
    let stat: ReturnType<typeof statSync> | undefined;
    try {
      stat = statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const missed: UnreadableFolder[] = [];
      const { files: found, beside } = walkProjectAndBeside(abs, [], missed);
      pushAll(unreadable, missed);
      walks.set(toPosix(abs), { files: found, unreadable: missed, beside });
      // A folder named like a playbook is itself reported by the project run (a diagnostic, not a failed run).
      if (found.length === 0 && fileKindOf(abs) && fileKindOf(abs) !== 'config') add(toPosix(abs), path.dirname(abs));
      else if (found.length === 0) {
        const misnamed = listMisnamedFiles(abs, []).map((m) => `${toPosix(path.relative(cwd, m.path))} ${renameHint(m.path, m.text)}`);
        const why = misnamed.length
          ? `; ${misnamed.slice(0, 5).join('; ')}${misnamed.length > 5 ? `; and ${misnamed.length - 5} more misnamed files` : ''}`
          : missed.length
            ? ` that could be read; could not read ${describeUnreadable(missed, cwd)}`
            : '';
        problems.push(`${target}: no *.playbook.yaml or *.vocabulary.yaml files in this folder${why}`);
      }
      for (const f of found) add(f, abs);
      continue;
    }
    if (stat) {
      const file = toPosix(abs);
      const kind = fileKindOf(file);
      if (kind === 'playbook' || kind === 'vocabulary') add(file, path.dirname(abs));
      else {
        const text = textOf(file);
        const hint = text !== undefined && misnamedKind(file, text) ? `; it ${renameHint(file, text)}` : '';
        problems.push(`${target}: not a playbook or vocabulary file (expected *.playbook.yaml, *.playbook.yml, *.vocabulary.yaml or *.vocabulary.yml)${hint}`);
      }
      continue;
    }
    if (!isDynamicGlob(target)) {
      problems.push(`${target}: no such file or folder`);
      continue;
    }
    // A glob on the command line may name files outside the working folder (`../team/**`): walked from its fixed
    // folder, not confined to the working folder, but unreadable folders are noted.
    let matched: string[];
    try {
      matched = globFromBase(target, cwd, unreadable).filter((p) => {
        const kind = fileKindOf(p);
        return kind === 'playbook' || kind === 'vocabulary';
      });
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      problems.push(`${target}: this glob cannot be used: ${error.message}`);
      continue;
    }
    if (matched.length === 0) problems.push(`${target}: the pattern matched no playbook or vocabulary file`);
    const base = globBase(target, cwd);
    for (const f of matched) add(f, base);
  }
  const files = [...baseOf.keys()].sort();
  const seen = new Set<string>();
  const folders = unreadable.filter((u) => !seen.has(u.path) && seen.add(u.path)).sort(byPath);
  return { files, baseOf: new Map(files.map((f) => [f, baseOf.get(f)!])), problems, unreadable: folders, walks };
}

/** How many leading names of a glob are fixed (no pattern in them), never counting its last name. */
function fixedNames(glob: string): number {
  const segments = glob.split('/');
  let n = 0;
  while (n < segments.length - 1 && !isDynamicGlob(segments[n])) n++;
  return n;
}

/** The static folder a glob starts from: its leading segments up to the first one with a pattern in it. */
export function globBase(glob: string, cwd: string): string {
  return path.resolve(cwd, glob.split('/').slice(0, fixedNames(glob)).join('/') || '.');
}

/** A command-line glob's matches: the rest of the glob walked from its fixed folder (node_modules and .git skipped). */
function globFromBase(glob: string, cwd: string, unreadable: UnreadableFolder[]): string[] {
  const base = toPosix(globBase(glob, cwd));
  const rest = glob.split('/').slice(fixedNames(glob)).join('/');
  return walk(base, new GlobList([rest]), new GlobList([...ALWAYS_IGNORED]), diskLister(undefined, unreadable), false);
}

/** "holds a playbook: rename it to x.playbook.yaml" for a file misnamedKind recognises. */
function renameHint(file: string, text: string): string {
  const kind = misnamedKind(file, text)!;
  const what = kind === 'config' ? 'looks like a playbook-lint config' : `holds a ${kind}`;
  return `${what}: rename it to ${properName(file, kind)}`;
}
