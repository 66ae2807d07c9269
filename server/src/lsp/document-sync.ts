/**
 * Documents and files: open / change / close from the editor, file events from the client's
 * watcher. An edit is recorded in the workspace and handed to the check queue (check-queue.ts),
 * which decides when it is analysed and checked.
 */
import { FileChangeType, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKindOf } from '../core/file-kind';
import type { Diagnostic } from '../core/types';
import { toLspDiagnostic } from './convert';
import type { Session } from './session';

export function registerDocumentSync(session: Session): void {
  const { uriToPath, platform } = session;
  const { connection, workspace } = session;
  const documents = new TextDocuments(TextDocument);
  documents.onDidOpen(({ document }) => {
    const path = uriToPath(document.uri);
    if (!path) return;
    if (misnamedChanged(session, path, document.getText())) return;
    session.rememberUri(path, document.uri);
    workspace.open(path, document.getText(), document.version);
    session.engine?.channelChanged(path);
  });
  documents.onDidChangeContent(({ document }) => {
    const path = uriToPath(document.uri);
    if (!path || misnamedChanged(session, path, document.getText()) || !workspace.docs.has(path)) return;
    workspace.change(path, document.getText(), document.version);
    if (session.userSettings.run === 'onSave') session.unsaved.add(path);
    if (session.engine) session.engine.queue.edited(path);
    else workspace.flush(path);
  });
  documents.onDidSave(({ document }) => {
    const path = uriToPath(document.uri);
    // `run: onSave`: the edits held back are checked now.
    if (path && session.unsaved.delete(path)) workspace.markDirty([path]);
  });
  documents.onDidClose(({ document }) => {
    const path = uriToPath(document.uri);
    if (!path) return;
    session.unsaved.delete(path);
    if (session.misnamed.forget(path)) publishMisnamed(session, path, []);
    session.engine?.queue.forget(path);
    workspace.close(path);
    session.rememberUri(path, undefined);
    session.engine?.channelChanged(path);
  });
  documents.listen(connection);

  let fileEvents: Promise<void> = Promise.resolve();
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
    if (!events.length) return;
    // A host without a disk reads the changed files first; events stay in the order they came.
    if (platform.loadChanges)
      fileEvents = fileEvents
        .then(() => platform.loadChanges!(events))
        .catch(() => undefined)
        .then(() => workspace.diskChanged(events));
    else workspace.diskChanged(events);
  });
}

/**
 * A document our name filter leaves out (no .playbook/.vocabulary name): tracked when it
 * holds a playbook, vocabulary or config (misnamed-documents.ts). True when it is handled here.
 */
function misnamedChanged(session: Session, path: string, text: string): boolean {
  if (fileKindOf(path)) return false;
  if (session.misnamed.update(path, text)) publishMisnamed(session, path, session.misnamed.diagnostics(path));
  return true;
}

/** Clients that pull ask for these themselves (diagnostic-requests.ts); the others get them pushed. */
function publishMisnamed(session: Session, path: string, diagnostics: Diagnostic[]): void {
  if (session.supports.pull()) return;
  const options = { relatedInformation: session.supports.relatedInformation(), uriOf: session.uriOf };
  void session.connection.sendDiagnostics({ uri: session.uriOf(path), diagnostics: diagnostics.map((d) => toLspDiagnostic(d, options)) });
}
