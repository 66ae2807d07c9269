/** Pull diagnostics (textDocument/diagnostic, workspace/diagnostic) and the troubleshooting stats request. */
import { LSPErrorCodes, ResponseError, type WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import { toLspDiagnostic } from './convert';
import { STATS_REQUEST } from './options';
import { requireUri } from './params';
import type { Session } from './session';

export function registerDiagnosticRequests(session: Session): void {
  const { connection, workspace } = session;

  connection.languages.diagnostics.on(async (params, token) => {
    requireUri(params);
    const path = session.uriToPath(params.textDocument.uri);
    const engine = session.engine;
    if (!path || !engine) return { kind: 'full', items: [] };
    if (session.misnamed.has(path)) {
      const options = { relatedInformation: session.supports.relatedInformation(), uriOf: session.uriOf };
      return { kind: 'full', items: session.misnamed.diagnostics(path).map((d) => toLspDiagnostic(d, options)) };
    }
    return engine.pullDocument(path, typeof params.previousResultId === 'string' ? params.previousResultId : undefined).then((r) => {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'cancelled', { retriggerRequest: true });
      return r;
    });
  });

  connection.languages.diagnostics.onWorkspace(async (params, token, _workDone, resultProgress) => {
    const engine = session.engine;
    if (!engine) return { items: [] };
    const previous = Array.isArray(params?.previousResultIds)
      ? params.previousResultIds.filter((p) => typeof p?.uri === 'string' && typeof p?.value === 'string')
      : [];
    const partial = resultProgress && ((reports: WorkspaceDocumentDiagnosticReport[]) => resultProgress.report({ items: reports }));
    const items = await engine.pullWorkspace(previous, () => token.isCancellationRequested, partial);
    return { items };
  });

  // Troubleshooting and tests: what the server holds and how often it re-checked each file.
  connection.onRequest(STATS_REQUEST, () => ({
    indexing: workspace.isIndexing,
    ready: session.engine?.isReady ?? false,
    projects: [...workspace.projects.values()].map((p) => ({ root: p.root, files: p.files.size, config: p.config.file ?? null })),
    openDocuments: [...workspace.docs.keys()],
    pendingChecks: workspace.dirty.size,
    lintCounts: Object.fromEntries(session.engine?.lintCounts ?? []),
    indexThreads: workspace.lastIndexThreads ?? null,
    backgroundRuns: workspace.backgroundRuns,
    memory: session.platform.memory?.() ?? null,
  }));
}
