import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { ALWAYS_IGNORED, CONFIG_FILE_NAME, LINTABLE_GLOBS } from '../core/file-kind';

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

export type TargetResolution = { files: string[]; problems: string[] };

/**
 * Command-line targets to files: a file is itself, a folder is every lintable
 * file below it, anything else is a glob. A named path that does not exist and
 * a glob that matches nothing are problems (exit 2), as the spec says.
 */
export function resolveTargets(targets: readonly string[], cwd: string): TargetResolution {
  const files = new Set<string>();
  const problems: string[] = [];
  for (const target of targets) {
    const abs = path.resolve(cwd, target);
    if (existsSync(abs)) {
      const stat = statSync(abs);
      if (stat.isDirectory()) {
        const found = listProjectFiles(abs, []);
        if (found.length === 0) problems.push(`${target}: no *.playbook.yaml or *.vocabulary.yaml files in this folder`);
        found.forEach((f) => files.add(f));
      } else files.add(toPosix(abs));
      continue;
    }
    if (!isDynamicPattern(target)) {
      problems.push(`${target}: no such file or folder`);
      continue;
    }
    const matched = globSync([target], { cwd, absolute: true, dot: true, ignore: [...ALWAYS_IGNORED], followSymbolicLinks: false })
      .map((p) => toPosix(path.resolve(p)))
      .filter((p) => /\.(playbook|vocabulary)\.ya?ml$/i.test(p));
    if (matched.length === 0) problems.push(`${target}: the pattern matched no playbook or vocabulary file`);
    matched.forEach((f) => files.add(f));
  }
  return { files: [...files].sort(), problems };
}
