/**
 * The committed baseline (.playbook-lint-suppressions.json) in the real server over stdio:
 * what it suppresses is not published, exactly what the CLI leaves (same problems, same
 * text); a change on disk re-checks (client watcher and the server's own poller); an
 * unusable file gets one diagnostic at the place the CLI names, and suppresses nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { runCli } from '../cli/helpers';
import { FULL_CAPABILITIES, LspClient, MINIMAL_CAPABILITIES, messageOf, sample, tempCopy, uriOf, write } from './support/client';

const PUSH_CAPABILITIES = { ...FULL_CAPABILITIES, textDocument: { ...FULL_CAPABILITIES.textDocument, diagnostic: undefined } };
const FILE = '.playbook-lint-suppressions.json';
const RENEWAL = 'playbooks/renewal.playbook.yaml';
const TEAM = 'playbooks/team-expansion.playbook.yaml';

/** `line:col rule message` of each problem, 1-based like the CLI, sorted. */
const shownByServer = (d: Diagnostic[]) => d.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${x.code} ${messageOf(x)}`).sort();

function shownByCli(dir: string, rel: string): string[] {
  const run = runCli(['--format', 'json', rel], { cwd: dir });
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const file = JSON.parse(run.stdout).files[0];
  return (file?.diagnostics ?? [])
    .map((d: { line: number; column: number; rule: string; message: string }) => `${d.line}:${d.column} ${d.rule} ${d.message}`)
    .sort();
}

const notify = (client: LspClient, file: string, type: 1 | 2 | 3) =>
  client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type }] });

describe('lsp: baseline suppressions', function () {
  this.timeout(60000);
  let dir: string;
  let cleanup: () => void;
  let client: LspClient | undefined;
  const file = (rel: string) => path.join(dir, rel);

  beforeEach(() => {
    ({ dir, cleanup } = tempCopy(sample('with-problems')));
    const baseline = runCli(['--suppress-rule', 'undefined-term', '--suppress-rule', 'duplicate-id'], { cwd: dir });
    assert.equal(baseline.code, 1, baseline.stderr);
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    cleanup();
  });

  it('publishes what the CLI reports with the same file, no more, no less, and nothing on a good suppressions file', async () => {
    client = await LspClient.start({ folders: [dir], capabilities: PUSH_CAPABILITIES });
    await client.waitIndexed();
    for (const rel of [RENEWAL, TEAM]) {
      const published = await client.waitDiagnostics(file(rel), (d) => d.length > 0, rel);
      assert.ok(!published.some((d) => d.code === 'undefined-term' || d.code === 'duplicate-id'), `${rel}: suppressed problems are not published`);
      assert.deepEqual(shownByServer(published), shownByCli(dir, rel), `${rel}: the CLI and the server show the same problems`);
    }
    assert.equal(client.diagnosticsFor(file(FILE))?.length ?? 0, 0);
  });

  it('a suppressions file that changes on disk re-checks: unusable, it gets the CLI’s sentence at its place and suppresses nothing; fixed or deleted, it is followed', async () => {
    client = await LspClient.start({ folders: [dir], capabilities: PUSH_CAPABILITIES });
    await client.waitIndexed();
    const team = file(TEAM);
    await client.waitDiagnostics(team, (d) => d.length > 0 && !d.some((x) => x.code === 'duplicate-id'), 'duplicate-id suppressed');
    const good = readFileSync(file(FILE), 'utf8');

    const newer = good.replace('"version": 1', '"version": 2');
    write(file(FILE), newer);
    await notify(client, file(FILE), 2);
    const [problem] = await client.waitDiagnostics(file(FILE), (d) => d.length === 1, 'a diagnostic on the suppressions file');
    assert.equal(problem.severity, 1);
    assert.match(messageOf(problem), /^This suppressions file has version 2, but this playbook-lint reads version 1; update playbook-lint, or delete the file/);
    assert.deepEqual(problem.range.start, { line: 1, character: 2 }, 'at "version"');
    await client.waitDiagnostics(team, (d) => d.some((x) => x.code === 'duplicate-id'), 'nothing is lost: the problems it suppressed are shown');
    const cli = runCli([], { cwd: dir });
    assert.equal(cli.code, 2);
    assert.equal(cli.stderr.trim(), `playbook-lint: ${FILE}:2:3: ${messageOf(problem)}`, 'the CLI says the same, at the same place');
    assert.equal(readFileSync(file(FILE), 'utf8'), newer, 'the file is left as it was');

    write(file(FILE), '{ "version": 1, "suppressions": {\n');
    await notify(client, file(FILE), 2);
    await client.waitDiagnostics(file(FILE), (d) => d.length === 1 && /is not valid JSON/.test(messageOf(d[0])), 'invalid JSON');

    write(file(FILE), good);
    await notify(client, file(FILE), 2);
    await client.waitDiagnostics(file(FILE), (d) => d.length === 0, 'the repaired file has no diagnostic');
    await client.waitDiagnostics(team, (d) => d.length > 0 && !d.some((x) => x.code === 'duplicate-id'), 'suppressed again');

    rmSync(file(FILE));
    await notify(client, file(FILE), 3);
    await client.waitDiagnostics(team, (d) => d.some((x) => x.code === 'duplicate-id'), 'no baseline: shown');
  });

  it('without a client watcher, the server’s own poller notices a suppressions file created on disk', async () => {
    const good = readFileSync(file(FILE), 'utf8');
    rmSync(file(FILE));
    client = await LspClient.start({ folders: [dir], capabilities: MINIMAL_CAPABILITIES, initializationOptions: { pollIntervalMs: 100 } });
    const renewal = file(RENEWAL);
    await client.waitDiagnostics(renewal, (d) => d.some((x) => x.code === 'undefined-term'), 'undefined-term before the baseline');
    write(file(FILE), good);
    await client.waitDiagnostics(renewal, (d) => d.length > 0 && !d.some((x) => x.code === 'undefined-term'), 'suppressed once the file appears');
    assert.deepEqual(shownByServer(client.diagnosticsFor(renewal)!), shownByCli(dir, RENEWAL));
  });

  it('a suppressions file created in the same batch of file events as a config change (config named first) is applied', async () => {
    // The config's event reads the suppressions file again with it: the files must be checked again then,
    // or the suppressions file's own event finds nothing new and they keep what it now suppresses.
    const good = readFileSync(file(FILE), 'utf8');
    rmSync(file(FILE));
    client = await LspClient.start({ folders: [dir], capabilities: PUSH_CAPABILITIES });
    await client.waitIndexed();
    const renewal = file(RENEWAL);
    await client.waitDiagnostics(renewal, (d) => d.some((x) => x.code === 'undefined-term'), 'undefined-term before the baseline');
    write(file(FILE), good);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uriOf(file('.playbook-lint.yaml')), type: 2 },
        { uri: uriOf(file(FILE)), type: 1 },
      ],
    });
    await client.waitDiagnostics(renewal, (d) => d.length > 0 && !d.some((x) => x.code === 'undefined-term'), 'suppressed once the file appears');
    assert.deepEqual(shownByServer(client.diagnosticsFor(renewal)!), shownByCli(dir, RENEWAL));
  });

  it('a client that pulls (VS Code) gets the same: workspace/diagnostic leaves out what is suppressed and reports the broken file', async () => {
    write(file(FILE), readFileSync(file(FILE), 'utf8').replace('"version": 1', '"version": 2'));
    client = await LspClient.start({ folders: [dir], capabilities: FULL_CAPABILITIES });
    await client.waitIndexed();
    const report = await client.request('workspace/diagnostic', { previousResultIds: [] });
    const items = (uri: string) => report.items.find((i: { uri: string }) => i.uri === uri)?.items ?? [];
    assert.match(messageOf(items(uriOf(file(FILE)))[0]), /^This suppressions file has version 2/);
    assert.ok(
      items(uriOf(file(TEAM))).some((d: Diagnostic) => d.code === 'duplicate-id'),
      'unusable: nothing suppressed',
    );
    write(file(FILE), readFileSync(file(FILE), 'utf8').replace('"version": 2', '"version": 1'));
    // Messages are handled in order: the file event is applied before the next pull.
    await notify(client, file(FILE), 2);
    const again = await client.request('workspace/diagnostic', { previousResultIds: [] });
    const repaired = (uri: string) => again.items.find((i: { uri: string }) => i.uri === uri)?.items ?? [];
    assert.deepEqual(repaired(uriOf(file(FILE))), []);
    assert.ok(!repaired(uriOf(file(TEAM))).some((d: Diagnostic) => d.code === 'duplicate-id'), 'repaired: suppressed again');
  });
});
