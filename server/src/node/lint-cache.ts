import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileExports } from '../core/project/exports';
import { packExports, unpackExports, type PackedExports } from '../core/project/lean-exports';
import { docsUrl } from '../core/rule';
import type { Diagnostic, FileResult, Fix } from '../core/types';
import { fileTypeOf, readRegularFile } from './read-analysis';

/**
 * The `--cache` store, in two parts:
 *
 * - the header (small, always read): per file its content hash and its
 *   diagnostics with the key of everything else they depend on (tool version,
 *   config, vocabulary, the ids it defines or names); and per project the
 *   digest of every input of its last whole run. When the digest matches, the
 *   run is answered from the header alone.
 * - the exports (large, read only when some file changed): what each file
 *   contributes to the project index, so unchanged files need no parse.
 *
 * The file is signed with a key kept outside any project (in the user's cache
 * folder): a cache file committed to a repository cannot make a CI run report
 * forged results, because this machine did not sign it. Layout: HMAC of the
 * header (32 bytes), header length (uint32 BE), header (JSON), exports (packed as
 * lean-exports.ts packs them, v8 serialized). The header carries the exports' HMAC,
 * checked when they are read.
 */
export interface CacheEntry {
  contentHash: string;
  dependencyKey?: string;
  diagnostics?: Diagnostic[];
}

/**
 * A diagnostic as stored: without what its file and rule id give back (its path, its docs
 * link) and with each fix as the CLI reports it, its title (the edits are for editors, which
 * do not read this cache): together more than half of its size, read on every warm run.
 */
type StoredDiagnostic = Omit<Diagnostic, 'path' | 'docsUrl' | 'fixes'> & { docsUrl?: string; fixes?: StoredFix[] };
type StoredFix = Omit<Fix, 'edits'>;

interface StoredEntry {
  contentHash: string;
  dependencyKey?: string;
  diagnostics?: StoredDiagnostic[];
}

/**
 * A whole project run: the digest of its inputs, the dependency key each playbook's
 * entry had (entries are shared by every project of the cache: one written by another
 * run does not count), and the vocabularies' results (they read every playbook).
 */
interface ProjectRecord {
  digest: string;
  keys: Record<string, string>;
  vocabularies: Record<string, StoredDiagnostic[]>;
}

/** What proves a file unchanged without reading it (as git's index does). */
interface FileStat {
  hash: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

interface CacheHeader {
  format: 5;
  tool: string;
  /** When the cache was written: a file changed less than STAT_MARGIN_MS before that is always read. */
  writtenAt: number;
  entries: Record<string, StoredEntry>;
  projects: Record<string, ProjectRecord>;
  stats: Record<string, FileStat>;
  /** HMAC of the exports part, base64. */
  exportsMac: string;
}

const SIGNATURE_BYTES = 32;
/**
 * Stat times can be coarse (whole seconds on some file systems): a file written in the
 * same tick as the cache, then changed again, keeps its stat. Such recent files are read.
 */
const STAT_MARGIN_MS = 2_000;
const LENGTH_BYTES = 4;

/** Content hashes: sha256 is the fastest digest in Node's OpenSSL on these machines (SHA extensions). */
export function hashOf(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('base64');
}

/**
 * A regular file's bytes, never through a symlink. Unlike playbook reads there is no
 * size cap: a 2,000-playbook project's cache is larger than any playbook may be.
 */
function readOwnFile(file: string, from = 0, length?: number): Buffer {
  // O_NONBLOCK: a named pipe put where the cache or key should be does not hang the run (it is refused just below).
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
    if (from === 0 && length === undefined) return readFileSync(fd);
    const size = Math.max(0, Math.min(length ?? stat.size - from, stat.size - from));
    const out = Buffer.alloc(size);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, out, done, size - done, from + done);
      if (n === 0) break;
      done += n;
    }
    return out.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

function signingKey(): Buffer | undefined {
  const dir = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'playbook-lint');
  const file = path.join(dir, 'cache-signing-key');
  try {
    return readOwnFile(file);
  } catch {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
      return key;
    } catch {
      return undefined; // no place for a key: the cache is not used rather than trusted unsigned
    }
  }
}

const mac = (key: Buffer, data: Uint8Array) => createHmac('sha256', key).update(data).digest();

/** The exports part as stored: read (and checked) only when a run needs it. */
interface StoredExports {
  offset: number;
  mac: string;
}

/**
 * Why the cache cannot live at `location` (something other than a regular file
 * is there: a folder, a named pipe, a link), or undefined. A missing file is fine.
 */
