/**
 * `playbook-language-server`: the editor-neutral language server.
 *   playbook-language-server --stdio        LSP over stdin/stdout (Neovim, Helix, Emacs, …)
 *   playbook-language-server --node-ipc     Node IPC (how the VS Code extension uses it)
 *   playbook-language-server --socket=PORT  a TCP socket
 * With no transport argument it speaks over stdio.
 *
 * The same bundle runs as the server's index worker threads (see node/index-workers.ts).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { INDEX_WORKER_MARK, keepYoungGenerationSmall, serveIndexWorker, setIndexWorkerScript } from '../node/index-workers';
import { nodeHost } from '../node/node-host';
import { nodePlatform } from './node-platform';
import { SERVER_VERSION, startServer } from './server';

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--version') || args.includes('-v')) {
    process.stdout.write(`${SERVER_VERSION}\n`);
    process.exit(0);
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(
      [
        'Usage: playbook-language-server [--stdio | --node-ipc | --socket=PORT]',
        '',
        'The playbook-lint language server (LSP). Editors start it; it answers on the chosen transport.',
        'Default transport: --stdio.',
        '',
      ].join('\n'),
    );
    process.exit(0);
  }
  const transports = ['--stdio', '--node-ipc', '--socket', '--pipe'];
  if (!args.some((a) => transports.some((t) => a === t || a.startsWith(`${t}=`)))) process.argv.push('--stdio');

  // A bug must never take the editor's server down with it: report and carry on.
  process.on('uncaughtException', (error) => {
    process.stderr.write(`playbook-language-server: uncaught ${error?.stack ?? error}\n`);
  });
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`playbook-language-server: unhandled rejection ${(reason as Error)?.stack ?? reason}\n`);
  });

  keepYoungGenerationSmall();
  // Index workers run this very file; from sources (tsx) there is no bundle to start, so indexing stays in this thread.
  setIndexWorkerScript(/\.[cm]?js$/.test(__filename) ? __filename : undefined);
  startServer(createConnection(ProposedFeatures.all), nodePlatform);
}

if (!isMainThread && (workerData as Record<string, unknown> | undefined)?.[INDEX_WORKER_MARK]) serveIndexWorker(parentPort!, nodeHost.readAnalysis);
else main();
