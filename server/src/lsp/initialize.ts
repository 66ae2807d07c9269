/**
 * The lifecycle: initialize (capabilities), initialized (file watchers, first indexing),
 * workspace folders coming and going, shutdown.
 */
import {
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  TextDocumentSyncKind,
  WatchKind,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { DiagnosticsEngine } from './diagnostics';
import { setRuleDocsLink } from '../core/rule';
import { SUPPRESSIONS_FILE_NAME } from '../core/suppressions';
import { CODE_ACTION_KINDS, SERVER_COMMANDS } from './code-action-handlers';
import { readOptions, SERVER_VERSION } from './options';
import type { Session } from './session';
import { applyUserSettings, heldUntilSave } from './settings-handlers';

export function registerLifecycle(session: Session): void {
  const { connection, workspace, supports } = session;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    session.caps = params.capabilities ?? {};
    session.options = readOptions(params.initializationOptions);
    const docsCommand = session.options.ruleDocsCommand;
    // Rule links: the client's command that opens the bundled page, else the page installed with this server.
    setRuleDocsLink(
      docsCommand ? (ruleId) => `command:${docsCommand}?${encodeURIComponent(JSON.stringify([ruleId]))}` : (ruleId) => session.platform.ruleDocs?.(ruleId),
    );
    session.initialFolders = foldersOf(params, session.platform.uriToPath, session.platform.pathToUri);
    for (const f of session.initialFolders) workspace.folders.add(f);
    session.engine = new DiagnosticsEngine(connection, workspace, {
      pull: supports.pull(),
      relatedInformation: supports.relatedInformation(),
      yamlSyntaxReportedElsewhere: !!session.options.yamlSyntaxReportedElsewhere,
      uriOf: session.uriOf,
      quietMs: () => session.options.changeDebounceMs,
      backgroundDelayMs: session.options.backgroundDelayMs ?? 40,
      customizations: () => session.userSettings.customizations,
      heldUntilSave: (path) => heldUntilSave(session, path),
    });
    if (session.platform.earlyProblems) workspace.onEarlyProblems = (files) => session.engine?.early(files);
    return { capabilities: capabilities(session), serverInfo: { name: 'playbook-language-server', version: SERVER_VERSION } };
  });

  connection.onInitialized(() => {
    if (session.options.settings !== undefined) applyUserSettings(session, session.options.settings);
    if (supports.workspaceFolders()) connection.workspace.onDidChangeWorkspaceFolders((event) => foldersChanged(session, event));
    if (supports.watcherRegistration()) session.watchersRegistered = registerWatchers(session);
    session.indexing = indexFolders(session, session.initialFolders, true);
  });

  // Clients that announce workspace folders get the library's handler (set up during initialize); others may still send it.
  connection.onNotification(DidChangeWorkspaceFoldersNotification.type, (params) => foldersChanged(session, params?.event));

  connection.onShutdown(() => {
    session.shuttingDown = true;
    session.engine?.stop();
    session.poller?.stop();
  });
}

function capabilities(session: Session): ServerCapabilities {
  const { supports } = session;
  const capabilities: ServerCapabilities = {
    positionEncoding: 'utf-16',
    // Saves are announced for `run: onSave` (playbookLint.run).
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['[', ' ', ','], resolveProvider: false },
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: supports.prepareRename() ? { prepareProvider: true } : true,
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    codeActionProvider: supports.codeActionLiterals() ? { codeActionKinds: CODE_ACTION_KINDS } : true,
    executeCommandProvider: { commands: SERVER_COMMANDS },
  };
  if (supports.pull()) capabilities.diagnosticProvider = { identifier: 'playbook-lint', interFileDependencies: true, workspaceDiagnostics: true };
  if (supports.workspaceFolders()) capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
  return capabilities;
}

