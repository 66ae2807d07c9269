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
import { activateWith, CLIENT_ID, deactivate, type PlaybookLintApi } from './activate';

export { deactivate };

/** The web worker API of the extension host (this project type-checks against Node's globals, which have no Worker). */
declare class Worker {
  constructor(url: string);
  terminate(): void;
}

export function activate(context: vscode.ExtensionContext): Promise<PlaybookLintApi> {
  return activateWith(
    context,
    {
      // The workspace's own schemes (vscode-vfs: on github.dev, vscode-remote:, tmp:, …), not git: or untitled: copies.
      schemes: () => [...new Set(['file', ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme)])],
      pathToUri: (path) => vscode.Uri.parse(webPathToUri(path)),
      initializationOptions: { [CLIENT_FILE_ACCESS]: true },
      async createClient(clientOptions) {
        const worker = await startWorker(vscode.Uri.joinPath(context.extensionUri, 'dist/web-server.js'));
        return new LanguageClient(CLIENT_ID, 'Playbook Lint', worker, clientOptions);
      },
      wire: (client) => [client.onRequest(LIST_FILES_REQUEST, listFiles), client.onRequest(READ_FILES_REQUEST, readFiles)],
    },
    'browser',
  );
}

/**
 * The server's worker. An extension installed in a remote (code-server) has a
 * vscode-remote: location that the host refuses to start a Worker from; its
 * fetch can read it, and a Worker from that text works everywhere.
 */
async function startWorker(script: vscode.Uri): Promise<Worker> {
  const url = script.toString(true);
  try {
    return new Worker(url);
  } catch {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not load the language server from ${url}: HTTP ${response.status}`);
    const blob = new Blob([await response.text()], { type: 'application/javascript' });
    return new Worker(URL.createObjectURL(blob));
  }
}

/** Walks a folder with workspace.fs (every file system has readDirectory; not all can search), a few folders at a time. */
async function listFiles(params: ListFilesParams): Promise<ListFilesResult> {
  const names = new RegExp(params.names, 'i');
  const skip = new Set(params.skipFolders);
  const out: ListFilesResult = { files: [], unreadable: [] };
  const queue = [vscode.Uri.parse(params.folder)];
  const walkOne = async (dir: vscode.Uri) => {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch (error) {
      out.unreadable.push({ uri: dir.toString(), message: (error as Error)?.message ?? String(error) });
      return;
    }
    for (const [name, type] of entries) {
      if (type & vscode.FileType.SymbolicLink) continue; // not followed, as on disk
      if (type & vscode.FileType.Directory) {
        if (!skip.has(name)) queue.push(vscode.Uri.joinPath(dir, name));
      } else if (names.test(name)) out.files.push(vscode.Uri.joinPath(dir, name).toString());
    }
  };
  while (queue.length) await Promise.all(queue.splice(0, 16).map(walkOne));
  return out;
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
