/**
 * Documents and files: open / change / close from the editor, file events from the client's
 * watcher. An edit is recorded in the workspace and handed to the check queue (check-queue.ts),
 * which decides when it is analysed and checked.
 */
import { FileChangeType, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { uriToPath } from './convert';
import type { Session } from './session';

export function registerDocumentSync(session: Session): void {
  const { connection, workspace } = session;
  const documents = new TextDocuments(TextDocument);
  documents.onDidOpen(({ document }) => {
    const path = uriToPath(document.uri);
    if (!path) return;
    session.rememberUri(path, document.uri);
    workspace.open(path, document.getText(), document.version);
    session.engine?.channelChanged(path);
  });
  documents.onDidChangeContent(({ document }) => {
    const path = uriToPath(document.uri);
    if (!path || !workspace.docs.has(path)) return;
    workspace.change(path, document.getText(), document.version);
    if (session.engine) session.engine.queue.edited(path);
    else workspace.flush(path);
  });
  documents.onDidClose(({ document }) => {
    const path = uriToPath(document.uri);
    if (!path) return;
    session.engine?.queue.forget(path);
    workspace.close(path);
    session.rememberUri(path, undefined);
    session.engine?.channelChanged(path);
  });
  documents.listen(connection);

  connection.onDidChangeWatchedFiles((params) => {
    // The client watches for us: the fallback poller is not needed any more.
    session.poller?.stop();
    session.poller = undefined;
    const events: { path: string; type: 'created' | 'changed' | 'deleted' }[] = [];
    for (const change of params?.changes ?? []) {
      const path = uriToPath(change?.uri);
      if (!path) continue;
      const type = change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed';
      events.push({ path, type });
    }
    if (events.length) workspace.diskChanged(events);
  });

  // No settings are read from the client (no workspace/configuration); the notification is accepted and ignored.
  connection.onDidChangeConfiguration(() => undefined);
}
