import { analyzeText } from './analyze';
import type { LintConfig } from './config';
import { misnamedKind } from './file-kind';
import { lintFile } from './lint';
import { ProjectIndex } from './project/project-index';
import misnamedFile from './rules/misnamed-file';
import type { Diagnostic } from './types';

/**
 * The diagnostics of a file that is not linted because of its name but holds
 * a playbook, a vocabulary or a config (see misnamedKind): only the
 * misnamed-file rule runs, with the config's severity and the file's own
 * disable comments. Empty for every other file. The CLI and the language
 * server both call this, so they report the same files the same way.
 */
export function lintMisnamedText(path: string, text: string, config: LintConfig): Diagnostic[] {
  const kind = misnamedKind(path, text);
  if (!kind) return [];
  return lintFile(analyzeText(path, kind, text), new ProjectIndex(), config, [misnamedFile]);
}
