import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, type Stats } from 'node:fs';
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

/** What a file system entry is, in words, for messages: "a named pipe (FIFO)", "a folder", … */
export function fileTypeOf(stat: Stats): string {
  if (stat.isFile()) return 'a regular file';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Throws the error readAnalysis reports for anything but a regular file (EISDIR, ELOOP, ENOTREGULAR naming what it is). */
function refuseIrregular(stat: Stats): void {
  if (stat.isFile()) return;
  if (stat.isDirectory()) throw fileError('EISDIR', 'is a directory');
  if (stat.isSymbolicLink()) throw fileError('ELOOP', 'is a symbolic link');
  throw Object.assign(fileError('ENOTREGULAR', `is ${fileTypeOf(stat)}`), { what: fileTypeOf(stat) });
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
  // Looked at before opening: opening a device can have effects of its own, and a socket cannot be opened at all.
  refuseIrregular(lstatSync(file));
  // O_NOFOLLOW: a file swapped for a symlink after listing is refused, never read through the link.
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  try {
    const stat = fstatSync(fd);
    refuseIrregular(stat);
    if (stat.size > MAX_FILE_BYTES) throw Object.assign(fileError('ETOOLARGE', 'file too large'), { size: stat.size });
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
