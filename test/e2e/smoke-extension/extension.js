// Throwaway smoke extension for test/e2e. For YAML files it provides:
//  * a hover that returns a fixed text ("playbook-lint e2e smoke hover: **<word>**"),
//  * a warning diagnostic on every "TODO" (source "smoke"),
//  * a quick fix "Replace TODO with DONE" for that diagnostic,
//  * completion items smoke-alpha / smoke-beta,
// plus a command the extension-host suite calls. It exists only to prove that the
// e2e infrastructure (code-server + playwright + chromium) and the workbench.mjs helpers work.
const vscode = require('vscode');

const HOVER_TEXT = 'playbook-lint e2e smoke hover';
const YAML = { language: 'yaml' };

function activate(context) {
  const diagnostics = vscode.languages.createDiagnosticCollection('smoke');
  const refresh = (doc) => {
    if (doc.languageId !== 'yaml') return;
    const out = [];
    doc.getText().split('\n').forEach((line, i) => {
      for (const m of line.matchAll(/\bTODO\b/g)) {
        const d = new vscode.Diagnostic(new vscode.Range(i, m.index, i, m.index + 4), 'smoke: TODO found', vscode.DiagnosticSeverity.Warning);
        d.source = 'smoke';
        d.code = 'todo';
        out.push(d);
      }
    });
    diagnostics.set(doc.uri, out);
  };
  vscode.workspace.textDocuments.forEach(refresh);

  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)),
    vscode.languages.registerHoverProvider(YAML, {
      provideHover(document, position) {
        const range = document.getWordRangeAtPosition(position);
        if (!range) return undefined;
        return new vscode.Hover(new vscode.MarkdownString(`${HOVER_TEXT}: **${document.getText(range)}**`), range);
      },
    }),
    vscode.languages.registerCompletionItemProvider(YAML, {
      provideCompletionItems() {
        return ['smoke-alpha', 'smoke-beta'].map((label) => {
          const item = new vscode.CompletionItem(label, vscode.CompletionItemKind.Value);
          item.detail = `smoke completion ${label}`;
          return item;
        });
      },
    }),
    vscode.languages.registerCodeActionsProvider(YAML, {
      provideCodeActions(document, _range, ctx) {
        return ctx.diagnostics.filter((d) => d.source === 'smoke').map((d) => {
          const fix = new vscode.CodeAction('Replace TODO with DONE', vscode.CodeActionKind.QuickFix);
          fix.diagnostics = [d];
          fix.edit = new vscode.WorkspaceEdit();
          fix.edit.replace(document.uri, d.range, 'DONE');
          return fix;
        });
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand('playbookLintE2eSmoke.ping', () => 'pong'),
  );
  return { HOVER_TEXT };
}

function deactivate() {}

module.exports = { activate, deactivate, HOVER_TEXT };