export function cacheLocationProblem(location: string): string | undefined {
  let stat: Stats;
  try {
    stat = lstatSync(location);
  } catch {
    return undefined;
  }
  if (stat.isFile()) return undefined;
  return `${location} is ${fileTypeOf(stat)}, not a regular file, so the cache cannot be kept there; remove it or choose another file with --cache-location`;
}

export class LintCache {
  private dirty = false;
  private exports?: Map<string, FileExports>;

  private constructor(
    readonly location: string,
    private readonly tool: string,
    private readonly key: Buffer | undefined,
    private readonly header: CacheHeader,
    private readonly stored?: StoredExports,
  ) {
    if (!stored) this.exports = new Map();
  }

  /** A missing, corrupt, unsigned or other-version cache is an empty cache, never an error. */
  static load(location: string, tool: string): LintCache {
    const empty = (key?: Buffer) => new LintCache(location, tool, key, { format: 5, tool, writtenAt: 0, entries: {}, projects: {}, stats: {}, exportsMac: '' });
    const key = signingKey();
    if (!key) return empty();
    try {
      const head = readOwnFile(location, 0, SIGNATURE_BYTES + LENGTH_BYTES);
      if (head.length < SIGNATURE_BYTES + LENGTH_BYTES) return empty(key);
      const length = head.readUInt32BE(SIGNATURE_BYTES);
      const body = readOwnFile(location, SIGNATURE_BYTES + LENGTH_BYTES, length);
      if (body.length !== length || !timingSafeEqual(head.subarray(0, SIGNATURE_BYTES), mac(key, body))) return empty(key);
      const header = JSON.parse(body.toString('utf8')) as CacheHeader; // JSON: twice as fast to read as v8's format here
      if (header?.format !== 5 || header.tool !== tool || !header.entries || !header.projects || !header.stats) return empty(key);
      return new LintCache(location, tool, key, header, { offset: SIGNATURE_BYTES + LENGTH_BYTES + length, mac: header.exportsMac });
    } catch {
      return empty(key); // start afresh
    }
  }

