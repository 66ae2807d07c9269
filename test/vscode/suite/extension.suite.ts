/**
 * The extension in a real VS Code, through the `vscode` API only: activation,
 * diagnostics (waited for by polling, never by fixed sleeps), hover,
 * completion, quick fixes, an unsaved vocabulary edit, the restart command.
 *
 * Workspace: a copy of samples/with-problems (run-electron.ts opens one). A
 * launcher that opens an empty folder is fine too: the suite copies the sample
 * in from the extension's own folder and the server picks it up from disk.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'playbook-lint.playbook-lint';

/** Polls until check() gives a truthy value; fails with `what` after timeoutMs. */
async function waitFor<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 45_000): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code));
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'playbook-lint');
const hoverText = (hovers: vscode.Hover[]) =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n---\n');
const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

function positionOf(doc: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const index = doc.getText().indexOf(needle);
  assert.ok(index >= 0, `"${needle}" in ${path.basename(doc.uri.fsPath)}`);
  return doc.positionAt(index + offset);
}

async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(`${path.basename(doc.uri.fsPath)} reverted`, () => !doc.isDirty);
}

export function defineExtensionSuite(): void {
  describe('Playbook Lint extension (extension host)', function () {
    this.timeout(120_000);
    let root: vscode.Uri;
    let renewal: vscode.Uri;
    let vocabulary: vscode.Uri;

    before(async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'the launcher opens a workspace folder');
      root = folder.uri;
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
      if (!existsSync(path.join(root.fsPath, 'playbooks/renewal.playbook.yaml'))) {
        // From the extension's folder (development path), else from the checkout this bundle was built in.
        const candidates = [path.join(extension.extensionPath, 'samples/with-problems'), path.resolve(__dirname, '../../../../samples/with-problems')];
        const source = candidates.find((c) => existsSync(c));
        assert.ok(source, `samples/with-problems not found in ${candidates.join(' or ')}; open a copy of it as the workspace`);
        cpSync(source, root.fsPath, { recursive: true });
      }
      renewal = vscode.Uri.joinPath(root, 'playbooks/renewal.playbook.yaml');
      vocabulary = vscode.Uri.joinPath(root, 'vocabulary/coaching.vocabulary.yaml');
    });

    afterEach(async () => {
      // Only the suite's own files: the workbench holds documents of its own (its settings.json,
      // dirty at times) that are not ours to show or revert, and showing one can race the workbench.
      const inWorkspace = (doc: vscode.TextDocument) => doc.uri.scheme === 'file' && doc.uri.fsPath.startsWith(root.fsPath + path.sep);
      for (const doc of vscode.workspace.textDocuments) if (inWorkspace(doc)) await revert(doc);
    });

    it('activates on a playbook and registers its commands', async () => {
      const doc = await vscode.workspace.openTextDocument(renewal);
      await vscode.window.showTextDocument(doc);
      assert.equal(doc.languageId, 'yaml', 'playbooks stay in the yaml language');
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      await waitFor('the extension to activate', () => extension.isActive);
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('playbookLint.restartServer'));
      assert.ok(commands.includes('playbookLint.showOutput'));
    });

    it("reports the playbook's problems with rule ids and docs links, each once", async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(renewal));
      const diagnostics = await waitFor('diagnostics on renewal.playbook.yaml', () => {
        const d = ours(renewal);
        return d.filter((x) => codeOf(x) === 'undefined-term').length === 2 && d.some((x) => codeOf(x) === 'tactic-missing-why') ? d : undefined;
      });
      for (const d of diagnostics) {
        // The link runs the extension's command that opens the bundled rule page (offline).
        const target = typeof d.code === 'object' ? decodeURIComponent(d.code.target.toString(true)) : '';
        assert.ok(target.startsWith('command:playbookLint.openRuleDocs') && target.includes(`"${codeOf(d)}"`), `a rule page link on ${codeOf(d)}: ${target}`);
      }
      const keys = diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`);
      assert.equal(new Set(keys).size, keys.length, `no problem reported twice: ${keys.join(', ')}`);
      const champ = diagnostics.find((d) => d.message.includes('"champ"'))!;
      const doc = await vscode.workspace.openTextDocument(renewal);
      assert.equal(doc.getText(champ.range), '[[champ]]');
      assert.equal(champ.severity, vscode.DiagnosticSeverity.Error);
      // A closed file of the workspace is reported too.
      const team = vscode.Uri.joinPath(root, 'playbooks/team-expansion.playbook.yaml');
      await waitFor('diagnostics on the closed team-expansion.playbook.yaml', () => ours(team).some((d) => codeOf(d) === 'duplicate-id'));
    });

    it("shows a term's definition on hover", async () => {
      const doc = await vscode.workspace.openTextDocument(renewal);
      await vscode.window.showTextDocument(doc);
      const hovers = await waitFor('a hover with the definition', async () => {
        const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', renewal, positionOf(doc, '[[economic buyer]]', 4));
        return hoverText(h ?? []).includes('approves the renewal budget') ? h : undefined;
      });
      const text = hoverText(hovers);
      assert.match(text, /Economic buyer/);
      assert.match(text, /coaching\.vocabulary\.yaml/);
    });

    it('completes terms after [[', async () => {
      const doc = await vscode.workspace.openTextDocument(renewal);
      const editor = await vscode.window.showTextDocument(doc);
      const line = positionOf(doc, 'goal: The [[economic buyer]] confirms').line;
      const end = doc.lineAt(line).range.end;
      await editor.edit((e) => e.insert(end, ' See [['));
      const at = doc.lineAt(line).range.end;
      const list = await waitFor('completion items', async () => {
        const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', renewal, at, '[');
        return l && l.items.some((i) => labelOf(i) === 'Champion') ? l : undefined;
      });
      const labels = list.items.map(labelOf);
      for (const term of ['Champion', 'Reframing', 'Economic buyer', 'Mutual action plan']) assert.ok(labels.includes(term), term);
      const champion = list.items.find((i) => labelOf(i) === 'Champion')!;
      const insert = champion.textEdit?.newText ?? (typeof champion.insertText === 'string' ? champion.insertText : champion.insertText?.value);
      assert.equal(insert, 'Champion]]');
    });

    it('re-checks a playbook when its vocabulary is edited, before saving', async () => {
      await waitFor('[[champ]] undefined', () => ours(renewal).some((d) => d.message.includes('"champ"')));
      const doc = await vscode.workspace.openTextDocument(vocabulary);
      const editor = await vscode.window.showTextDocument(doc);
      const text = doc.getText();
      const at = text.indexOf('aliases: [champions]');
      assert.ok(at >= 0);
      await editor.edit((e) =>
        e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'aliases: [champions]'.length)), 'aliases: [champions, champ]'),
      );
      assert.ok(doc.isDirty);
      await waitFor('[[champ]] resolved by the unsaved alias', () => !ours(renewal).some((d) => d.message.includes('"champ"')));
      await revert(doc);
      await waitFor('[[champ]] undefined again after revert', () => ours(renewal).some((d) => d.message.includes('"champ"')));
    });

    it('offers quick fixes: the suggestion (preferred), adding the term, disabling the rule', async () => {
      const doc = await vscode.workspace.openTextDocument(renewal);
      await vscode.window.showTextDocument(doc);
      const champ = await waitFor('the [[champ]] diagnostic', () => ours(renewal).find((d) => d.message.includes('"champ"')));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', renewal, champ.range);
      const titles = (actions ?? []).map((a) => a.title);
      assert.ok(titles.includes('Change to [[Champion]]'), titles.join(' | '));
      assert.ok(
        titles.some((t) => /^Add "champ" to .*\.vocabulary\.yaml$/.test(t)),
        titles.join(' | '),
      );
      assert.ok(titles.includes('Disable undefined-term for this line'));
      const fix = actions!.find((a) => a.title === 'Change to [[Champion]]')!;
      assert.equal(fix.isPreferred, true);
      await vscode.workspace.applyEdit(fix.edit!);
      assert.ok(doc.getText().includes('[[Champion]] before day 90'));
      await waitFor('the fixed problem to go away', () => !ours(renewal).some((d) => d.message.includes('"champ"')));
    });

    it('"Fix All Auto-fixable Problems" applies the safe fixes of the active file, and only those', async () => {
      const doc = await vscode.workspace.openTextDocument(renewal);
      await vscode.window.showTextDocument(doc);
      await waitFor('the [[champ]] diagnostic', () => ours(renewal).find((d) => d.message.includes('"champ"')));
      const before = doc.getText();
      const applied = await vscode.commands.executeCommand<number>('playbookLint.fixAll');
      assert.ok(applied >= 1, `fixes applied: ${applied}`);
      // A term with one close match is safe; the missing why (a stub with placeholder text) is not.
      assert.equal(doc.getText(), before.replace('[[champ]]', '[[Champion]]').replace('[[reframeing]]', '[[Reframing]]'));
      assert.ok(doc.isDirty, "the fixes are an edit of the document, not saved behind the writer's back");
      await waitFor('tactic-missing-why still reported', () => ours(renewal).some((d) => codeOf(d) === 'tactic-missing-why'));
    });

    it('restarts the language server on command', async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(renewal));
      await waitFor('diagnostics before the restart', () => ours(renewal).length > 0);
      await vscode.commands.executeCommand('playbookLint.restartServer');
      await waitFor('diagnostics after the restart', () => ours(renewal).some((d) => codeOf(d) === 'undefined-term'));
    });
  });
}
