import { analyzeText } from './analyze';
import type { FileAnalysis } from './model/model';
import type { FileKind } from './types';

/** A file that could not be read still gets a result, so it is reported and nothing else stops. */
export function analyzeUnreadable(path: string, kind: FileKind, error: unknown): FileAnalysis {
  const code = (error as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOENT'
      ? 'it was deleted or moved while being checked; run again'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied; make it readable'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : `${(error as Error)?.message ?? String(error)}`;
  const analysis = analyzeText(path, kind, '');
  analysis.syntaxProblems = [{ span: { start: 0, end: 0 }, message: `could not read the file: ${why}` }];
  analysis.schemaProblems = [];
  return analysis;
}
