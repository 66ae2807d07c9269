import type { FileKind } from './types';

export const CONFIG_FILE_NAME = '.playbook-lint.yaml';

/** The kind of a file from its name alone, per the spec's file table; undefined for files we do not read. */
export function fileKindOf(path: string): FileKind | undefined {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (base === CONFIG_FILE_NAME) return 'config';
  if (/\.playbook\.ya?ml$/i.test(base)) return 'playbook';
  if (/\.vocabulary\.ya?ml$/i.test(base)) return 'vocabulary';
  return undefined;
}

export const LINTABLE_GLOBS = ['**/*.playbook.yaml', '**/*.playbook.yml', '**/*.vocabulary.yaml', '**/*.vocabulary.yml'];
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];
