/**
 * The language server: thin handlers that turn LSP requests into calls on the
 * editor-independent services (server/src/services) and the answers back into
 * LSP. No rule logic lives here.
 *
 * Works with minimal clients: nothing is registered dynamically unless the
 * client supports it, workspace/configuration is never requested, snippets,
 * markdown, hierarchical symbols, code action literals and pull diagnostics
 * are used only when announced. A malformed request gets an error reply.
 */
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
  type TextDocumentEdit,
  type WorkspaceEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { getHeapSpaceStatistics } from 'node:v8';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig } from '../core/config';
import type { FileAnalysis } from '../core/model/model';
import { ProjectIndex } from '../core/project/project-index';
import type { Position, TextEdit } from '../core/types';
import { codeActions } from '../services/code-actions';
import { complete } from '../services/completion';
import type { ServiceContext } from '../services/context';
import { hover } from '../services/hover';
import { definition, references } from '../services/navigation';
import { nodeHost } from '../services/node-host';
import { PREVIEW_REQUEST, previewOf } from '../services/preview';
import { prepareRename, rename } from '../services/rename';
import { documentSymbols, workspaceSymbols } from '../services/symbols';
import { ServiceError } from '../services/types';
import { Workspace, type WorkspaceHost } from '../services/workspace';
import { markup, pathToUri, symbolKind, toCompletionItem, toDocumentSymbol, toSymbolInformation, uriToPath } from './convert';
import { ChangeScheduler } from './change-scheduler';
import { DiagnosticsEngine } from './diagnostics';
import { DiskPoller } from './disk-poller';

declare const PACKAGE_VERSION: string;
export const SERVER_VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

export const APPLY_EDIT_COMMAND = 'playbook-lint.applyEdit';
export const STATUS_NOTIFICATION = 'playbook-lint/status';
export const STATS_REQUEST = 'playbook-lint/stats';

/** Settings a client may pass in initializationOptions (all optional). */
export interface InitializationOptions {
  /** Send `playbook-lint/status` notifications ({ state: 'indexing' | 'ready', message }) for a status bar. */
  statusNotification?: boolean;
  /** The client shows YAML parse errors itself (the Red Hat YAML extension): leave them to it. */
  yamlSyntaxReportedElsewhere?: boolean;
  /** How often the fallback disk poller looks for changes (ms; default 2000). */
  pollIntervalMs?: number;
  /**
   * Quiet time after a keystroke before the edited file is re-checked (ms). Default: none, the file
   * is re-checked once the messages already received are handled (see lsp/change-scheduler.ts).
   */
  changeDebounceMs?: number;
  /** Quiet time before closed files affected by an edit are re-checked (ms; default 40). */
  backgroundDelayMs?: number;
}

function readOptions(raw: unknown): InitializationOptions {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const num = (v: unknown, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : undefined);
  return {
    statusNotification: o.statusNotification === true,
    yamlSyntaxReportedElsewhere: o.yamlSyntaxReportedElsewhere === true,
    pollIntervalMs: num(o.pollIntervalMs, 50, 60_000),
    changeDebounceMs: num(o.changeDebounceMs, 0, 2000),
    backgroundDelayMs: num(o.backgroundDelayMs, 0, 10_000),
  };
}

const invalid = (message: string) => new ResponseError(ErrorCodes.InvalidParams, message);

function requirePosition(p: unknown): Position {
  const pos = p as Position | undefined;
  if (!pos || typeof pos !== 'object' || !Number.isInteger(pos.line) || !Number.isInteger(pos.character) || pos.line < 0 || pos.character < 0) {
    throw invalid('params.position must be { line, character } with non-negative integers');
  }
  return pos;
}

function requireUri(params: unknown): string {
  const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  if (typeof uri !== 'string') throw invalid('params.textDocument.uri must be a string');
  return uri;
}

function requireRange(r: unknown): { start: Position; end: Position } {
  const range = r as { start?: unknown; end?: unknown } | undefined;
  if (!range || typeof range !== 'object') throw invalid('params.range must be { start, end }');
  return { start: requirePosition(range.start), end: requirePosition(range.end) };
}

/** Wraps a handler: refusals become RequestFailed with the service's message, bugs an InternalError; nothing escapes. */
function guard<P, R>(connection: Connection, name: string, fn: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await fn(params);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      if (error instanceof ServiceError) throw new ResponseError(LSPErrorCodes.RequestFailed, error.message);
      connection.console.error(`${name} failed: ${(error as Error)?.stack ?? error}`);
      throw new ResponseError(ErrorCodes.InternalError, `${name} failed: ${(error as Error)?.message ?? error}`);
    }
  };
}

