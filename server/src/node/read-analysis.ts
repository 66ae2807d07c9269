import { readFileSync } from 'node:fs';
import { analyzeBytes } from '../core/analyze';
import { analyzeUnreadable } from '../core/analyze-unreadable';
import type { FileAnalysis } from '../core/model/model';
import type { FileKind } from '../core/types';

/** Reads and analyses one file; a file that cannot be read becomes a diagnostic, never an exception. */
export function readAnalysis(file: string, kind: FileKind, bytes?: Uint8Array): FileAnalysis {
  try {
    return analyzeBytes(file, kind, bytes ?? readFileSync(file));
  } catch (error) {
    return analyzeUnreadable(file, kind, error);
  }
}