  /**
   * A file's content hash (undefined when it cannot be read). A file whose size, times and
   * inode are those recorded with its hash, and which had not changed for a while when the
   * cache was written, is not read again.
   */
  contentHash(file: string): string | undefined {
    let stat: Stats;
    try {
      stat = lstatSync(file); // never through a link, and a pipe or device is never read: it is analysed and reported instead
      if (!stat.isFile()) return undefined;
    } catch {
      return undefined;
    }
    const known = this.header.stats[file];
    const settled = stat.mtimeMs < this.header.writtenAt - STAT_MARGIN_MS && stat.ctimeMs < this.header.writtenAt - STAT_MARGIN_MS;
    if (known && settled && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs && known.ino === stat.ino)
      return known.hash;
    let hash: string;
    try {
      hash = hashOf(readRegularFile(file));
    } catch {
      return undefined; // unreadable: never a cache hit, so it is analysed and reported
    }
    this.header.stats[file] = { hash, size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
    this.dirty = true;
    return hash;
  }

  /**
   * The results of the project's last whole run, when its inputs had this digest and
   * every playbook entry is still the one that run wrote; vocabularies and playbooks, not folders.
   */
  projectResults(root: string, digest: string): FileResult[] | undefined {
    const record = this.header.projects[root];
    if (record?.digest !== digest) return undefined;
    const out: FileResult[] = [];
    for (const [file, key] of Object.entries(record.keys)) {
      const entry = this.header.entries[file];
      if (!entry?.diagnostics || entry.dependencyKey !== key) return undefined;
      out.push({ path: file, diagnostics: restore(entry.diagnostics, file) });
    }
    for (const [file, diagnostics] of Object.entries(record.vocabularies)) out.push({ path: file, diagnostics: restore(diagnostics, file) });
    return out;
  }

  /** Records a whole project run (after its playbooks' entries were set). */
  setProjectResults(root: string, digest: string, playbooks: readonly string[], vocabularies: FileResult[]): void {
    if (this.header.projects[root]?.digest === digest) return;
    const keys: Record<string, string> = {};
    for (const file of playbooks) {
      const key = this.header.entries[file]?.dependencyKey;
      if (!key) return; // a playbook without results: no whole run to record
      keys[file] = key;
    }
    this.header.projects[root] = { digest, keys, vocabularies: Object.fromEntries(vocabularies.map((v) => [v.path, v.diagnostics])) };
    this.dirty = true;
  }

  /** A file's entry and exports, when its content is unchanged. */
  get(file: string, contentHash: string): (CacheEntry & { exports: FileExports }) | undefined {
    const entry = this.header.entries[file];
    if (entry?.contentHash !== contentHash) return undefined;
    const exports = this.loadExports().get(file);
    if (!exports) return undefined;
    const diagnostics = entry.diagnostics && restore(entry.diagnostics, file);
    return { contentHash, dependencyKey: entry.dependencyKey, diagnostics, exports };
  }

  set(file: string, entry: CacheEntry & { exports: FileExports }): void {
    const old = this.header.entries[file];
    // Diagnostics reused from the cache are the very array get() restored in place.
    if (old && old.contentHash === entry.contentHash && old.dependencyKey === entry.dependencyKey && old.diagnostics === entry.diagnostics) return;
    this.header.entries[file] = { contentHash: entry.contentHash, dependencyKey: entry.dependencyKey, diagnostics: entry.diagnostics };
    this.loadExports().set(file, entry.exports);
    this.dirty = true;
  }

  /** Reads and checks the exports part on first use; a part that fails its check is dropped (those files are parsed again). */
  private loadExports(): Map<string, FileExports> {
    if (this.exports) return this.exports;
    this.exports = new Map();
    try {
      const bytes = readOwnFile(this.location, this.stored!.offset);
      const expected = Buffer.from(this.stored!.mac, 'base64');
      if (this.key && expected.length === SIGNATURE_BYTES && timingSafeEqual(mac(this.key, bytes), expected)) {
        // Stored packed: the lean exports the engine holds keep locations and term uses behind getters, which v8's format drops.
        const stored = deserialize(bytes) as Record<string, PackedExports>;
        this.exports = new Map(Object.entries(stored).map(([file, packed]) => [file, unpackExports(packed)]));
      }
    } catch {
      // unreadable or changed since the header was read: no exports
    }
    for (const file of Object.keys(this.header.entries)) if (!this.exports.has(file)) delete this.header.entries[file];
    return this.exports;
  }

  /** Written atomically (temp file + rename), and only when something changed. */
  save(): void {
    if (!this.dirty || !this.key) return;
    const exportsBytes = serialize(Object.fromEntries([...this.loadExports()].map(([file, e]) => [file, packExports(e)])));
    // Diagnostics are kept whole in memory and slimmed here, once, as they are written.
    const header: CacheHeader = {
      ...this.header,
      format: 5,
      tool: this.tool,
      writtenAt: Date.now(),
      entries: mapValues(this.header.entries, (e) => (e.diagnostics ? { ...e, diagnostics: slimAll(e.diagnostics) } : e)),
      projects: mapValues(this.header.projects, (r) => ({ ...r, vocabularies: mapValues(r.vocabularies, slimAll) })),
      exportsMac: mac(this.key, exportsBytes).toString('base64'),
    };
    const body = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32BE(body.length);
    mkdirSync(path.dirname(this.location), { recursive: true });
    const temp = `${this.location}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.concat([mac(this.key, body), length, body, exportsBytes]));
    renameSync(temp, this.location);
    this.dirty = false;
  }
}

function slim(d: Diagnostic): StoredDiagnostic {
  const { path: _file, docsUrl: url, fixes, ...rest } = d;
  const out: StoredDiagnostic = url === docsUrl(d.ruleId) ? rest : { ...rest, docsUrl: url };
  if (fixes) out.fixes = fixes.map(({ edits: _edits, ...f }) => f);
  return out;
}

/**
 * Stored diagnostics made whole again, in place: they were just read for this run, and
 * copying thousands of them was a tenth of a warm run. save() slims them again.
 */
function restore(stored: StoredDiagnostic[], file: string): Diagnostic[] {
  for (const d of stored as Diagnostic[]) {
    d.path = file;
    d.docsUrl ??= docsUrl(d.ruleId);
    for (const f of d.fixes ?? []) f.edits ??= [];
  }
  return stored as Diagnostic[];
}

/** Slims stored or restored (whole) diagnostics alike. */
function slimAll(diagnostics: readonly StoredDiagnostic[]): StoredDiagnostic[] {
  return diagnostics.map((d) => slim(d as Diagnostic));
}

function mapValues<A, B>(record: Record<string, A>, f: (value: A) => B): Record<string, B> {
  const out: Record<string, B> = {};
  for (const [key, value] of Object.entries(record)) out[key] = f(value);
  return out;
}
