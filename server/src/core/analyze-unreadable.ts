import { analyzeText, MAX_FILE_BYTES } from './analyze';
import type { FileAnalysis } from './model/model';
import type { FileKind } from './types';

/** Why a file could not be read, in plain words with the fix; `error` is a Node.js file system error. */
export function unreadableReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { size?: number; what?: string };
  switch (e?.code) {
    case 'ENOENT':
      return 'it was deleted or moved while being checked; run the check again';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; make the file readable for your user';
    case 'EISDIR':
      return 'it is a folder, not a file; rename the folder so its name does not end in .playbook.yaml or .vocabulary.yaml';
    case 'ELOOP':
      return 'it is a symbolic link, and links are not followed (so nothing outside the project is read); put the file itself here';
    case 'ENOTREGULAR':
      return `it is ${e.what ?? 'a pipe, socket or device'}, not a regular file; only plain text files can be checked: replace it with the file itself, or rename it so its name does not end in .playbook.yaml or .vocabulary.yaml`;
    case 'ETOOLARGE':
      return `it is ${e.size !== undefined ? `${(e.size / 1024 / 1024).toFixed(1)} MB` : 'too large'}, more than the ${MAX_FILE_MB} MB playbook-lint checks; split it into smaller files`;
    case 'EDECODE':
      return e.message;
    default:
      return e?.message ?? String(error);
  }
}

const MAX_FILE_MB = MAX_FILE_BYTES / 1024 / 1024;

/** A file that could not be read still gets a result, so it is reported and nothing else stops. */
export function analyzeUnreadable(path: string, kind: FileKind, error: unknown): FileAnalysis {
  return withOnlyProblem(path, kind, `Cannot read this file: ${unreadableReason(error)}`);
}

/**
 * A folder under the project that could not be listed (permission denied):
 * reported like an unreadable file, at the folder's path, so the run does not
 * look clean while the files in it went unchecked.
 */
export function analyzeUnreadableFolder(path: string, error: unknown): FileAnalysis {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied; make the folder readable and searchable for your user (chmod u+rx), or add it to the ignore globs of .playbook-lint.yaml'
      : unreadableReason(error);
  return withOnlyProblem(path, 'playbook', `Cannot read this folder, so the playbook and vocabulary files in it were not checked: ${reason}`);
}

/** A file the analysis itself failed on (a bug in playbook-lint): reported, and the run goes on. */
export function analyzeFailed(path: string, kind: FileKind, error: unknown): FileAnalysis {
  const message = error instanceof Error ? error.message : String(error);
  return withOnlyProblem(path, kind, `playbook-lint failed while checking this file (${message}); the other files were checked — please report this as a bug`);
}

function withOnlyProblem(path: string, kind: FileKind, message: string): FileAnalysis {
  const analysis = analyzeText(path, kind, '');
  analysis.syntaxProblems = [{ span: { start: 0, end: 0 }, message, unreadable: true }];
  analysis.schemaProblems = [];
  analysis.data = undefined;
  return analysis;
}
