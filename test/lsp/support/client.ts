/**
 * A real JSON-RPC client for the built server (dist/server.js --stdio): spawns
 * it, speaks LSP through vscode-languageserver-protocol, records everything the
 * server sends, and waits for conditions with bounded polling (no fixed sleeps).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import type { MessageConnection } from 'vscode-jsonrpc';
import { SAMPLES, SERVER } from '../../support/paths';

export const FULL_CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  window: { workDoneProgress: true, showMessage: {}, showDocument: { support: true } },
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    workspaceFolders: true,
    configuration: true,
    symbol: { dynamicRegistration: true },
    executeCommand: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true, willSave: true },
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, versionSupport: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    completion: {
      dynamicRegistration: true,
      completionItem: {
        snippetSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        insertReplaceSupport: true,
        insertTextModeSupport: { valueSet: [1, 2] },
      },
      contextSupport: true,
    },
    definition: { dynamicRegistration: true, linkSupport: true },
    references: { dynamicRegistration: true },
    rename: { dynamicRegistration: true, prepareSupport: true },
    documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
      dataSupport: true,
    },
  },
};

/** What Neovim 0.7's built-in client can do, minus everything optional: no registration, no pull, no snippets, no markdown. */
export const MINIMAL_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    synchronization: { didSave: true },
    publishDiagnostics: { relatedInformation: true },
    hover: { contentFormat: ['plaintext'] },
    completion: { completionItem: { snippetSupport: false } },
  },
  workspace: { applyEdit: true },
};

export interface ServerMessage {
  method: string;
  params: unknown;
  kind: 'request' | 'notification';
}

export const uriOf = (p: string) => pathToFileURL(p).href;

