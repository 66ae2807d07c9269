/**
 * What the client told us at initialize: its capabilities (read through `supportsOf`, so a
 * minimal client gets plain answers) and our own initializationOptions.
 */
import type { ClientCapabilities } from 'vscode-languageserver';

declare const PACKAGE_VERSION: string;
export const SERVER_VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

export const APPLY_EDIT_COMMAND = 'playbook-lint.applyEdit';
export const STATUS_NOTIFICATION = 'playbook-lint/status';
export const STATS_REQUEST = 'playbook-lint/stats';

/** Settings a client may pass in initializationOptions (all optional). */
export interface InitializationOptions {
  /** Send `playbook-lint/status` notifications ({ state: 'indexing' | 'ready', message }) for a status bar. */
  statusNotification?: boolean;
  /** The client shows YAML parse errors itself (the Red Hat YAML extension): leave them to it. */
  yamlSyntaxReportedElsewhere?: boolean;
  /** How often the fallback disk poller looks for changes (ms; default 2000). */
  pollIntervalMs?: number;
  /**
   * Quiet time after a keystroke before the edited file is re-checked (ms). Default: none, the file
   * is re-checked once the messages already received are handled (see lsp/check-queue.ts).
   */
  changeDebounceMs?: number;
  /** Quiet time before closed files affected by an edit are re-checked (ms; default 40). */
  backgroundDelayMs?: number;
  /**
   * A client command that opens a rule's page (VS Code: playbookLint.openRuleDocs): rule links
   * become `command:NAME?["rule-id"]` and "Show documentation" actions run it. Without it, rule
   * links are file: URLs of the pages installed with the server.
   */
  ruleDocsCommand?: string;
  /** The user's settings at startup (VS Code's `playbookLint` section; see user-settings.ts). */
  settings?: unknown;
}

export function readOptions(raw: unknown): InitializationOptions {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const num = (v: unknown, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : undefined);
  return {
    statusNotification: o.statusNotification === true,
    yamlSyntaxReportedElsewhere: o.yamlSyntaxReportedElsewhere === true,
    pollIntervalMs: num(o.pollIntervalMs, 50, 60_000),
    changeDebounceMs: num(o.changeDebounceMs, 0, 2000),
    backgroundDelayMs: num(o.backgroundDelayMs, 0, 10_000),
    ruleDocsCommand: typeof o.ruleDocsCommand === 'string' && /^[\w.-]+$/.test(o.ruleDocsCommand) ? o.ruleDocsCommand : undefined,
    settings: o.settings,
  };
}

/** What the client can do, asked each time (the capabilities arrive with initialize). */
export function supportsOf(caps: () => ClientCapabilities) {
  return {
    markdownHover: () => !!caps().textDocument?.hover?.contentFormat?.includes('markdown'),
    markdownCompletion: () => !!caps().textDocument?.completion?.completionItem?.documentationFormat?.includes('markdown'),
    snippets: () => !!caps().textDocument?.completion?.completionItem?.snippetSupport,
    hierarchicalSymbols: () => !!caps().textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport,
    codeActionLiterals: () => !!caps().textDocument?.codeAction?.codeActionLiteralSupport,
    preferred: () => !!caps().textDocument?.codeAction?.isPreferredSupport,
    documentChanges: () => !!caps().workspace?.workspaceEdit?.documentChanges,
    watcherRegistration: () => !!caps().workspace?.didChangeWatchedFiles?.dynamicRegistration,
    pull: () => !!caps().textDocument?.diagnostic && !!caps().workspace?.diagnostics?.refreshSupport,
    prepareRename: () => !!caps().textDocument?.rename?.prepareSupport,
    workspaceFolders: () => !!caps().workspace?.workspaceFolders,
    applyEdit: () => !!caps().workspace?.applyEdit,
    renameFiles: () => !!caps().workspace?.workspaceEdit?.documentChanges && !!caps().workspace?.workspaceEdit?.resourceOperations?.includes('rename'),
    relatedInformation: () => !!(caps().textDocument?.publishDiagnostics?.relatedInformation || caps().textDocument?.diagnostic),
  };
}

export type ClientSupport = ReturnType<typeof supportsOf>;
