/** The desktop entry (`main`): the bundled server (dist/server.js) runs in Node, over IPC, and reads the disk itself. */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateWith, CLIENT_ID, deactivate, type PlaybookLintApi } from './activate';

export { CLIENT_ID, DOCUMENT_SELECTOR, type PlaybookLintApi } from './activate';
export { deactivate };

export function activate(context: vscode.ExtensionContext): Promise<PlaybookLintApi> {
  return activateWith(
    context,
    {
      schemes: () => ['file'],
      pathToUri: (path) => vscode.Uri.file(path),
      async createClient(clientOptions) {
        const module = context.asAbsolutePath('dist/server.js');
        const serverOptions: ServerOptions = {
          run: { module, transport: TransportKind.ipc },
          debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
        };
        return new LanguageClient(CLIENT_ID, 'Playbook Lint', serverOptions, clientOptions);
      },
    },
    'node',
  );
}
