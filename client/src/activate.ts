/**
 * The VS Code extension, for both of its hosts: it starts the language server
 * for playbook, vocabulary and config files inside the `yaml` language, so the
 * Red Hat YAML extension keeps working beside it. Everything else (diagnostics,
 * hover, completion, navigation, quick fixes) comes from the server.
 *
 * The two entries differ only in how the server runs: extension.ts (desktop,
 * dist/server.js over Node IPC) and browser.ts (vscode.dev / github.dev, the
 * server in a web worker that reads the workspace through this client).
 */
import * as vscode from 'vscode';
import { State, type BaseLanguageClient, type DocumentSelector, type LanguageClientOptions } from 'vscode-languageclient';
import { chooseEditMiddleware } from './choose-edit';
import { fixAll } from './fix-all';
import { newPlaybook, newVocabulary } from './new-files';
import { PlaybookPreview } from './preview';
import { OPEN_RULE_DOCS, openRuleDocs } from './rule-docs';

export const CLIENT_ID = 'playbookLint';
const FILE_PATTERN = /(\.(playbook|vocabulary)\.ya?ml|[\\/]\.playbook-lint\.yaml)$/i;

/**
 * Every YAML file in these URI schemes (the desktop: `file` only, not `git:` or `untitled:`
 * copies): a playbook saved under the wrong name (`discovery.yaml`) must reach the server to be
 * pointed out; the server answers nothing for other YAML files.
 */
export function documentSelector(schemes: readonly string[]): DocumentSelector {
  return schemes.map((scheme) => ({ language: 'yaml', scheme }));
}

export const DOCUMENT_SELECTOR = documentSelector(['file']);

/** What differs between the desktop and the browser. */
export interface ClientHost {
  /** The client for these options, not started (its server is started by start()). */
  createClient(clientOptions: LanguageClientOptions): Promise<BaseLanguageClient>;
  /** Document schemes the server checks. */
  schemes(): string[];
  /** A path the server reports (the preview's source links) as the editor's URI. */
  pathToUri(path: string): vscode.Uri;
  /** initializationOptions added to the common ones. */
  initializationOptions?: Record<string, unknown>;
  /** Called once the client exists, before it starts: requests the server sends it. */
  wire?(client: BaseLanguageClient): vscode.Disposable[];
  /** Called when the server has checked the workspace the first time, with the log (startup timings). */
  firstReady?(log: (line: string) => void): void;
}

/** What activate() returns: used by the extension-host tests, harmless for everyone else. */
export interface PlaybookLintApi {
  readonly client: BaseLanguageClient | undefined;
  /** 1 = desktop, 2 = web (vscode.env.uiKind as this extension host sees it), and whether Node's process exists: tests check which entry runs. */
  readonly host: { uiKind: number; entry: 'node' | 'browser'; hasProcess: boolean };
  /** Resolves once the server has indexed the workspace (or immediately when disabled). */
  whenReady(): Promise<void>;
}

interface StatusParams {
  state: 'indexing' | 'ready';
  message?: string;
}

let client: BaseLanguageClient | undefined;
let ready: Promise<void> = Promise.resolve();

