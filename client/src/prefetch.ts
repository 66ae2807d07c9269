/**
 * The browser entry's files, for the server in its web worker (server/src/web/client-files.ts
 * asks; this answers). The worker takes a while to fetch and start, so the client lists and
 * reads the workspace's candidate files from activation on (a head start, `Prefetch`) and answers
 * the server's first listFiles/readFiles requests from it. Each prefetched answer is handed out
 * once. A file changed meanwhile is read again when asked; a file or folder created or deleted
 * meanwhile makes its workspace folder be walked again.
 */
import * as vscode from 'vscode';
import { candidateListing, type ListFilesParams, type ListFilesResult, type ReadFilesResult } from '../../server/src/web/protocol';
import { webUriToPath } from '../../server/src/web/uri-paths';
import { walkFiles } from './walk-files';

type Read = ReadFilesResult['files'][number];
/** Files being read at once by the head start (the server's own requests come 32 to a batch, 8 batches at a time). */
const READS_IN_FLIGHT = 256;
const PLAYBOOK = /\.playbook\.ya?ml$/i;

/** The candidate files under a folder (the server decides which belong to a project). */
export async function listFiles(params: ListFilesParams, onFile?: (uri: vscode.Uri) => void): Promise<ListFilesResult> {
  const names = new RegExp(params.names, 'i');
  const walked = await walkFiles(vscode.Uri.parse(params.folder), (name) => names.test(name), new Set(params.skipFolders), Infinity, onFile);
  return { files: walked.files.map((u) => u.toString()), unreadable: walked.unreadable };
}

export async function readFile(uri: string): Promise<Read> {
  try {
    return { uri, bytes: await vscode.workspace.fs.readFile(vscode.Uri.parse(uri)) };
  } catch (error) {
    return { uri, error: (error as Error)?.message ?? String(error) };
  }
}

export class Prefetch implements vscode.Disposable {
  /** Workspace folder path (server/src/web/uri-paths.ts) → its listing, as the server asks for it. */
  private readonly listings = new Map<string, Promise<ListFilesResult>>();
  /** File path → its read, started as the walk finds it. */
  private readonly reads = new Map<string, Promise<Read>>();
  private readonly waiting: (() => Promise<void>)[] = [];
  private inFlight = 0;
  private readonly watcher: vscode.FileSystemWatcher;
  /** What the head start answered (the startup summary). */
  listingsTaken = 0;
  readsTaken = 0;
  private readonly t0 = Date.now();
  /** ms after the head start began: its walk ended, its first and last reads ended. */
  listedMs?: number;
  firstReadMs?: number;
  readMs?: number;

  constructor(folders: readonly vscode.WorkspaceFolder[]) {
    // Watching before walking: a change while the walk runs is seen.
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.watcher.onDidChange((uri) => this.changed(uri, false));
    this.watcher.onDidCreate((uri) => this.changed(uri, true));
    this.watcher.onDidDelete((uri) => this.changed(uri, true));
    for (const folder of folders) {
      const params = candidateListing(folder.uri.toString());
      const path = webUriToPath(params.folder);
      if (!path) continue;
      const listing = listFiles(params, (uri) => this.startRead(uri.toString()));
      void listing.then(() => (this.listedMs = Date.now() - this.t0));
      this.listings.set(path, listing);
    }
  }

  /** The listing already made for these parameters, once; else undefined (the caller walks). */
  takeListing(params: ListFilesParams): Promise<ListFilesResult> | undefined {
    const path = webUriToPath(params.folder);
    const listing = path ? this.listings.get(path) : undefined;
    const expected = candidateListing(params.folder);
    if (!path || !listing || params.names !== expected.names || params.skipFolders?.join('/') !== expected.skipFolders.join('/')) return undefined;
    this.listings.delete(path);
    this.listingsTaken++;
    return listing;
  }

  /** The read already started for this URI, once, answered under the caller's spelling of it. */
  takeRead(uri: string): Promise<Read> | undefined {
    const path = webUriToPath(uri);
    const read = path ? this.reads.get(path) : undefined;
    if (!path || !read) return undefined;
    this.reads.delete(path);
    this.readsTaken++;
    return read.then((r) => ({ ...r, uri }));
  }

  dispose(): void {
    this.watcher.dispose();
    this.listings.clear();
    this.reads.clear();
    this.waiting.length = 0;
  }

  private startRead(uri: string): void {
    const path = webUriToPath(uri);
    if (!path) return;
    this.reads.set(
      path,
      new Promise<Read>((resolve) => {
        const read = () =>
          readFile(uri).then((result) => {
            this.readMs = Date.now() - this.t0;
            this.firstReadMs ??= this.readMs;
            resolve(result);
          });
        // Configs and vocabularies before playbooks: the server needs them before it can check any playbook.
        if (PLAYBOOK.test(path)) this.waiting.push(read);
        else this.waiting.unshift(read);
        this.pump();
      }),
    );
  }

  private pump(): void {
    while (this.inFlight < READS_IN_FLIGHT && this.waiting.length) {
      const read = this.waiting.shift()!;
      this.inFlight++;
      void read().finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private changed(uri: vscode.Uri, createdOrDeleted: boolean): void {
    const path = webUriToPath(uri.toString());
    if (!path) return;
    for (const p of [...this.reads.keys()]) if (p === path || p.startsWith(`${path}/`)) this.reads.delete(p);
    if (createdOrDeleted) for (const folder of [...this.listings.keys()]) if (path.startsWith(`${folder}/`)) this.listings.delete(folder);
  }
}
