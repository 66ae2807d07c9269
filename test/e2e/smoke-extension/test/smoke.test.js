const assert = require('node:assert');
const path = require('node:path');
const vscode = require('vscode');

const EXT_ID = 'playbook-lint-e2e.playbook-lint-e2e-smoke';

suite('smoke extension (extension host)', () => {
  test('extension is present and activates', async () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `extension ${EXT_ID} not found`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  test('command is registered and answers', async () => {
    assert.strictEqual(await vscode.commands.executeCommand('playbookLintE2eSmoke.ping'), 'pong');
  });

  test('hover provider returns the fixed text on a yaml file', async () => {
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    assert.ok(folder, 'a workspace folder is open');
    const uri = vscode.Uri.joinPath(folder.uri, 'sample.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'yaml');
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(0, 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /playbook-lint e2e smoke hover: \*\*stages\*\*/);
  });
});
