/**
 * The feature requests: each checks its parameters, asks a service (server/src/services) and
 * turns the answer into LSP for what the client supports. No rule logic lives here.
 */
import { CodeActionKind, LSPErrorCodes, ResponseError, type CodeAction, type Command, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Diagnostic } from '../core/types';
import { codeActions } from '../services/code-actions';
import { complete } from '../services/completion';
import { hover } from '../services/hover';
import { definition, references } from '../services/navigation';
import { prepareRename, rename } from '../services/rename';
import { documentSymbols, workspaceSymbols } from '../services/symbols';
import { markup, symbolKind, toCompletionItem, toDocumentSymbol, toSymbolInformation } from './convert';
import { APPLY_EDIT_COMMAND } from './options';
import { guard, invalid, requirePosition, requireRange } from './params';
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
  registerCodeActions(session);
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

function registerCodeActions(session: Session): void {
  const { connection, supports } = session;
  connection.onCodeAction(
    guard(connection, 'codeAction', async (params) => {
      const range = requireRange(params?.range);
      const req = await session.docRequest(params);
      if (!req) return null;
      const only = Array.isArray(params?.context?.only) ? params.context.only : undefined;
      if (only && !only.some((k: string) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === '')) return [];
      const sent = Array.isArray(params?.context?.diagnostics) ? params.context.diagnostics : [];
      const out: (CodeAction | Command)[] = [];
      for (const action of codeActions(req.ctx, req.analysis, range)) {
        const edit = session.workspaceEdit(action.edits);
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
}
