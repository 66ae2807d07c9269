/**
 * The feature requests: each checks its parameters, asks a service (server/src/services) and
 * turns the answer into LSP for what the client supports. No rule logic lives here. Code
 * actions and commands are in code-action-handlers.ts.
 */
import type { Diagnostic } from '../core/types';
import { complete } from '../services/completion';
import { hover } from '../services/hover';
import { PREVIEW_REQUEST, previewOf } from '../services/preview';
import { definition, references } from '../services/navigation';
import { prepareRename, rename } from '../services/rename';
import { documentSymbols, workspaceSymbols } from '../services/symbols';
import { markup, symbolKind, toCompletionItem, toDocumentSymbol, toSymbolInformation } from './convert';
import { guard, invalid, requirePosition, requireUri } from './params';
import type { Session } from './session';

export function registerLanguageHandlers(session: Session): void {
  const { connection, supports, uriOf } = session;
  const location = (l: { path: string; range: Diagnostic['range'] }) => ({ uri: uriOf(l.path), range: l.range });

  connection.onHover(
    guard(connection, 'hover', async (params) => {
      const position = requirePosition(params?.position);
      const req = await session.docRequest(params);
      if (!req) return null;
      const result = hover(req.ctx, req.analysis, position);
      if (!result) return null;
      return { contents: markup(result.markdown, supports.markdownHover()), range: result.range };
    }),
  );

  connection.onCompletion(
    guard(connection, 'completion', async (params) => {
      const position = requirePosition(params?.position);
      const req = await session.docRequest(params);
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
      const req = await session.docRequest(params);
      if (!req) return null;
      return definition(req.ctx, req.analysis, position).map(location);
    }),
  );

  connection.onReferences(
    guard(connection, 'references', async (params) => {
      const position = requirePosition(params?.position);
      const req = await session.docRequest(params);
      if (!req) return null;
      const include = params?.context?.includeDeclaration !== false;
      return references(req.ctx, req.analysis, position, include).map(location);
    }),
  );

  registerRename(session);
  registerSymbols(session);
  registerPreview(session);
}

/** The editor's live preview: the page of one document, from the live project (unsaved edits included). */
function registerPreview(session: Session): void {
  const { connection, workspace } = session;
  connection.onRequest(
    PREVIEW_REQUEST,
    guard(connection, 'preview', async (params) => {
      // Pending edits of other documents (a vocabulary typed in a moment ago) change this page too.
      workspace.flushAll();
      const req = await session.docRequest(params);
      const page = req && previewOf(req.ctx, req.analysis);
      if (!req || !page) return null;
      return { uri: requireUri(params), version: workspace.docs.get(req.path)?.version ?? null, ...page };
    }),
  );
}

function registerRename(session: Session): void {
  const { connection } = session;
  connection.onPrepareRename(
    guard(connection, 'prepareRename', async (params) => {
      const position = requirePosition(params?.position);
      const req = await session.docRequest(params);
      if (!req) return null;
      const result = prepareRename(req.ctx, req.analysis, position);
      return result ? { range: result.range, placeholder: result.placeholder } : null;
    }),
  );

  connection.onRenameRequest(
    guard(connection, 'rename', async (params) => {
      const position = requirePosition(params?.position);
      if (typeof params?.newName !== 'string') throw invalid('params.newName must be a string');
      const req = await session.docRequest(params);
      if (!req) return null;
      return session.workspaceEdit(rename(req.ctx, req.analysis, position, params.newName));
    }),
  );
}

function registerSymbols(session: Session): void {
  const { connection, supports, uriOf, workspace } = session;
  connection.onDocumentSymbol(
    guard(connection, 'documentSymbol', async (params) => {
      const req = await session.docRequest(params, false); // the outline reads this file only
      if (!req) return null;
      const symbols = documentSymbols(req.analysis);
      return supports.hierarchicalSymbols() ? symbols.map(toDocumentSymbol) : toSymbolInformation(symbols, uriOf(req.path));
    }),
  );

  connection.onWorkspaceSymbol(
    guard(connection, 'workspaceSymbol', async (params) => {
      await session.untilIndexed();
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
}
