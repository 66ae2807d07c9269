/**
 * The workspace's files where the server has no disk (the browser): a copy of
 * every playbook, vocabulary and config file, filled through the client (see
 * protocol.ts) before a folder is indexed and kept current from the client's
 * file events. The workspace reads it synchronously, like the disk; which files
 * belong to a project, the config's vocabulary globs and ignore globs are
 * decided by the disk walk's own code over the listed paths (node/virtual-glob.ts).
 */
import * as nodePath from 'node:path';
import { analyzeBytes } from '../core/analyze';
import { analyzeFailed, analyzeUnreadable } from '../core/analyze-unreadable';
import { CONFIG_FILE_NAME, fileKindOf } from '../core/file-kind';
import { isSuppressionsFile } from '../core/suppressions';
import type { FileAnalysis } from '../core/model/model';
import type { FileKind } from '../core/types';
import { globFiles, matchPaths, withSlash } from '../node/virtual-glob';
import type { WorkspaceHost } from '../services/workspace';
import { candidateListing, type ListFilesParams, type ListFilesResult, type ReadFilesResult } from './protocol';
import { webPathToUri, webUriToPath } from './uri-paths';
import { ArrivingIndexer } from './arriving-indexer';
import type { Indexer } from '../services/inline-indexer';

/** The two requests, as the connection sends them. */
export interface FileAccess {
  list(params: ListFilesParams): Promise<ListFilesResult>;
  read(uris: string[]): Promise<ReadFilesResult>;
}

type Entry = { uri: string; bytes: Uint8Array } | { uri: string; error: string };

const READ_BATCH = 32;
/** The first batches are smaller: their files' first problems are shown before the others arrive. */
const FIRST_BATCH = 8;
/** Batches in flight at once: 256 files asked for together, answered (and parsed) a batch at a time. */
const READ_LANES = 8;
const utf8 = new TextDecoder('utf-8');

export class ClientFiles implements WorkspaceHost {
  private readonly files = new Map<string, Entry>();
  /**
   * Analyses made while a folder's later reads are in flight (the first indexing parses the
   * files as they arrive instead of after the last one); each is handed out once, and only for
   * the bytes it was made of.
   */
  private readonly early = new Map<string, { bytes: Uint8Array; kind: FileKind; analysis: FileAnalysis }>();
  /** Folders the client could not list: like an unreadable folder on disk, their files are missing. */
  readonly unreadable = new Map<string, string>();
  /** Listed playbooks whose bytes are on their way (startFolder), each with its read. */
  private readonly arriving = new Map<string, Promise<void>>();
  /** The order files were asked for (and about the order they arrive in). */
  private readonly asked = new Map<string, number>();
  /** Every read startFolder left running. */
  private reading: Promise<unknown> = Promise.resolve();

  constructor(private readonly access: FileAccess) {}

  /** The URI the client gave for a path (its own spelling), else one built from the path. */
  uriOf(path: string): string | undefined {
    return this.files.get(path)?.uri;
  }

  /** Lists and reads every candidate file under a folder (a folder created since the first indexing). */
  async loadFolder(folder: string): Promise<void> {
    await this.startFolder(folder);
    await this.reading;
  }

  /**
   * Lists a folder and reads what its projects need before any playbook (configs, suppressions
   * files, vocabularies), then resolves while the playbooks go on arriving: the folder is
   * indexed as they come (ArrivingIndexer), its first problems shown before the last file is read.
   */
  async startFolder(folder: string): Promise<void> {
    const listing = await this.access.list(candidateListing(this.uriOfFolder(folder)));
    for (const u of listing.unreadable ?? []) {
      const p = webUriToPath(u.uri);
      if (p) this.unreadable.set(p, u.message);
    }
    const uris = (listing.files ?? []).filter((u) => webUriToPath(u) !== undefined);
    const isPlaybook = (uri: string) => fileKindOf(webUriToPath(uri)!) === 'playbook';
    const playbooks = uris.filter(isPlaybook);
    for (const uri of playbooks) this.asked.set(webUriToPath(uri)!, this.asked.size);
    const arrived = new Map<string, () => void>();
    for (const uri of playbooks) {
      const path = webUriToPath(uri)!;
      this.arriving.set(path, new Promise<void>((resolve) => arrived.set(path, resolve)));
    }
    await this.readAll(uris.filter((u) => !isPlaybook(u)));
    const rest = this.readAll(playbooks, (batch) => {
      for (const uri of batch) {
        const path = webUriToPath(uri)!;
        if (arrived.has(path)) this.arriving.delete(path);
        arrived.get(path)?.();
      }
    });
    this.reading = Promise.all([this.reading, rest]);
  }

  /** Resolves when these files' bytes (or read errors) are here. */
  whenRead(paths: readonly string[]): Promise<unknown> {
    return Promise.all(paths.map((p) => this.arriving.get(p)));
  }

