/**
 * The live preview: a webview beside (or instead of) the editor showing the
 * page the renderer makes of the active playbook or vocabulary. The server
 * computes the page (PREVIEW_REQUEST) from its live project, so unsaved edits
 * show, in this file and in vocabularies; the client only shows it. One panel
 * follows the active editor, like VS Code's Markdown preview. A click on a
 * stage, tactic, term or problem reveals its source line.
 * The webview loads nothing: its content security policy allows only the
 * page's own stylesheet and this file's script, both by nonce.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';

const PREVIEW_REQUEST = 'playbook-lint/preview';
const PREVIEWABLE = /\.(playbook|vocabulary)\.ya?ml$/i;

interface PreviewResult {
  uri: string;
  version: number | null;
  kind: 'playbook' | 'vocabulary';
  title: string;
  body: string;
  styles: string;
}

/** Where the preview's server lives: which document schemes it checks, and how its paths become the editor's URIs. */
export interface PreviewHost {
  client(): LanguageClient | undefined;
  /** The desktop: `file`; the browser: the workspace's own schemes too (vscode-vfs:, tmp:, …). */
  schemes(): string[];
  /** The server's workspace path of a file (the page's data-path) as the editor's URI. */
  pathToUri(path: string): vscode.Uri;
}

export class PlaybookPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private uri: vscode.Uri | undefined;
  // Web Crypto: the same in the desktop and the browser extension host.
  private readonly nonce = btoa(Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => String.fromCharCode(b)).join(''));
  private readonly disposables: vscode.Disposable[] = [];
  /** Bumped per request: an answer that is not the latest is dropped. */
  private sequence = 0;
  private shownStyles = false;

  constructor(private readonly host: PreviewHost) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        // Any playbook or vocabulary edit can change the page (a vocabulary changes its hovers).
        if (this.panel && this.isPreviewable(e.document.uri) && e.contentChanges.length) void this.refresh();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && this.isPreviewable(editor?.document.uri) && editor!.document.uri.toString() !== this.uri?.toString()) this.show(editor!.document.uri);
      }),
    );
  }

  private isPreviewable(uri: vscode.Uri | undefined): uri is vscode.Uri {
    return !!uri && this.host.schemes().includes(uri.scheme) && PREVIEWABLE.test(uri.path);
  }

  /** Opens the preview of `uri` (default: the active editor's file), in the active column or beside it. */
  open(uri: vscode.Uri | undefined, beside: boolean): void {
    const target = this.isPreviewable(uri) ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!this.isPreviewable(target)) {
      void vscode.window.showInformationMessage('Playbook Lint: open a *.playbook.yaml or *.vocabulary.yaml file to preview it.');
      return;
    }
    const column = beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'playbookLint.preview',
        'Playbook Preview',
        { viewColumn: column, preserveFocus: beside },
        {
          enableScripts: true,
          enableCommandUris: false,
          localResourceRoots: [],
          retainContextWhenHidden: false,
        },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.uri = undefined;
        this.shownStyles = false;
      });
      this.panel.webview.onDidReceiveMessage((message) => void this.reveal(message));
      this.panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) {
          this.shownStyles = false;
          void this.refresh();
        }
      });
    } else this.panel.reveal(column, beside);
    this.show(target);
  }

  private show(uri: vscode.Uri): void {
    this.uri = uri;
    this.shownStyles = false;
    void this.refresh();
  }

  /** Asks the server for the current page and shows it (a stale answer, for an older version, asks again). */
  async refresh(attempt = 0): Promise<void> {
    const panel = this.panel;
    const uri = this.uri;
    const client = this.host.client();
    if (!panel || !uri) return;
    const mine = ++this.sequence;
    if (!client) {
      this.render(panel, { title: 'Playbook Preview', styles: '', body: '<p>The Playbook Lint language server is not running (see playbookLint.enable).</p>' });
      return;
    }
    let result: PreviewResult | null;
    try {
      result = await client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, { textDocument: { uri: uri.toString() } });
    } catch (error) {
      if (mine === this.sequence)
        this.render(panel, {
          title: 'Playbook Preview',
          styles: '',
          body: `<p>The preview failed: ${escapeHtml(String((error as Error)?.message ?? error))}</p>`,
        });
      return;
    }
    if (mine !== this.sequence || this.panel !== panel || this.uri !== uri) return;
    if (!result) return;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document && result.version !== null && result.version < document.version && attempt < 5) {
      setTimeout(() => void this.refresh(attempt + 1), 20);
      return;
    }
    panel.title = `Preview ${result.title}`;
    this.render(panel, result);
  }

  /** The first page of a panel is a whole document; later ones replace the content in place (the scroll position stays). */
  private render(panel: vscode.WebviewPanel, page: { title: string; styles: string; body: string }): void {
    if (this.shownStyles) {
      void panel.webview.postMessage({ type: 'update', body: page.body });
      return;
    }
    this.shownStyles = true;
    panel.webview.html = webviewHtml(page, this.nonce, panel.webview.cspSource);
  }

  private async reveal(message: unknown): Promise<void> {
    const m = message as { type?: string; path?: unknown; line?: unknown };
    if (m?.type !== 'reveal' || typeof m.path !== 'string' || typeof m.line !== 'number' || !Number.isInteger(m.line) || m.line < 0) return;
    const uri = this.host.pathToUri(m.path);
    const position = new vscode.Position(m.line, 0);
    // Reveal in the editor beside the preview that shows this file, or open it there.
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const column = shown?.viewColumn ?? vscode.window.visibleTextEditors.find((e) => this.isPreviewable(e.document.uri))?.viewColumn ?? vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: column, preserveFocus: false, selection: new vscode.Range(position, position) });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The webview's page: the renderer's stylesheet and content, and a small script (clicks → reveal, updates in place). */
function webviewHtml(page: { title: string; styles: string; body: string }, nonce: string, cspSource: string): string {
  const csp = `default-src 'none'; img-src ${cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style nonce="${nonce}">${page.styles}</style>
</head>
<body>
<main id="main">${page.body}</main>
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const main = document.getElementById('main');
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-line]') : null;
    if (!target) return;
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (link && (link.getAttribute('href') || '').startsWith('#') && link.getAttribute('href').length > 1 && document.getElementById(link.getAttribute('href').slice(1))) return;
    event.preventDefault();
    vscode.postMessage({ type: 'reveal', path: target.getAttribute('data-path'), line: Number(target.getAttribute('data-line')) });
  });
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'update' && typeof message.body === 'string') main.innerHTML = message.body;
  });
}());
</script>
</body>
</html>`;
}
