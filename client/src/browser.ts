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
  NLP_MODEL_OPTION,
  READ_FILES_REQUEST,
  type ListFilesParams,
  type ReadFilesParams,
} from '../../server/src/web/protocol';
import { webPathToUri } from '../../server/src/web/uri-paths';
import { listFiles, Prefetch, readFile } from './prefetch';
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
  firstRead?: number;
  lastRead?: number;
  /** The first of the server's problems the editor received. */
  firstProblems?: number;
  logged = false;
  prefetch?: Prefetch;

  now(): number {
    return Date.now() - this.t0;
  }

  summary(): string {
    const ms = (n: number | undefined) => (n === undefined ? '-' : `${n} ms`);
    return (
      `Playbook Lint startup: worker started (from ${this.workerFrom}) ${ms(this.workerStarted)}, its first request ${ms(this.firstRequest)}, ` +
      `listed ${this.listed} files in ${this.listMs} ms, read ${this.read} files in ${this.readRequests} requests from ${ms(this.firstRead)} to ${ms(this.lastRead)} ` +
      `(${this.prefetch?.listingsTaken ?? 0} listings and ${this.prefetch?.readsTaken ?? 0} files read ahead, while the worker started: ` +
      `listed by ${ms(this.prefetch?.listedMs)}, read from ${ms(this.prefetch?.firstReadMs)} to ${ms(this.prefetch?.readMs)}), ` +
      `first problems ${ms(this.firstProblems)}, workspace checked ${ms(this.now())} after activation`
    );
  }
}

export function activate(context: vscode.ExtensionContext): Promise<PlaybookLintApi> {
  const times = new StartupTimes();
  let prefetch: Prefetch | undefined;
  context.subscriptions.push({ dispose: () => prefetch?.dispose() });
  const problemsSeen = vscode.languages.onDidChangeDiagnostics((e) => {
    if (!e.uris.some((uri) => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'playbook-lint'))) return;
    times.firstProblems ??= times.now();
    problemsSeen.dispose();
  });
  context.subscriptions.push(problemsSeen);
  return activateWith(
    context,
    {
      // The workspace's own schemes (vscode-vfs: on github.dev, vscode-remote:, tmp:, …), not git: or untitled: copies.
      schemes: () => [...new Set(['file', ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme)])],
      pathToUri: (path) => vscode.Uri.parse(webPathToUri(path)),
      initializationOptions: { [CLIENT_FILE_ACCESS]: true },
      async createClient(clientOptions) {
        // The files are listed and read while the worker's script is fetched and started.
        prefetch?.dispose();
        prefetch = times.prefetch = new Prefetch(vscode.workspace.workspaceFolders ?? []);
        const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
        const { worker, from, model } = await startWorker(vscode.Uri.joinPath(dist, 'web-server.js'), vscode.Uri.joinPath(dist, 'web-nlp-model.js'));
        clientOptions.initializationOptions = { ...clientOptions.initializationOptions, [NLP_MODEL_OPTION]: model };
        times.workerStarted = times.now();
        times.workerFrom = from;
        return new LanguageClient(CLIENT_ID, 'Playbook Lint', worker, clientOptions);
      },
      wire: (client) => [
        client.onRequest(LIST_FILES_REQUEST, async (params: ListFilesParams) => {
          const start = times.now();
          times.firstRequest ??= start;
          const result = await (prefetch?.takeListing(params) ?? listFiles(params));
          times.listed += result.files.length;
          times.listMs += times.now() - start;
          return result;
        }),
        client.onRequest(READ_FILES_REQUEST, async (params: ReadFilesParams) => {
          times.firstRequest ??= times.now();
          const result = { files: await Promise.all((params.uris ?? []).map((uri) => prefetch?.takeRead(uri) ?? readFile(uri))) };
          times.read += result.files.length;
          times.readRequests++;
          times.firstRead ??= times.now();
          times.lastRead = times.now();
          return result;
        }),
      ],
      firstReady: (log) => {
        prefetch?.dispose(); // what the server did not ask for is no longer current
        if (!times.logged) log(times.summary());
        times.logged = true;
      },
    },
    'browser',
  );
}

/**
 * The server's worker, and where it finds the coaching checks' language model: a script of its
 * own (dist/web-nlp-model.js), which the worker loads with importScripts on the first sentence a
 * coaching check reads, so neither the worker's start nor a workspace without the coaching
 * rules waits for it. An extension installed in a remote (code-server) has a vscode-remote:
 * location that the host refuses to start a Worker from (its http address too); its fetch can
 * read it, and a Worker from those bytes works everywhere. The model is then named by the http
 * address the fetch went to (the worker's origin, which importScripts accepts); if that address
 * does not name the file, its bytes are fetched too.
 */
async function startWorker(script: vscode.Uri, model: vscode.Uri): Promise<{ worker: Worker; from: string; model: string }> {
  const url = script.toString(true);
  try {
    return { worker: new Worker(url), from: 'its location', model: model.toString(true) };
  } catch {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not load the language server from ${url}: HTTP ${response.status}`);
    const worker = new Worker(URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: 'application/javascript' })));
    const fileName = (uri: vscode.Uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const modelAddress = siblingAddress(response.url, fileName(script), fileName(model));
    return { worker, from: 'a Blob', model: modelAddress ?? (await scriptBlob(model)) };
  }
}

/** The http address of a file beside the one at `address` (in its path, or in a query parameter holding a path), if it shows. */
function siblingAddress(address: string, name: string, sibling: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.pathname.endsWith(`/${name}`)) {
    url.pathname = url.pathname.slice(0, -name.length) + sibling;
    return url.toString();
  }
  for (const [key, value] of url.searchParams)
    if (value.endsWith(`/${name}`)) {
      url.searchParams.set(key, value.slice(0, -name.length) + sibling);
      return url.toString();
    }
  return undefined;
}

async function scriptBlob(script: vscode.Uri): Promise<string> {
  const url = script.toString(true);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: 'application/javascript' }));
}