function registerWatchers(session: Session): Promise<boolean> {
  return session.connection.client
    .register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        { globPattern: '**/*.{playbook,vocabulary}.{yaml,yml}' },
        { globPattern: '**/.playbook-lint.yaml' },
        { globPattern: `**/${SUPPRESSIONS_FILE_NAME}` },
        // Folder deletions and renames arrive as one event for the folder.
        { globPattern: '**/*', kind: WatchKind.Delete },
      ],
    })
    .then(
      () => true,
      (e) => {
        session.connection.console.warn(`could not register file watchers (${e?.message ?? e}); polling the disk instead`);
        return false;
      },
    );
}

/** Indexes folders, then checks every file (the first time: starts the check queue). */
async function indexFolders(session: Session, folders: string[], first: boolean): Promise<void> {
  const { connection, workspace } = session;
  const engine = session.engine!;
  await session.indexing.catch(() => undefined);
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  const report = (percent: number, message: string) => {
    progress?.report(percent, message);
    session.status('indexing', `Playbook Lint: ${message}`);
  };
  const t0 = Date.now();
  try {
    progress?.begin('Playbook Lint', 0, 'indexing', false);
    session.status('indexing', 'Playbook Lint: indexing');
    for (const folder of folders) {
      await session.platform.loadFolder?.(folder).catch((e) => connection.console.error(`could not list ${folder}: ${(e as Error)?.message ?? e}`));
      await workspace.addFolder(folder, (done, total) => report(total ? Math.round((done / total) * 50) : 0, `indexing ${done}/${total} files`));
    }
    if (first) engine.start();
    await engine.queue.drain(
      (done, total) => report(50 + (total ? Math.round((done / total) * 50) : 50), `checking ${done}/${total} files`),
      () => session.shuttingDown,
    );
    workspace.releasePrelinted();
    progress?.done();
    const files = workspace.reportedPaths().length;
    connection.console.log(`indexed ${files} files in ${workspace.projects.size} project(s) in ${Date.now() - t0} ms`);
    session.status('ready', `Playbook Lint: ${files} files`);
    // Housekeeping once every result is out (Node: a compacting collection, tens of ms): the editor need not wait for it.
    session.platform.afterIndexing?.();
  } catch (error) {
    progress?.done();
    connection.console.error(`indexing failed: ${(error as Error)?.stack ?? error}`);
    if (first) engine.start();
    session.status('ready', 'Playbook Lint: indexing failed (see output)');
  }
  if (first && !session.shuttingDown && !(await session.watchersRegistered)) {
    session.poller = session.platform.startPoller?.(workspace, session.options.pollIntervalMs ?? 2000, (events) => workspace.diskChanged(events), t0);
  }
}

function foldersChanged(session: Session, event: { added?: WorkspaceFolder[]; removed?: WorkspaceFolder[] } | null | undefined): void {
  if (!event || typeof event !== 'object') return;
  const { workspace } = session;
  for (const removed of Array.isArray(event.removed) ? event.removed : []) {
    const path = session.uriToPath(removed?.uri);
    if (path) workspace.removeFolder(path);
  }
  const added = (Array.isArray(event.added) ? event.added : []).map((f) => session.uriToPath(f?.uri)).filter((p): p is string => !!p);
  for (const p of added) workspace.folders.add(p); // announced now: files under it wait for its indexing
  if (added.length) session.indexing = indexFolders(session, added, false);
}

function foldersOf(params: InitializeParams, uriToPath: Session['platform']['uriToPath'], pathToUri: Session['platform']['pathToUri']): string[] {
  const out: string[] = [];
  if (Array.isArray(params.workspaceFolders)) {
    for (const f of params.workspaceFolders) {
      const p = uriToPath(f?.uri);
      if (p) out.push(p);
    }
  } else if (typeof params.rootUri === 'string') {
    const p = uriToPath(params.rootUri);
    if (p) out.push(p);
  } else if (typeof params.rootPath === 'string' && params.rootPath) {
    const p = uriToPath(pathToUri(params.rootPath));
    if (p) out.push(p);
  }
  return [...new Set(out)];
}
