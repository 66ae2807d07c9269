import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { ALWAYS_IGNORED, CONFIG_FILE_NAME, fileKindOf, LINTABLE_GLOBS } from '../core/file-kind';

/** Forward slashes everywhere: globs, reports and the index agree on one spelling of a path. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Every playbook and vocabulary file under a root, minus node_modules, .git and
 * the ignore globs. Symlinks are not followed: nothing outside the root is read.
 */
export function listProjectFiles(root: string, ignore: readonly string[]): string[] {
  return globSync([...LINTABLE_GLOBS], {
    cwd: root,
    absolute: true,
    dot: true,
    ignore: [...ALWAYS_IGNORED, ...ignore],
    followSymbolicLinks: false,
    caseSensitiveMatch: false,
  })
    .map((p) => toPosix(path.resolve(p)))
    .sort();
}

/** Files matched by globs relative to a root (used for the config's `vocabulary` list). */
export function matchGlobs(root: string, globs: readonly string[], ignore: readonly string[]): Set<string> {
  return new Set(
    globSync([...globs], { cwd: root, absolute: true, dot: true, ignore: [...ALWAYS_IGNORED, ...ignore], followSymbolicLinks: false }).map((p) =>
      toPosix(path.resolve(p)),
    ),
  );
}

/** The folder of the nearest `.playbook-lint.yaml` at or above `dir`, if any. */
export function findConfigUp(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
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
  const add = (file: string, base: string) => {
    if (!baseOf.has(file)) baseOf.set(file, toPosix(base));
  };
  for (const target of targets) {
    const abs = path.resolve(cwd, target);
    let stat: ReturnType<typeof statSync> | undefined;
    try {
      stat = statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found = listProjectFiles(abs, []);
      // A folder named like a playbook is itself reported by the project run (a diagnostic, not a failed run).
      if (found.length === 0 && fileKindOf(abs) && fileKindOf(abs) !== 'config') add(toPosix(abs), path.dirname(abs));
      else if (found.length === 0) problems.push(`${target}: no *.playbook.yaml or *.vocabulary.yaml files in this folder`);
      for (const f of found) add(f, abs);
      continue;
    }
    if (stat) {
      const file = toPosix(abs);
      const kind = fileKindOf(file);
      if (kind === 'playbook' || kind === 'vocabulary') add(file, path.dirname(abs));
      else problems.push(`${target}: not a playbook or vocabulary file (expected *.playbook.yaml, *.playbook.yml, *.vocabulary.yaml or *.vocabulary.yml)`);
      continue;
    }
    if (!isDynamicPattern(target)) {
      problems.push(`${target}: no such file or folder`);
      continue;
    }
    const matched = globSync([target], { cwd, absolute: true, dot: true, ignore: [...ALWAYS_IGNORED], followSymbolicLinks: false })
      .map((p) => toPosix(path.resolve(p)))
      .filter((p) => {
        const kind = fileKindOf(p);
        return kind === 'playbook' || kind === 'vocabulary';
      });
    if (matched.length === 0) problems.push(`${target}: the pattern matched no playbook or vocabulary file`);
    const base = globBase(target, cwd);
    for (const f of matched) add(f, base);
  }
  const files = [...baseOf.keys()].sort();
  return { files, baseOf: new Map(files.map((f) => [f, baseOf.get(f)!])), problems };
}

/** The static folder a glob starts from: its leading segments up to the first one with a pattern in it. */
export function globBase(glob: string, cwd: string): string {
  const segments = glob.split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (isDynamicPattern(segment)) break;
    fixed.push(segment);
  }
  return path.resolve(cwd, fixed.join('/') || '.');
}
