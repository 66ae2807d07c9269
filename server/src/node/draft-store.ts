/**
 * Where a thread keeps its pages' drafts between a render's two phases (site-renderer.ts): a scratch file in the
 * system's temporary folder, written through one staging buffer and read back a page at a time into a few
 * buffers that go round. Memory a process touches for the first time is dear: on the 2-core machines of the
 * bench, 140 MB of new memory cost about 570 ms of CPU and writing the same bytes to a file about 50 ms, and the
 * 2,000-playbook site's drafts are 140 MB. The file is unlinked as soon as it is open (where the system allows),
 * so nothing is left behind however the process ends. Where no scratch file can be made, the drafts stay in
 * memory (MemoryDrafts), as they did before, and so do those a scratch file cannot take once it is full.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A draft's place in the store. */
export interface DraftRef {
  at: number;
  length: number;
  /** In memory (MemoryDrafts): the bytes themselves. */
  bytes?: Buffer;
}

/** A draft's bytes, lent until `release` (phase 2 releases them once the page is written). */
export interface LentDraft {
  bytes: Buffer;
  release(): void;
}

export interface DraftStore {
  /** The pieces' UTF-8, stored. */
  put(pieces: readonly string[]): DraftRef;
  take(ref: DraftRef): LentDraft;
  /** Frees what the store holds (a new render starts afresh). */
  close(): void;
}

/** A new store: a scratch file where one can be made, else memory. */
export function draftStore(): DraftStore {
  return FileDrafts.open() ?? new MemoryDrafts();
}

/** The pieces' UTF-8 written at `at` in `into` (which must have room for three bytes a UTF-16 unit); returns the end. */
function writePieces(pieces: readonly string[], into: Buffer, at: number): number {
  for (const piece of pieces) at += into.write(piece, at);
  return at;
}

function utf16Units(pieces: readonly string[]): number {
  let units = 0;
  for (const piece of pieces) units += piece.length;
  return units;
}

class FileDrafts implements DraftStore {
  private static readonly STAGE = 4 << 20;
  /** Read-back buffers: at most the pages being written at once, plus one. */
  private readonly spare: Buffer[] = [];
  private stage = Buffer.allocUnsafe(FileDrafts.STAGE);
  private staged = 0;
  private written = 0;
  /**
   * Set once the scratch file takes no more (a full disk, a quota, a limit on file size): the drafts staged but not
   * written, and from then on every new draft, stay in memory, as where no scratch file can be made at all.
   */
  private memory: { unwritten: Buffer; drafts: MemoryDrafts } | undefined;

  private constructor(
    private fd: number | undefined,
    /** Set where the file could not be unlinked while open (Windows): removed at close. */
    private readonly leftover: string | undefined,
  ) {}

  static open(): FileDrafts | undefined {
    const file = path.join(tmpdir(), `playbook-lint-drafts-${process.pid}-${Math.random().toString(36).slice(2)}`);
    let fd: number;
    try {
      fd = openSync(file, 'wx+', 0o600);
    } catch {
      return undefined;
    }
    try {
      unlinkSync(file);
      return new FileDrafts(fd, undefined);
    } catch {
      return new FileDrafts(fd, file);
    }
  }

  put(pieces: readonly string[]): DraftRef {
    if (this.memory) return this.memory.drafts.put(pieces);
    const room = utf16Units(pieces) * 3;
    if (this.stage.length - this.staged < room) {
      if (!this.flush()) return this.memory!.drafts.put(pieces);
      if (this.stage.length < room) this.stage = Buffer.allocUnsafe(room);
    }
    const at = this.written + this.staged;
    this.staged = writePieces(pieces, this.stage, this.staged);
    return { at, length: this.written + this.staged - at };
  }

  take(ref: DraftRef): LentDraft {
    if (ref.bytes) return { bytes: ref.bytes, release: () => undefined }; // put in memory after the file was full
    if (ref.at + ref.length > this.written && !this.memory) this.flush();
    if (this.memory && ref.at >= this.written) {
      // Staged when the file was found full: every such draft lies wholly past what was written.
      const from = ref.at - this.written;
      return { bytes: this.memory.unwritten.subarray(from, from + ref.length), release: () => undefined };
    }
    let buffer = this.spare.pop();
    if (!buffer || buffer.length < ref.length) buffer = Buffer.allocUnsafe(Math.max(ref.length, 256 << 10));
    for (let done = 0; done < ref.length; ) {
      const n = readSync(this.fdOrThrow(), buffer, done, ref.length - done, ref.at + done);
      if (n === 0) throw new Error(`the render's scratch file ended early (${ref.at + done} of ${this.written} bytes)`);
      done += n;
    }
    const lent = buffer;
    return { bytes: lent.subarray(0, ref.length), release: () => this.spare.push(lent) };
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    if (this.leftover) unlinkSync(this.leftover);
  }

  /** Writes the staged drafts to the file; false if it could not (the store keeps them in memory from then on). */
  private flush(): boolean {
    const fd = this.fdOrThrow();
    try {
      for (let done = 0; done < this.staged; ) done += writeSync(fd, this.stage, done, this.staged - done, this.written + done);
    } catch (error) {
      if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
      // What part of them reached the file is never read: the drafts past `written` are served from the stage.
      this.memory = { unwritten: this.stage.subarray(0, this.staged), drafts: new MemoryDrafts() };
      return false;
    }
    this.written += this.staged;
    this.staged = 0;
    return true;
  }

  private fdOrThrow(): number {
    if (this.fd === undefined) throw new Error("the render's scratch file is closed");
    return this.fd;
  }
}

/**
 * The drafts in memory: each page's bytes written one after another into a large shared buffer, a page a view of
 * it (no buffer of its own per page). A buffer goes once no page in it is kept.
 */
class MemoryDrafts implements DraftStore {
  private static readonly CHUNK = 8 << 20;
  private chunk = Buffer.allocUnsafe(0);
  private used = 0;

  put(pieces: readonly string[]): DraftRef {
    const room = utf16Units(pieces) * 3;
    if (this.chunk.length - this.used < room) {
      this.chunk = Buffer.allocUnsafe(Math.max(MemoryDrafts.CHUNK, room));
      this.used = 0;
    }
    const start = this.used;
    this.used = writePieces(pieces, this.chunk, start);
    return { at: 0, length: this.used - start, bytes: this.chunk.subarray(start, this.used) };
  }

  take(ref: DraftRef): LentDraft {
    return { bytes: ref.bytes!, release: () => undefined };
  }

  close(): void {
    this.chunk = Buffer.allocUnsafe(0);
    this.used = 0;
  }
}
