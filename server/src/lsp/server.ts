/**
 * The language server: thin handlers that turn LSP requests into calls on the
 * editor-independent services (server/src/services) and the answers back into
 * LSP. No rule logic lives here.
 *
 *   initialize.ts          capabilities, first indexing, workspace folders, shutdown
 *   document-sync.ts       open / change / close, watched files
 *   check-queue.ts         the one queue from an edit to a check
 *   diagnostics.ts         checking one file, delivering its result (push or pull)
 *   language-handlers.ts   hover, completion, navigation, rename, symbols
 *   code-action-handlers.ts quick fixes, fix all, the server's commands
 *   settings-handlers.ts   the user's settings (run, customizations), didChangeConfiguration
 *   misnamed-documents.ts  open files holding a playbook under a name we do not read
 *   diagnostic-requests.ts pull diagnostics and the stats request
 *   session.ts             what these share for one connection
 *
 * Works with minimal clients: nothing is registered dynamically unless the
 * client supports it, workspace/configuration is never requested, snippets,
 * markdown, hierarchical symbols, code action literals and pull diagnostics
 * are used only when announced. A malformed request gets an error reply.
 */
import type { Connection } from 'vscode-languageserver';
import type { ServerPlatform } from './platform';
import { registerDiagnosticRequests } from './diagnostic-requests';
import { registerDocumentSync } from './document-sync';
import { registerLifecycle } from './initialize';
import { registerCodeActions } from './code-action-handlers';
import { registerLanguageHandlers } from './language-handlers';
import { Session } from './session';
import { registerSettings } from './settings-handlers';

export type { ServerPlatform } from './platform';
export { APPLY_EDIT_COMMAND, SERVER_VERSION, STATS_REQUEST, STATUS_NOTIFICATION, type InitializationOptions } from './options';

/** Serves one connection; `platform` reads the files and maps URIs (lsp/node-platform.ts on Node; the caller chooses). */
export function startServer(connection: Connection, platform: ServerPlatform): void {
  const session = new Session(connection, platform);
  registerLifecycle(session);
  registerDocumentSync(session);
  registerLanguageHandlers(session);
  registerCodeActions(session);
  registerSettings(session);
  registerDiagnosticRequests(session);
  connection.listen();
}
