/**
 * "Playbook Lint: New Playbook" and the walkthrough's "create a vocabulary":
 * a correctly named file (`NAME.playbook.yaml`, `NAME.vocabulary.yaml`) with a
 * valid skeleton, in the folder where the project keeps files of that kind.
 * An existing file is never overwritten: the writer is told and may open it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { playbookSkeleton, slugOf, vocabularySkeleton } from './templates';
import { walkFiles } from './walk-files';

type Kind = 'playbook' | 'vocabulary';
const SEARCH_WAIT_MS = 2000;

/** The folder holding most files of this kind in `root` (ties: the shallowest), or a conventional one. */
async function folderFor(root: vscode.WorkspaceFolder, kind: Kind): Promise<vscode.Uri> {
  const found = await filesOfKind(root, kind);
  if (found.length) {
    const counts = new Map<string, number>();
    for (const f of found) {
      const dir = path.posix.dirname(f.path);
      counts.set(dir, (counts.get(dir) ?? 0) + 1);
    }
    const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0].split('/').length - b[0].split('/').length || a[0].localeCompare(b[0]));
    return root.uri.with({ path: best[0] });
  }
  const conventional = vscode.Uri.joinPath(root.uri, kind === 'playbook' ? 'playbooks' : 'vocabulary');
  try {
    if ((await vscode.workspace.fs.stat(conventional)).type & vscode.FileType.Directory) return conventional;
  } catch {
    // no such folder: the project root it is
  }
  return root.uri;
}

/** Up to 500 files of this kind: searched where the file system can be searched, else walked (see walk-files.ts). */
async function filesOfKind(root: vscode.WorkspaceFolder, kind: Kind): Promise<vscode.Uri[]> {
  const limit = 500;
  const search = Promise.resolve(vscode.workspace.findFiles(new vscode.RelativePattern(root, `**/*.${kind}.{yaml,yml}`), '**/node_modules/**', limit));
  // findFiles waits for a search provider that may never come (an in-memory folder): a short wait, then the walk.
  const searched = await Promise.race([
    search.catch(() => undefined),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SEARCH_WAIT_MS)),
  ]);
  if (searched) return searched;
  const name = new RegExp(`\\.${kind}\\.ya?ml$`, 'i');
  return (await walkFiles(root.uri, (n) => name.test(n), new Set(['node_modules', '.git']), limit)).files;
}

async function pickWorkspaceFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const owner = active && vscode.workspace.getWorkspaceFolder(active);
  if (owner) return owner;
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which project (workspace folder)?' });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Writes `content` to `target` unless something is there already (then says so); opens the file. */
async function createAndOpen(target: vscode.Uri, content: string): Promise<vscode.Uri | undefined> {
  const shown = vscode.workspace.asRelativePath(target);
  if (await exists(target)) {
    const choice = await vscode.window.showErrorMessage(
      `${shown} already exists; nothing was written. Choose another name, or open the existing file.`,
      'Open It',
    );
    if (choice === 'Open It') await vscode.window.showTextDocument(target);
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  const editor = await vscode.window.showTextDocument(target);
  // Select the title, the first thing to change.
  const first = editor.document.lineAt(0).text;
  const colon = first.indexOf(':');
  editor.selection = new vscode.Selection(0, colon + 2, 0, first.length);
  return target;
}

/** The command behind "Playbook Lint: New Playbook"; `folder` when run from the explorer's context menu. */
export async function newPlaybook(folder?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const root = folder ? vscode.workspace.getWorkspaceFolder(folder) : await pickWorkspaceFolder();
  if (!root) {
    void vscode.window.showErrorMessage("Playbook Lint: open a folder first; a new playbook is created in the project's playbook folder.");
    return undefined;
  }
  const title = await vscode.window.showInputBox({
    title: 'New Playbook',
    prompt: "The playbook's title, as reps will see it; the file name is made from it",
    placeHolder: 'New-logo discovery',
    validateInput: (value) => (slugOf(value) ? undefined : 'Type a title with at least one letter or digit (for example "New-logo discovery").'),
  });
  if (title === undefined) return undefined;
  const slug = slugOf(title);
  const dir = folder ?? (await folderFor(root, 'playbook'));
  return createAndOpen(vscode.Uri.joinPath(dir, `${slug}.playbook.yaml`), playbookSkeleton(title.trim(), slug));
}

/** The walkthrough's first step: a vocabulary with one term, where the project keeps vocabularies. */
export async function newVocabulary(): Promise<vscode.Uri | undefined> {
  const root = await pickWorkspaceFolder();
  if (!root) {
    void vscode.window.showErrorMessage('Playbook Lint: open a folder first; the vocabulary is created in it.');
    return undefined;
  }
  const dir = await folderFor(root, 'vocabulary');
  return createAndOpen(vscode.Uri.joinPath(dir, 'sales.vocabulary.yaml'), vocabularySkeleton('Sales vocabulary'));
}
