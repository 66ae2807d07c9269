/**
 * The language server in a browser's web worker (dist/web-server.js, started by the
 * browser entry of the extension: client/src/browser.ts). The same server and core as
 * on Node; files come through the client (client-files.ts), URIs of any scheme map to
 * workspace paths (uri-paths.ts), and there are no index worker threads or disk poller.
 */
import { installImmediate } from './immediate';
import { BrowserMessageReader, BrowserMessageWriter, createConnection, type DataCallback } from 'vscode-languageserver/browser';
import { startServer } from '../lsp/server';
import { ClientFiles } from './client-files';
import { setModelLocation } from './nlp-model-loader';
import { LIST_FILES_REQUEST, NLP_MODEL_OPTION, READ_FILES_REQUEST, type ListFilesResult, type ReadFilesResult } from './protocol';
import { webPathToUri, webUriToPath } from './uri-paths';

installImmediate();

/** Reads the client's messages, and takes the language model's location from its first one (initialize). */
class Reader extends BrowserMessageReader {
  override listen(callback: DataCallback) {
    return super.listen((message) => {
      const m = message as { method?: string; params?: { initializationOptions?: Record<string, unknown> } };
      if (m.method === 'initialize') setModelLocation(m.params?.initializationOptions?.[NLP_MODEL_OPTION]);
      callback(message);
    });
  }
}

// The worker's global scope: messages from and to the client.
const scope = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const connection = createConnection(new Reader(scope), new BrowserMessageWriter(scope));
const files = new ClientFiles({
  list: (params) => connection.sendRequest<ListFilesResult>(LIST_FILES_REQUEST, params),
  read: (uris) => connection.sendRequest<ReadFilesResult>(READ_FILES_REQUEST, { uris }),
});

startServer(connection, {
  host: files,
  uriToPath: webUriToPath,
  pathToUri: (path) => files.uriOf(path) ?? webPathToUri(path),
  loadFolder: (folder) => files.startFolder(folder),
  earlyProblems: true,
  loadChanges: (events) => files.update(events),
});
