/**
 * The browser build of the language server (dist/web-server.js, the real bundle) without a
 * disk: every file reaches it through the client's playbook-lint/listFiles and
 * playbook-lint/readFiles answers, under vscode-vfs:// URIs (github.dev's scheme). The
 * bundle runs in a worker thread whose only link to the world is a message port (see
 * support/web-worker-scope.cjs); this test plays the extension's part (client/src/browser.ts)
 * over real files. Its diagnostics must be the CLI's, config globs included.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { Worker } from 'node:worker_threads';
import { WorkspaceDiagnosticRequest } from 'vscode-languageserver-protocol';
import {
  AbstractMessageReader,
  AbstractMessageWriter,
  createMessageConnection,
  type DataCallback,
  type Message,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { CLI, REPO_ROOT, SAMPLES } from '../support/paths';

const BUNDLE = path.join(REPO_ROOT, 'dist/web-server.js');
const CLIENT = path.join(REPO_ROOT, 'dist/web.js');
const MODEL = path.join(REPO_ROOT, 'dist/web-nlp-model.js');
const SCHEME_ROOT = 'vscode-vfs://github/acme/playbooks';

class PortReader extends AbstractMessageReader {
  constructor(private readonly worker: Worker) {
    super();
  }
  listen(callback: DataCallback) {
    const handler = (m: Message) => callback(m);
    this.worker.on('message', handler);
    return { dispose: () => void this.worker.off('message', handler) };
  }
}

class PortWriter extends AbstractMessageWriter {
  constructor(private readonly worker: Worker) {
    super();
  }
  async write(message: Message): Promise<void> {
    this.worker.postMessage(message);
  }
  end(): void {}
}

type Published = { uri: string; diagnostics: { code?: string | number; message: string; range: { start: { line: number; character: number } } }[] };

/** The extension's part, over a real folder shown to the server as SCHEME_ROOT. */
class WebClient {
  readonly published = new Map<string, Published['diagnostics']>();
  /** Every publish of each file, in order (problems as `problems()` writes them). */
  readonly history = new Map<string, string[][]>();
  readonly requests: string[] = [];
  private listeners = new Set<() => void>();

  private constructor(
    readonly worker: Worker,
    readonly connection: MessageConnection,
    readonly folder: string,
  ) {}

  uriOf(file: string): string {
    return `${SCHEME_ROOT}/${path.relative(this.folder, file).split(path.sep).map(encodeURIComponent).join('/')}`;
  }

  fileOf(uri: string): string {
    return path.join(this.folder, ...decodeURIComponent(uri.slice(SCHEME_ROOT.length + 1)).split('/'));
  }