export function startServer(connection: Connection, host: WorkspaceHost = nodeHost): void {
  let caps: ClientCapabilities = {};
  let options: InitializationOptions = {};
  const workspace = new Workspace(host, { log: (m) => connection.console.log(m) });
  let engine: DiagnosticsEngine | undefined;
  let poller: DiskPoller | undefined;
  let initialFolders: string[] = [];
  const uris = new Map<string, string>();
  const uriOf = (path: string) => uris.get(path) ?? pathToUri(path);
  const changes = new ChangeScheduler(() => options.changeDebounceMs, (path) => workspace.flush(path));
  let indexing: Promise<void> = Promise.resolve();
  let watchersRegistered: Promise<boolean> = Promise.resolve(false);
  let shuttingDown = false;

  const supports = {
    markdownHover: () => !!caps.textDocument?.hover?.contentFormat?.includes('markdown'),
    markdownCompletion: () => !!caps.textDocument?.completion?.completionItem?.documentationFormat?.includes('markdown'),
    snippets: () => !!caps.textDocument?.completion?.completionItem?.snippetSupport,
    hierarchicalSymbols: () => !!caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport,
    codeActionLiterals: () => !!caps.textDocument?.codeAction?.codeActionLiteralSupport,
    preferred: () => !!caps.textDocument?.codeAction?.isPreferredSupport,
    documentChanges: () => !!caps.workspace?.workspaceEdit?.documentChanges,
    watcherRegistration: () => !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    pull: () => !!caps.textDocument?.diagnostic && !!caps.workspace?.diagnostics?.refreshSupport,
    prepareRename: () => !!caps.textDocument?.rename?.prepareSupport,
    workspaceFolders: () => !!caps.workspace?.workspaceFolders,
    applyEdit: () => !!caps.workspace?.applyEdit,
  };

  const status = (state: 'indexing' | 'ready', message: string) => {
    if (options.statusNotification) void connection.sendNotification(STATUS_NOTIFICATION, { state, message });
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    caps = params.capabilities ?? {};
    options = readOptions(params.initializationOptions);
    initialFolders = foldersOf(params);
    for (const f of initialFolders) workspace.folders.add(f);
    engine = new DiagnosticsEngine(connection, workspace, {
      pull: supports.pull(),
      relatedInformation: !!(caps.textDocument?.publishDiagnostics?.relatedInformation || caps.textDocument?.diagnostic),
      yamlSyntaxReportedElsewhere: !!options.yamlSyntaxReportedElsewhere,
      uriOf,
      backgroundDelayMs: options.backgroundDelayMs ?? 40,
    });
    const capabilities: ServerCapabilities = {
      positionEncoding: 'utf-16',
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['[', ' ', ','], resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: supports.prepareRename() ? { prepareProvider: true } : true,
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      codeActionProvider: supports.codeActionLiterals() ? { codeActionKinds: [CodeActionKind.QuickFix] } : true,
    };
    if (!supports.codeActionLiterals()) capabilities.executeCommandProvider = { commands: [APPLY_EDIT_COMMAND] };
    if (supports.pull()) capabilities.diagnosticProvider = { identifier: 'playbook-lint', interFileDependencies: true, workspaceDiagnostics: true };
    if (supports.workspaceFolders()) capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
    return { capabilities, serverInfo: { name: 'playbook-language-server', version: SERVER_VERSION } };
  });

  connection.onInitialized(() => {
    if (supports.workspaceFolders()) connection.workspace.onDidChangeWorkspaceFolders((event) => foldersChanged(event));
    if (supports.watcherRegistration()) {
      watchersRegistered = connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: '**/*.{playbook,vocabulary}.{yaml,yml}' },
            { globPattern: '**/.playbook-lint.yaml' },
            // Folder deletions and renames arrive as one event for the folder.
            { globPattern: '**/*', kind: WatchKind.Delete },
          ],
        })
        .then(
          () => true,
          (e) => {
            connection.console.warn(`could not register file watchers (${e?.message ?? e}); polling the disk instead`);
            return false;
          },
        );
    }
    indexing = indexFolders(initialFolders, true);
  });

  async function indexFolders(folders: string[], first: boolean): Promise<void> {
    await indexing.catch(() => undefined);
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    const t0 = Date.now();
    try {
      progress?.begin('Playbook Lint', 0, 'indexing', false);
      status('indexing', 'Playbook Lint: indexing');
      for (const folder of folders) {
        await workspace.addFolder(folder, (done, total) => {
          const message = `indexing ${done}/${total} files`;
          progress?.report(total ? Math.round((done / total) * 50) : 0, message);
          status('indexing', `Playbook Lint: ${message}`);
        });
      }
      if (first) engine!.start();
      await engine!.drain((done, total) => {
        const message = `checking ${done}/${total} files`;
        progress?.report(50 + (total ? Math.round((done / total) * 50) : 50), message);
        status('indexing', `Playbook Lint: ${message}`);
      }, () => shuttingDown);
      workspace.releasePrelinted();
      progress?.done();
      const files = workspace.reportedPaths().length;
      connection.console.log(`indexed ${files} files in ${workspace.projects.size} project(s) in ${Date.now() - t0} ms`);
      status('ready', `Playbook Lint: ${files} files`);
    } catch (error) {
      progress?.done();
      connection.console.error(`indexing failed: ${(error as Error)?.stack ?? error}`);
      if (first) engine!.start();
      status('ready', 'Playbook Lint: indexing failed (see output)');
    }
    if (first && !shuttingDown && !(await watchersRegistered)) {
      poller = new DiskPoller(workspace, options.pollIntervalMs ?? 2000, (events) => workspace.diskChanged(events), t0);
      poller.start();
    }
  }

  function foldersChanged(event: { added?: WorkspaceFolder[]; removed?: WorkspaceFolder[] } | null | undefined): void {
    if (!event || typeof event !== 'object') return;
    for (const removed of Array.isArray(event.removed) ? event.removed : []) {
      const path = uriToPath(removed?.uri);
      if (path) workspace.removeFolder(path);
    }
    const added = (Array.isArray(event.added) ? event.added : []).map((f) => uriToPath(f?.uri)).filter((p): p is string => !!p);
    for (const p of added) workspace.folders.add(p); // announced now: files under it wait for its indexing
    if (added.length) indexing = indexFolders(added, false);
  }
  // Clients that announce workspace folders get the library's handler (set up during initialize); others may still send it.
  connection.onNotification(DidChangeWorkspaceFoldersNotification.type, (params) => foldersChanged(params?.event));

  // ------------------------------------------------------------------ documents

  const documents = new TextDocuments(TextDocument);
  documents.onDidOpen(({ document }) => {
    const path = uriToPath(document.uri);
    if (!path) return;
    uris.set(path, document.uri);
    workspace.open(path, document.getText(), document.version);
    engine?.channelChanged(path);
  });
  documents.onDidChangeContent(({ document }) => {
    const path = uriToPath(document.uri);
    if (!path || !workspace.docs.has(path)) return;
    workspace.change(path, document.getText(), document.version);
    changes.changed(path);
  });
  documents.onDidClose(({ document }) => {
    const path = uriToPath(document.uri);
    if (!path) return;
    changes.forget(path);
    workspace.close(path);
    uris.delete(path);
    engine?.channelChanged(path);
  });
  documents.listen(connection);

  connection.onDidChangeWatchedFiles((params) => {
    // The client watches for us: the fallback poller is not needed any more.
    poller?.stop();
    poller = undefined;
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

  // ------------------------------------------------------------------ requests

  const emptyIndex = new ProjectIndex();
  function contextFor(path: string): ServiceContext {
    const project = workspace.projectOf(path);
    if (!project) {
      return {
        index: emptyIndex,
        config: defaultConfig('/'),
        analysis: (p) => workspace.analysis(p),
        diagnostics: () => [],
        facts: () => [],
        allExports: () => [],
      };
    }
    return {
      index: project.index,
      config: project.config,
      analysis: (p) => workspace.analysis(p),
      diagnostics: (p) => workspace.lint(p) ?? [],
      facts: () => project.facts.entries(),
      allExports: () => project.index.allExports(),
    };
  }

  /**
   * Waits while the file's project is still being indexed: a hover right after the editor
   * opens a file must not say a term is undefined because its vocabulary is not read yet.
   */
  async function untilIndexed(path?: string): Promise<void> {
    for (let i = 0; i < 5 && (path ? workspace.isPending(path) : workspace.isIndexing); i++) await indexing.catch(() => undefined);
  }

  /** The document a request is about; null when it is not one of ours (other schemes, other files). */
  async function docRequest(params: unknown, needsProject = true): Promise<{ path: string; analysis: FileAnalysis; ctx: ServiceContext } | null> {
    const uri = requireUri(params);
    const path = uriToPath(uri);
    if (!path) return null;
    if (needsProject) await untilIndexed(path);
    const analysis = workspace.analysis(path);
    if (!analysis) return null;
    return { path, analysis, ctx: contextFor(path) };
  }

  function workspaceEdit(edits: TextEdit[]): WorkspaceEdit {
    const byPath = new Map<string, TextEdit[]>();
    for (const e of edits) {
      const list = byPath.get(e.path);
      if (list) list.push(e);
      else byPath.set(e.path, [e]);
    }
    if (supports.documentChanges()) {
      const documentChanges: TextDocumentEdit[] = [...byPath].map(([path, list]) => ({
        textDocument: { uri: uriOf(path), version: workspace.docs.get(path)?.version ?? null },
        edits: list.map((e) => ({ range: e.range, newText: e.newText })),
      }));
      return { documentChanges };
    }
    const changes: Record<string, { range: TextEdit['range']; newText: string }[]> = {};
    for (const [path, list] of byPath) changes[uriOf(path)] = list.map((e) => ({ range: e.range, newText: e.newText }));
    return { changes };
  }

  connection.onHover(
    guard(connection, 'hover', async (params) => {
      const position = requirePosition(params?.position);
      const req = await docRequest(params);
      if (!req) return null;
      const result = hover(req.ctx, req.analysis, position);
      if (!result) return null;
      return { contents: markup(result.markdown, supports.markdownHover()), range: result.range };
    }),
  );

  connection.onCompletion(
    guard(connection, 'completion', async (params) => {
      const position = requirePosition(params?.position);
      const req = await docRequest(params);
      if (!req) return null;
      const trigger = params?.context?.triggerKind === 2 && typeof params.context.triggerCharacter === 'string' ? params.context.triggerCharacter : undefined;
      const result = complete(req.ctx, req.analysis, position, trigger);
      const opts = { snippets: supports.snippets(), markdown: supports.markdownCompletion() };
      return { isIncomplete: result.isIncomplete, items: result.items.map((e) => toCompletionItem(e, opts)) };
    }),
  );

  connection.onDefinition(
    guard(connection, 'definition', async (params) => {
      const position = requirePosition(params?.position);
      const req = await docRequest(params);
      if (!req) return null;
      return definition(req.ctx, req.analysis, position).map((l) => ({ uri: uriOf(l.path), range: l.range }));
    }),
  );

  connection.onReferences(
    guard(connection, 'references', async (params) => {
      const position = requirePosition(params?.position);
      const req = await docRequest(params);
      if (!req) return null;
      const include = params?.context?.includeDeclaration !== false;
      return references(req.ctx, req.analysis, position, include).map((l) => ({ uri: uriOf(l.path), range: l.range }));
    }),
  );

  connection.onPrepareRename(
    guard(connection, 'prepareRename', async (params) => {
      const position = requirePosition(params?.position);
      const req = await docRequest(params);
      if (!req) return null;
      const result = prepareRename(req.ctx, req.analysis, position);
      return result ? { range: result.range, placeholder: result.placeholder } : null;
    }),
  );

  connection.onRenameRequest(
    guard(connection, 'rename', async (params) => {
      const position = requirePosition(params?.position);
      if (typeof params?.newName !== 'string') throw invalid('params.newName must be a string');
      const req = await docRequest(params);
      if (!req) return null;
      return workspaceEdit(rename(req.ctx, req.analysis, position, params.newName));
    }),
  );

  connection.onDocumentSymbol(
    guard(connection, 'documentSymbol', async (params) => {
      const req = await docRequest(params, false); // the outline reads this file only
      if (!req) return null;
      const symbols = documentSymbols(req.analysis);
      return supports.hierarchicalSymbols() ? symbols.map(toDocumentSymbol) : toSymbolInformation(symbols, uriOf(req.path));
    }),
  );

  connection.onWorkspaceSymbol(
    guard(connection, 'workspaceSymbol', async (params) => {
      await untilIndexed();
      const query = typeof params?.query === 'string' ? params.query : '';
      const all = [...workspace.projects.values()].flatMap((p) => [...p.index.allExports()]);
      return workspaceSymbols(all, query).map((s) => ({
        name: s.name,
        kind: symbolKind(s.kind),
        containerName: s.containerName,
        location: { uri: uriOf(s.location.path), range: s.location.range },
      }));
    }),
  );

  connection.onCodeAction(
    guard(connection, 'codeAction', async (params) => {
      const range = requireRange(params?.range);
      const req = await docRequest(params);
      if (!req) return null;
      const only = Array.isArray(params?.context?.only) ? params.context.only : undefined;
      if (only && !only.some((k: string) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === '')) return [];
      const sent = Array.isArray(params?.context?.diagnostics) ? params.context.diagnostics : [];
      const out: (CodeAction | Command)[] = [];
      for (const action of codeActions(req.ctx, req.analysis, range)) {
        const edit = workspaceEdit(action.edits);
        if (!supports.codeActionLiterals()) {
          out.push({ title: action.title, command: APPLY_EDIT_COMMAND, arguments: [edit] });
          continue;
        }
        const d = action.diagnostic;
        const match = sent.filter(
          (s) =>
            s?.code === d.ruleId &&
            s.range?.start?.line === d.range.start.line &&
            s.range?.start?.character === d.range.start.character &&
            s.range?.end?.line === d.range.end.line &&
            s.range?.end?.character === d.range.end.character,
        );
        const ca: CodeAction = { title: action.title, kind: CodeActionKind.QuickFix, edit };
        if (match.length) ca.diagnostics = match;
        if (action.preferred && supports.preferred()) ca.isPreferred = true;
        out.push(ca);
      }
      return out;
    }),
  );

  connection.onExecuteCommand(
    guard(connection, 'executeCommand', async (params) => {
      if (params?.command !== APPLY_EDIT_COMMAND) throw invalid(`unknown command ${String(params?.command)}`);
      const edit = params.arguments?.[0] as WorkspaceEdit | undefined;
      if (!edit || typeof edit !== 'object') throw invalid('the command needs a workspace edit');
      if (!supports.applyEdit()) throw new ResponseError(LSPErrorCodes.RequestFailed, 'this editor cannot apply edits sent by the server');
      await connection.workspace.applyEdit(edit);
      return null;
    }),
  );

  connection.languages.diagnostics.on(async (params, token) => {
    requireUri(params);
    const path = uriToPath(params.textDocument.uri);
    if (!path || !engine) return { kind: 'full', items: [] };
    return engine.pullDocument(path, typeof params.previousResultId === 'string' ? params.previousResultId : undefined).then((r) => {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'cancelled', { retriggerRequest: true });
      return r;
    });
  });

  connection.languages.diagnostics.onWorkspace(async (params, token) => {
    if (!engine) return { items: [] };
    const previous = Array.isArray(params?.previousResultIds) ? params.previousResultIds.filter((p) => typeof p?.uri === 'string' && typeof p?.value === 'string') : [];
    const items = await engine.pullWorkspace(previous, () => token.isCancellationRequested);
    return { items };
  });

  // The editor's live preview: the page of one document, from the live project (unsaved edits included).
  connection.onRequest(
    PREVIEW_REQUEST,
    guard(connection, 'preview', async (params) => {
      // Pending edits of other documents (a vocabulary typed in a moment ago) change this page too.
      workspace.flushAll();
      const req = await docRequest(params);
      const page = req && previewOf(req.ctx, req.analysis);
      if (!req || !page) return null;
      return { uri: requireUri(params), version: workspace.docs.get(req.path)?.version ?? null, ...page };
    }),
  );

  // Troubleshooting and tests: what the server holds and how often it re-checked each file.
  connection.onRequest(STATS_REQUEST, () => ({
    indexing: workspace.isIndexing,
    ready: engine?.isReady ?? false,
    projects: [...workspace.projects.values()].map((p) => ({ root: p.root, files: p.files.size, config: p.config.file ?? null })),
    openDocuments: [...workspace.docs.keys()],
    pendingChecks: workspace.dirty.size,
    lintCounts: Object.fromEntries(engine?.lintCounts ?? []),
    indexThreads: workspace.lastIndexThreads ?? null,
    memory: { ...process.memoryUsage(), heapSpaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }])) },
  }));

  connection.onShutdown(() => {
    shuttingDown = true;
    engine?.stop();
    poller?.stop();
    changes.stop();
  });

  connection.listen();
}

function foldersOf(params: InitializeParams): string[] {
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
