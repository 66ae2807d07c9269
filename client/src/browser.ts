/**
 * The browser entry (`browser`: vscode.dev, github.dev): the language server
 * runs in a web worker (dist/web-server.js) and has no disk, so this client
 * lists and reads the workspace's files for it through `workspace.fs` (see
 * server/src/web/protocol.ts). Everything else is shared with the desktop
 * entry (activate.ts).
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import {
  CLIENT_FILE_ACCESS,
  LIST_FILES_REQUEST,
  READ_FILES_REQUEST,
  type ListFilesParams,
  type ListFilesResult,
  type ReadFilesParams,
  type ReadFilesResult,
} from '../../server/src/web/protocol';
import { webPathToUri } from '../../server/src/web/uri-paths';
import { walkFiles } from './walk-files';
import { activateWith, CLIENT_ID, deactivate, type PlaybookLintApi } from './activate';

export { deactivate };

/** The web worker API of the extension host (this project type-checks against Node's globals, which have no Worker). */
declare class Worker {
  constructor(url: string);
  terminate(): void;
}

/** Where the first check's time goes (ms since activation), logged once the server is ready: activation, the worker, listing, reading, checking. */
class StartupTimes {
  private readonly t0 = Date.now();
  workerStarted?: number;
  workerFrom = '';
  firstRequest?: number;
  listed = 0;
  listMs = 0;
  read = 0;
  readRequests = 0;
  lastRead?: number;
  logged = false;

  now(): number {
    return Date.now() - this.t0;
  }

  summary(): string {
    const ms = (n: number | undefined) => (n === undefined ? '-' : `${n} ms`);
    return (
      `Playbook Lint startup: worker started (from ${this.workerFrom}) ${ms(this.workerStarted)}, its first request ${ms(this.firstRequest)}, ` +
      `listed ${this.listed} files in ${this.listMs} ms, read ${this.read} files in ${this.readRequests} requests by ${ms(this.lastRead)}, ` +
      `workspace checked ${ms(this.now())} after activation`
    );
  }
}

export function activate(context: vscode.ExtensionContext): Promise<PlaybookLintApi> {
  const times = new StartupTimes();
  return activateWith(
    context,
    {
      // The workspace's own schemes (vscode-vfs: on github.dev, vscode-remote:, tmp:, …), not git: or untitled: copies.
      schemes: () => [...new Set(['file', ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme)])],
      pathToUri: (path) => vscode.Uri.parse(webPathToUri(path)),
      initializationOptions: { [CLIENT_FILE_ACCESS]: true },
      async createClient(clientOptions) {
        const { worker, from } = await startWorker(vscode.Uri.joinPath(context.extensionUri, 'dist/web-server.js'));
        times.workerStarted = times.now();
        times.workerFrom = from;
        return new LanguageClient(CLIENT_ID, 'Playbook Lint', worker, clientOptions);
      },
      wire: (client) => [
        client.onRequest(LIST_FILES_REQUEST, async (params: ListFilesParams) => {
          const start = times.now();
          times.firstRequest ??= start;
          const result = await listFiles(params);
          times.listed += result.files.length;
          times.listMs += times.now() - start;
          return result;
        }),
        client.onRequest(READ_FILES_REQUEST, async (params: ReadFilesParams) => {
          times.firstRequest ??= times.now();
          const result = await readFiles(params);
          times.read += result.files.length;
          times.readRequests++;
          times.lastRead = times.now();
          return result;
        }),
      ],
      firstReady: (log) => {
        if (!times.logged) log(times.summary());
        times.logged = true;
      },
    },
    'browser',
  );
}

/**
 * The server's worker. An extension installed in a remote (code-server) has a
 * vscode-remote: location that the host refuses to start a Worker from (its
 * http address too); its fetch can read it, and a Worker from those bytes
 * works everywhere.
 */
async function startWorker(script: vscode.Uri): Promise<{ worker: Worker; from: string }> {
  const url = script.toString(true);
  try {
    return { worker: new Worker(url), from: 'its location' };
  } catch {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not load the language server from ${url}: HTTP ${response.status}`);
    return { worker: new Worker(URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: 'application/javascript' }))), from: 'a Blob' };
  }
}

/** The candidate files under a folder (the server decides which belong to a project). */
async function listFiles(params: ListFilesParams): Promise<ListFilesResult> {
  const names = new RegExp(params.names, 'i');
  const walked = await walkFiles(vscode.Uri.parse(params.folder), (name) => names.test(name), new Set(params.skipFolders));
  return { files: walked.files.map((u) => u.toString()), unreadable: walked.unreadable };
}

async function readFiles(params: ReadFilesParams): Promise<ReadFilesResult> {
  const files = await Promise.all(
    (params.uris ?? []).map(async (uri) => {
      try {
        return { uri, bytes: await vscode.workspace.fs.readFile(vscode.Uri.parse(uri)) };
      } catch (error) {
        return { uri, error: (error as Error)?.message ?? String(error) };
      }
    }),
  );
  return { files };
}
