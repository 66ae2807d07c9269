import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { analyzeBytes, MAX_FILE_BYTES } from '../core/analyze';
import { analyzeFailed, analyzeUnreadable } from '../core/analyze-unreadable';
import type { FileAnalysis } from '../core/model/model';
import type { FileKind } from '../core/types';

/**
 * Reads and analyses one file. Whatever is at the path — gone since it was
 * listed, a folder, a pipe, huge, binary — the result is an analysis with a
 * diagnostic, never an exception and never a read that blocks.
 */
export function readAnalysis(file: string, kind: FileKind): FileAnalysis {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(file);
  } catch (error) {
    return analyzeUnreadable(file, kind, error);
  }
  try {
    return analyzeBytes(file, kind, bytes);
  } catch (error) {
    return analyzeFailed(file, kind, error);
  }
}

export function fileError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/**
 * The bytes of a regular file. Opened without blocking and checked through
 * the open handle, so a FIFO does not hang the run and a file swapped for
 * something else between the check and the read is still caught.
 */
export function readRegularFile(file: string): Uint8Array {
  // O_NOFOLLOW: a file swapped for a symlink after listing is refused, never read through the link.
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw fileError('EISDIR', 'is a directory');
    if (!stat.isFile()) throw fileError('ENOTREGULAR', 'not a regular file');
    if (stat.size > MAX_FILE_BYTES) throw Object.assign(fileError('ETOOLARGE', 'file too large'), { size: stat.size });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

