/**
 * A quick fix with alternatives ("Add "champ" to a vocabulary…") arrives as the
 * server command playbook-lint.chooseEdit with its options. Other editors get the
 * question as a message with buttons from the server; VS Code asks with a quick
 * pick here and tells the server which option to apply.
 */
import * as vscode from 'vscode';
import type { ExecuteCommandSignature } from 'vscode-languageclient/node';

export const CHOOSE_EDIT_COMMAND = 'playbook-lint.chooseEdit';

interface ChooseEditArgs {
  question: string;
  options: { title: string }[];
  chosen?: number;
}

export async function chooseEditMiddleware(command: string, args: unknown[], next: ExecuteCommandSignature): Promise<unknown> {
  const choice = args[0] as ChooseEditArgs | undefined;
  if (command !== CHOOSE_EDIT_COMMAND || !choice || !Array.isArray(choice.options) || choice.options.length < 2) return next(command, args);
  const picked = await vscode.window.showQuickPick(
    choice.options.map((o, index) => ({ label: o.title, index })),
    { title: choice.question, placeHolder: 'Where should it go?' },
  );
  if (!picked) return undefined; // dismissed: nothing changes
  return next(command, [{ ...choice, chosen: picked.index }, ...args.slice(1)]);
}