export async function activateWith(context: vscode.ExtensionContext, host: ClientHost, entry: 'node' | 'browser'): Promise<PlaybookLintApi> {
  const output = vscode.window.createOutputChannel('Playbook Lint', { log: true });
  const status = vscode.window.createStatusBarItem('playbookLint.status', vscode.StatusBarAlignment.Left, 0);
  status.name = 'Playbook Lint';
  status.command = 'playbookLint.showOutput';
  status.tooltip = 'Playbook Lint is indexing the workspace (click for the output)';
  context.subscriptions.push(output, status);
  // Which build runs where (troubleshooting, and the e2e tests check the browser build really runs in the web worker host).
  const where = `${entry} entry, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI, ${typeof process === 'undefined' ? 'no Node.js process' : 'Node.js process'}`;
  output.info(`Playbook Lint started (${where})`);
  console.info(`Playbook Lint started (${where})`);

  const start = async () => {
    if (client || !vscode.workspace.getConfiguration('playbookLint').get<boolean>('enable', true)) return;
    const yamlExtension = vscode.extensions.getExtension('redhat.vscode-yaml');
    const yamlValidates = !!yamlExtension && vscode.workspace.getConfiguration('yaml').get<boolean>('validate', true);
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(host.schemes()),
      outputChannel: output,
      traceOutputChannel: output,
      // Hovers may link a rule page through the command that opens it; no other command runs from a hover.
      markdown: { isTrusted: { enabledCommands: [OPEN_RULE_DOCS] }, supportHtml: false },
      middleware: { executeCommand: chooseEditMiddleware },
      initializationOptions: {
        statusNotification: true,
        // The YAML extension already reports parse errors; the same problem twice is noise.
        yamlSyntaxReportedElsewhere: yamlValidates,
        // Rule links run a command that opens the page bundled with the extension (works offline).
        ruleDocsCommand: OPEN_RULE_DOCS,
        settings: JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('playbookLint'))),
        ...host.initializationOptions,
      },
      // Later changes of playbookLint.* reach the server as workspace/didChangeConfiguration.
      synchronize: { configurationSection: 'playbookLint' },
    };
    const c = await host.createClient(clientOptions);
    client = c;
    for (const d of host.wire?.(c) ?? []) context.subscriptions.push(d);
    let markReady: () => void = () => undefined;
    ready = new Promise((resolve) => (markReady = resolve));
    void ready.then(() =>
      host.firstReady?.((line) => {
        output.info(line);
        console.info(line);
      }),
    );
    context.subscriptions.push(
      c.onNotification('playbook-lint/status', (params: StatusParams) => {
        if (params?.state === 'indexing') {
          status.text = `$(sync~spin) ${params.message ?? 'Playbook Lint: indexing'}`;
          status.show();
        } else {
          status.hide();
          markReady();
        }
      }),
      c.onDidChangeState((e) => {
        if (e.newState === State.Stopped) status.hide();
      }),
    );
    await c.start();
    if (yamlExtension) void quietYamlSchemas(yamlExtension);
  };

  const stop = async () => {
    const c = client;
    client = undefined;
    status.hide();
    if (c) await c.stop().catch(() => undefined);
  };

  const preview = new PlaybookPreview({ client: () => client, schemes: () => host.schemes(), pathToUri: (path) => host.pathToUri(path) });
  context.subscriptions.push(
    vscode.commands.registerCommand('playbookLint.restartServer', async () => {
      await stop();
      await start();
    }),
    vscode.commands.registerCommand('playbookLint.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('playbookLint.fixAll', fixAll),
    // The live preview: the server renders, the webview shows (client/src/preview.ts).
    preview,
    vscode.commands.registerCommand('playbookLint.showPreview', (uri?: vscode.Uri) => preview.open(uri instanceof vscode.Uri ? uri : undefined, false)),
    vscode.commands.registerCommand('playbookLint.showPreviewToSide', (uri?: vscode.Uri) => preview.open(uri instanceof vscode.Uri ? uri : undefined, true)),
    vscode.commands.registerCommand('playbookLint.newPlaybook', (folder?: vscode.Uri) => newPlaybook(folder instanceof vscode.Uri ? folder : undefined)),
    vscode.commands.registerCommand('playbookLint.walkthrough.newVocabulary', newVocabulary),
    vscode.commands.registerCommand(OPEN_RULE_DOCS, (ruleId?: unknown) => openRuleDocs(context.extensionUri, ruleId)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('playbookLint.enable')) return;
      if (vscode.workspace.getConfiguration('playbookLint').get<boolean>('enable', true)) await start();
      else await stop();
    }),
    { dispose: () => void stop() },
  );

  await start().catch((error) => {
    output.appendLine(`Playbook Lint could not start its language server: ${error?.stack ?? error}`);
    void vscode.window.showErrorMessage('Playbook Lint could not start its language server; see the "Playbook Lint" output.');
  });

  return {
    get client() {
      return client;
    },
    host: { uiKind: vscode.env.uiKind, entry, hasProcess: typeof process !== 'undefined' },
    whenReady: () => ready,
  };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop().catch(() => undefined);
}

/**
 * With the Red Hat YAML extension installed, schema catalogs may attach an
 * unrelated schema to our files (Ansible claims `playbooks/*.yaml`), which
 * would report bogus problems beside ours. A schema contributor gives our
 * files an empty schema there: YAML keeps its syntax checks and editing
 * features, structure is checked once, by us.
 */
async function quietYamlSchemas(extension: vscode.Extension<unknown>): Promise<void> {
  try {
    const api = (await extension.activate()) as {
      registerContributor?: (
        scheme: string,
        requestSchema: (resource: string) => string | undefined,
        requestSchemaContent: (uri: string) => string | undefined,
      ) => boolean;
    };
    api?.registerContributor?.(
      'playbook-lint',
      (resource) => (FILE_PATTERN.test(decodeURIComponent(resource)) ? 'playbook-lint://schemas/any.json' : undefined),
      (uri) => (uri.startsWith('playbook-lint://') ? '{}' : undefined),
    );
  } catch {
    // The YAML extension is optional; without its API nothing changes.
  }
}
