/**
 * Writing a site's files: pages written in the background a few at a time, each over what its file held, and the
 * playbook pages' files made empty ahead of phase 2 (site-renderer.ts renders what goes in them).
 */
import {
  close as closeFile,
  ftruncate as ftruncateFile,
  mkdtempSync,
  open as openFile,
  readdirSync,
  rmSync,
  writeFileSync,
  writev as writevFile,
} from 'node:fs';
import { constants, copyFile, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SitePage } from '../core/render';

/**
 * Writes pages in the background, a few at a time: opening and writing a file
 * blocks (about a millisecond each on a busy disk), so the thread goes on
 * filling the next page meanwhile. The first failure is thrown, by the next
 * write or by finished().
 */
export class PageWriter {
  private static readonly IN_FLIGHT = 8;
  private readonly writing = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  /** `written`: called once the parts are no longer needed (written, or failed). */
  async write(file: string, parts: Buffer[], written?: () => void): Promise<void> {
    while (this.writing.size >= PageWriter.IN_FLIGHT) await Promise.race(this.writing);
    this.throwFailure();
    const done: Promise<void> = writeParts(file, parts)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        this.writing.delete(done);
        written?.();
      });
    this.writing.add(done);
  }

  async finished(): Promise<void> {
    await Promise.all(this.writing);
    this.throwFailure();
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure.error;
  }
}

/**
 * Writes a file's parts over what it held: a page rendered again usually has the same bytes, or nearly, and on
 * ext4 truncating a file first frees its blocks only for the write to allocate them again (2,000 pages of 55 KB:
 * 100-240 ms of system CPU with truncation, 30-55 ms without). The file is cut to its new length after the write.
 * One promise per file over fs's callbacks: a FileHandle and a promise per step cost about twice the JavaScript
 * time for the same four system calls (2,000 pages: 95-100 ms of user CPU against 55-70).
 */
export function writeParts(file: string, parts: Buffer[]): Promise<void> {
  let left = parts.filter((p) => p.length > 0);
  let length = 0;
  for (const p of left) length += p.length;
  return new Promise((resolve, reject) => {
    let made = false;
    const opened = (error: NodeJS.ErrnoException | null, fd: number) => {
      if (error?.code === 'ENOENT' && !made) {
        made = true;
        return openFile(file, 'w', opened);
      }
      if (error) return reject(error);
      const finish = (failure: NodeJS.ErrnoException | null) => closeFile(fd, (closing) => (failure || closing ? reject(failure ?? closing) : resolve()));
      // writev may write less than asked (a signal, a full disk): go on from where it stopped.
      const wrote = (failure: NodeJS.ErrnoException | null, written: number) => {
        if (failure) return finish(failure);
        let i = 0;
        for (; i < left.length && written >= left[i].length; i++) written -= left[i].length;
        left = left.slice(i);
        if (left.length && written > 0) left[0] = left[0].subarray(written);
        if (left.length) writevFile(fd, left, wrote);
        else ftruncateFile(fd, length, finish);
      };
      wrote(null, 0);
    };
    openFile(file, 'r+', opened);
  });
}

/**
 * Writes whole pages of the site (a name may hold a folder), returning their names. The pages' UTF-8 goes through
 * a buffer kept from call to call (a call writes one page at a time; calls at once each take their own): a
 * buffer per page is new memory each time (glibc maps large blocks afresh), and a "used in" page of a big site
 * is megabytes.
 */
export async function writeSitePages(out: string, pages: Iterable<SitePage>): Promise<string[]> {
  let buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(1 << 20);
  const names: string[] = [];
  try {
    for (const page of pages) {
      const file = path.join(out, page.name);
      if (page.name.includes('/')) await mkdir(path.dirname(file), { recursive: true });
      let length = 0;
      for (const piece of typeof page.html === 'string' ? [page.html] : page.html) {
        // Three bytes at most per UTF-16 unit (the exact length would cost a pass over the piece).
        if (buffer.length - length < piece.length * 3) buffer = grown(buffer, length, length + piece.length * 3);
        length += buffer.write(piece, length);
      }
      await writeParts(file, [buffer.subarray(0, length)]);
      names.push(page.name);
    }
  } finally {
    spareBuffers.push(buffer);
  }
  return names;
}

const spareBuffers: Buffer[] = [];

/** A buffer of at least `size` bytes (twice the old one's at least) holding the old one's first `used`. */
function grown(old: Buffer, used: number, size: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(size, old.length * 2));
  old.copy(next, 0, 0, used);
  return next;
}

/**
 * The playbook pages' files, made empty while phase 1 reads and drafts: on some file systems a new
 * file costs far more than writing one (ext4 without a journal walks past every inode freed in the
 * last minutes, one by one, at every new file), and phase 2's threads would wait for it. Each is one
 * copy of an empty file (a single request to the file system's threads, which run while this
 * thread is busy), never over a file that exists. The names are the pages' as if no playbook were
 * broken: a name phase 2 does not use is removed again, and only if it was made here.
 */
export class PageFiles {
  private readonly made: Promise<string[]>;

  constructor(
    private readonly out: string,
    names: readonly string[],
  ) {
    this.made = makeEmpty(out, names);
  }

  /** After phase 1, with the pages' names: waits for the files, removes those made here that no page has. */
  async settle(pages: ReadonlySet<string>): Promise<void> {
    for (const name of await this.made) if (!pages.has(name)) await rm(path.join(this.out, name), { force: true });
  }
}

async function makeEmpty(out: string, all: readonly string[]): Promise<string[]> {
  // A site rendered again over its folder has its pages already: one listing, not a failed copy per page
  // (2,000 requests to the file system's threads, each an error object here).
  const there = existingNames(out);
  const names = all.filter((name) => !there.has(name));
  if (names.length === 0) return [];
  let folder: string;
  try {
    folder = mkdtempSync(path.join(tmpdir(), 'playbook-lint-'));
    writeFileSync(path.join(folder, 'empty'), '');
  } catch {
    return []; // no temporary folder: each page is made when it is written
  }
  try {
    const empty = path.join(folder, 'empty');
    const made = await Promise.all(
      names.map((name) =>
        copyFile(empty, path.join(out, name), constants.COPYFILE_EXCL).then(
          () => name,
          () => undefined, // there already, or not writable: phase 2 writes it or says why it cannot
        ),
      ),
    );
    return made.filter((name): name is string => name !== undefined);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function existingNames(folder: string): Set<string> {
  try {
    return new Set(readdirSync(folder));
  } catch {
    return new Set(); // not there yet, or not readable: every page is tried
  }
}
