/**
 * "Playbook Lint: Fix All Auto-fixable Problems": the server's
 * `source.fixAll.playbook-lint` action for the active file (the same one
 * editor.codeActionsOnSave runs), applied, with a word when there is nothing to fix.
 */
import * as vscode from 'vscode';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('playbook-lint');

export async function fixAll(): Promise<number> {
  const editor = vscode.window.activeTextEditor;
  const doc = editor?.document;
  if (!doc || !/\.(playbook|vocabulary)\.ya?ml$/i.test(doc.uri.path)) {
    void vscode.window.showErrorMessage('Playbook Lint: open a playbook or vocabulary file (NAME.playbook.yaml, NAME.vocabulary.yaml) to fix its problems.');
    return 0;
  }
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, whole, FIX_ALL_KIND.value)) ?? [];
  const ours = actions.filter((a) => a.kind && FIX_ALL_KIND.contains(a.kind) && a.edit);
  let applied = 0;
  for (const action of ours) {
    if (await vscode.workspace.applyEdit(action.edit!)) applied += action.edit!.size;
  }
  if (!applied) void vscode.window.showInformationMessage(`Playbook Lint: nothing in ${vscode.workspace.asRelativePath(doc.uri)} can be fixed automatically.`);
  return applied;
}