  /** `beforeRead`: the client answers a readFiles request only once it resolves (a slow file system). */
  static async start(folder: string, beforeRead?: (uris: string[]) => Promise<void> | void, pull = false): Promise<WebClient> {
    const worker = new Worker(path.join(__dirname, 'support/web-worker-scope.cjs'), { workerData: { bundle: BUNDLE } });
    const connection = createMessageConnection(new PortReader(worker), new PortWriter(worker));
    const client = new WebClient(worker, connection, folder);
    connection.onRequest('playbook-lint/listFiles', (p: { folder: string; names: string; skipFolders: string[] }) => {
      client.requests.push(`listFiles ${p.folder}`);
      const names = new RegExp(p.names, 'i');
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          if (e.isSymbolicLink()) continue;
          if (e.isDirectory()) {
            if (!p.skipFolders.includes(e.name)) walk(path.join(dir, e.name));
          } else if (names.test(e.name)) files.push(client.uriOf(path.join(dir, e.name)));
        }
      };
      const dir = client.fileOf(p.folder);
      if (existsSync(dir)) walk(dir);
      return { files, unreadable: [] };
    });
    connection.onRequest('playbook-lint/readFiles', async (p: { uris: string[] }) => {
      client.requests.push(`readFiles ${p.uris.length}`);
      await beforeRead?.(p.uris);
      return {
        files: p.uris.map((uri) => {
          try {
            return { uri, bytes: new Uint8Array(readFileSync(client.fileOf(uri))) };
          } catch (error) {
            return { uri, error: `EntryNotFound (FileSystemError): ${(error as Error).message}` };
          }
        }),
      };
    });
    connection.onRequest(() => null); // registerCapability, workDoneProgress/create
    connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      client.published.set(p.uri, p.diagnostics);
      const list = client.history.get(p.uri) ?? [];
      list.push(p.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`));
      client.history.set(p.uri, list);
      client.notify();
    });
    connection.onNotification(() => undefined);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: null,
      rootUri: SCHEME_ROOT,
      workspaceFolders: [{ uri: SCHEME_ROOT, name: 'playbooks' }],
      // Where the coaching checks' language model is (the extension gives its own dist/web-nlp-model.js).
      initializationOptions: { clientFileAccess: true, nlpModel: pathToFileURL(MODEL).href },
      capabilities: {
        workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, ...(pull ? { diagnostics: { refreshSupport: true } } : {}) },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          hover: { contentFormat: ['markdown'] },
          // Like VS Code: open documents and the workspace pulled (workspace/diagnostic).
          ...(pull ? { diagnostic: { relatedDocumentSupport: false } } : {}),
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 20000): Promise<T> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const timer = setInterval(() => tryIt(), 25);
      const done = () => {
        clearInterval(timer);
        this.listeners.delete(tryIt);
      };
      const tryIt = () => {
        const v = check();
        if (v) {
          done();
          resolve(v);
        } else if (Date.now() - started > timeoutMs) {
          done();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; published: ${[...this.published.keys()].join(', ')}`));
        }
      };
      this.listeners.add(tryIt);
      tryIt();
    });
  }

  /** Problems as "relative/path:line:col rule message", like the CLI's. */
  problems(): string[] {
    const out: string[] = [];
    for (const [uri, list] of this.published) {
      const rel = decodeURIComponent(uri.slice(SCHEME_ROOT.length + 1));
      for (const d of list) out.push(`${rel}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
    }
    return out.sort();
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown').catch(() => undefined);
    this.connection.dispose();
    await this.worker.terminate();
  }
}

function cliProblems(folder: string): string[] {
  const r = spawnSync(process.execPath, [CLI, '.', '--format', 'json', '--no-color'], { cwd: folder, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `the CLI exited ${r.status}: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { line: number; column: number; rule: string; message: string }[] }[] };
  return report.files.flatMap((f) => f.diagnostics.map((d) => `${f.path.split(path.sep).join('/')}:${d.line}:${d.column} ${d.rule} ${d.message}`)).sort();
}

/** Starts the server on `dir` and waits until it has published exactly `expected` (the CLI's problems). */
async function startExpecting(dir: string, expected: string[]): Promise<WebClient> {
  return startExpectingWith(await WebClient.start(dir), expected);
}

/** Waits until the client has been published exactly `expected` (a file's own problems may come first, the cross-file ones once every file is read). */
async function startExpectingWith(client: WebClient, expected: string[]): Promise<WebClient> {
  try {
    await client.waitFor(() => isDeepStrictEqual(client.problems(), expected), "the CLI's problems").catch(() => undefined);
    assert.deepEqual(client.problems(), expected);
    return client;
  } catch (error) {
    await client.stop();
    throw error;
  }
}

/**
 * samples/with-problems and 24 copies of one of its playbooks (their ids clash across files: duplicate-id, which
 * only every file read can tell), served by a client that answers the first request for playbooks and holds every
 * later one until `release`.
 */
async function startWithReadsHeld(dir: string, pull = false) {
  cpSync(path.join(SAMPLES, 'with-problems'), dir, { recursive: true });
  for (let i = 1; i <= 24; i++) cpSync(path.join(dir, 'playbooks/team-expansion.playbook.yaml'), path.join(dir, `playbooks/copy-${i}.playbook.yaml`));
  const expected = cliProblems(dir);
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let playbookReads = 0;
  const client = await WebClient.start(dir, (uris) => (uris.some((u) => u.endsWith('.playbook.yaml')) && ++playbookReads > 1 ? released : undefined), pull);
  return { client, expected, release, holding: () => playbookReads > 1 };
}