export class LspClient {
  readonly messages: ServerMessage[] = [];
  /** Last diagnostics pushed per URI. */
  readonly pushed = new Map<string, Diagnostic[]>();
  readonly pushLog: { uri: string; count: number }[] = [];
  /** Answers to server requests by method (default: applyEdit applied, configuration [], anything else null). */
  readonly answers = new Map<string, (params: any) => unknown>();
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  stderr = '';
  exited: number | null | undefined;
  initializeResult: any;

  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: {
    folders: string[];
    capabilities?: ClientCapabilities;
    initializationOptions?: unknown;
    useRootUri?: boolean;
  }): Promise<LspClient> {
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new LspClient(proc, connection);
    proc.stderr.on('data', (d: Buffer) => (client.stderr += d.toString()));
    proc.on('exit', (code) => {
      client.exited = code;
      client.notify();
    });
    // The star handlers exist on the underlying message connection; ProtocolConnection's typings omit them.
    const raw = connection as unknown as MessageConnection;
    raw.onRequest((method: string, params: unknown) => {
      client.messages.push({ method, params, kind: 'request' });
      client.notify();
      const answer = client.answers.get(method);
      if (answer) return answer(params);
      if (method === 'workspace/applyEdit') return { applied: true };
      if (method === 'workspace/configuration') return [];
      return null;
    });
    raw.onNotification((method: string, params: unknown) => {
      client.messages.push({ method, params, kind: 'notification' });
      if (method === 'textDocument/publishDiagnostics') {
        const p = params as { uri: string; diagnostics: Diagnostic[] };
        client.pushed.set(p.uri, p.diagnostics);
        client.pushLog.push({ uri: p.uri, count: p.diagnostics.length });
      }
      client.notify();
    });
    // $/progress goes to progress handlers, not the generic notification handler: record it too.
    (connection as unknown as { onUnhandledProgress(h: (p: unknown) => void): void }).onUnhandledProgress((params) => {
      client.messages.push({ method: '$/progress', params, kind: 'notification' });
      client.notify();
    });
    connection.listen();
    const capabilities = options.capabilities ?? FULL_CAPABILITIES;
    const folders = options.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) }));
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      capabilities,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: options.useRootUri ? undefined : folders,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Resolves with the first truthy value of check(), re-checked on every server message and every 25 ms; rejects after timeoutMs. */
  waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 10000): Promise<T> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const tryIt = () => {
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value) {
          finish();
          resolve(value);
        } else if (Date.now() - started > timeoutMs) {
          finish();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\nserver stderr:\n${this.stderr.slice(-3000)}`));
        } else if (this.exited !== undefined) {
          finish();
          reject(new Error(`server exited (${this.exited}) while waiting for ${what}\n${this.stderr.slice(-3000)}`));
        }
      };
      const timer = setInterval(tryIt, 25);
      const finish = () => {
        clearInterval(timer);
        this.listeners.delete(tryIt);
      };
      this.listeners.add(tryIt);
      tryIt();
    });
  }

  /** Waits until the server announces it has indexed and checked everything (a $/progress end, or the status notification). */
  waitIndexed(timeoutMs = 15000): Promise<unknown> {
    return this.waitFor(
      () =>
        this.messages.some((m) => m.method === '$/progress' && (m.params as any)?.value?.kind === 'end') ||
        this.messages.some((m) => m.method === 'playbook-lint/status' && (m.params as any)?.state === 'ready') ||
        this.messages.some((m) => m.method === 'window/logMessage' && /indexed \d+ files/.test((m.params as any)?.message)),
      'the end of indexing',
      timeoutMs,
    );
  }

  diagnosticsFor(file: string): Diagnostic[] | undefined {
    return this.pushed.get(uriOf(file));
  }

  waitDiagnostics(file: string, predicate: (d: Diagnostic[]) => boolean, what: string, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.waitFor(
      () => {
        const d = this.diagnosticsFor(file);
        return d && predicate(d) ? d : undefined;
      },
      `${what} (${path.basename(file)}; last: ${JSON.stringify(this.diagnosticsFor(file)?.map((x) => x.code))})`,
      timeoutMs,
    );
  }

  async open(file: string, text = readFileSync(file, 'utf8')): Promise<void> {
    this.versions.set(file, 1);
    this.texts.set(file, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId: 'yaml', version: 1, text } });
  }

  text(file: string): string {
    return this.texts.get(file) ?? readFileSync(file, 'utf8');
  }

  /** Replaces the whole text through an incremental change (a range covering the document). */
  async change(file: string, text: string): Promise<number> {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    const old = this.texts.get(file) ?? '';
    const lines = old.split('\n');
    const range: Range = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
    this.texts.set(file, text);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(file), version }, contentChanges: [{ range, text }] });
    return version;
  }

  async save(file: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uriOf(file) } });
  }

  /** What VS Code's client sends when the user changes settings (synchronize.configurationSection). */
  async configure(settings: unknown): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { playbookLint: settings } });
  }

  async close(file: string): Promise<void> {
    this.texts.delete(file);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  request<R = any>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  at(file: string, line: number, character: number) {
    return { textDocument: { uri: uriOf(file) }, position: { line, character } };
  }

  async stop(): Promise<void> {
    if (this.exited === undefined) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await this.connection.sendNotification('exit');
      } catch {
        // already gone
      }
      await this.waitFor(() => this.exited !== undefined, 'server exit', 3000).catch(() => this.proc.kill('SIGKILL'));
    }
    this.connection.dispose();
  }
}

/** Position of the first occurrence of `needle` (plus an offset into it) in a text. */
export function positionOf(text: string, needle: string, offsetInNeedle = 0, occurrence = 1) {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`"${needle}" not found`);
  }
  const at = index + offsetInNeedle;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}

/** Applies LSP text edits to a text (edits must not overlap), the way an editor does. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (p.line >= starts.length ? text.length : Math.min(starts[p.line] + p.character, text.length));
  const sorted = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Edits of a workspace edit, per file path (documentChanges or changes). */
export function editsByFile(edit: WorkspaceEdit): Map<string, TextEdit[]> {
  const out = new Map<string, TextEdit[]>();
  const add = (uri: string, edits: TextEdit[]) => {
    const p = decodeURIComponent(new URL(uri).pathname);
    out.set(p, [...(out.get(p) ?? []), ...edits]);
  };
  for (const dc of (edit.documentChanges ?? []) as any[]) if (dc.textDocument) add(dc.textDocument.uri, dc.edits);
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) add(uri, edits);
  return out;
}

/** A throwaway copy of a sample project (or any folder); removed by the returned cleanup. */
export function tempCopy(source: string, name = path.basename(source)): { dir: string; cleanup: () => void } {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'pbl-lsp-')));
  const dir = path.join(base, name);
  cpSync(source, dir, { recursive: true });
  return { dir, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

export function sample(name: string): string {
  return path.join(SAMPLES, name);
}

export function write(file: string, text: string): void {
  writeFileSync(file, text);
}

export const codes = (d: Diagnostic[]) => d.map((x) => x.code).sort();

/** A diagnostic's message as text (LSP 3.18 allows markup content there). */
export const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
