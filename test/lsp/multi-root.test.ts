/**
 * Multi-root workspaces: each workspace folder is a project of its own (and so
 * is a folder below one that holds its own .playbook-lint.yaml); terms, ids
 * and settings never leak between them. Folders come and go at run time.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Hover, Location } from 'vscode-languageserver-protocol';
import { codes, LspClient, messageOf, positionOf, sample, uriOf } from './support/client';

const PUSH = {
  textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['markdown' as const] } },
  workspace: { workspaceFolders: true },
};

describe('lsp: multi-root workspaces', function () {
  this.timeout(30000);
  let base: string;
  let acme: string;
  let problems: string;
  let client: LspClient;

  beforeEach(() => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'pbl-roots-')));
    acme = path.join(base, 'acme');
    problems = path.join(base, 'with-problems');
    cpSync(sample('acme'), acme, { recursive: true });
    cpSync(sample('with-problems'), problems, { recursive: true });
  });
  afterEach(async () => {
    await client?.stop();
    rmSync(base, { recursive: true, force: true });
  });

  it('checks each folder as its own project: terms, ids and settings stay in their folder', async () => {
    client = await LspClient.start({ folders: [acme, problems], capabilities: PUSH });
    await client.waitIndexed();
    const team = path.join(problems, 'playbooks/team-expansion.playbook.yaml');
    await client.waitDiagnostics(team, (d) => d.length > 0, 'with-problems diagnostics');
    assert.deepEqual(codes(client.diagnosticsFor(team)!), ['duplicate-id', 'undefined-term', 'unknown-reference', 'unlinked-term']);
    assert.deepEqual(codes(client.diagnosticsFor(path.join(problems, 'vocabulary/legacy.vocabulary.yaml'))!), ['duplicate-term', 'duplicate-term']);
    // acme is clean although both folders define "Champion" and "Economic buyer".
    for (const f of ['playbooks/discovery.playbook.yaml', 'vocabulary/sales.vocabulary.yaml'])
      assert.equal(client.diagnosticsFor(path.join(acme, f))?.length ?? 0, 0, f);
    const stats = await client.request('playbook-lint/stats', {});
    assert.deepEqual(stats.projects.map((p: any) => path.basename(p.root)).sort(), ['acme', 'with-problems']);

    // Hover resolves a term in the folder's own vocabulary.
    const discovery = path.join(acme, 'playbooks/discovery.playbook.yaml');
    const renewal = path.join(problems, 'playbooks/renewal.playbook.yaml');
    await client.open(discovery);
    await client.open(renewal);
    const t1 = client.text(discovery);
    const t2 = client.text(renewal);
    const h1: Hover = await client.request('textDocument/hover', {
      textDocument: { uri: uriOf(discovery) },
      position: positionOf(t1, '[[economic buyer]]', 3),
    });
    const h2: Hover = await client.request('textDocument/hover', { textDocument: { uri: uriOf(renewal) }, position: positionOf(t2, '[[economic buyer]]', 3) });
    assert.match((h1.contents as any).value, /release the budget/);
    assert.match((h2.contents as any).value, /approves the renewal budget/);
    const refs: Location[] = await client.request('textDocument/references', {
      textDocument: { uri: uriOf(renewal) },
      position: positionOf(t2, '[[economic buyer]]', 3),
      context: { includeDeclaration: true },
    });
    assert.ok(
      refs.every((r) => r.uri.startsWith(uriOf(problems))),
      'references stay in the folder',
    );
    // A term only acme defines is undefined in with-problems.
    await client.change(renewal, t2.replace('[[champion]]', '[[Socratic question]]'));
    await client.waitDiagnostics(renewal, (d) => d.some((x) => messageOf(x).includes('"Socratic question" is not defined')), 'acme terms do not leak');
  });

  it('treats a folder with its own .playbook-lint.yaml inside a workspace folder as its own project', async () => {
    const nested = path.join(acme, 'teams/renewals');
    cpSync(problems, nested, { recursive: true });
    client = await LspClient.start({ folders: [acme], capabilities: PUSH });
    await client.waitIndexed();
    const stats = await client.request('playbook-lint/stats', {});
    assert.deepEqual(stats.projects.map((p: any) => path.relative(base, p.root)).sort(), ['acme', 'acme/teams/renewals']);
    const renewal = path.join(nested, 'playbooks/renewal.playbook.yaml');
    const d = await client.waitDiagnostics(renewal, (list) => list.length > 0, 'nested project diagnostics');
    assert.equal(d.find((x) => x.code === 'vague-deviation')!.severity, 2, 'the nested config applies');
    // acme's vocabulary is not in scope for the nested project, and the nested ids do not clash with acme's.
    assert.equal(client.diagnosticsFor(path.join(acme, 'playbooks/discovery.playbook.yaml'))?.length ?? 0, 0);
    assert.ok(client.diagnosticsFor(path.join(acme, 'vocabulary/sales.vocabulary.yaml'))?.every((x) => x.code !== 'duplicate-term') ?? true);
  });

  it('splits off a nested project when a .playbook-lint.yaml appears in a subfolder', async () => {
    const nested = path.join(acme, 'teams/renewals');
    cpSync(problems, nested, { recursive: true });
    const config = path.join(nested, '.playbook-lint.yaml');
    const configText = readFileSync(config, 'utf8');
    rmSync(config);
    client = await LspClient.start({
      folders: [acme],
      capabilities: { ...PUSH, workspace: { ...PUSH.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    await client.waitIndexed();
    const before = await client.request('playbook-lint/stats', {});
    assert.equal(before.projects.length, 1);
    const renewal = path.join(nested, 'playbooks/renewal.playbook.yaml');
    // One project: acme's vocabulary defines Champion, so [[champ]] is a typo of it, and vague-deviation is info.
    await client.waitDiagnostics(renewal, (d) => d.some((x) => x.code === 'vague-deviation' && x.severity === 3), 'one project');
    writeFileSync(config, configText);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(config), type: 1 }] });
    await client.waitDiagnostics(renewal, (d) => d.some((x) => x.code === 'vague-deviation' && x.severity === 2), 'the nested config applies');
    const after = await client.request('playbook-lint/stats', {});
    assert.deepEqual(after.projects.map((p: any) => path.relative(base, p.root)).sort(), ['acme', 'acme/teams/renewals']);
  });

  it('follows workspace folders added and removed at run time', async () => {
    client = await LspClient.start({ folders: [acme], capabilities: PUSH });
    await client.waitIndexed();
    const team = path.join(problems, 'playbooks/team-expansion.playbook.yaml');
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: uriOf(problems), name: 'with-problems' }], removed: [] },
    });
    await client.waitDiagnostics(team, (d) => d.length === 4, 'the added folder is checked');
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [{ uri: uriOf(problems), name: 'with-problems' }] },
    });
    await client.waitDiagnostics(team, (d) => d.length === 0, 'the removed folder is cleared');
    assert.equal(readFileSync(team, 'utf8').length > 0, true);
  });
});