/** No publish of a file took back a problem an earlier publish of it had shown. */
function assertNoneWithdrawn(client: WebClient): void {
  for (const [uri, list] of client.history)
    for (let i = 1; i < list.length; i++) {
      const withdrawn = list[i - 1].filter((p) => !list[i].includes(p));
      assert.deepEqual(withdrawn, [], `${uri}: a later publish withdrew problems it had shown`);
    }
}

describe('lsp: the browser build (dist/web-server.js) reading files through the client', function () {
  this.timeout(60_000);
  let dir: string;
  let client: WebClient | undefined;

  beforeEach(function () {
    if (!existsSync(BUNDLE)) this.skip();
    dir = mkdtempSync(path.join(tmpdir(), 'pbl-web-'));
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('the browser bundles hold no Node.js module: the server cannot read a disk, the client starts no process', () => {
    const nodeOnly = /\b(?:require\(|from\s*|import\()\s*["'](?:node:[\w/]+|fs|fs\/promises|worker_threads|child_process|os|crypto|v8|url|net|module)["']/;
    for (const bundle of [BUNDLE, CLIENT]) {
      const text = readFileSync(bundle, 'utf8');
      assert.doesNotMatch(text, nodeOnly, `${path.basename(bundle)} imports a Node.js module`);
      // The development build names each bundled source file in a comment: no Node-only module of ours is in.
      const sources = [...text.matchAll(/^\s*\/\/ ((?:server|client)\/src\/\S+\.ts)$/gm)].map((m) => m[1]);
      assert.ok(sources.length > 3, `${path.basename(bundle)}: source comments found (a development build)`);
      const nodeModules = sources.filter((s) =>
        /node-host|index-workers|disk-poller|node-platform|lsp\/bin|server\/src\/cli\/|server\/src\/node\/(discover|read-analysis|project-run|lint-|worker-pool|folder-results)/.test(
          s,
        ),
      );
      assert.deepEqual(nodeModules, [], `${path.basename(bundle)} bundles Node-only modules`);
    }
  });

  it("the server's script does not carry the coaching checks' language model: its own script does, loaded on first use", () => {
    const bundled = (file: string) => new Set([...readFileSync(file, 'utf8').matchAll(/^\s*\/\/ node_modules\/(wink-[\w-]+)\//gm)].map((m) => m[1]));
    assert.deepEqual([...bundled(BUNDLE)], [], 'dist/web-server.js bundles no wink-nlp module');
    assert.ok(bundled(MODEL).has('wink-eng-lite-web-model'), 'dist/web-nlp-model.js holds the model');
  });

  it("publishes exactly the CLI's problems for samples/with-problems, every file read through the client", async () => {
    cpSync(path.join(SAMPLES, 'with-problems'), dir, { recursive: true });
    const expected = cliProblems(dir);
    client = await startExpecting(dir, expected);
    assert.ok(
      client.requests.some((r) => r.startsWith(`listFiles ${SCHEME_ROOT}`)),
      'the server listed the folder through the client',
    );
  });

  it("hover, definition, references, rename and symbols answer with the editor's own URIs", async () => {
    cpSync(path.join(SAMPLES, 'acme'), dir, { recursive: true });
    client = await WebClient.start(dir);
    const file = path.join(dir, 'playbooks/discovery.playbook.yaml');
    const text = readFileSync(file, 'utf8');
    const uri = client.uriOf(file);
    const vocabularyUri = client.uriOf(path.join(dir, 'vocabulary/sales.vocabulary.yaml'));
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const offset = text.indexOf('[[economic buyer]]') + 4;
    const before = text.slice(0, offset).split('\n');
    const at = { textDocument: { uri }, position: { line: before.length - 1, character: before[before.length - 1].length } };
    type Loc = { uri: string };
    const hover = await client.connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', at);
    assert.match(hover.contents.value, /economic buyer/i);
    assert.ok(hover.contents.value.includes(`${vocabularyUri}#L`), `the hover links the vocabulary by its vscode-vfs URI: ${hover.contents.value}`);
    const defs = await client.connection.sendRequest<Loc[]>('textDocument/definition', at);
    assert.deepEqual(
      defs.map((d) => d.uri),
      [vocabularyUri],
    );
    const refs = await client.connection.sendRequest<Loc[]>('textDocument/references', { ...at, context: { includeDeclaration: false } });
    const referencing = new Set(refs.map((r) => r.uri).filter((u) => u.startsWith(`${SCHEME_ROOT}/playbooks/`)));
    assert.equal(referencing.size, 4, `references in the four playbooks: ${refs.map((r) => r.uri).join(', ')}`);
    const edit = await client.connection.sendRequest<{ changes?: Record<string, unknown[]>; documentChanges?: { textDocument: { uri: string } }[] }>(
      'textDocument/rename',
      { ...at, newName: 'budget holder' },
    );
    const edited = new Set([...Object.keys(edit.changes ?? {}), ...(edit.documentChanges ?? []).map((c) => c.textDocument.uri)]);
    assert.ok(
      edited.has(vocabularyUri) && [...referencing].every((u) => edited.has(u)),
      `the rename edits the vocabulary and every referencing playbook: ${[...edited].join(', ')}`,
    );
    const symbols = await client.connection.sendRequest<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.length > 0, 'the outline of the playbook');
    const found = await client.connection.sendRequest<{ name: string; location: Loc }[]>('workspace/symbol', { query: 'economic' });
    assert.ok(
      found.some((f) => f.location.uri === vocabularyUri),
      `workspace symbols find the term in ${vocabularyUri}`,
    );
  });

  it("shows each playbook's own problems while later files are still read, then adds the cross-file ones, never withdrawing any", async () => {
    const held = await startWithReadsHeld(dir);
    const { expected, release } = held;
    client = held.client;
    const clashing = (uri: string) => /\/(copy-\d+|team-expansion)\.playbook\.yaml$/.test(uri);
    await client.waitFor(() => [...client!.history.keys()].some(clashing), 'the first problems of a copy, while most playbooks are still unread');
    assert.ok(held.holding(), 'a read was still held when the first problems came');
    const early = new Map([...client.history].map(([uri, list]) => [uri, list[0]]));
    release();
    client = await startExpectingWith(client, expected);
    assertNoneWithdrawn(client);
    const added = [...early].filter(([uri, first]) => clashing(uri) && client!.published.get(uri)!.length > first.length);
    assert.ok(added.length > 0, 'the cross-file problems (duplicate-id) of the first files came after the rest was read');
    assert.ok(
      [...early.values()].every((first) => !first.some((p) => p.includes(' duplicate-id '))),
      'no duplicate-id before every playbook is read',
    );
  });

  it("an open playbook's own problems come first, while every closed playbook is still unread", async () => {
    cpSync(path.join(SAMPLES, 'with-problems'), dir, { recursive: true });
    const expected = cliProblems(dir);
    let markOpen = () => undefined as void;
    const opened = new Promise<void>((resolve) => (markOpen = resolve));
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Every read waits until the document is open; the playbooks' until the test releases them.
    client = await WebClient.start(dir, async (uris) => {
      await opened;
      if (uris.some((u) => u.endsWith('.playbook.yaml'))) await released;
    });
    // No inline-control comment in it (such a file waits for the full check), and cross-file problems (duplicate-id, unknown-reference) beside its own.
    const file = path.join(dir, 'playbooks/team-expansion.playbook.yaml');
    const uri = client.uriOf(file);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') },
    });
    markOpen();
    await client.waitFor(() => client!.history.has(uri), "the open playbook's problems, no closed playbook read yet");
    assert.deepEqual([...client.history.keys()], [uri], 'the open playbook first');
    const first = client.history.get(uri)![0];
    assert.ok(first.length > 0 && !first.some((p) => / (duplicate-id|unknown-reference) /.test(p)), `its own problems only: ${first.join('; ')}`);
    release();
    client = await startExpectingWith(client, expected);
    assertNoneWithdrawn(client);
    assert.ok(client.published.get(uri)!.length > first.length, 'the cross-file problems added once every file was read');
  });

  it('a client that pulls the workspace (VS Code) gets the first files as partial results of its waiting workspace/diagnostic', async () => {
    const held = await startWithReadsHeld(dir, true);
    const { expected, release } = held;
    client = held.client;
    type Report = { uri: string; resultId?: string; items: Published['diagnostics'] };
    const partial: Report[][] = [];
    client.connection.onProgress(WorkspaceDiagnosticRequest.partialResult, 'first-pull', (chunk) => {
      partial.push((chunk as { items: Report[] }).items);
    });
    const answer = client.connection.sendRequest<{ items: Report[] }>('workspace/diagnostic', { previousResultIds: [], partialResultToken: 'first-pull' });
    await client.waitFor(() => partial.length > 0, 'partial results while most playbooks are unread');
    assert.ok(held.holding(), 'reads were still held');
    const early = new Map(partial.flat().map((r) => [r.uri, r]));
    release();
    const final = (await answer).items;
    const shown = new Map([...early, ...final.map((r) => [r.uri, r] as const)]);
    const problems = [...shown.values()].flatMap((r) =>
      r.items.map(
        (d) => `${decodeURIComponent(r.uri.slice(SCHEME_ROOT.length + 1))}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`,
      ),
    );
    assert.deepEqual(problems.sort(), expected, "partial and final results together: the CLI's problems");
    for (const r of final) assert.ok(early.get(r.uri)?.resultId !== r.resultId, `${r.uri} sent again unchanged`);
    assert.ok(
      final.some((r) => early.has(r.uri)),
      'files shown early come again when the cross-file rules add to them',
    );
  });

  it('config vocabulary and ignore globs decide as on disk; a created file arrives through the client', async () => {
    cpSync(path.join(SAMPLES, 'with-problems'), dir, { recursive: true });
    // Only one of the two vocabularies in scope, and one playbook folder ignored.
    writeFileSync(path.join(dir, '.playbook-lint.yaml'), 'vocabulary:\n  - vocabulary/coaching.*.yaml\nignore:\n  - drafts/**\n');
    mkdirSync(path.join(dir, 'drafts'));
    cpSync(path.join(dir, 'playbooks/renewal.playbook.yaml'), path.join(dir, 'drafts/renewal.playbook.yaml'));
    const expected = cliProblems(dir);
    assert.ok(!expected.some((p) => p.startsWith('drafts/')), 'the CLI ignores drafts/');
    client = await startExpecting(dir, expected);

    // A new playbook appears (the editor's watcher reports it): the server reads it through the client.
    const added = path.join(dir, 'playbooks/added.playbook.yaml');
    writeFileSync(added, readFileSync(path.join(dir, 'playbooks/broken.playbook.yaml')));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uriOf(added), type: 1 }] });
    const want = cliProblems(dir);
    await client.waitFor(() => client!.published.has(client!.uriOf(added)), 'diagnostics of the created file');
    assert.deepEqual(client.problems(), want);
  });

  it("honours the project's suppressions file, read through the client like the playbooks", async () => {
    cpSync(path.join(SAMPLES, 'with-problems'), dir, { recursive: true });
    const recorded = spawnSync(process.execPath, [CLI, '--suppress-rule', 'undefined-term'], { cwd: dir, encoding: 'utf8' });
    assert.ok(existsSync(path.join(dir, '.playbook-lint-suppressions.json')), recorded.stderr);
    const expected = cliProblems(dir);
    assert.ok(!expected.some((p) => p.includes(' undefined-term ')), 'the CLI hides the suppressed problems');
    client = await startExpecting(dir, expected);
  });
});
