/**
 * Start-up with a full (VS Code-like) and a minimal (Neovim 0.7-like) client,
 * and the server's behaviour on malformed or hostile input: an error reply or a
 * diagnostic, never a crash or a hang.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FULL_CAPABILITIES, LspClient, messageOf, MINIMAL_CAPABILITIES, positionOf, sample, tempCopy, uriOf } from './support/client';

describe('lsp: initialize', function () {
  this.timeout(30000);
  let cleanup: () => void = () => undefined;
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    cleanup();
  });

  it('with a full client: every capability, watchers registered, indexing progress reported', async () => {
    const copy = tempCopy(sample('acme'));
    cleanup = copy.cleanup;
    client = await LspClient.start({ folders: [copy.dir], capabilities: FULL_CAPABILITIES, initializationOptions: { statusNotification: true } });
    const { capabilities, serverInfo } = client.initializeResult;
    assert.equal(serverInfo.name, 'playbook-language-server');
    assert.equal(capabilities.textDocumentSync.change, 2, 'incremental sync');
    assert.equal(capabilities.positionEncoding, 'utf-16');
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.completionProvider.triggerCharacters.includes('['), true);
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.referencesProvider, true);
    assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
    assert.equal(capabilities.documentSymbolProvider, true);
    assert.equal(capabilities.workspaceSymbolProvider, true);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.playbook-lint'] });
    assert.deepEqual(capabilities.executeCommandProvider, { commands: ['playbook-lint.applyEdit', 'playbook-lint.chooseEdit', 'playbook-lint.renameFile'] });
    assert.deepEqual(capabilities.textDocumentSync.save, { includeText: false }, 'saves announced (playbookLint.run: onSave)');
    assert.deepEqual(capabilities.diagnosticProvider, { identifier: 'playbook-lint', interFileDependencies: true, workspaceDiagnostics: true });
    assert.deepEqual(capabilities.workspace, { workspaceFolders: { supported: true, changeNotifications: true } });

    await client.waitFor(() => client!.messages.some((m) => m.method === 'playbook-lint/status' && (m.params as any).state === 'ready'), 'status ready');
    const register = client.messages.find((m) => m.method === 'client/registerCapability');
    assert.ok(register, 'file watchers registered');
    assert.equal((register!.params as any).registrations[0].method, 'workspace/didChangeWatchedFiles');
    const create = client.messages.findIndex((m) => m.method === 'window/workDoneProgress/create');
    assert.ok(create >= 0, 'a progress token was created');
    const progress = client.messages.filter((m) => m.method === '$/progress').map((m) => (m.params as any).value);
    assert.equal(progress[0].kind, 'begin');
    assert.equal(progress[0].title, 'Playbook Lint');
    assert.ok(progress.some((p) => p.kind === 'report' && /indexing \d+\/\d+ files/.test(p.message)));
    assert.equal(progress[progress.length - 1].kind, 'end');
    const status = client.messages.filter((m) => m.method === 'playbook-lint/status').map((m) => (m.params as any).state);
    assert.equal(status[0], 'indexing');
    assert.equal(status[status.length - 1], 'ready');
    assert.ok(!client.messages.some((m) => m.method === 'workspace/configuration'), 'never asks for configuration');
  });

  it('with a minimal client: no registration, progress, configuration or pull; push diagnostics; everything else works', async () => {
    const copy = tempCopy(sample('with-problems'));
    cleanup = copy.cleanup;
    client = await LspClient.start({ folders: [copy.dir], capabilities: MINIMAL_CAPABILITIES, useRootUri: true });
    const { capabilities } = client.initializeResult;
    assert.equal(capabilities.diagnosticProvider, undefined);
    assert.equal(capabilities.renameProvider, true);
    assert.equal(capabilities.codeActionProvider, true);
    assert.deepEqual(capabilities.executeCommandProvider, { commands: ['playbook-lint.applyEdit', 'playbook-lint.chooseEdit', 'playbook-lint.renameFile'] });
    assert.equal(capabilities.workspace, undefined);
    const renewal = path.join(copy.dir, 'playbooks/renewal.playbook.yaml');
    await client.waitDiagnostics(renewal, (d) => d.length === 9, 'nine problems in renewal');
    await client.open(renewal);
    const text = client.text(renewal);
    const hover = await client.request(
      'textDocument/hover',
      client.at(renewal, positionOf(text, '[[economic buyer]]', 3).line, positionOf(text, '[[economic buyer]]', 3).character),
    );
    assert.equal(hover.contents.kind, 'plaintext');
    assert.match(hover.contents.value, /^Economic buyer\n\nThe person who approves the renewal budget/);
    assert.ok(!/\*\*|\]\(file:/.test(hover.contents.value), 'no markdown for a plaintext client');
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: uriOf(renewal) } });
    assert.ok(
      symbols.every((s: any) => s.location && !s.children),
      'flat symbol information',
    );
    assert.ok(symbols.some((s: any) => s.name === 'justify-uplift' && s.containerName === 'Renewal pricing'));
    await client.change(renewal, text.replace('[[champ]]', '[[champion]]'));
    await client.waitDiagnostics(renewal, (d) => d.length === 8, 'pushed again after didChange');
    assert.deepEqual(
      client.messages.filter((m) => m.kind === 'request').map((m) => m.method),
      [],
      'the server sent no request at all (no registerCapability, workDoneProgress/create, configuration, refresh)',
    );
  });

  it('without any workspace folder: a file opened on its own is checked against the vocabularies of its project', async () => {
    const copy = tempCopy(sample('acme'));
    cleanup = copy.cleanup;
    client = await LspClient.start({ folders: [], capabilities: MINIMAL_CAPABILITIES });
    const discovery = path.join(copy.dir, 'playbooks/discovery.playbook.yaml');
    await client.open(discovery);
    const text = client.text(discovery);
    await client.change(discovery, text.replace('[[economic buyer]]', '[[economic buyerz]]'));
    const d = await client.waitDiagnostics(discovery, (list) => list.length > 0, 'diagnostics of a loose file');
    assert.deepEqual(
      d.map((x) => x.code),
      ['undefined-term'],
      'the other terms resolve: the config marks the project root',
    );
  });
});

describe('lsp: bad input', function () {
  this.timeout(40000);
  let base: string;
  let client: LspClient;

  before(async () => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'pbl-bad-')));
    const dir = path.join(base, 'project');
    mkdirSync(path.join(dir, 'playbooks'), { recursive: true });
    const ok = 'playbook: Fine\nstages:\n  - id: s\n    name: S\n    goal: The buyer agrees.\n';
    writeFileSync(path.join(dir, 'playbooks/ok.playbook.yaml'), ok);
    writeFileSync(path.join(dir, 'playbooks/empty.playbook.yaml'), '');
    writeFileSync(path.join(dir, 'playbooks/binary.playbook.yaml'), Buffer.from([0x70, 0x6c, 0, 1, 2, 3, 0xff]));
    writeFileSync(path.join(dir, 'playbooks/latin1.playbook.yaml'), Buffer.from('playbook: Caf\xe9\n', 'latin1'));
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 0; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
      );
    writeFileSync(path.join(dir, 'playbooks/bomb.playbook.yaml'), `${bomb.join('\n')}\n`);
    writeFileSync(path.join(dir, 'playbooks/deep.playbook.yaml'), `playbook: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    const stage = (i: number) => `  - id: stage-${i}\n    name: Stage ${i}\n    goal: The buyer agrees to step ${i}.\n`;
    writeFileSync(path.join(dir, 'playbooks/huge.playbook.yaml'), `playbook: Huge\nstages:\n${Array.from({ length: 20000 }, (_, i) => stage(i)).join('')}`);
    client = await LspClient.start({ folders: [dir], capabilities: MINIMAL_CAPABILITIES });
    await client.waitIndexed(30000);
  });
  after(async () => {
    await client.stop();
    rmSync(base, { recursive: true, force: true });
  });

  it('reports unreadable, hostile and huge files and still checks the others', async () => {
    const dir = path.join(base, 'project/playbooks');
    for (const name of ['binary', 'latin1', 'bomb', 'deep', 'empty']) {
      await client.waitDiagnostics(path.join(dir, `${name}.playbook.yaml`), (d) => d.length > 0, `a diagnostic for ${name}`, 20000);
    }
    assert.match(messageOf(client.diagnosticsFor(path.join(dir, 'binary.playbook.yaml'))![0]), /binary/);
    assert.match(messageOf(client.diagnosticsFor(path.join(dir, 'latin1.playbook.yaml'))![0]), /UTF-8/);
    assert.equal(client.diagnosticsFor(path.join(dir, 'ok.playbook.yaml'))?.length ?? 0, 0);
    const stats = await client.request('playbook-lint/stats', {});
    assert.equal(stats.projects[0].files, 7);
  });

  it('answers a malformed request with an error and keeps serving', async () => {
    const ok = path.join(base, 'project/playbooks/ok.playbook.yaml');
    await assert.rejects(client.request('textDocument/hover', { textDocument: { uri: uriOf(ok) } }), (e: any) => e.code === -32602);
    await assert.rejects(client.request('textDocument/hover', { position: { line: 0, character: 0 } }), (e: any) => e.code === -32602);
    await assert.rejects(client.request('textDocument/hover', null), (e: any) => e.code === -32602);
    await assert.rejects(
      client.request('textDocument/completion', { textDocument: { uri: 42 }, position: { line: -1, character: 'x' } }),
      (e: any) => e.code === -32602,
    );
    await assert.rejects(client.request('textDocument/codeAction', { textDocument: { uri: uriOf(ok) }, range: 'everything' }), (e: any) => e.code === -32602);
    await assert.rejects(client.request('playbook-lint/no-such-method', {}), (e: any) => e.code === -32601);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } }), null);
    assert.equal(
      await client.request('textDocument/hover', { textDocument: { uri: uriOf('/no/such/file.playbook.yaml') }, position: { line: 0, character: 0 } }),
      null,
    );
    // Positions past the end of the document are clamped, not an error.
    await client.open(ok);
    assert.equal(await client.request('textDocument/hover', client.at(ok, 999, 999)), null);
    // Notifications with nonsense params are ignored.
    await client.connection.sendNotification('textDocument/didOpen', {});
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(ok) } });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: 'all' });
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: null });
    // Bytes that are not JSON at all.
    client.proc.stdin.write('Content-Length: 9\r\n\r\n{"oops":\n');
    const stats = await client.request('playbook-lint/stats', {});
    assert.equal(stats.ready, true);
    assert.equal(client.exited, undefined, 'the server is still running');
    const hover = await client.request('textDocument/hover', client.at(ok, 0, 2));
    assert.match(hover.contents.value, /^playbook/);
  });
});