  /** A few batches in flight: the client reads them concurrently, the server stores (and parses) each as it comes. */
  private async readAll(uris: string[], onBatch?: (batch: string[]) => void): Promise<void> {
    const batches: string[][] = [];
    for (let i = 0; i < uris.length; ) {
      const size = i < READ_BATCH ? FIRST_BATCH : READ_BATCH;
      batches.push(uris.slice(i, i + size));
      i += size;
    }
    let next = 0;
    const lane = async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        await this.readInto(batch);
        this.analyzeEarly(batch);
        onBatch?.(batch);
      }
    };
    await Promise.all(Array.from({ length: READ_LANES }, lane));
  }

  /** File events from the client: the copy is brought up to date before the workspace hears of them. */
  async update(events: readonly { path: string; type: 'created' | 'changed' | 'deleted' }[]): Promise<void> {
    await this.reading; // a read still on its way must not overwrite what the event brings
    this.early.clear(); // the first indexing is over (or will analyze what it has not taken)
    const reads: string[] = [];
    for (const { path, type } of events) {
      if (type === 'deleted') {
        for (const p of [...this.files.keys()]) if (p === path || p.startsWith(withSlash(path))) this.files.delete(p);
      } else if (fileKindOf(path) || isSuppressionsFile(path)) reads.push(this.files.get(path)?.uri ?? webPathToUri(path));
      else if (type === 'created') await this.loadFolder(path).catch(() => undefined); // a folder created or renamed
    }
    for (let i = 0; i < reads.length; i += READ_BATCH) await this.readInto(reads.slice(i, i + READ_BATCH));
  }

  private uriOfFolder(folder: string): string {
    return webPathToUri(folder);
  }

  private analyzeEarly(uris: string[]): void {
    for (const uri of uris) {
      const path = webUriToPath(uri);
      const entry = path && this.files.get(path);
      const kind = path && fileKindOf(path);
      if (!path || !entry || !kind || !('bytes' in entry)) continue;
      try {
        this.early.set(path, { bytes: entry.bytes, kind, analysis: analyzeBytes(path, kind, entry.bytes) });
      } catch {
        // readAnalysis reports it when the workspace asks.
      }
    }
  }

  private async readInto(uris: string[]): Promise<void> {
    let result: ReadFilesResult;
    try {
      result = await this.access.read(uris);
    } catch (error) {
      result = { files: uris.map((uri) => ({ uri, error: (error as Error)?.message ?? String(error) })) };
    }
    for (const f of result.files ?? []) {
      const path = webUriToPath(f.uri);
      if (!path) continue;
      if ('bytes' in f) this.files.set(path, { uri: f.uri, bytes: f.bytes instanceof Uint8Array ? f.bytes : Uint8Array.from(f.bytes) });
      else if (/not.?found|ENOENT|EntryNotFound/i.test(f.error)) this.files.delete(path);
      else this.files.set(path, { uri: f.uri, error: f.error });
    }
  }

  private under(root: string): string[] {
    const prefix = withSlash(root);
    const out = [...this.files.keys()].filter((p) => p.startsWith(prefix));
    for (const p of this.arriving.keys()) if (p.startsWith(prefix) && !this.files.has(p)) out.push(p);
    return out;
  }

  // ------------------------------------------------------------------ WorkspaceHost

  readAnalysis(path: string, kind: FileKind): FileAnalysis {
    const entry = this.files.get(path);
    if (!entry) return analyzeUnreadable(path, kind, Object.assign(new Error('not found'), { code: 'ENOENT' }));
    if ('error' in entry) return analyzeUnreadable(path, kind, new Error(entry.error));
    const early = this.early.get(path);
    if (early) {
      this.early.delete(path);
      if (early.bytes === entry.bytes && early.kind === kind) return early.analysis;
    }
    try {
      return analyzeBytes(path, kind, entry.bytes);
    } catch (error) {
      return analyzeFailed(path, kind, error);
    }
  }

  readText(path: string): string | undefined {
    const entry = this.files.get(path);
    return entry && 'bytes' in entry ? utf8.decode(entry.bytes) : undefined;
  }

  exists(path: string): boolean {
    return this.files.has(path) || this.arriving.has(path);
  }

  fileSize(path: string): number {
    const entry = this.files.get(path);
    return entry && 'bytes' in entry ? entry.bytes.length : 0;
  }

  arrivalOrder(paths: readonly string[]): string[] {
    const order = (p: string) => this.asked.get(p) ?? Number.MAX_SAFE_INTEGER;
    return [...paths].sort((a, b) => order(a) - order(b));
  }

  createIndexer(): Indexer {
    return new ArrivingIndexer(this);
  }

  listProjectFiles(root: string, ignore: readonly string[]): string[] {
    return [...matchPaths(root, 'lintable', ignore, this.under(root))];
  }

  listFolderFiles(dir: string): string[] {
    return this.under(dir)
      .filter((p) => nodePath.posix.dirname(p) === dir && (fileKindOf(p) === 'playbook' || fileKindOf(p) === 'vocabulary'))
      .sort();
  }

  listConfigFiles(root: string): string[] {
    return globFiles(root, [`**/${CONFIG_FILE_NAME}`], [], this.under(root));
  }

  matchGlobs(root: string, globs: readonly string[], ignore: readonly string[]): Set<string> {
    return matchPaths(root, globs, ignore, this.under(root));
  }

  matchPaths(root: string, patterns: readonly string[] | 'lintable', ignore: readonly string[], paths: readonly string[]): Set<string> {
    return matchPaths(root, patterns, ignore, paths);
  }

  findConfigUp(dir: string): string | undefined {
    for (let current = dir; ; current = nodePath.posix.dirname(current)) {
      const candidate = `${current === '/' ? '' : current}/${CONFIG_FILE_NAME}`;
      if (this.files.has(candidate)) return candidate;
      if (current === '/' || nodePath.posix.dirname(current) === current) return undefined;
    }
  }
}
