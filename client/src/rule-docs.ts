/**
 * Rule pages that work offline: the extension ships docs/rules/<id>.md, and a
 * problem's rule link (codeDescription.href, a `command:` link the server
 * writes when asked to) runs playbookLint.openRuleDocs, which shows the page
 * in the Markdown preview.
 */
import * as vscode from 'vscode';

export const OPEN_RULE_DOCS = 'playbookLint.openRuleDocs';

async function ruleIds(extensionUri: vscode.Uri): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(extensionUri, 'docs', 'rules'));
    return entries
      .filter(([name]) => name.endsWith('.md'))
      .map(([name]) => name.slice(0, -3))
      .sort();
  } catch {
    return [];
  }
}

export async function openRuleDocs(extensionUri: vscode.Uri, ruleId?: unknown): Promise<boolean> {
  const known = await ruleIds(extensionUri);
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (id === undefined) {
    id = await vscode.window.showQuickPick(known, { title: 'Playbook Lint: rule documentation', placeHolder: 'Which rule?' });
    if (id === undefined) return false;
  }
  if (!known.includes(id)) {
    void vscode.window.showErrorMessage(`Playbook Lint has no documentation page for a rule "${id}". The rules are: ${known.join(', ')}.`);
    return false;
  }
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${id}.md`));
  return true;
}
