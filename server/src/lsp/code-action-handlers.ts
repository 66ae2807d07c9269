/**
 * Code actions and the server's commands:
 * - `quickfix`: each problem's fixes (services/code-actions.ts); alternatives (which
 *   vocabulary to add a term to) as one action that asks; "rename the file" for a
 *   misnamed file; "Show documentation for RULE" when the client has a command for it.
 * - `source.fixAll.playbook-lint`: every safe fix of the file in one edit, the same
 *   fixes `playbook-lint --fix` applies (core/apply-fixes.ts decides which).
 * - commands: playbook-lint.applyEdit (clients without code action literals),
 *   playbook-lint.chooseEdit (asks which alternative), playbook-lint.renameFile.
 */
import * as nodePath from 'node:path';
import {
  CodeActionKind,
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type Command,
  type Diagnostic as LspDiagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { applySafeFixes } from '../core/apply-fixes';
import type { FileAnalysis } from '../core/model/model';
import type { Diagnostic } from '../core/types';
import { codeActions } from '../services/code-actions';
import type { ServiceContext } from '../services/context';
import type { CodeActionEntry } from '../services/types';
import { APPLY_EDIT_COMMAND } from './options';
import { guard, invalid, requireRange, requireUri } from './params';
import type { Session } from './session';
import { customizedSeverity } from './user-settings';
import { pushAll } from '../core/arrays';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.playbook-lint`;
export const CHOOSE_EDIT_COMMAND = 'playbook-lint.chooseEdit';
export const RENAME_FILE_COMMAND = 'playbook-lint.renameFile';
export const SERVER_COMMANDS = [APPLY_EDIT_COMMAND, CHOOSE_EDIT_COMMAND, RENAME_FILE_COMMAND];
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

/** LSP `only`: an action of `kind` is wanted when a requested kind is it or a parent of it ('' = any). */
function wanted(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => k === '' || k === kind || kind.startsWith(`${k}.`));
}

/** The problems the user sees (their customizations can switch a rule off in the editor). */
function shown(session: Session, diagnostics: Diagnostic[]): Diagnostic[] {
  const { customizations } = session.userSettings;
  return customizations.length ? diagnostics.filter((d) => customizedSeverity(d.ruleId, d.severity, customizations) !== 'off') : diagnostics;
}

interface ChooseEditArgs {
  question: string;
  options: { title: string; edit: WorkspaceEdit }[];
  /** Set by a client that asked the user itself (VS Code's quick pick). */
  chosen?: number;
}

interface RenameFileArgs {
  from: string;
  to: string;
}

export function registerCodeActions(session: Session): void {
  const { connection, supports } = session;

  connection.onCodeAction(
    guard(connection, 'codeAction', async (params) => {
      const range = requireRange(params?.range);
      const req: { path: string; analysis: FileAnalysis; ctx: ServiceContext; diagnostics?: Diagnostic[] } | null =
        (await misnamedRequest(session, params)) ?? (await session.docRequest(params));
      if (!req) return null;
      const only = Array.isArray(params?.context?.only) ? (params.context.only as string[]) : undefined;
      const sent: LspDiagnostic[] = Array.isArray(params?.context?.diagnostics) ? params.context.diagnostics : [];
      const diagnostics = shown(session, req.diagnostics ?? req.ctx.diagnostics(req.path));
      const out: (CodeAction | Command)[] = [];
      if (wanted(only, CodeActionKind.QuickFix)) {
        const entries = codeActions(req.ctx, req.analysis, range, { disableComments: session.userSettings.disableRuleComment, diagnostics });
        for (const entry of entries) out.push(toAction(session, req.path, entry, sent));
        pushAll(out, documentationActions(session, diagnostics, range, sent));
      }
      if (wanted(only, FIX_ALL_KIND) && supports.codeActionLiterals()) {
        const fixAll = fixAllAction(session, req.path, req.analysis, diagnostics);
        if (fixAll) out.push(fixAll);
      }
      return out;
    }),
  );

  connection.onExecuteCommand(
    guard(connection, 'executeCommand', async (params) => {
      const arg = params?.arguments?.[0];
      switch (params?.command) {
        case APPLY_EDIT_COMMAND:
          if (!arg || typeof arg !== 'object') throw invalid('the command needs a workspace edit');
          return apply(session, arg as WorkspaceEdit);
        case CHOOSE_EDIT_COMMAND:
          return chooseEdit(session, arg as ChooseEditArgs);
        case RENAME_FILE_COMMAND:
          return renameFile(session, arg as RenameFileArgs);
        default:
          throw invalid(`unknown command ${String(params?.command)}`);
      }
    }),
  );
}

/** A code action request about an open misnamed document (misnamed-documents.ts): its analysis and its only diagnostics. */
async function misnamedRequest(
  session: Session,
  params: unknown,
): Promise<{ path: string; analysis: FileAnalysis; ctx: ServiceContext; diagnostics?: Diagnostic[] } | undefined> {
  const path = session.uriToPath(requireUri(params));
  const analysis = path ? session.misnamed.analysis(path) : undefined;
  if (!path || !analysis) return undefined;
  return { path, analysis, ctx: session.contextFor(path), diagnostics: session.misnamed.diagnostics(path) };
}

async function apply(session: Session, edit: WorkspaceEdit): Promise<null> {
  if (!session.supports.applyEdit()) throw new ResponseError(LSPErrorCodes.RequestFailed, 'this editor cannot apply edits sent by the server');
  const result = await session.connection.workspace.applyEdit(edit);
  if (!result.applied)
    void session.connection.window.showWarningMessage(
      `Playbook Lint: the editor did not apply the change${result.failureReason ? `: ${result.failureReason}` : ''}.`,
    );
  return null;
}

function sentFor(sent: LspDiagnostic[], d: { ruleId: string; range: Diagnostic['range'] }): LspDiagnostic[] {
  return sent.filter(
    (s) =>
      s?.code === d.ruleId &&
      s.range?.start?.line === d.range.start.line &&
      s.range?.start?.character === d.range.start.character &&
      s.range?.end?.line === d.range.end.line &&
      s.range?.end?.character === d.range.end.character,
  );
}

function toAction(session: Session, path: string, entry: CodeActionEntry, sent: LspDiagnostic[]): CodeAction | Command {
  const { supports } = session;
  let command: Command | undefined;
  let edit: WorkspaceEdit | undefined;
  if (entry.choices) {
    const args: ChooseEditArgs = { question: entry.title, options: entry.choices.map((c) => ({ title: c.title, edit: session.workspaceEdit(c.edits) })) };
    command = { title: entry.title, command: CHOOSE_EDIT_COMMAND, arguments: [args] };
  } else if (entry.renameTo) {
    command = { title: entry.title, command: RENAME_FILE_COMMAND, arguments: [{ from: session.uriOf(path), to: session.platform.pathToUri(entry.renameTo) }] };
  } else {
    edit = session.workspaceEdit(entry.edits);
  }
  if (!supports.codeActionLiterals()) return command ?? { title: entry.title, command: APPLY_EDIT_COMMAND, arguments: [edit] };
  const action: CodeAction = { title: entry.title, kind: CodeActionKind.QuickFix };
  if (edit) action.edit = edit;
  if (command) action.command = command;
  const match = sentFor(sent, entry.diagnostic);
  if (match.length) action.diagnostics = match;
  if (entry.preferred && supports.preferred()) action.isPreferred = true;
  return action;
}

/** "Show documentation for RULE" per rule in range, when the client named a command that opens a page. */
function documentationActions(session: Session, diagnostics: Diagnostic[], range: Diagnostic['range'], sent: LspDiagnostic[]): (CodeAction | Command)[] {
  const open = session.options.ruleDocsCommand;
  if (!open || !session.userSettings.showDocumentation) return [];
  const out: (CodeAction | Command)[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    if (seen.has(d.ruleId) || !overlaps(d.range, range)) continue;
    seen.add(d.ruleId);
    const command: Command = { title: `Show documentation for ${d.ruleId}`, command: open, arguments: [d.ruleId] };
    if (!session.supports.codeActionLiterals()) out.push(command);
    else {
      const action: CodeAction = { title: command.title, kind: CodeActionKind.QuickFix, command };
      const match = sentFor(sent, d);
      if (match.length) action.diagnostics = match;
      out.push(action);
    }
  }
  return out;
}

function overlaps(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  const before = (p: Diagnostic['range']['start'], q: Diagnostic['range']['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

/** Every safe fix of the file that does not collide with another, as one edit (what --fix's first pass applies). */
function fixAllAction(session: Session, path: string, analysis: FileAnalysis, diagnostics: Diagnostic[]): CodeAction | undefined {
  const { applied } = applySafeFixes(path, analysis.text, diagnostics);
  if (!applied.length) return undefined;
  const edits = applied.flatMap((f) => f.edits);
  const title = applied.length === 1 ? `Fix all auto-fixable problems: ${applied[0].title}` : `Fix all ${applied.length} auto-fixable problems`;
  return { title, kind: FIX_ALL_KIND, edit: session.workspaceEdit(edits) };
}

/** More buttons than this do not fit a notification; the server never offers more. */
const MAX_CHOICES = 10;

async function chooseEdit(session: Session, args: ChooseEditArgs | undefined): Promise<null> {
  if (!args || !Array.isArray(args.options) || args.options.length === 0)
    throw invalid(`${CHOOSE_EDIT_COMMAND} needs { question, options: [{ title, edit }] }`);
  let pick = Number.isInteger(args.chosen) && args.chosen! >= 0 && args.chosen! < args.options.length ? args.options[args.chosen!] : undefined;
  if (!pick && args.options.length === 1) pick = args.options[0];
  if (!pick) {
    const choices = args.options.slice(0, MAX_CHOICES).map((o) => ({ title: o.title }));
    const answer = await session.connection.window.showInformationMessage(`Playbook Lint: ${args.question}`, ...choices); // bounded: MAX_CHOICES
    pick = args.options.find((o) => o.title === answer?.title);
    if (!pick) return null; // dismissed: nothing changes
  }
  return apply(session, pick.edit);
}

async function renameFile(session: Session, args: RenameFileArgs | undefined): Promise<null> {
  const from = typeof args?.from === 'string' ? session.uriToPath(args.from) : undefined;
  const to = typeof args?.to === 'string' ? session.uriToPath(args.to) : undefined;
  if (!from || !to) throw invalid(`${RENAME_FILE_COMMAND} needs { from, to } as file: URIs`);
  const shownName = (p: string) => nodePath.basename(p);
  const window = session.connection.window;
  if (session.workspace.host.exists(to)) {
    void window.showErrorMessage(
      `Playbook Lint: cannot rename ${shownName(from)} to ${shownName(to)}: ${shownName(to)} already exists in ${nodePath.dirname(to)}. Nothing was changed; merge the two files or rename one of them by hand.`,
    );
    return null;
  }
  if (!session.supports.renameFiles()) {
    void window.showErrorMessage(
      `Playbook Lint: this editor cannot rename files for a language server; rename ${shownName(from)} to ${shownName(to)} by hand.`,
    );
    return null;
  }
  return apply(session, {
    documentChanges: [
      { kind: 'rename', oldUri: session.uriOf(from), newUri: session.platform.pathToUri(to), options: { overwrite: false, ignoreIfExists: false } },
    ],
  });
}
