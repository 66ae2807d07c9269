/**
 * What the handlers of one connection share: the client's capabilities and options, the
 * workspace, the diagnostics engine (created at initialize) and the indexing in progress.
 */
import type { ClientCapabilities, Connection, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { defaultConfig } from '../core/config';
import type { FileAnalysis } from '../core/model/model';
import { ProjectIndex } from '../core/project/project-index';
import type { TextEdit } from '../core/types';
import type { ServiceContext } from '../services/context';
import { Workspace } from '../services/workspace';
import type { DiagnosticsEngine } from './diagnostics';
import { MisnamedDocuments } from './misnamed-documents';
import { STATUS_NOTIFICATION, supportsOf, type InitializationOptions } from './options';
import { DEFAULT_USER_SETTINGS, type UserSettings } from './user-settings';
import { requireUri } from './params';
import type { ServerPlatform } from './platform';

const emptyIndex = new ProjectIndex();

export class Session {
  caps: ClientCapabilities = {};
  options: InitializationOptions = {};
  readonly supports = supportsOf(() => this.caps);
  readonly workspace: Workspace;
  engine?: DiagnosticsEngine;
  poller?: { stop(): void };
  /** The folders announced at initialize, indexed once the client says it is initialized. */
  initialFolders: string[] = [];
  /** The indexing under way (or done): requests about files of a project being indexed wait for it. */
  indexing: Promise<void> = Promise.resolve();
  watchersRegistered: Promise<boolean> = Promise.resolve(false);
  shuttingDown = false;
  /** The user's editor settings (user-settings.ts): when to check, their severities, extra quick fixes. */
  userSettings: UserSettings = DEFAULT_USER_SETTINGS;
  /** Open documents edited since they were last opened or saved (what `run: onSave` holds back). */
  readonly unsaved = new Set<string>();
  /** Open documents holding a playbook, vocabulary or config under a name we do not read. */
  readonly misnamed: MisnamedDocuments;
  /** The URI the client used for each open path (answers use the client's spelling). */
  private readonly uris = new Map<string, string>();

  constructor(
    readonly connection: Connection,
    readonly platform: ServerPlatform,
  ) {
    this.workspace = new Workspace(platform.host, { log: (m) => connection.console.log(m) });
    this.misnamed = new MisnamedDocuments((path) => this.workspace.projectOf(path)?.config ?? defaultConfig(path.slice(0, path.lastIndexOf('/')) || '/'));
  }

  uriOf = (path: string): string => this.uris.get(path) ?? this.platform.pathToUri(path);
  uriToPath = (uri: string): string | undefined => this.platform.uriToPath(uri);

  rememberUri(path: string, uri: string | undefined): void {
    if (uri === undefined) this.uris.delete(path);
    else this.uris.set(path, uri);
  }

  status(state: 'indexing' | 'ready', message: string): void {
    if (this.options.statusNotification) void this.connection.sendNotification(STATUS_NOTIFICATION, { state, message });
  }

  contextFor(path: string): ServiceContext {
    const workspace = this.workspace;
    const project = workspace.projectOf(path);
    if (!project) {
      return {
        index: emptyIndex,
        config: defaultConfig('/'),
        analysis: (p) => workspace.analysis(p),
        diagnostics: () => [],
        facts: () => [],
        allExports: () => [],
        uriOf: this.uriOf,
      };
    }
    return {
      index: project.index,
      config: project.config,
      analysis: (p) => workspace.analysis(p),
      diagnostics: (p) => workspace.lint(p) ?? [],
      facts: () => project.facts.entries(),
      allExports: () => project.index.allExports(),
      uriOf: this.uriOf,
    };
  }

  /**
   * Waits while the file's project is still being indexed: a hover right after the editor
   * opens a file must not say a term is undefined because its vocabulary is not read yet.
   */
  async untilIndexed(path?: string): Promise<void> {
    const workspace = this.workspace;
    for (let i = 0; i < 5 && (path ? workspace.isPending(path) : workspace.isIndexing); i++) await this.indexing.catch(() => undefined);
  }

  /** The document a request is about; null when it is not one of ours (other schemes, other files). */
  async docRequest(params: unknown, needsProject = true): Promise<{ path: string; analysis: FileAnalysis; ctx: ServiceContext } | null> {
    const uri = requireUri(params);
    const path = this.uriToPath(uri);
    if (!path) return null;
    if (needsProject) await this.untilIndexed(path);
    const analysis = this.workspace.analysis(path);
    if (!analysis) return null;
    return { path, analysis, ctx: this.contextFor(path) };
  }

  /** Edits as a WorkspaceEdit in the form the client understands. */
  workspaceEdit(edits: TextEdit[]): WorkspaceEdit {
    const byPath = new Map<string, TextEdit[]>();
    for (const e of edits) {
      const list = byPath.get(e.path);
      if (list) list.push(e);
      else byPath.set(e.path, [e]);
    }
    if (this.supports.documentChanges()) {
      const documentChanges: TextDocumentEdit[] = [...byPath].map(([path, list]) => ({
        textDocument: { uri: this.uriOf(path), version: this.workspace.docs.get(path)?.version ?? null },
        edits: list.map((e) => ({ range: e.range, newText: e.newText })),
      }));
      return { documentChanges };
    }
    const changes: Record<string, { range: TextEdit['range']; newText: string }[]> = {};
    for (const [path, list] of byPath) changes[this.uriOf(path)] = list.map((e) => ({ range: e.range, newText: e.newText }));
    return { changes };
  }
}
